"""02.softmax_jacobian: J = diag(y) - y y^T for y = softmax(z)."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, register
from nncourse.check.unit02.common import fn_case


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key.activations import softmax_jacobian as ref

    z = rng.normal(0.0, 1.5, size=4)
    z5 = rng.normal(0.0, 1.0, size=5)
    big = np.array([1000.0, 998.0, 0.0])
    hint = "J = diag(y) - outer(y, y) with y = softmax(z): both terms are needed"
    return [
        fn_case("values for C = 4", "softmax_jacobian", 0, (z,), ref(z), hint, 2),
        fn_case("values for C = 5", "softmax_jacobian", 0, (z5,), ref(z5), hint),
        fn_case(
            "stable at z = 1000",
            "softmax_jacobian",
            0,
            (big,),
            ref(big),
            "build J from a stable softmax",
        ),
    ]


softmax_jacobian = register(
    Exercise("02.softmax_jacobian", "Softmax Jacobian", ("softmax_jacobian",), _cases)
)
