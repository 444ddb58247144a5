"""Checkers for unit 03: error signals, the chain rule, a graph engine, MLP backprop, softmax/max.

Usage in a notebook::

    from nncourse.check import unit03
    unit03.chain_rule(r_and_grad, f_and_grad)
    unit03.graph_engine(Node)
    unit03.mlp_backprop(mlp_loss_and_grads)
"""

from __future__ import annotations

import math

import numpy as np

from nncourse.check.exercise import Case, Exercise, register
from nncourse.check.judge import Verdict, as_array, expect_array, expect_tuple, fail, ok
from nncourse.check.unit03_graph import _number, checker_graphs, graph_judge
from nncourse.check.unit03_mlp import mlp_judge
from nncourse.inside.guard import describe_value
from nncourse.key import backprop as bp
from nncourse.key import chain_rule as cr
from nncourse.key.activations import softmax

EXACT_RTOL = 1e-12
"""Backward code computes derivatives exactly, up to rounding: finite differences fail this."""

EXACT_ATOL = 1e-12


def _scalar_problem(got, expected: float, name: str) -> str | None:
    """None if ``got`` is a real number equal to ``expected`` up to rounding, else why not."""
    value = _number(got)
    if value is None:
        return f"{name} is not a single real number (got {describe_value(got)})"
    if not math.isfinite(value):
        return f"{name} is {value}"
    if abs(value - expected) <= EXACT_ATOL + EXACT_RTOL * abs(expected):
        return None
    return f"{name} is {value:.12g}, expected {expected:.12g}"


def _pair_judge(fn_name: str, expected: tuple[float, float], variants: list):
    """Judge ``(value, derivative)`` exactly; name a known mistake the derivative matches.

    ``variants`` is a list of (label, wrong derivative, hint).
    """

    def judge(got) -> Verdict:
        bad = expect_tuple(got, 2, name=f"{fn_name}(t)")
        if bad is not None:
            return bad
        problem = _scalar_problem(got[0], expected[0], "the value")
        if problem is not None:
            return fail(f"the forward value is wrong: {problem}", hint="recheck the forward pass")
        problem = _scalar_problem(got[1], expected[1], "the derivative")
        if problem is None:
            return ok()
        value = _number(got[1])
        hint = ""
        for label, candidate, candidate_hint in variants:
            if abs(value - candidate) <= 1e-9 * max(1.0, abs(candidate)):
                problem += f": it {label}"
                hint = candidate_hint
                break
        else:
            if abs(value - expected[1]) <= 1e-5 * max(1.0, abs(expected[1])):
                problem += ": close, but not exact (a finite-difference estimate?)"
                hint = "compute the derivative with backward code (error signals), not numerically"
        return fail(
            f"the derivative is wrong ({problem})", f"{expected[1]:.12g}", f"{value:.12g}", hint
        )

    return judge


def _chain_cases(rng: np.random.Generator) -> list[Case]:
    fan_hint = "t feeds two intermediate values; t_bar is the SUM of what comes back along both"
    cases = []
    for t in (2.0, -1.5, float(np.round(rng.uniform(0.2, 3.0), 4))):
        u, v = t * t, 3 * t + 1
        variants = [
            ("counts only the path through u = t^2", 2 * t * v, fan_hint),
            ("counts only the path through v = 3t + 1", 3 * u, fan_hint),
        ]
        name = (
            "worked example: dr/dt = 40 at t = 2" if t == 2.0 else f"dr/dt = 9t^2 + 2t at t = {t:g}"
        )
        cases.append(
            Case(
                name,
                f"r_and_grad({t:g})",
                _pair_judge("r_and_grad", cr.r_and_grad(t), variants),
                args=(0, t),
                probe="call_target",
                points=2.0 if t == 2.0 else 1.0,
            )
        )
    for t in (0.5, 1.0, float(np.round(rng.uniform(-2.0, 2.0), 4))):
        x, y = math.cos(t), t * t
        e = math.exp(x * y)
        variants = [
            ("counts only the path through x = cos t", y * e * -math.sin(t), fan_hint),
            ("counts only the path through y = t^2", (1 + x * e) * 2 * t, fan_hint),
            (
                "misses y's direct term in f = y + exp(xy)",
                y * e * -math.sin(t) + x * e * 2 * t,
                "y is used twice (directly and inside exp(xy)): y_bar = 1 + x exp(xy)",
            ),
            (
                "has the wrong sign on the cos t path",
                y * e * math.sin(t) + (1 + x * e) * 2 * t,
                "d(cos t)/dt = -sin t",
            ),
        ]
        cases.append(
            Case(
                f"df/dt against the closed form at t = {t:g}",
                f"f_and_grad({t:g})",
                _pair_judge("f_and_grad", cr.f_and_grad(t), variants),
                args=(1, t),
                probe="call_target",
            )
        )
    return cases


