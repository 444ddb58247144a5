"""03.chain_rule: backward code for r = u v and f = y + exp(x y), exact up to rounding."""

from __future__ import annotations

import math

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, expect_tuple, fail, mistake, ok
from nncourse.check.unit03.common import matching_mistake, number, scalar_problem

FAN_HINT = "t feeds two intermediate values; t_bar is the SUM of what comes back along both"


def value_and_derivative(
    got: object, *, fn_name: str, value: float, derivative: float, mistakes: list
) -> Verdict:
    """Judge ``(value, derivative)`` exactly; name a known mistake the derivative matches.

    Parameters
    ----------
    fn_name : str
        ``"r_and_grad"`` or ``"f_and_grad"``, for messages.
    value, derivative : float
        The expected pair (computed with the answer key).
    mistakes : list of dict
        ``mistake(label, wrong derivative, hint)`` for the usual bugs.
    """
    bad = expect_tuple(got, 2, name=f"{fn_name}(t)")
    if bad is not None:
        return bad
    problem = scalar_problem(got[0], value, "the value")
    if problem is not None:
        return fail(
            f"the forward value is wrong: {problem}",
            expected=f"{value:.12g}",
            hint="recheck the forward pass",
        )
    problem = scalar_problem(got[1], derivative, "the derivative")
    if problem is None:
        return ok()
    got_value = number(got[1])
    hint, label = "", ""
    known = matching_mistake(got_value, mistakes)
    if known is not None:
        label, hint = known["label"], known["hint"]
        problem += f": it {label}"
    elif got_value is not None and abs(got_value - derivative) <= 1e-5 * max(1.0, abs(derivative)):
        problem += ": close, but not exact (a finite-difference estimate?)"
        hint = "compute the derivative with backward code (error signals), not numerically"
    return fail(
        f"the derivative is wrong ({problem})",
        f"{derivative:.12g}",
        f"{got_value:.12g}" if got_value is not None else str(got[1]),
        hint,
        mistake=label,
    )


def _r_mistakes(t: float) -> list[dict]:
    u, v = t * t, 3 * t + 1
    return [
        mistake("counts only the path through u = t^2", 2 * t * v, FAN_HINT),
        mistake("counts only the path through v = 3t + 1", 3 * u, FAN_HINT),
    ]


def _f_mistakes(t: float) -> list[dict]:
    x, y = math.cos(t), t * t
    e = math.exp(x * y)
    return [
        mistake("counts only the path through x = cos t", y * e * -math.sin(t), FAN_HINT),
        mistake("counts only the path through y = t^2", (1 + x * e) * 2 * t, FAN_HINT),
        mistake(
            "misses y's direct term in f = y + exp(xy)",
            y * e * -math.sin(t) + x * e * 2 * t,
            "y is used twice (directly and inside exp(xy)): y_bar = 1 + x exp(xy)",
        ),
        mistake(
            "has the wrong sign on the cos t path",
            y * e * math.sin(t) + (1 + x * e) * 2 * t,
            "d(cos t)/dt = -sin t",
        ),
    ]


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key import chain_rule as cr

    cases = []
    r_points = [
        ("dr/dt = 9t^2 + 2t at a positive t", float(np.round(rng.uniform(0.5, 3.0), 3))),
        ("dr/dt = 9t^2 + 2t at a negative t", float(np.round(rng.uniform(-2.5, -0.3), 3))),
        ("dr/dt = 9t^2 + 2t at another t", float(np.round(rng.uniform(-3.0, 3.0), 4))),
    ]
    for name, t in r_points:
        r, dr = cr.r_and_grad(t)
        cases.append(
            Case(
                f"{name} (t = {t:g})",
                f"r_and_grad({t:g})",
                judge(
                    value_and_derivative,
                    fn_name="r_and_grad",
                    value=r,
                    derivative=dr,
                    mistakes=_r_mistakes(t),
                ),
                args=(0, t),
                probe="call_keeping_precision",
                part="r_and_grad",
            )
        )
    f_points = [
        float(np.round(rng.uniform(0.2, 1.0), 3)),
        float(np.round(rng.uniform(1.0, 2.0), 3)),
        float(np.round(rng.uniform(-2.0, 0.0), 4)),
    ]
    for t in f_points:
        f, df = cr.f_and_grad(t)
        cases.append(
            Case(
                f"df/dt against the closed form at t = {t:g}",
                f"f_and_grad({t:g})",
                judge(
                    value_and_derivative,
                    fn_name="f_and_grad",
                    value=f,
                    derivative=df,
                    mistakes=_f_mistakes(t),
                ),
                args=(1, t),
                probe="call_keeping_precision",
                part="f_and_grad",
            )
        )
    return cases


chain_rule = register(
    Exercise(
        "03.chain_rule",
        "The multivariate chain rule by backward code",
        ("r_and_grad", "f_and_grad"),
        _cases,
    )
)
