"""07.nesterov_step: Nesterov's accelerated gradient on look-ahead weights."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, register
from nncourse.check.unit07.common import velocity_cases

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
    shapes = ({"W": (3, 2), "b": (2,)}, {"x": (4,)})
    return velocity_cases(rng, "nesterov_step", nesterov_step, b, HINT, shapes, first=1)


nesterov_step = register(
    Exercise("07.nesterov_step", "Nesterov's accelerated gradient", ("nesterov_step",), _cases)
)
