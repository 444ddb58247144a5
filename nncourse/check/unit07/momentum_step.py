"""07.momentum_step: v <- beta v - lr grad; w <- w + v."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, register
from nncourse.check.unit07.common import velocity_cases

HINT = (
    "the velocity starts at 0: v = beta * v - lr * grad, then w_new = w + v; keep v in the "
    "state you return and read it back on the next call"
)


def bugs():
    from nncourse.key import optimizer_bugs as bug

    return (
        (
            "the momentum sign slip (w - v instead of w + v)",
            bug.momentum_minus_velocity,
            "v already holds -lr * grad, so the weights add it: w_new = w + v",
        ),
        (
            "the averaging convention v = beta v + (1 - beta) grad, w - lr v",
            bug.momentum_ema,
            "this exercise uses the lecture's form: v = beta * v - lr * grad; w_new = w + v",
        ),
    )


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key.optimizers import momentum_step

    shapes = ({"W": (2, 3), "b": (3,)}, {"x": (5,)})
    return velocity_cases(rng, "momentum_step", momentum_step, bugs(), HINT, shapes, first=0)


momentum_step = register(Exercise("07.momentum_step", "Momentum", ("momentum_step",), _cases))
