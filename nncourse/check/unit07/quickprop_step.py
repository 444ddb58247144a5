"""07.quickprop_step: the per-weight secant step with a growth limit and a fallback."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, register
from nncourse.check.unit07.common import noise_seq, tensors, trajectory_case

HINT = (
    "first call: dw = -lr g. Then per weight dw = -g dw_prev / (g - g_prev), clipped to "
    "growth * |dw_prev|; where g == g_prev (or dw_prev == 0) take dw = -lr g instead"
)


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key import optimizer_bugs as bug
    from nncourse.key.optimizers import quickprop_step

    b = (
        (
            "QuickProp with the slide's sign (+g dw_prev / (g - g_prev))",
            bug.quickprop_slide_sign,
            "the secant step goes toward the parabola's minimum: dw = -g * dw_prev / (g - g_prev); "
            "on a quadratic it must land on the minimum",
        ),
        (
            "QuickProp without the growth limit",
            bug.quickprop_no_limit,
            "clip the secant step to [-growth * |dw_prev|, growth * |dw_prev|]",
        ),
        (
            "QuickProp without the fallback (a division by g - g_prev = 0)",
            bug.quickprop_no_fallback,
            "where g == g_prev there is no curvature information: take dw = -lr * g there",
        ),
    )
    two = {"W": (2, 2), "b": (2,)}
    one = {"x": (5,)}
    lr = float(rng.uniform(0.05, 0.3))
    # 1-D quadratics with lr * a in [0.5, 1.25]: the growth limit never bites the secant step.
    a1 = {"x": rng.uniform(1.0, 2.5, size=5)}
    zero = [{"x": np.zeros(5)}] * 3
    g1 = noise_seq(rng, one, 1)[0]
    shrink = {"x": g1["x"] * (1 - rng.uniform(0.01, 0.05, size=5))}
    same = {"x": np.where(np.arange(5) % 2 == 0, g1["x"], -g1["x"] * rng.uniform(0.3, 2, 5))}
    return [
        trajectory_case(
            "the first two calls: a gradient step, then a secant step",
            "quickprop_step",
            quickprop_step,
            tensors(rng, two),
            noise_seq(rng, two, 2),
            {"lr": lr},
            bugs=b,
            hint=HINT,
        ),
        trajectory_case(
            "one secant step lands on a 1-D quadratic's minimum",
            "quickprop_step",
            quickprop_step,
            tensors(rng, one, 3.0),
            zero,
            {"lr": 0.5},
            a=a1,
            m=tensors(rng, one),
            bugs=b,
            hint=HINT,
            points=2.0,
        ),
        trajectory_case(
            "six calls on changing gradients",
            "quickprop_step",
            quickprop_step,
            tensors(rng, two),
            noise_seq(rng, two, 6),
            {"lr": lr},
            bugs=b,
            hint=HINT,
        ),
        trajectory_case(
            "the growth limit (gradients that barely change)",
            "quickprop_step",
            quickprop_step,
            tensors(rng, one),
            [g1, shrink],
            {"lr": lr, "growth": float(rng.uniform(1.5, 2.0))},
            bugs=b,
            hint=HINT,
        ),
        trajectory_case(
            "the fallback where the gradient did not change",
            "quickprop_step",
            quickprop_step,
            tensors(rng, one),
            [g1, same],
            {"lr": lr},
            bugs=b,
            hint=HINT,
        ),
    ]


quickprop_step = register(Exercise("07.quickprop_step", "QuickProp", ("quickprop_step",), _cases))
