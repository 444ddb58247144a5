"""01.linear_collapse: a stack of linear layers is one affine layer (W', b')."""

from __future__ import annotations

from typing import Any

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, all_of, expect_array, expect_tuple, mistake
from nncourse.check.unit01.common import inputs_unchanged, result_and_after

W_HINT = "W' = W_L ... W_2 W_1: the last layer is on the left (the first layer acts on x first)"
W_GENERAL = "W' is the product of the weight matrices, W' = W_L ... W_2 W_1"
B_GENERAL = "b' is what the stack returns at x = 0"
B_HINT = (
    "b' is the stack's output at x = 0: each bias is multiplied by every weight matrix after "
    "it, b' = W_L(...(W_2 b_1 + b_2)...) + b_L"
)


def collapsed(got: Any, *, W: np.ndarray, b: np.ndarray, mistakes_W=(), mistakes_b=()) -> Verdict:
    """Judge ``collapse(params)`` against the reference's ``(W', b')`` (from ``make_cases``).

    ``mistakes_W`` and ``mistakes_b`` are known wrong answers on this stack (``mistake(...)``):
    a hint names a cause only when the result matches one of them.
    """
    bad = expect_tuple(got, 2, name="collapse(params)")
    if bad is not None:
        return bad
    return all_of(
        expect_array(got[0], W, name="W'", hint=W_GENERAL, mistakes=mistakes_W),
        expect_array(got[1], b, name="b'", hint=B_GENERAL, mistakes=mistakes_b),
    )


def leaves_params(got: Any, *, params: list, W: np.ndarray, b: np.ndarray) -> Verdict:
    """Judge ``(collapse(params), params after the call)``: right values, then params unchanged."""
    result, after = result_and_after(got, 1)
    verdict = collapsed(result, W=W, b=b)
    if not verdict.passed:
        return verdict
    return inputs_unchanged(after, [params], ["params"], "collapse(params)")


def _mistakes(params: list) -> tuple[list, list]:
    """What the usual bugs return on ``params``: the product in the wrong order (when the
    shapes allow it), and b' = the last bias alone or the plain sum of the biases."""
    from nncourse.key.linear_collapse import collapse_linear

    W_right, b_right = collapse_linear(params)
    found_W, found_b = [], []
    W = params[0][0]
    try:
        for W_l, _ in params[1:]:
            W = W @ W_l
        if W.shape == W_right.shape and not np.allclose(W, W_right):
            found_W.append(mistake("the product in the wrong order (W_1 W_2 ... W_L)", W, W_HINT))
    except ValueError:
        pass
    last = params[-1][1]
    if not np.allclose(last, b_right):
        found_b.append(mistake("the last layer's bias alone", last, B_HINT))
    if all(bias.shape == b_right.shape for _, bias in params) and len(params) > 1:
        total = sum(bias for _, bias in params)
        if not np.allclose(total, b_right):
            found_b.append(mistake("the biases added up without the weights", total, B_HINT))
    return found_W, found_b


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
    main = (f"three layers {widths3}", "square layers: the order of the product matters")
    specs = [
        (main[0], stack(widths3), 2.0, ()),
        (main[1], stack([3, 3, 3, 3]), 2.0, ()),
        ("one layer is already collapsed", stack([3, 2]), 0.5, main),
        ("the first bias passes through the later layers", stack([2, 4, 3], True), 1.0, ()),
        (f"five layers {widths5}", stack(widths5), 1.0, ()),
        ("a bottleneck of width 1", stack([4, 1, 5]), 1.0, ()),
    ]
    cases = []
    for name, params, points, needs in specs:
        W_ref, b_ref = collapse_linear(params)
        mistakes_W, mistakes_b = _mistakes(params)
        cases.append(
            Case(
                name,
                "collapse(params) with layer shapes " + ", ".join(f"{W.shape}" for W, _ in params),
                judge(collapsed, W=W_ref, b=b_ref, mistakes_W=mistakes_W, mistakes_b=mistakes_b),
                args=([tuple(p) for p in params],),
                points=points,
                needs=needs,
            )
        )
    params = [tuple(p) for p in stack([3, 4, 2])]
    W_ref, b_ref = collapse_linear(params)
    cases.append(
        Case(
            "leaves params unchanged",
            "collapse(params) with layer shapes (4, 3), (2, 4), then look at params",
            judge(leaves_params, params=params, W=W_ref, b=b_ref),
            args=(0, params),
            probe="result_and_inputs",
            points=0.5,
            needs=main,
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
