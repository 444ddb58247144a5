"""01.linear_collapse: a stack of linear layers is one affine layer (W', b')."""

from __future__ import annotations

from typing import Any

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, all_of, expect_array, expect_tuple

W_HINT = "W' = W_L ... W_2 W_1: the last layer is on the left (the first layer acts on x first)"
B_HINT = (
    "b' is the stack's output at x = 0: each bias is multiplied by every weight matrix after "
    "it, b' = W_L(...(W_2 b_1 + b_2)...) + b_L"
)


def collapsed(got: Any, *, W: np.ndarray, b: np.ndarray) -> Verdict:
    """Judge ``collapse(params)`` against the reference's ``(W', b')`` (from ``make_cases``)."""
    bad = expect_tuple(got, 2, name="collapse(params)")
    if bad is not None:
        return bad
    return all_of(
        expect_array(got[0], W, name="W'", hint=W_HINT),
        expect_array(got[1], b, name="b'", hint=B_HINT),
    )


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key.linear_collapse import collapse_linear

    def stack(sizes, zero_bias_after_first=False):
        params = []
        for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
            b = np.zeros(n_out) if zero_bias_after_first and i > 0 else rng.normal(size=n_out)
            params.append((rng.normal(size=(n_out, n_in)), b))
        return params

    widths3 = [int(v) for v in rng.integers(1, 7, size=4)]
    widths5 = [int(v) for v in rng.integers(1, 7, size=6)]
    specs = [
        ("one layer is already collapsed", stack([3, 2]), 1.0),
        (f"three layers {widths3}", stack(widths3), 2.0),
        ("square layers: the order of the product matters", stack([3, 3, 3, 3]), 2.0),
        ("the first bias passes through the later layers", stack([2, 4, 3], True), 1.0),
        (f"five layers {widths5}", stack(widths5), 1.0),
        ("a bottleneck of width 1", stack([4, 1, 5]), 1.0),
    ]
    cases = []
    for name, params, points in specs:
        W_ref, b_ref = collapse_linear(params)
        cases.append(
            Case(
                name,
                "collapse(params) with layer shapes " + ", ".join(f"{W.shape}" for W, _ in params),
                judge(collapsed, W=W_ref, b=b_ref),
                args=([tuple(p) for p in params],),
                points=points,
            )
        )
    return cases


linear_collapse = register(
    Exercise(
        "01.linear_collapse",
        "A stack of linear layers is one affine layer",
        ("collapse",),
        _cases,
    )
)
