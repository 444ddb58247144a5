"""02.linear: the linear activation and its derivative (an array of ones, not the number 1)."""

from __future__ import annotations

import numpy as np

from nncourse.check.unit02.common import elementwise, fn_case


def _special(rng, g_ref):
    return [
        fn_case(
            "linear' is an array of ones, not the number 1",
            "linear_grad",
            1,
            (np.array([-2.0, 0.5, 3.0]),),
            np.ones(3),
            hint="return np.ones_like(z) so the derivative has the shape of z",
        )
    ]


linear = elementwise(
    "02.linear",
    "Linear activation and its derivative",
    ("linear", "linear_grad"),
    ("linear", "linear_grad"),
    _special,
)
