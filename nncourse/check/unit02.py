"""Checkers for unit 02: activations and their derivatives, softmax, sparsemax, MLP forward, losses.

Usage in a notebook::

    from nncourse.check import unit02
    unit02.sigmoid(sigmoid, sigmoid_grad)     # a Report that renders as a table
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nncourse import activations as act
from nncourse.check._exercise import Case, Exercise, register
from nncourse.check._guard import describe_value
from nncourse.check._judge import (
    Verdict,
    as_array,
    expect_array,
    expect_unchanged,
    fail,
)

LARGE_Z = np.array([-1000.0, -50.0, -1.0, 0.0, 1.0, 50.0, 1000.0])
"""Inputs that overflow a naive exp(); every stable formula handles them."""


def _show(x) -> str:
    return describe_value(np.asarray(x), limit=90).split(": ", 1)[-1]


def _fn_case(
    name: str,
    fn_name: str,
    index: int,
    args: tuple,
    expected: np.ndarray,
    hint: str = "",
    points: float = 1.0,
) -> Case:
    """A case that calls target ``index`` on ``args`` and compares an array result."""
    call = f"{fn_name}({', '.join(_show(a) for a in args)})"
    return Case(
        name=name,
        call=call,
        judge=lambda got: expect_array(got, expected, name=f"{fn_name}(...)", hint=hint),
        args=(index, *args),
        probe="call_target",
        points=points,
    )


def _elementwise(
    ex_id: str,
    title: str,
    names: tuple[str, str],
    ref: tuple[Callable, Callable],
    special: Callable[[np.random.Generator], list[Case]],
) -> Exercise:
    """An activation and its derivative: random values, 2-D shape, large |z|, plus specials."""
    f_name, g_name = names
    f_ref, g_ref = ref

    def make(rng: np.random.Generator) -> list[Case]:
        # Random magnitudes with both signs guaranteed (about half of each, in random places),
        # so a derivative that is wrong on one side of 0 can never pass by luck.
        z = rng.normal(0.0, 2.5, size=7)
        z2 = rng.normal(0.0, 2.5, size=(3, 4))
        for arr in (z, z2.reshape(-1)):
            signs = rng.permutation(np.resize([1.0, -1.0], arr.size))
            arr[:] = signs * np.maximum(np.abs(arr), 0.05)
        return [
            _fn_case(f"{f_name} values", f_name, 0, (z,), f_ref(z)),
            _fn_case(f"{f_name} keeps a 2-D shape", f_name, 0, (z2,), f_ref(z2)),
            _fn_case(f"{f_name} at large |z|", f_name, 0, (LARGE_Z,), f_ref(LARGE_Z)),
            _fn_case(f"{g_name} values", g_name, 1, (z,), g_ref(z)),
            _fn_case(f"{g_name} keeps a 2-D shape", g_name, 1, (z2,), g_ref(z2)),
            _fn_case(f"{g_name} at large |z|", g_name, 1, (LARGE_Z,), g_ref(LARGE_Z)),
            *special(rng),
        ]

    return register(Exercise(ex_id, title, names, make))


linear = _elementwise(
    "02.linear",
    "Linear activation and its derivative",
    ("linear", "linear_grad"),
    (act.linear, act.linear_grad),
    lambda rng: [
        _fn_case(
            "linear' is an array of ones, not the number 1",
            "linear_grad",
            1,
            (np.array([-2.0, 0.5, 3.0]),),
            np.ones(3),
            hint="return np.ones_like(z) so the derivative has the shape of z",
        )
    ],
)

sigmoid = _elementwise(
    "02.sigmoid",
    "Sigmoid and its derivative",
    ("sigmoid", "sigmoid_grad"),
    (act.sigmoid, act.sigmoid_grad),
    lambda rng: [
        _fn_case(
            "sigmoid'(0) = 1/4",
            "sigmoid_grad",
            1,
            (np.array([0.0]),),
            np.array([0.25]),
            hint="sigma'(z) = sigma(z) * (1 - sigma(z)); at z = 0 that is 0.5 * 0.5",
            points=2.0,
        )
    ],
)

tanh = _elementwise(
    "02.tanh",
    "tanh and its derivative",
    ("tanh", "tanh_grad"),
    (act.tanh, act.tanh_grad),
    lambda rng: [
        _fn_case(
            "tanh'(z) = 1 - tanh(z)^2 at z = 1",
            "tanh_grad",
            1,
            (np.array([1.0, -1.0]),),
            act.tanh_grad(np.array([1.0, -1.0])),
            hint="the derivative squares tanh: 1 - tanh(z)**2, not 1 - tanh(z)",
            points=2.0,
        )
    ],
)

relu = _elementwise(
    "02.relu",
    "ReLU and its derivative",
    ("relu", "relu_grad"),
    (act.relu, act.relu_grad),
    lambda rng: [
        _fn_case(
            "relu'(z) = 0 for every z < 0",
            "relu_grad",
            1,
            (np.array([-3.0, -0.5, -1e-3, 1e-3, 2.0]),),
            np.array([0.0, 0.0, 0.0, 1.0, 1.0]),
            hint="relu'(z) is the indicator 1[z > 0]: 0 for negative z, 1 for positive z",
            points=2.0,
        )
    ],
)


def _softmax_cases(rng: np.random.Generator) -> list[Case]:
    z = rng.normal(0.0, 2.0, size=5)
    Z = rng.normal(0.0, 2.0, size=(4, 6))
    big = np.array([1000.0, 999.0, 0.0])
    scales = np.array([[0.0, 1.0, -1.0], [1000.0, 1001.0, 999.0]])
    stable_hint = "subtract the maximum of each row before exp(): softmax(z) = softmax(z - max z)"

    def unchanged(got) -> Verdict:
        result, after = got  # the probe returns (softmax(z), z after the call)
        out, refusal = as_array(result, "softmax(z)")
        if refusal is not None:
            return refusal
        if out.shape != z.shape:
            return expect_array(result, act.softmax(z), name="softmax(z)")
        return expect_unchanged(
            after,
            z,
            name="z",
            message="softmax changed its input array in place",
            hint="write `z = z - z.max(...)` (a new array), not `z -= z.max(...)`",
        )

    return [
        _fn_case("values on a vector", "softmax", 0, (z,), act.softmax(z)),
        _fn_case(
            "each row of a batch separately",
            "softmax",
            0,
            (Z,),
            act.softmax(Z),
            hint="for z of shape (N, C) take max and sum over the last axis with keepdims=True",
        ),
        _fn_case("stable at z = 1000", "softmax", 0, (big,), act.softmax(big), stable_hint, 2.0),
        _fn_case(
            "rows on very different scales",
            "softmax",
            0,
            (scales,),
            act.softmax(scales),
            hint="subtract each row's own maximum (axis=-1, keepdims=True), not one global maximum",
        ),
        Case(
            "does not modify its input",
            f"softmax(z) with z = {_show(z)}, then look at z",
            unchanged,
            args=(z,),
            probe="output_and_input",
        ),
    ]


softmax = register(Exercise("02.softmax", "Stable softmax", ("softmax",), _softmax_cases))


def _jacobian_cases(rng: np.random.Generator) -> list[Case]:
    z = rng.normal(0.0, 1.5, size=4)
    z5 = rng.normal(0.0, 1.0, size=5)
    big = np.array([1000.0, 998.0, 0.0])
    hint = "J = diag(y) - outer(y, y) with y = softmax(z): both terms are needed"
    return [
        _fn_case("values for C = 4", "softmax_jacobian", 0, (z,), act.softmax_jacobian(z), hint, 2),
        _fn_case("values for C = 5", "softmax_jacobian", 0, (z5,), act.softmax_jacobian(z5), hint),
        _fn_case(
            "stable at z = 1000",
            "softmax_jacobian",
            0,
            (big,),
            act.softmax_jacobian(big),
            "build J from a stable softmax",
        ),
    ]


softmax_jacobian = register(
    Exercise("02.softmax_jacobian", "Softmax Jacobian", ("softmax_jacobian",), _jacobian_cases)
)


def _vjp_cases(rng: np.random.Generator) -> list[Case]:
    z, g = rng.normal(size=6), rng.normal(size=6)
    Z, G = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    big, gb = np.array([1000.0, 0.0, 999.0]), np.array([1.0, -2.0, 0.5])
    hint = "dL/dz = y * (g - sum(g * y)) with y = softmax(z); the sum is the -y y^T g term"
    return [
        _fn_case("equals J^T g", "softmax_vjp", 0, (z, g), act.softmax_vjp(z, g), hint, 2.0),
        _fn_case(
            "batched, one row per example",
            "softmax_vjp",
            0,
            (Z, G),
            act.softmax_vjp(Z, G),
            "sum g * y over the last axis only (axis=-1, keepdims=True)",
        ),
        _fn_case("stable at z = 1000", "softmax_vjp", 0, (big, gb), act.softmax_vjp(big, gb)),
    ]


softmax_vjp = register(
    Exercise("02.softmax_vjp", "Softmax vector-Jacobian product", ("softmax_vjp",), _vjp_cases)
)


def _simplex(expected: np.ndarray) -> Callable[[object], Verdict]:
    """Judge sparsemax: on the simplex first (clear words), then equal to the projection."""

    def judge(got) -> Verdict:
        arr, refusal = as_array(got, "sparsemax(z)")
        if refusal is not None:
            return refusal
        if arr.shape == expected.shape and np.all(np.isfinite(arr)):
            if np.any(arr < -1e-12):
                return fail(
                    "the output has negative entries",
                    expected="every entry >= 0",
                    got=describe_value(got),
                    hint="clip with np.maximum(z - tau, 0)",
                )
            sums = arr.sum(axis=-1)
            if not np.allclose(sums, 1.0, atol=1e-8):
                return fail(
                    "the output does not sum to 1, so it is not on the simplex",
                    expected="every row sums to 1",
                    got=f"row sums {_show(sums)}",
                    hint="tau = (sum of the k(z) largest entries - 1) / k(z); check k(z)",
                )
        return expect_array(got, expected, name="sparsemax(z)")

    return judge


def _sparsemax_cases(rng: np.random.Generator) -> list[Case]:
    spread = np.array([3.0, 1.0, 0.2, -1.0, 2.5])
    close = rng.normal(0.0, 0.1, size=6)
    Z = rng.normal(0.0, 1.0, size=(4, 5))
    cases = [
        ("sparse: small entries become exactly 0", spread),
        ("dense when entries are close", close),
        ("a batch, one row each", Z),
        ("one dominant entry gives a one-hot", np.array([0.0, 10.0, 0.5])),
        ("ties are split evenly", np.array([1.0, 1.0, -5.0])),
        ("shift invariant at z = 1000", spread + 1000.0),
    ]
    return [
        Case(
            name,
            f"sparsemax({_show(z)})",
            _simplex(act.sparsemax(z)),
            args=(z,),
            points=2.0 if i == 0 else 1.0,
        )
        for i, (name, z) in enumerate(cases)
    ]


sparsemax = register(
    Exercise(
        "02.sparsemax", "Sparsemax (projection onto the simplex)", ("sparsemax",), _sparsemax_cases
    )
)


# The MLP forward pass and the losses live in their own module (kept short); same names here.
from nncourse.check.unit02_layers import cross_entropy, mlp_forward, squared_loss  # noqa: E402

__all__ = [
    "cross_entropy",
    "linear",
    "mlp_forward",
    "relu",
    "sigmoid",
    "softmax",
    "softmax_jacobian",
    "softmax_vjp",
    "sparsemax",
    "squared_loss",
    "tanh",
]
