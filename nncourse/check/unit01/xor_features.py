"""01.xor_features: the feature map psi(x) = (x1, x2, x1 x2) and weights that classify XOR
through it."""

from __future__ import annotations

from typing import Any

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, expect_array, show
from nncourse.check.unit01.common import step, truth_table_verdict, weights_and_bias

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
        step(z),
        targets,
        "step(w . psi(x) + b)",
        zs=[z],
        hint="with psi = (x1, x2, x1 x2) the corner (1, 1) is the only one with psi_3 = 1: "
        "a large negative weight on psi_3 pulls it back below the threshold",
    )


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key import feature_maps as fm

    batch = rng.normal(0.0, 2.0, size=(6, 2))
    one = rng.integers(-3, 4, size=(1, 2)).astype(float)
    cases = [
        Case(
            name,
            f"xor_features({call})",
            judge(expect_array, expected=fm.xor_features(X), name="xor_features(X)", hint=HINT),
            args=(0, X),
            probe="call_target",
        )
        for name, call, X in (
            ("psi on the four XOR inputs", "X = the four XOR inputs", fm.XOR_INPUTS),
            ("psi on a batch of real inputs", f"X of shape {batch.shape}", batch),
            ("psi of a single row keeps shape (1, 3)", f"X = {show(one)}", one),
        )
    ]
    cases.append(
        Case(
            "the weights classify XOR through psi",
            "xor_weights(), then step(w . psi(x) + b) on the four XOR inputs",
            judge(
                weights_through_psi,
                inputs=fm.XOR_INPUTS.copy(),
                psi=fm.xor_features(fm.XOR_INPUTS),
                targets=fm.XOR_TARGETS.copy(),
            ),
            args=(1,),
            probe="call_target",
            points=2.0,
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
