"""02.sigmoid: the logistic sigmoid and its derivative, stable for large |z|."""

from __future__ import annotations

import numpy as np

from nncourse.check.unit02.common import elementwise, fn_case


def _special(rng, g_ref):
    return [
        fn_case(
            "sigmoid'(0) = 1/4",
            "sigmoid_grad",
            1,
            (np.array([0.0]),),
            np.array([0.25]),
            hint="sigma'(z) = sigma(z) * (1 - sigma(z)); at z = 0 that is 0.5 * 0.5",
            points=2.0,
        )
    ]


sigmoid = elementwise(
    "02.sigmoid",
    "Sigmoid and its derivative",
    ("sigmoid", "sigmoid_grad"),
    ("sigmoid", "sigmoid_grad"),
    _special,
)
