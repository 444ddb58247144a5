"""07.sgd_step: one plain gradient step on a dict of tensors, pure."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, register
from nncourse.check.unit07.common import noise_seq, tensors, trajectory_case

HINT = "each tensor becomes w[k] - lr * grad[k]; return (new_w, state)"


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key import optimizer_bugs as bug
    from nncourse.key.optimizers import sgd_step

    bugs = (
        ("a step up the gradient (w + lr grad)", bug.sgd_uphill, "subtract: w[k] - lr * grad[k]"),
        (
            "a step without the learning rate (w - grad)",
            bug.sgd_no_lr,
            "multiply the gradient by lr",
        ),
    )
    two = {"W": (2, 3), "b": (3,)}
    odd = {"k": (2, 2, 3), "s": (1,)}
    lr = float(rng.uniform(0.05, 0.5))
    a = {k: rng.uniform(0.5, 1.5, size=s) for k, s in two.items()}
    return [
        trajectory_case(
            "one step on two tensors",
            "sgd_step",
            sgd_step,
            tensors(rng, two),
            noise_seq(rng, two, 1),
            {"lr": lr},
            bugs=bugs,
            hint=HINT,
        ),
        trajectory_case(
            "five steps downhill on a quadratic",
            "sgd_step",
            sgd_step,
            tensors(rng, two),
            noise_seq(rng, two, 5, low=0.0),
            {"lr": float(rng.uniform(0.1, 0.4))},
            a=a,
            m=tensors(rng, two),
            bugs=bugs,
            hint=HINT,
        ),
        trajectory_case(
            "a 3-D tensor and a one-entry tensor",
            "sgd_step",
            sgd_step,
            tensors(rng, odd),
            noise_seq(rng, odd, 3),
            {"lr": float(rng.uniform(0.05, 0.5))},
            bugs=bugs,
            hint=HINT,
        ),
    ]


sgd_step = register(Exercise("07.sgd_step", "SGD step", ("sgd_step",), _cases))