chain_rule = register(
    Exercise(
        "03.chain_rule",
        "The multivariate chain rule by backward code",
        ("r_and_grad", "f_and_grad"),
        _chain_cases,
    )
)


def _logistic_judge(args: tuple):
    w, b, x, t, lam = args
    expected = cr.logistic_error_signals(*args)
    z_bar = expected["z_bar"]
    known = {
        "loss": [(0.5 * (expected["y_bar"]) ** 2, "leaves out the regulariser lam/2 w^2")],
        "y_bar": [(-expected["y_bar"], "has the wrong sign: y_bar = y - t")],
        "z_bar": [(expected["y_bar"], "misses sigma'(z): z_bar = y_bar * sigma'(z)")],
        "w_bar": [
            (
                z_bar * x,
                "misses the regulariser's part: w_bar = z_bar x + R_bar w with R_bar = lam",
            ),
            (z_bar * x + 2 * lam * w, "uses 2 lam w, but R = 1/2 w^2 so dR/dw = w"),
            (z_bar + lam * w, "forgets the factor x from z = w x + b"),
        ],
        "b_bar": [(z_bar + lam * b, "regularises b, but R = 1/2 w^2 involves w only")],
    }

    def judge(got) -> Verdict:
        if not isinstance(got, dict):
            return fail(
                "the result should be a dict",
                expected=f"keys {cr.SIGNAL_NAMES}",
                got=describe_value(got),
                hint="return {'loss': ..., 'y_bar': ..., ...}",
            )
        for key in cr.SIGNAL_NAMES:
            if key not in got:
                return fail(
                    f"the dict has no key {key!r}",
                    expected=f"keys {cr.SIGNAL_NAMES}",
                    got=f"keys {tuple(got)}",
                )
            problem = _scalar_problem(got[key], expected[key], key)
            if problem is None:
                continue
            hint = ""
            value = _number(got[key])
            for candidate, label in known[key]:
                if value is not None and abs(value - candidate) <= 1e-9 * max(1.0, abs(candidate)):
                    problem, hint = f"{key} {label}", label
                    break
            return fail(
                f"{key} is wrong: {problem}",
                f"{expected[key]:.12g}",
                describe_value(got[key]),
                hint
                or "go back one step: each signal is the one after it times a local derivative",
            )
        return ok()

    return judge


def _logistic_cases(rng: np.random.Generator) -> list[Case]:
    points = [
        ("at w = 1, b = 0, x = 1, t = 0 without L2", (1.0, 0.0, 1.0, 0.0, 0.0)),
        ("with L2, lam = 0.1", (0.8, -0.3, 1.5, 1.0, 0.1)),
        ("a saturated unit (z = 7.5)", (2.5, 0.0, 3.0, 0.0, 0.01)),
        ("negative input and weight", (-1.2, 0.4, -2.0, 1.0, 0.5)),
        (
            "random point",
            tuple(
                float(v)
                for v in np.round(
                    [
                        rng.normal(),
                        rng.normal(),
                        rng.normal(0, 2),
                        rng.integers(0, 2),
                        rng.uniform(0.05, 1),
                    ],
                    4,
                )
            ),
        ),
    ]
    return [
        Case(
            name,
            "logistic_error_signals(w={}, b={}, x={}, t={}, lam={})".format(*args),
            _logistic_judge(args),
            args=args,
        )
        for name, args in points
    ]


