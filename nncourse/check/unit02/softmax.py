"""02.softmax: a stable softmax over the last axis that leaves its input alone."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, as_array, expect_array, expect_unchanged, show
from nncourse.check.unit02.common import fn_case


def unchanged(got: object, *, z: np.ndarray, expected: np.ndarray) -> Verdict:
    """Judge ``(softmax(z), z after the call)``: right values first, then z unchanged."""
    result, after = got if isinstance(got, tuple) and len(got) == 2 else (got, None)
    out, refusal = as_array(result, "softmax(z)")
    if refusal is not None:
        return refusal
    if out.shape != z.shape:
        return expect_array(result, expected, name="softmax(z)")
    return expect_unchanged(
        after,
        z,
        name="z",
        message="softmax changed its input array in place",
        hint="write `z = z - z.max(...)` (a new array), not `z -= z.max(...)`",
    )


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key.activations import softmax as ref

    z = rng.normal(0.0, 2.0, size=5)
    Z = rng.normal(0.0, 2.0, size=(4, 6))
    big = np.array([1000.0, 999.0, 0.0])
    scales = np.array([[0.0, 1.0, -1.0], [1000.0, 1001.0, 999.0]])
    stable_hint = "subtract the maximum of each row before exp(): softmax(z) = softmax(z - max z)"
    return [
        fn_case("values on a vector", "softmax", 0, (z,), ref(z)),
        fn_case(
            "each row of a batch separately",
            "softmax",
            0,
            (Z,),
            ref(Z),
            hint="for z of shape (N, C) take max and sum over the last axis with keepdims=True",
        ),
        fn_case("stable at z = 1000", "softmax", 0, (big,), ref(big), stable_hint, 2.0),
        fn_case(
            "rows on very different scales",
            "softmax",
            0,
            (scales,),
            ref(scales),
            hint="subtract each row's own maximum (axis=-1, keepdims=True), not one global maximum",
        ),
        Case(
            "does not modify its input",
            f"softmax(z) with z = {show(z)}, then look at z",
            judge(unchanged, z=z, expected=ref(z)),
            args=(z,),
            probe="output_and_input",
        ),
    ]


softmax = register(Exercise("02.softmax", "Stable softmax", ("softmax",), _cases))
