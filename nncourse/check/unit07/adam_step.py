"""07.adam_step: Adam with bias correction."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, register
from nncourse.check.unit07.common import noise_seq, tensors, trajectory_case

HINT = (
    "t counts calls from 1; m = beta1 m + (1 - beta1) g, v = beta2 v + (1 - beta2) g**2, "
    "w - lr * (m / (1 - beta1**t)) / (sqrt(v / (1 - beta2**t)) + eps)"
)


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key import optimizer_bugs as bug
    from nncourse.key.optimizers import adam_step

    b = (
        (
            "Adam without bias correction",
            bug.adam_no_bias_correction,
            "divide m by (1 - beta1**t) and v by (1 - beta2**t), with t = 1 on the first call",
        ),
        (
            "Adam with only m bias-corrected",
            bug.adam_correct_m_only,
            "v needs its correction too: v / (1 - beta2**t)",
        ),
        (
            "Adam with eps inside the square root",
            bug.adam_eps_inside,
            "eps is added after the square root: sqrt(v_hat) + eps",
        ),
    )
    two = {"W": (3, 2), "b": (2,)}
    one = {"x": (5,)}
    a = {k: rng.uniform(0.5, 2.0, size=s) for k, s in two.items()}
    lr = float(rng.uniform(0.01, 0.1))
    return [
        trajectory_case(
            "the first two calls",
            "adam_step",
            adam_step,
            tensors(rng, two),
            noise_seq(rng, two, 2),
            {"lr": lr},
            bugs=b,
            hint=HINT,
        ),
        trajectory_case(
            "the first five calls",
            "adam_step",
            adam_step,
            tensors(rng, one),
            noise_seq(rng, one, 5),
            {"lr": lr},
            bugs=b,
            hint=HINT,
        ),
        trajectory_case(
            "ten calls on a quadratic",
            "adam_step",
            adam_step,
            tensors(rng, two),
            noise_seq(rng, two, 10, low=0.0),
            {"lr": 0.05},
            a=a,
            m=tensors(rng, two),
            bugs=b,
            hint=HINT,
        ),
        trajectory_case(
            "other beta1, beta2 and a large eps",
            "adam_step",
            adam_step,
            tensors(rng, one),
            [{"x": 0.1 * g["x"]} for g in noise_seq(rng, one, 4)],
            {
                "lr": lr,
                "beta1": float(rng.uniform(0.7, 0.85)),
                "beta2": float(rng.uniform(0.95, 0.99)),
                "eps": 0.05,
            },
            bugs=b,
            hint=HINT,
        ),
    ]


adam_step = register(Exercise("07.adam_step", "Adam", ("adam_step",), _cases))
