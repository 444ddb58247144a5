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
        hint=_hint(w),
    )


def _hint(w: np.ndarray) -> str:
    """Name a weight whose sign is wrong when there is one; else the sizes and the bias.

    y rises with x1 and x2 and falls with x3 (flip one input, the others fixed), so every
    correct unit has w1 > 0, w2 > 0 and w3 < 0.
    """
    wrong = [
        f"w{i + 1} should be {sign} ({why})"
        for i, (sign, why) in enumerate(
            (
                ("positive", "y can only rise when x1 turns true"),
                ("positive", "y can only rise when x2 turns true"),
                ("negative", "x3 enters as NOT x3: y can only fall when x3 turns true"),
            )
        )
        if (w[i] <= 0 if sign == "positive" else w[i] >= 0)
    ]
    if wrong:
        return "; ".join(wrong) + (" -- give x3 a negative weight" if w[2] >= 0 else "")
    return (
        "the signs are right; now the sizes: x2 must dominate (the largest weight), and x1 "
        "or NOT x3 must each be enough once x2 holds -- set b so that exactly the target rows "
        "reach w . x + b >= 0"
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
