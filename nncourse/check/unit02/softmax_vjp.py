"""02.softmax_vjp: the vector-Jacobian product J^T g without building J, row by row."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, register
from nncourse.check.judge import mistake
from nncourse.check.unit02.common import fn_case, unchanged_case
from nncourse.check.unit02.softmax import near_1000

HINT = "dL/dz = y * (g - sum(g * y)) with y = softmax(z); the sum is the -y y^T g term"


def _mistakes(y: np.ndarray, g: np.ndarray) -> tuple:
    return (mistake("y * g without the - y (y . g) term", y * g, HINT),)


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key.activations import softmax
    from nncourse.key.activations import softmax_vjp as ref

    z, g = rng.normal(size=6), rng.normal(size=6)
    Z, G = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    big, gb = near_1000(rng, 3), rng.normal(size=3)
    return [
        fn_case(
            "equals J^T g",
            "softmax_vjp",
            0,
            (z, g),
            ref(z, g),
            HINT,
            3.0,
            mistakes=_mistakes(softmax(z), g),
        ),
        fn_case(
            "batched, one row per example",
            "softmax_vjp",
            0,
            (Z, G),
            ref(Z, G),
            "sum g * y over the last axis only (axis=-1, keepdims=True)",
            mistakes=_mistakes(softmax(Z), G),
        ),
        fn_case(
            "stable at z = 1000",
            "softmax_vjp",
            0,
            (big, gb),
            ref(big, gb),
            "exp() of a number near 1000 overflows: compute y with a softmax that subtracts "
            "max(z) before exp()",
        ),
        unchanged_case("softmax_vjp", 0, ("z", "g"), (z, g), ref(z, g), needs=("equals J^T g",)),
    ]


softmax_vjp = register(
    Exercise("02.softmax_vjp", "Softmax vector-Jacobian product", ("softmax_vjp",), _cases)
)
