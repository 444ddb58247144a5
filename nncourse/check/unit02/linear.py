"""02.linear: the linear activation and its derivative (an array of ones, not the number 1).

The two right answers are, on their own, trivial ones (the input returned; ones), so each part
earns its points only together with the other part's values.
"""

from __future__ import annotations

import numpy as np

from nncourse.check.unit02.common import both_signs, elementwise, fn_case


def _special(rng, g_ref):
    z = both_signs(rng, (3,))
    return [
        fn_case(
            "linear' is an array of ones, not the number 1",
            "linear_grad",
            1,
            (z,),
            np.ones(3),
            hint="return np.ones_like(z) so the derivative has the shape of z",
            needs=("linear_grad values", "linear values"),
            part="linear_grad",
        )
    ]


linear = elementwise(
    "02.linear",
    "Linear activation and its derivative",
    ("linear", "linear_grad"),
    ("linear", "linear_grad"),
    _special,
    each_needs_the_other=True,
)
