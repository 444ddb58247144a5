"""07.rprop_step: the lecture's Rprop (step back and shrink on a sign flip), per weight."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, register
from nncourse.check.unit07.common import away_from_zero, noise_seq, tensors, trajectory_case

HINT = (
    "per weight: same sign as the reference gradient -> s = min(up s, step_max), reference = "
    "grad, move -sign(ref) s; flipped -> move back +sign(ref) s_old, s = max(down s, step_min), "
    "keep the reference, move -sign(ref) s_new"
)


def _signed(rng, shapes, n, flip_prob):
    """Gradients whose signs flip with probability ``flip_prob`` per call and entry."""
    base = noise_seq(rng, shapes, 1)[0]
    out = []
    for _ in range(n):
        out.append(
            {
                k: away_from_zero(np.abs(rng.normal(size=v.shape)), 0.2) * np.sign(v)
                for k, v in base.items()
            }
        )
        base = {k: np.where(rng.random(v.shape) < flip_prob, -v, v) for k, v in base.items()}
    return out


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key import optimizer_bugs as bug
    from nncourse.key.optimizers import rprop_step

    b = (
        (
            "Rprop that does not step back on a sign flip",
            bug.rprop_no_step_back,
            "on a flip, first undo the last move (+sign(ref) * s_old), then shrink and step "
            "forward again in the old direction; keep the old reference gradient",
        ),
        (
            "Rprop that replaces the reference gradient on a flip",
            bug.rprop_forgets_reference,
            "on a flip keep the old reference gradient (and so the old direction); only update "
            "it when the signs agree",
        ),
        (
            "Rprop without the floor and ceiling on the step",
            bug.rprop_no_limits,
            "clip: s = min(up * s, step_max) when growing, max(down * s, step_min) when shrinking",
        ),
    )
    two = {"W": (2, 3), "b": (3,)}
    one = {"x": (6,)}
    step0 = float(rng.uniform(0.05, 0.3))
    a = {k: rng.uniform(0.5, 2.0, size=s) for k, s in two.items()}
    return [
        trajectory_case(
            "the first two calls: step0, then a grown or shrunk step",
            "rprop_step",
            rprop_step,
            tensors(rng, two),
            noise_seq(rng, two, 2),
            {"step0": step0},
            bugs=b,
            hint=HINT,
        ),
        trajectory_case(
            "signs held for five calls: the step grows by up",
            "rprop_step",
            rprop_step,
            tensors(rng, one),
            _signed(rng, one, 5, 0.0),
            {"step0": step0},
            bugs=b,
            hint=HINT,
        ),
        trajectory_case(
            "sign flips: back, shrink, reference kept",
            "rprop_step",
            rprop_step,
            tensors(rng, two),
            _signed(rng, two, 8, 0.5),
            {"step0": step0},
            bugs=b,
            hint=HINT,
            points=2.0,
        ),
        trajectory_case(
            "the ceiling step_max",
            "rprop_step",
            rprop_step,
            tensors(rng, one),
            _signed(rng, one, 6, 0.0),
            {"step0": step0, "step_max": step0 * float(rng.uniform(1.3, 1.6))},
            bugs=b,
            hint=HINT,
        ),
        trajectory_case(
            "the floor step_min",
            "rprop_step",
            rprop_step,
            tensors(rng, one),
            _signed(rng, one, 6, 1.0),
            {"step0": step0, "step_min": step0 * float(rng.uniform(0.2, 0.4))},
            bugs=b,
            hint=HINT,
        ),
        trajectory_case(
            "other up and down factors, on a quadratic",
            "rprop_step",
            rprop_step,
            tensors(rng, two),
            noise_seq(rng, two, 6, low=0.0),
            {
                "step0": step0,
                "up": float(rng.uniform(1.3, 1.6)),
                "down": float(rng.uniform(0.2, 0.4)),
            },
            a=a,
            m=tensors(rng, two),
            bugs=b,
            hint=HINT,
        ),
    ]


rprop_step = register(
    Exercise("07.rprop_step", "Rprop (the lecture's version)", ("rprop_step",), _cases)
)
