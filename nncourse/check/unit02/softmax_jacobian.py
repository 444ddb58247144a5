"""02.softmax_jacobian: J = diag(y) - y y^T for y = softmax(z)."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, register
from nncourse.check.judge import mistake
from nncourse.check.unit02.common import fn_case, unchanged_case
from nncourse.check.unit02.softmax import near_1000

HINT = "J = diag(y) - outer(y, y) with y = softmax(z): both terms are needed"


def _mistakes(y: np.ndarray) -> tuple:
    return (
        mistake("diag(y) without the - y y^T term", np.diag(y), HINT),
        mistake("- y y^T without the diag(y) term", -np.outer(y, y), HINT),
    )


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key.activations import softmax
    from nncourse.key.activations import softmax_jacobian as ref

    z = rng.normal(0.0, 1.5, size=4)
    z5 = rng.normal(0.0, 1.0, size=5)
    big = near_1000(rng, 3)
    return [
        fn_case(
            "values for C = 4",
            "softmax_jacobian",
            0,
            (z,),
            ref(z),
            HINT,
            3.0,
            mistakes=_mistakes(softmax(z)),
        ),
        fn_case(
            "values for C = 5",
            "softmax_jacobian",
            0,
            (z5,),
            ref(z5),
            HINT,
            mistakes=_mistakes(softmax(z5)),
        ),
        fn_case(
            "stable at z = 1000",
            "softmax_jacobian",
            0,
            (big,),
            ref(big),
            "exp() of a number near 1000 overflows: build J from a softmax that subtracts "
            "max(z) before exp()",
        ),
        unchanged_case("softmax_jacobian", 0, ("z",), (z,), ref(z), needs=("values for C = 4",)),
    ]


softmax_jacobian = register(
    Exercise("02.softmax_jacobian", "Softmax Jacobian", ("softmax_jacobian",), _cases)
)
