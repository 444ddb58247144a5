"""01.xor_features: the feature map psi(x) = (x1, x2, x1 x2) and weights that classify XOR
through it."""

from __future__ import annotations

from typing import Any

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, expect_array, show
from nncourse.check.unit01.common import (
    inputs_unchanged,
    result_and_after,
    threshold,
    truth_table_verdict,
    weights_and_bias,
)

HINT = "psi(x) = (x1, x2, x1 * x2) for every row: stack the three columns side by side"


def weights_through_psi(
    got: Any, *, inputs: np.ndarray, psi: np.ndarray, targets: np.ndarray
) -> Verdict:
    """Judge ``xor_weights()``: step(w . psi(x) + b) must equal XOR on the four inputs.

    ``psi`` is the reference's feature matrix of ``inputs`` (computed in ``make_cases``).
    """
    parsed, refusal = weights_and_bias(got, 3, "xor_weights()")
    if refusal is not None:
        return refusal
    w, b = parsed
    z = psi @ w + b
    return truth_table_verdict(
        inputs,
        threshold("step", z),
        targets,
        "step(w . psi(x) + b)",
        zs=[z],
        hint="with psi = (x1, x2, x1 x2) the corner (1, 1) is the only one with psi_3 = 1: "
        "a large negative weight on psi_3 pulls it back below the threshold",
    )


def psi_leaves_input(got: Any, *, X: np.ndarray, expected: np.ndarray) -> Verdict:
    """Judge ``(xor_features(X), X after the call)``: right values first, then X unchanged."""
    result, after = result_and_after(got, 1)
    verdict = expect_array(result, expected, name="xor_features(X)", hint=HINT)
    if not verdict.passed:
        return verdict
    return inputs_unchanged(after, [X], ["X"], "xor_features(X)")


def _cases(rng: np.random.Generator) -> list[Case]:
    """psi on inputs drawn from ``rng``, then the weights through psi.

    The batch of real inputs carries xor_features; the weights take no input, so they count
    only together with it (``needs``): the weights classify XOR through psi, not alone.
    """
    from nncourse.key import feature_maps as fm

    corners = fm.XOR_INPUTS
    while True:  # the four corners in random order, some repeated: each at least once
        rows = rng.integers(0, 4, size=8)
        if len(set(rows.tolist())) == 4:
            break
    table = corners[rows]
    batch = rng.normal(0.0, 2.0, size=(6, 2))
    one = np.round(rng.uniform(-3.0, 3.0, size=(1, 2)), 2)
    main = "psi on a batch of real inputs"
    cases = [
        Case(
            name,
            f"xor_features({call})",
            judge(expect_array, expected=fm.xor_features(X), name="xor_features(X)", hint=HINT),
            args=(0, X),
            probe="call_target",
            points=points,
            needs=needs,
            part="xor_features",
        )
        for name, call, X, points, needs in (
            (main, f"X of shape {batch.shape}", batch, 1.0, ()),
            (
                "psi on the XOR inputs (8 rows: each corner, some twice)",
                f"X = {show(table)}",
                table,
                1.0,
                (),
            ),
            ("psi of a single row keeps shape (1, 3)", f"X = {show(one)}", one, 0.5, (main,)),
        )
    ]
    X = rng.normal(0.0, 2.0, size=(5, 2))
    cases.append(
        Case(
            "leaves X unchanged",
            f"xor_features(X of shape {X.shape}), then look at X",
            judge(psi_leaves_input, X=X, expected=fm.xor_features(X)),
            args=(0, X),
            probe="result_and_inputs",
            points=0.5,
            needs=(main,),
            part="xor_features",
        )
    )
    order = rng.permutation(4)
    cases.append(
        Case(
            "the weights classify XOR through psi",
            "xor_weights(), then step(w . psi(x) + b) on the four XOR inputs",
            judge(
                weights_through_psi,
                inputs=corners[order],
                psi=fm.xor_features(corners[order]),
                targets=fm.XOR_TARGETS[order],
            ),
            args=(1,),
            probe="call_target",
            points=3.5,
            needs=(main,),
            part="xor_weights",
        )
    )
    return cases


xor_features = register(
    Exercise(
        "01.xor_features",
        "XOR through the feature map psi(x) = (x1, x2, x1 x2)",
        ("xor_features", "xor_weights"),
        _cases,
    )
)
