"""02.softmax_vjp: the vector-Jacobian product J^T g without building J, row by row."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, register
from nncourse.check.unit02.common import fn_case


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key.activations import softmax_vjp as ref

    z, g = rng.normal(size=6), rng.normal(size=6)
    Z, G = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    big, gb = np.array([1000.0, 0.0, 999.0]), np.array([1.0, -2.0, 0.5])
    hint = "dL/dz = y * (g - sum(g * y)) with y = softmax(z); the sum is the -y y^T g term"
    return [
        fn_case("equals J^T g", "softmax_vjp", 0, (z, g), ref(z, g), hint, 2.0),
        fn_case(
            "batched, one row per example",
            "softmax_vjp",
            0,
            (Z, G),
            ref(Z, G),
            "sum g * y over the last axis only (axis=-1, keepdims=True)",
        ),
        fn_case("stable at z = 1000", "softmax_vjp", 0, (big, gb), ref(big, gb)),
    ]


softmax_vjp = register(
    Exercise("02.softmax_vjp", "Softmax vector-Jacobian product", ("softmax_vjp",), _cases)
)
