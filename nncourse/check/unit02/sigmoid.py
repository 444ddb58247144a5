"""02.sigmoid: the logistic sigmoid and its derivative, stable for large |z|."""

from __future__ import annotations

import numpy as np

from nncourse.check.judge import mistake
from nncourse.check.unit02.common import elementwise, fn_case

OVERFLOW = (
    "for large |z|, exp(-z) (or exp(z)) overflows: use 1 / (1 + exp(-z)) for z >= 0 and "
    "exp(z) / (1 + exp(z)) for z < 0, or np.exp(-np.logaddexp(0, -z))"
)


def _mistakes(z):
    s = 1.0 / (1.0 + np.exp(-z))
    return (
        mistake(
            "sigma(z) instead of its derivative",
            s,
            "the derivative is sigma(z) * (1 - sigma(z)), not sigma(z) itself",
        ),
        mistake(
            "1 - sigma(z) without the factor sigma(z)",
            1.0 - s,
            "the derivative is sigma(z) * (1 - sigma(z)): both factors are needed",
        ),
    )


def _special(rng, g_ref):
    a = rng.uniform(0.5, 3.0)
    z = rng.permutation(np.array([0.0, a, -a]))
    return [
        fn_case(
            "sigmoid'(0) = 1/4",
            "sigmoid_grad",
            1,
            (z,),
            g_ref(z),
            hint="sigma'(z) = sigma(z) * (1 - sigma(z)); at z = 0 that is 0.5 * 0.5",
            needs=("sigmoid_grad values",),
            part="sigmoid_grad",
        )
    ]


sigmoid = elementwise(
    "02.sigmoid",
    "Sigmoid and its derivative",
    ("sigmoid", "sigmoid_grad"),
    ("sigmoid", "sigmoid_grad"),
    _special,
    overflow_hint=OVERFLOW,
    mistakes=_mistakes,
)
