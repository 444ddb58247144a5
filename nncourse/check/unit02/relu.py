"""02.relu: ReLU and its derivative, the indicator 1[z > 0]."""

from __future__ import annotations

import numpy as np

from nncourse.check.judge import mistake
from nncourse.check.unit02.common import elementwise, fn_case

INDICATOR = "relu'(z) is the indicator 1[z > 0]: 0 for negative z, 1 for positive z"


def _mistakes(z):
    return (
        mistake("relu(z) instead of its derivative", np.maximum(z, 0.0), INDICATOR),
        mistake("the sign of z instead of 1[z > 0]", np.sign(z), INDICATOR),
    )


def _special(rng, g_ref):
    small = rng.uniform(1e-4, 1e-2)
    z = rng.permutation(
        np.array([-rng.uniform(0.5, 5.0), -rng.uniform(0.1, 0.5), -small, small, rng.uniform(1, 5)])
    )
    return [
        fn_case(
            "relu'(z) = 0 for every z < 0",
            "relu_grad",
            1,
            (z,),
            g_ref(z),
            hint=INDICATOR,
            needs=("relu_grad values",),
            part="relu_grad",
        )
    ]


relu = elementwise(
    "02.relu",
    "ReLU and its derivative",
    ("relu", "relu_grad"),
    ("relu", "relu_grad"),
    _special,
    mistakes=_mistakes,
)
