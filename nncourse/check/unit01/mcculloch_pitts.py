"""01.mcculloch_pitts: one sign unit for y = x2 AND (x1 OR NOT x3) on -1/+1 inputs."""

from __future__ import annotations

from typing import Any

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, ok
from nncourse.check.unit01.common import boolean_inputs, truth_table_verdict, weights_and_bias

MAIN = "y = x2 AND (x1 OR NOT x3) on all 8 rows"
"""The truth-table case: the form check counts only with it (zeros have the right form)."""


def one_unit(got: Any) -> Verdict:
    """Judge the form alone: three weights and a bias."""
    return weights_and_bias(got, 3, "mcculloch_pitts()")[1] or ok()


def on_every_row(got: Any, *, X: np.ndarray, target: np.ndarray) -> Verdict:
    """Judge ``(w, b)``: sgn(w . x + b) must equal ``target`` on every row of ``X``."""
    parsed, refusal = weights_and_bias(got, 3, "mcculloch_pitts()")
    if refusal is not None:
        return refusal
    w, b = parsed
    z = X @ w + b
    return truth_table_verdict(
        X,
        np.where(z >= 0, 1.0, -1.0),
        target,
        "sgn(w . x + b)",
        zs=[z],
        hint="x2 must dominate (a large weight), x1 and NOT x3 must each be enough "
        "once x2 holds: give x3 a negative weight",
    )


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key.threshold import mcculloch_pitts_target

    shuffled = boolean_inputs(3, (-1.0, 1.0))[rng.permutation(8)]
    return [
        Case(
            "one unit: three weights and a bias",
            "mcculloch_pitts()",
            judge(one_unit),
            points=0.5,
            needs=(MAIN,),
        ),
        Case(
            MAIN,
            "mcculloch_pitts(), then sgn(w . x + b) on every -1/+1 input",
            judge(on_every_row, X=shuffled, target=mcculloch_pitts_target(shuffled)),
            points=3.0,
        ),
    ]


mcculloch_pitts = register(
    Exercise(
        "01.mcculloch_pitts",
        "McCulloch-Pitts threshold logic: y = x2 AND (x1 OR NOT x3)",
        ("mcculloch_pitts",),
        _cases,
    )
)
