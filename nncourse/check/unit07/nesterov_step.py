"""07.nesterov_step: Nesterov's accelerated gradient on look-ahead weights."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, register
from nncourse.check.unit07.common import noise_seq, tensors, trajectory_case

HINT = (
    "w is the look-ahead point W + beta v_old; with v_new = beta v_old - lr grad return "
    "w - beta v_old + (1 + beta) v_new (the next look-ahead point)"
)


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key import optimizer_bugs as bug
    from nncourse.key.optimizers import nesterov_step

    b = (
        (
            "plain momentum: the gradient used at the current point, no look-ahead",
            bug.nesterov_as_momentum,
            "return the look-ahead point: w - beta v_old + (1 + beta) v_new, so that the caller's "
            "next gradient is taken where Nesterov wants it",
        ),
        (
            "the look-ahead added without removing the old one (w + v + beta v)",
            bug.nesterov_double_lookahead,
            "w already contains beta * v_old; subtract it first: w - beta v_old + (1 + beta) v_new",
        ),
    )
    two = {"W": (3, 2), "b": (2,)}
    one = {"x": (4,)}
    a = {k: rng.uniform(0.5, 2.0, size=s) for k, s in two.items()}
    return [
        trajectory_case(
            "the first two calls (v starts at 0)",
            "nesterov_step",
            nesterov_step,
            tensors(rng, one),
            noise_seq(rng, one, 2),
            {"lr": float(rng.uniform(0.05, 0.3)), "beta": 0.9},
            bugs=b,
            hint=HINT,
        ),
        trajectory_case(
            "six calls, gradients that change sign",
            "nesterov_step",
            nesterov_step,
            tensors(rng, two),
            noise_seq(rng, two, 6),
            {"lr": float(rng.uniform(0.05, 0.3)), "beta": 0.9},
            bugs=b,
            hint=HINT,
        ),
        trajectory_case(
            "eight calls on a quadratic, beta drawn",
            "nesterov_step",
            nesterov_step,
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
            "nesterov_step",
            nesterov_step,
            tensors(rng, one),
            noise_seq(rng, one, 4),
            {"lr": float(rng.uniform(0.05, 0.3))},
            bugs=b,
            hint=HINT,
        ),
    ]


nesterov_step = register(
    Exercise("07.nesterov_step", "Nesterov's accelerated gradient", ("nesterov_step",), _cases)
)
