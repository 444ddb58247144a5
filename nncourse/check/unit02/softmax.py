"""02.softmax: a stable softmax over the last axis that leaves its input alone."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, register
from nncourse.check.unit02.common import fn_case, unchanged_case

STABLE = (
    "exp() of a number near 1000 overflows to inf, and inf / inf is NaN: subtract the maximum "
    "of each row before exp(), since softmax(z) = softmax(z - max z)"
)


def near_1000(rng: np.random.Generator, size) -> np.ndarray:
    """Logits drawn around 1000 (exp overflows above about 709), spread so the softmax is not
    one-hot."""
    return rng.uniform(900.0, 1100.0) + rng.normal(0.0, 1.5, size=size)


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key.activations import softmax as ref

    z = rng.normal(0.0, 2.0, size=5)
    Z = rng.normal(0.0, 2.0, size=(4, 6))
    big = near_1000(rng, 4)
    scales = np.stack([rng.normal(0.0, 1.0, size=3), near_1000(rng, 3)])
    return [
        fn_case("values on a vector", "softmax", 0, (z,), ref(z), points=3.0),
        fn_case(
            "each row of a batch separately",
            "softmax",
            0,
            (Z,),
            ref(Z),
            hint="for z of shape (N, C) take max and sum over the last axis with keepdims=True",
            points=2.0,
        ),
        fn_case("stable at z = 1000", "softmax", 0, (big,), ref(big), STABLE, 2.0),
        fn_case(
            "rows on very different scales",
            "softmax",
            0,
            (scales,),
            ref(scales),
            hint="subtract each row's own maximum (axis=-1, keepdims=True), not one global "
            "maximum; a row near 1000 overflows exp() without it",
        ),
        unchanged_case("softmax", 0, ("z",), (z,), ref(z), needs=("values on a vector",)),
    ]


softmax = register(Exercise("02.softmax", "Stable softmax", ("softmax",), _cases))
