"""02.sparsemax: the Euclidean projection of z onto the probability simplex."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, as_array, describe_value, expect_array, fail, show


def on_simplex(got: object, *, expected: np.ndarray) -> Verdict:
    """Judge sparsemax: on the simplex first (clear words), then equal to the projection."""
    arr, refusal = as_array(got, "sparsemax(z)")
    if refusal is not None:
        return refusal
    if arr.shape == expected.shape and np.all(np.isfinite(arr)):
        if np.any(arr < -1e-12):
            return fail(
                "the output has negative entries",
                wanted="every entry >= 0",
                got=describe_value(got),
                hint="clip with np.maximum(z - tau, 0)",
            )
        sums = arr.sum(axis=-1)
        if not np.allclose(sums, 1.0, atol=1e-8):
            return fail(
                "the output does not sum to 1, so it is not on the simplex",
                wanted="every row sums to 1",
                got=f"row sums {show(sums)}",
                hint="tau = (sum of the k(z) largest entries - 1) / k(z); check k(z)",
            )
    return expect_array(got, expected, name="sparsemax(z)")


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key.activations import sparsemax as ref

    spread = np.array([3.0, 1.0, 0.2, -1.0, 2.5])
    close = rng.normal(0.0, 0.1, size=6)
    Z = rng.normal(0.0, 1.0, size=(4, 5))
    cases = [
        ("sparse: small entries become exactly 0", spread),
        ("dense when entries are close", close),
        ("a batch, one row each", Z),
        ("one dominant entry gives a one-hot", np.array([0.0, 10.0, 0.5])),
        ("ties are split evenly", np.array([1.0, 1.0, -5.0])),
        ("shift invariant at z = 1000", spread + 1000.0),
    ]
    return [
        Case(
            name,
            f"sparsemax({show(z)})",
            judge(on_simplex, expected=ref(z)),
            args=(z,),
            points=2.0 if i == 0 else 1.0,
        )
        for i, (name, z) in enumerate(cases)
    ]


sparsemax = register(
    Exercise("02.sparsemax", "Sparsemax (projection onto the simplex)", ("sparsemax",), _cases)
)
