"""05.permute_hidden: reorder one hidden layer's units (rows of W_l, entries of b_l, columns of
W_{l+1}); the network computes the same function to 1e-12."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, all_of, fail, ok
from nncourse.check.unit05.common import (
    as_param_list,
    compare_params,
    is_low_precision,
    network_output,
    random_net,
    unchanged_params,
)

OUTPUT_TOL = 1e-12
"""The permuted network's outputs must match the original's to this (relative to 1 + |y|)."""


def judge_permuted(
    got, *, params: list, expected: list, X: np.ndarray, layer: int, mistakes: dict
) -> Verdict:
    result, after = got if isinstance(got, tuple) and len(got) == 2 else (got, None)
    got_list, refusal = as_param_list(result, len(expected), "permute_hidden")
    if refusal is not None:
        return refusal
    before = network_output(params, X)
    now = (
        network_output(got_list, X)
        if all(g.shape == np.shape(e) for gp, ep in zip(got_list, expected) for g, e in zip(gp, ep))
        else None
    )
    tol = 1e-6 if is_low_precision(result) else 1e-12
    wrong = compare_params(got_list, expected, mistakes, tol)
    if wrong is not None:
        if now is not None and np.all(np.abs(now - before) <= OUTPUT_TOL * (1 + np.abs(before))):
            return fail(
                wrong.message + " (the network still computes the same function, but with "
                "another ordering than asked)",
                got=wrong.got,
                hint="new unit i is old unit perm[i]: W[perm], b[perm], "
                "W_next[:, perm] (not the inverse permutation)",
                mistake=wrong.mistake,
            )
        if now is not None:
            diff = float(np.max(np.abs(now - before)))
            return fail(
                wrong.message + f"; the outputs changed by up to {diff:.3g}",
                expected=wrong.expected,
                got=wrong.got,
                hint=wrong.hint,
                mistake=wrong.mistake,
            )
        return wrong
    return all_of(ok(), unchanged_params(after, params))


def _case(rng, name: str, sizes: list[int], layer: int) -> Case:
    from nncourse.key.symmetry import permute_hidden as ref

    params = random_net(rng, sizes)
    k = sizes[layer + 1]
    perm = rng.permutation(k)
    while np.array_equal(perm, np.arange(k)) or np.array_equal(perm, np.argsort(perm)):
        perm = rng.permutation(k)  # neither the identity nor its own inverse
    expected = ref(params, perm, layer)
    W, b = params[layer]
    W_next = params[layer + 1][0]
    inverse = np.argsort(perm)
    L, N = f"W{layer + 1}", f"b{layer + 1}"
    M = f"W{layer + 2}"
    mistakes = {
        L: [
            (
                "columns permuted instead of rows",
                W[:, perm] if W.shape[1] == k else W * np.nan,
                f"{L} has one ROW per unit of this layer: W[perm]",
            ),
            ("not permuted", W, f"permute the rows of {L} too"),
            (
                "the inverse permutation was applied",
                W[inverse],
                "new unit i is old unit perm[i]: W[perm], not W[argsort(perm)]",
            ),
        ],
        N: [
            ("not permuted", b, f"the biases belong to the units: permute {N} by the same perm"),
            ("the inverse permutation was applied", b[inverse], "use b[perm]"),
        ],
        M: [
            (
                "rows permuted instead of columns",
                W_next[perm] if W_next.shape[0] == k else W_next * np.nan,
                f"{M} has one COLUMN per unit of the layer below: W_next[:, perm]",
            ),
            ("not permuted", W_next, f"the outgoing weights ({M}'s columns) move with their unit"),
            ("the inverse permutation was applied", W_next[:, inverse], "use W_next[:, perm]"),
        ],
    }
    X = rng.normal(size=(6, sizes[0]))
    call = f"permute_hidden(params for sizes {sizes}, perm={list(map(int, perm))}, layer={layer})"
    return Case(
        name,
        call,
        judge(
            judge_permuted, params=params, expected=expected, X=X, layer=layer, mistakes=mistakes
        ),
        args=([tuple(p) for p in params], perm, layer),
        probe="params_call",
    )


def _cases(rng: np.random.Generator) -> list[Case]:
    k = int(rng.integers(4, 8))
    deep = [3, int(rng.integers(4, 7)), int(rng.integers(4, 7)), int(rng.integers(4, 7)), 2]
    return [
        _case(rng, "one hidden layer", [int(rng.integers(2, 5)), k, int(rng.integers(1, 4))], 0),
        _case(rng, "one hidden layer, square W1 and W2", [k, k, k], 0),
        _case(rng, "the middle layer of a deeper net (others unchanged)", deep, 1),
        _case(rng, "the last hidden layer of a deeper net", deep, 2),
    ]


permute_hidden = register(
    Exercise("05.permute_hidden", "Permute hidden units", ("permute_hidden",), _cases)
)