logistic_signals = register(
    Exercise(
        "03.logistic_signals",
        "Error signals of logistic least squares",
        ("logistic_error_signals",),
        _logistic_cases,
    )
)


def _graph_cases(rng: np.random.Generator) -> list[Case]:
    return [
        Case(
            name,
            f"build with Node and call backward() on the output ({len(ops)} nodes)",
            graph_judge(ops),
            args=(ops,),
            probe="graph_probe",
            points=2.0 if "random" in name else 1.0,
        )
        for name, ops in checker_graphs(rng)
    ]


graph_engine = register(
    Exercise("03.graph_engine", "A computation-graph engine", ("Node",), _graph_cases, timeout=5.0)
)


def _mlp_cases(rng: np.random.Generator) -> list[Case]:
    configs = [
        ("one layer, linear output, squared loss", 5, [3, 2], "relu", "linear", "squared"),
        ("two layers, sigmoid, squared loss", 6, [4, 5, 3], "sigmoid", "linear", "squared"),
        (
            "square weights (a transposed dW has the right shape)",
            7,
            [4, 4, 4],
            "tanh",
            "linear",
            "squared",
        ),
        ("tanh, softmax + cross-entropy", 8, [5, 4, 6, 3], "tanh", "softmax", "cross_entropy"),
        (
            "ReLU, softmax + squared loss (full softmax backward)",
            5,
            [4, 6, 3],
            "relu",
            "softmax",
            "squared",
        ),
        ("four ReLU layers", 4, [3, 5, 6, 5, 2], "relu", "linear", "squared"),
        ("a batch of one example", 1, [4, 3, 2], "sigmoid", "softmax", "cross_entropy"),
    ]
    cases = []
    for name, n, sizes, act, out, loss in configs:
        params = [
            (rng.normal(0, 1 / np.sqrt(i), size=(o, i)), rng.normal(0, 0.5, size=o))
            for i, o in zip(sizes, sizes[1:])
        ]
        X = rng.normal(size=(n, sizes[0]))
        y = (
            rng.integers(0, sizes[-1], size=n)
            if loss == "cross_entropy"
            else (
                rng.dirichlet(np.ones(sizes[-1]), size=n)
                if out == "softmax"
                else rng.normal(size=(n, sizes[-1]))
            )
        )
        call = (
            f"mlp_loss_and_grads(X of shape {X.shape}, y, params for sizes {sizes}, "
            f"activation={act!r}, output={out!r}, loss={loss!r})"
        )
        cases.append(
            Case(
                name,
                call,
                mlp_judge(X, y, params, act, out, loss),
                args=(X, y, params, act, out, loss),
            )
        )
    return cases


mlp_backprop = register(
    Exercise("03.mlp_backprop", "Vectorised MLP backprop", ("mlp_loss_and_grads",), _mlp_cases)
)


def _softmax_judge(y: np.ndarray, dy: np.ndarray):
    expected = bp.softmax_backward(y, dy)
    diagonal_only = y * dy

    def judge(got) -> Verdict:
        arr, refusal = as_array(got, "softmax_backward(y, dy)")
        if (
            refusal is None
            and arr.shape == expected.shape
            and np.allclose(arr, diagonal_only)
            and not np.allclose(expected, diagonal_only)
        ):
            return fail(
                "softmax_backward(y, dy) misses the -y y^T term: it returned y * dy",
                describe_value(expected),
                describe_value(got),
                "J = diag(y) - y y^T, so dz = y * (dy - sum(dy * y, axis=-1, keepdims=True))",
            )
        return expect_array(
            got,
            expected,
            name="softmax_backward(y, dy)",
            hint="dz = y * (dy - <dy, y>), the inner product taken per row",
        )

    return judge


