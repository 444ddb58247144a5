"""02.relu: ReLU and its derivative, the indicator 1[z > 0]."""

from __future__ import annotations

import numpy as np

from nncourse.check.unit02.common import elementwise, fn_case


def _special(rng, g_ref):
    return [
        fn_case(
            "relu'(z) = 0 for every z < 0",
            "relu_grad",
            1,
            (np.array([-3.0, -0.5, -1e-3, 1e-3, 2.0]),),
            np.array([0.0, 0.0, 0.0, 1.0, 1.0]),
            hint="relu'(z) is the indicator 1[z > 0]: 0 for negative z, 1 for positive z",
            points=2.0,
        )
    ]


relu = elementwise(
    "02.relu", "ReLU and its derivative", ("relu", "relu_grad"), ("relu", "relu_grad"), _special
)
