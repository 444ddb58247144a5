"""01.threshold_xor: XOR with hard-threshold (step) units on 0/1 inputs."""

from __future__ import annotations

from typing import Any

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, fail, ok
from nncourse.check.unit01.common import (
    CONVENTION,
    boolean_inputs,
    layers,
    network_case,
    shape_case,
    threshold_forward,
    xor_case_name,
)


def hidden_or_and(got: Any, *, X: np.ndarray, OR: np.ndarray, AND: np.ndarray) -> Verdict:
    """Judge the hidden layer alone: one unit must be ``OR``, the other ``AND`` on the rows."""
    params, refusal = layers(got, [2, 2, 1], "threshold_xor()")
    if refusal is not None:
        return refusal
    H = threshold_forward(X, params, "step")[0]
    for a, b in ((OR, AND), (AND, OR)):
        if np.array_equal(H[:, 0], a) and np.array_equal(H[:, 1], b):
            return ok()
    return fail(
        "the hidden units do not compute OR and AND",
        expected="one hidden unit = x1 OR x2, the other = x1 AND x2",
        got="; ".join(f"x = ({x[0]:g}, {x[1]:g}): h = ({h[0]:g}, {h[1]:g})" for x, h in zip(X, H)),
        hint=f"OR fires when x1 + x2 >= 1, AND when x1 + x2 >= 2; {CONVENTION}",
    )


def _cases(rng: np.random.Generator) -> list[Case]:
    X = boolean_inputs(2)[rng.permutation(4)]
    want = np.logical_xor(X[:, 0], X[:, 1]).astype(float)
    OR, AND = np.maximum(X[:, 0], X[:, 1]), np.minimum(X[:, 0], X[:, 1])
    return [
        shape_case("threshold_xor", [2, 2, 1], xor_case_name(4)),
        network_case("threshold_xor", X, want, "step", "h1 = OR, h2 = AND, y = h1 AND NOT h2"),
        Case(
            "the hidden units are OR and AND",
            "threshold_xor(), then the hidden layer alone",
            judge(hidden_or_and, X=X, OR=OR, AND=AND),
            needs=(xor_case_name(4),),
        ),
    ]


threshold_xor = register(
    Exercise(
        "01.threshold_xor",
        "XOR with hard-threshold (step) units on 0/1 inputs",
        ("threshold_xor",),
        _cases,
    )
)