def _max_judge(z: np.ndarray, dy: np.ndarray):
    expected = bp.max_backward(z, dy)
    flat_z = z.reshape(-1, z.shape[-1])
    flat_dy = np.asarray(dy, dtype=np.float64).reshape(-1)
    is_max = flat_z == flat_z.max(axis=1, keepdims=True)

    def judge(got) -> Verdict:
        arr, refusal = as_array(got, "max_backward(z, dy)")
        if refusal is not None or arr.shape != z.shape or not np.all(np.isfinite(arr)):
            return expect_array(got, expected, name="max_backward(z, dy)")
        flat = arr.reshape(flat_z.shape)
        everywhere = np.broadcast_to(flat_dy[:, None], flat.shape)
        if np.allclose(flat, everywhere) and flat.shape[1] > 1:
            return fail(
                "max_backward sent the gradient to every input",
                describe_value(expected),
                describe_value(got),
                "only the arg-max influences max(z): dz is dy there and 0 elsewhere",
            )
        if np.any(np.abs(flat[~is_max]) > 1e-12):
            return fail(
                "max_backward gave gradient to entries that are not the maximum",
                describe_value(expected),
                describe_value(got),
                "use np.argmax per row; every other entry gets 0",
            )
        weights = np.divide(
            flat, flat_dy[:, None], out=np.zeros_like(flat), where=flat_dy[:, None] != 0
        )
        row_ok = np.isclose(flat.sum(axis=1), flat_dy) & np.all(weights > -1e-12, axis=1)
        if not np.all(row_ok):
            return fail(
                "at a tie the gradient must be split among the largest entries with "
                "non-negative weights that add up to 1",
                describe_value(expected),
                describe_value(got),
                "give all of dy to one arg-max (np.argmax picks the first)",
            )
        return ok()

    return judge


def _vector_cases(rng: np.random.Generator) -> list[Case]:
    z1, g1 = rng.normal(size=5), rng.normal(size=5)
    Z, G = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    zm, dym = rng.normal(size=(3, 5)), rng.normal(size=3)
    neg = -np.abs(rng.normal(size=(2, 4))) - 0.5
    ties = np.array([[1.0, 3.0, 3.0, -2.0], [0.5, 0.5, 0.5, 0.5]])
    cases = []
    for name, y, dy in [
        ("softmax backward on a vector", softmax(z1), g1),
        ("softmax backward, one row per example", softmax(Z), G),
        ("a constant upstream gradient gives dz = 0", softmax(Z), np.ones((4, 3))),
    ]:
        cases.append(
            Case(
                name,
                f"softmax_backward(y, dy) with y of shape {y.shape}",
                _softmax_judge(y, dy),
                args=(0, y, dy),
                probe="call_target",
                points=2.0 if "constant" in name else 1.0,
            )
        )
    for name, z, dy in [
        ("max backward on a vector", rng.normal(size=6), 1.5),
        ("max backward, one row per example", zm, dym),
        ("all entries negative", neg, np.array([2.0, -1.0])),
        ("ties: any valid subgradient", ties, np.array([1.0, -3.0])),
    ]:
        cases.append(
            Case(
                name,
                f"max_backward(z, dy) with z of shape {np.shape(z)}",
                _max_judge(np.asarray(z), np.asarray(dy)),
                args=(1, z, dy),
                probe="call_target",
            )
        )
    return cases


vector_backward = register(
    Exercise(
        "03.vector_backward",
        "Backward through softmax and max",
        ("softmax_backward", "max_backward"),
        _vector_cases,
    )
)
