"""05.average_permutations: the mean over all K! orderings of one hidden layer, without a loop
over K! (every unit becomes the same)."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, all_of, ok
from nncourse.check.unit05.common import (
    as_param_list,
    compare_params,
    is_low_precision,
    random_net,
    unchanged_params,
)


def judge_average(got, *, params: list, expected: list, mistakes: dict) -> Verdict:
    result, after = got if isinstance(got, tuple) and len(got) == 2 else (got, None)
    got_list, refusal = as_param_list(result, len(expected), "average_permutations")
    if refusal is not None:
        return refusal
    tol = 1e-6 if is_low_precision(result) else 1e-12
    wrong = compare_params(got_list, expected, mistakes, tol)
    if wrong is not None:
        return wrong
    return all_of(ok(), unchanged_params(after, params))


def _case(rng, name: str, sizes: list[int], layer: int) -> Case:
    from nncourse.key.symmetry import average_permutations as ref

    params = random_net(rng, sizes)
    expected = ref(params, layer)
    W, b = params[layer]
    W_next, b_next = params[layer + 1]
    L, N, M, B = (f"W{layer + 1}", f"b{layer + 1}", f"W{layer + 2}", f"b{layer + 2}")
    mistakes = {
        L: [
            (
                "each row averaged (mean over axis 1) instead of each column",
                np.repeat(W.mean(axis=1, keepdims=True), W.shape[1], axis=1),
                f"every unit gets the mean ROW of {L}: W.mean(axis=0), repeated for each unit",
            ),
            (
                "summed instead of averaged",
                np.tile(W.sum(axis=0), (W.shape[0], 1)),
                "the average over K! permutations is a mean, not a sum",
            ),
            ("not averaged", W, f"{L}'s rows must all become the mean row"),
        ],
        N: [
            ("not averaged", b, f"every entry of {N} becomes the mean of {N}"),
            ("summed instead of averaged", np.full(b.shape, b.sum()), "use b.mean()"),
        ],
        M: [
            (
                "each column averaged over rows (mean over axis 0) instead of the mean column",
                np.tile(W_next.mean(axis=0), (W_next.shape[0], 1)),
                f"every unit's outgoing weights are a COLUMN of {M}: W_next.mean(axis=1, "
                "keepdims=True), repeated for each unit",
            ),
            ("not averaged", W_next, f"{M}'s columns belong to the units: average them too"),
            (
                "summed instead of averaged",
                np.tile(W_next.sum(axis=1, keepdims=True), (1, W_next.shape[1])),
                "the average over K! permutations is a mean, not a sum",
            ),
        ],
        B: [
            (
                "averaged although it belongs to no unit of this layer",
                np.full(b_next.shape, b_next.mean()),
                f"{B} is the next layer's bias: permutations of this layer leave it alone",
            )
        ],
    }
    call = f"average_permutations(params for sizes {sizes}, layer={layer})"
    return Case(
        name,
        call,
        judge(judge_average, params=params, expected=expected, mistakes=mistakes),
        args=([tuple(p) for p in params], layer),
        probe="params_call",
    )


def _cases(rng: np.random.Generator) -> list[Case]:
    return [
        _case(rng, "one hidden layer", [3, int(rng.integers(3, 7)), 2], 0),
        _case(
            rng,
            "the second hidden layer of a deeper net",
            [2, int(rng.integers(3, 6)), int(rng.integers(3, 6)), 3],
            1,
        ),
        _case(
            rng,
            "a layer of 14 units (14! = 87 billion orderings: no loop over them)",
            [4, 14, 3],
            0,
        ),
    ]


average_permutations = register(
    Exercise(
        "05.average_permutations",
        "Average over all permutations",
        ("average_permutations",),
        _cases,
    )
)
