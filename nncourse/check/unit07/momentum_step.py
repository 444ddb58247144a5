"""07.momentum_step: v <- beta v - lr grad; w <- w + v."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, register
from nncourse.check.unit07.common import noise_seq, tensors, trajectory_case

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

    two = {"W": (2, 3), "b": (3,)}
    one = {"x": (5,)}
    a = {k: rng.uniform(0.5, 2.0, size=s) for k, s in two.items()}
    b = bugs()
    return [
        trajectory_case(
            "the first two calls (v starts at 0)",
            "momentum_step",
            momentum_step,
            tensors(rng, two),
            noise_seq(rng, two, 2),
            {"lr": float(rng.uniform(0.05, 0.3)), "beta": 0.9},
            bugs=b,
            hint=HINT,
        ),
        trajectory_case(
            "six calls, gradients that change sign",
            "momentum_step",
            momentum_step,
            tensors(rng, one),
            noise_seq(rng, one, 6),
            {"lr": float(rng.uniform(0.05, 0.3)), "beta": 0.9},
            bugs=b,
            hint=HINT,
        ),
        trajectory_case(
            "eight calls on a quadratic, beta drawn",
            "momentum_step",
            momentum_step,
            tensors(rng, two),
            noise_seq(rng, two, 8, low=0.0),
            {"lr": float(rng.uniform(0.05, 0.2)), "beta": float(rng.uniform(0.5, 0.8))},
            a=a,
            m=tensors(rng, two),
            bugs=b,
            hint=HINT,
        ),
        trajectory_case(
            "beta left at its default 0.9",
            "momentum_step",
            momentum_step,
            tensors(rng, one),
            noise_seq(rng, one, 4),
            {"lr": float(rng.uniform(0.05, 0.3))},
            bugs=b,
            hint=HINT,
        ),
    ]


momentum_step = register(Exercise("07.momentum_step", "Momentum", ("momentum_step",), _cases))
