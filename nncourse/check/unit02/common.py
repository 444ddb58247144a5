"""Pieces shared by unit 02's checkers: one-call array cases, activation pairs, loss pairs."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, all_of, expect_array, expect_scalar, expect_tuple, show

LARGE_Z = np.array([-1000.0, -50.0, -1.0, 0.0, 1.0, 50.0, 1000.0])
"""Inputs that overflow a naive exp(); every stable formula handles them."""


def fn_case(
    name: str,
    fn_name: str,
    index: int,
    args: tuple,
    expected: np.ndarray,
    hint: str = "",
    points: float = 1.0,
) -> Case:
    """A case that calls target ``index`` on ``args`` and compares an array result."""
    return Case(
        name=name,
        call=f"{fn_name}({', '.join(show(a) for a in args)})",
        judge=judge(expect_array, expected=expected, name=f"{fn_name}(...)", hint=hint),
        args=(index, *args),
        probe="call_target",
        points=points,
    )


def elementwise(
    ex_id: str,
    title: str,
    names: tuple[str, str],
    key_names: tuple[str, str],
    special: Callable[[np.random.Generator, Callable], list[Case]],
) -> Exercise:
    """An activation and its derivative: random values, 2-D shape, large |z|, plus specials.

    ``key_names`` name the reference pair in ``nncourse.key.activations``;
    ``special(rng, ref_grad)``
    adds the exercise's own cases.
    """
    f_name, g_name = names

    def make(rng: np.random.Generator) -> list[Case]:
        from nncourse.key import activations

        f_ref, g_ref = (getattr(activations, n) for n in key_names)
        # Random magnitudes with both signs guaranteed (about half of each, in random places),
        # so a derivative that is wrong on one side of 0 can never pass by luck.
        z = rng.normal(0.0, 2.5, size=7)
        z2 = rng.normal(0.0, 2.5, size=(3, 4))
        for arr in (z, z2.reshape(-1)):
            signs = rng.permutation(np.resize([1.0, -1.0], arr.size))
            arr[:] = signs * np.maximum(np.abs(arr), 0.05)
        return [
            fn_case(f"{f_name} values", f_name, 0, (z,), f_ref(z)),
            fn_case(f"{f_name} keeps a 2-D shape", f_name, 0, (z2,), f_ref(z2)),
            fn_case(f"{f_name} at large |z|", f_name, 0, (LARGE_Z,), f_ref(LARGE_Z)),
            fn_case(f"{g_name} values", g_name, 1, (z,), g_ref(z)),
            fn_case(f"{g_name} keeps a 2-D shape", g_name, 1, (z2,), g_ref(z2)),
            fn_case(f"{g_name} at large |z|", g_name, 1, (LARGE_Z,), g_ref(LARGE_Z)),
            *special(rng, g_ref),
        ]

    return register(Exercise(ex_id, title, names, make))


def loss_pair(
    got: object, *, loss: float, grad: np.ndarray, fn_name: str, hints: tuple[str, str]
) -> Verdict:
    """Judge ``(loss, gradient)``: a tuple of 2, a real loss, then the gradient array."""
    bad = expect_tuple(got, 2, name=f"{fn_name}(...)")
    if bad is not None:
        return bad
    return all_of(
        expect_scalar(got[0], loss, name="the loss", hint=hints[0]),
        expect_array(got[1], grad, name="the gradient", hint=hints[1]),
    )
