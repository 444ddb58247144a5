"""02.tanh: tanh and its derivative 1 - tanh(z)^2."""

from __future__ import annotations

import numpy as np

from nncourse.check.judge import mistake
from nncourse.check.unit02.common import elementwise, fn_case

OVERFLOW = (
    "for large |z|, exp(z) overflows and (exp(z) - exp(-z)) / (exp(z) + exp(-z)) becomes "
    "inf / inf = NaN: use np.tanh, or 2 * sigmoid(2 z) - 1 with a stable sigmoid"
)
SQUARE = "the derivative squares tanh: 1 - tanh(z)**2, not 1 - tanh(z)"


def _mistakes(z):
    return (mistake("1 - tanh(z) instead of 1 - tanh(z)**2", 1.0 - np.tanh(z), SQUARE),)


def _special(rng, g_ref):
    a = rng.uniform(0.5, 2.0)
    z = np.array([a, -a])
    return [
        fn_case(
            "tanh'(-z) = tanh'(z) = 1 - tanh(z)^2",
            "tanh_grad",
            1,
            (z,),
            g_ref(z),
            hint=SQUARE,
            needs=("tanh_grad values",),
            part="tanh_grad",
            mistakes=_mistakes(z),
        )
    ]


tanh = elementwise(
    "02.tanh",
    "tanh and its derivative",
    ("tanh", "tanh_grad"),
    ("tanh", "tanh_grad"),
    _special,
    overflow_hint=OVERFLOW,
    mistakes=_mistakes,
)
