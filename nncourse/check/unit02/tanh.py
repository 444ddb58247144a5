"""02.tanh: tanh and its derivative 1 - tanh(z)^2."""

from __future__ import annotations

import numpy as np

from nncourse.check.unit02.common import elementwise, fn_case


def _special(rng, g_ref):
    z = np.array([1.0, -1.0])
    return [
        fn_case(
            "tanh'(z) = 1 - tanh(z)^2 at z = 1",
            "tanh_grad",
            1,
            (z,),
            g_ref(z),
            hint="the derivative squares tanh: 1 - tanh(z)**2, not 1 - tanh(z)",
            points=2.0,
        )
    ]


tanh = elementwise(
    "02.tanh", "tanh and its derivative", ("tanh", "tanh_grad"), ("tanh", "tanh_grad"), _special
)
