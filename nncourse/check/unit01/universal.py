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
    inputs_unchanged,
    layers,
    pre_activations,
    result_and_after,
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


def leaves_inputs(got: Any, *, X: np.ndarray, t: np.ndarray) -> Verdict:
    """Judge ``(universal_net(X, t), X and t after the call)``: right outputs first, then
    both arrays as they were passed in."""
    result, after = result_and_after(got, 2)
    verdict = on_every_row(result, X=X, t=t)
    if not verdict.passed:
        return verdict
    return inputs_unchanged(after, [X, t], ["X", "t"], "universal_net(X, t)")


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
            elif kind == "xor":
                t = X[:, 0] + X[:, 1] - 2 * X[:, 0] * X[:, 1]
            else:
                return X, np.full(len(X), float(kind))
            # A shuffled table must be one that an answer assuming counting order gets wrong:
            # t[k] is the target of row X[k], and counting[k] = X[inverse[k]].
            inverse = np.argsort(order)
            if not shuffle or np.any(t != t[inverse]):
                return X, t

    main = (
        "a random function of D = 4, rows in random order",
        "a random function of D = 5",
        "a random function of D = 6, rows in random order",
    )
    # The random functions of 4 to 6 inputs carry the exercise; the fixed functions (XOR,
    # constants, parity), the 1-input table (one of only four) and the structure check count
    # only with them: a constant network or a replayed one can pass any of those alone.
    specs = [
        (main[0], table(4, True), 2.0, False),
        (main[1], table(5, False), 2.0, False),
        (main[2], table(6, True), 3.0, False),
        ("XOR (D = 2), rows in random order", table(2, True, "xor"), 1.0, False),
        ("always 0 (D = 3)", table(3, False, "0"), 0.5, False),
        ("always 1 (D = 2)", table(2, True, "1"), 0.5, False),
        ("3-bit parity, rows in random order", table(3, True, "parity"), 1.0, False),
        ("a random function of D = 1 input", table(1, False), 0.5, False),
        ("one hidden unit per input pattern (D = 3)", table(3, True), 1.5, True),
    ]
    cases = [
        Case(
            name,
            f"universal_net(X of shape {X.shape}, t = {show(t)})",
            judge(on_every_row, X=X, t=t, structure=structure),
            args=(X, t),
            points=points,
            needs=() if name in main else main,
        )
        for name, (X, t), points, structure in specs
    ]
    X, t = table(3, True)
    cases.append(
        Case(
            "leaves X and t unchanged",
            f"universal_net(X of shape {X.shape}, t = {show(t)}), then look at X and t",
            judge(leaves_inputs, X=X, t=t),
            args=(0, X, t),
            probe="result_and_inputs",
            points=0.5,
            needs=main,
        )
    )
    return cases


universal = register(
    Exercise(
        "01.universal",
        "Universality: one step unit per input pattern",
        ("universal_net",),
        _cases,
    )
)
