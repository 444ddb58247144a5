"""01.universal: one hidden step unit per input pattern and a linear output compute any Boolean
function."""

from __future__ import annotations

from typing import Any

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, fail, ok, show
from nncourse.check.unit01.common import (
    CONVENTION,
    boolean_inputs,
    layers,
    pre_activations,
    threshold_forward,
    truth_table_verdict,
)


def on_every_row(got: Any, *, X: np.ndarray, t: np.ndarray, structure: bool = False) -> Verdict:
    """Judge ``universal_net(X, t)``: its output equals ``t`` on every row of ``X``; with
    ``structure``, instead that its hidden layer has one unit per pattern, each firing alone."""
    d = X.shape[1]
    params, refusal = layers(got, [d, None, 1], "universal_net(X, t)")
    if refusal is not None:
        return refusal
    H, y = threshold_forward(X, params, "step", linear_output=True)
    if not structure:
        return truth_table_verdict(
            X,
            y,
            t,
            "the network's output (linear output unit)",
            zs=pre_activations(X, params, "step")[:1],
            hint="the output unit is linear: y = W2 h + b2 must equal t exactly; with one "
            "hidden unit per pattern firing alone, W2 = t and b2 = 0 do it",
        )
    fires = H.sum(axis=0)
    if H.shape[1] != len(X) or not (np.all(H.sum(axis=1) == 1) and np.all(fires == 1)):
        return fail(
            "the hidden layer is not one unit per input pattern",
            expected=f"{len(X)} hidden units (2^{d}), each firing on exactly one pattern",
            got=f"{H.shape[1]} hidden units; units fire on "
            f"{show(fires.astype(int))} patterns; patterns fire {show(H.sum(axis=1))} units",
            hint="the unit for pattern p: weight +1 where p has a 1, -1 where it has a 0, "
            f"bias 0.5 - (number of ones in p); {CONVENTION}",
        )
    return ok()


def _cases(rng: np.random.Generator) -> list[Case]:
    def table(d: int, shuffle: bool, kind: str = "random"):
        counting = boolean_inputs(d)
        while True:
            order = rng.permutation(len(counting)) if shuffle else np.arange(len(counting))
            X = counting[order]
            if kind == "random":
                t = rng.integers(0, 2, size=len(X)).astype(float)
            elif kind == "parity":
                t = X.sum(axis=1) % 2
            else:
                return X, np.full(len(X), float(kind))
            # A shuffled table must be one that an answer assuming counting order gets wrong:
            # t[k] is the target of row X[k], and counting[k] = X[inverse[k]].
            inverse = np.argsort(order)
            if not shuffle or np.any(t != t[inverse]):
                return X, t

    specs = [
        ("XOR (D = 2)", (boolean_inputs(2), np.array([0.0, 1.0, 1.0, 0.0])), 1.0, False),
        ("always 0 (D = 3)", table(3, False, "0"), 1.0, False),
        ("always 1 (D = 2)", table(2, True, "1"), 1.0, False),
        ("3-bit parity, rows in random order", table(3, True, "parity"), 1.0, False),
        ("a random function of D = 1 input", table(1, False), 1.0, False),
        ("a random function of D = 4, rows in random order", table(4, True), 1.0, False),
        ("a random function of D = 5", table(5, False), 1.0, False),
        ("a random function of D = 6, rows in random order", table(6, True), 2.0, False),
        ("one hidden unit per input pattern (D = 3)", table(3, True), 2.0, True),
    ]
    return [
        Case(
            name,
            f"universal_net(X of shape {X.shape}, t = {show(t)})",
            judge(on_every_row, X=X, t=t, structure=structure),
            args=(X, t),
            points=points,
        )
        for name, (X, t), points, structure in specs
    ]


universal = register(
    Exercise(
        "01.universal",
        "Universality: one step unit per input pattern",
        ("universal_net",),
        _cases,
    )
)
