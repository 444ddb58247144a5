"""01.sign_xor: XOR with sign units on -1/+1 inputs."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, register
from nncourse.check.unit01.common import boolean_inputs, network_case, shape_case, xor_case_name


def _cases(rng: np.random.Generator) -> list[Case]:
    X = boolean_inputs(2, (-1.0, 1.0))[rng.permutation(4)]
    want = np.where(X[:, 0] != X[:, 1], 1.0, -1.0)
    return [
        shape_case("sign_xor", [2, 2, 1], xor_case_name(4)),
        network_case(
            "sign_xor",
            X,
            want,
            "sign",
            "on -1/+1 inputs: z1 = sgn(1 - x1 + x2) and z2 = sgn(-1 - x1 + x2) work",
        ),
    ]


sign_xor = register(
    Exercise("01.sign_xor", "XOR with sign units on -1/+1 inputs", ("sign_xor",), _cases)
)
