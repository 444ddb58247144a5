"""06.regime_1d: the optimal rate 1/a and the regime of a rate, held against a real run.

Each case's expected answer is what gradient descent *did*: the checker runs
``w <- w - eta (a w + b)`` in float64 (``quadratics_demo.run_1d``) and reads the regime off the
run (``quadratics_demo.observe_regime``). Where ``eta * a`` is a rounding error away from 1 or 2
no run can tell the neighbours apart, and both the run's name and the one the float64
comparison of ``eta * a`` with 1 and 2 gives are accepted.
"""

from __future__ import annotations

import re

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, expect_scalar, expect_tuple, fail, ok

NAMES = ("monotone", "one step", "oscillating", "stuck oscillating", "divergent")
ALIASES = {"stuck": "stuckoscillating", "onestepconvergence": "onestep"}

HINT = (
    "compute q = eta * a and compare it with 1 and 2 exactly (==, <): the factor 1 - q "
    "of each step decides the regime"
)


def normalise(name: object) -> str:
    """Lower case, letters only, with a few aliases: "One-step" -> "onestep"."""
    key = re.sub(r"[^a-z]", "", str(name).lower())
    return ALIASES.get(key, key)


def one(got: object, *, a: float, eta: float, accepted: list, observed: str) -> Verdict:
    """Judge one ``(eta_opt, name)`` result."""
    call = f"regime_1d(a={a!r}, eta={eta!r})"
    bad = expect_tuple(got, 2, name=call)
    if bad is not None:
        return bad
    rate = expect_scalar(
        got[0],
        1.0 / a,
        name=f"eta_opt from {call}",
        hint="the optimal rate makes the factor 1 - eta * a zero",
    )
    if not rate.passed:
        return rate
    if not isinstance(got[1], str):
        return fail(
            f"the regime from {call} is not a string",
            got=repr(got[1])[:80],
            hint=f"return one of {', '.join(repr(n) for n in NAMES)}",
        )
    if normalise(got[1]) not in {normalise(n) for n in accepted}:
        return fail(
            f"{call} predicted {got[1]!r}, but gradient descent did otherwise",
            expected=" or ".join(repr(n) for n in accepted)
            + f" (the run: {observed}; eta * a = {eta * a!r})",
            got=repr(got[1]),
            hint=HINT,
        )
    return ok()


def regimes(got: object, *, calls: list, accepted: list, observed: list) -> Verdict:
    """Judge the results of several calls (probe ``call_each``): every one must be right."""
    if not isinstance(got, list) or len(got) != len(calls):
        return fail("regime_1d could not be called on every input", got=str(got)[:120])
    for result, (a, eta), names, seen in zip(got, calls, accepted, observed):
        verdict = one(result, a=a, eta=eta, accepted=names, observed=seen)
        if not verdict.passed:
            return verdict
    return ok()


def _case(name: str, rng: np.random.Generator, pairs: list[tuple[float, float]]) -> Case:
    from nncourse.key.quadratics import regime_1d as ref
    from nncourse.quadratics_demo import observe_regime, run_1d

    accepted, observed = [], []
    for a, eta in pairs:
        b = float(rng.uniform(-2.0, 2.0))
        start = -b / a + float(rng.choice([-1.0, 1.0]) * rng.uniform(0.5, 2.0))
        seen = observe_regime(run_1d(a, b, start, eta), -b / a)
        names = [seen] if ref(a, eta)[1] == seen else [seen, ref(a, eta)[1]]
        accepted.append(names)
        observed.append(seen)
    shown = "; ".join(f"({a:.6g}, {eta:.6g})" for a, eta in pairs)
    return Case(
        name,
        f"regime_1d(a, eta) for (a, eta) = {shown}",
        judge(regimes, calls=[[a, eta] for a, eta in pairs], accepted=accepted, observed=observed),
        args=([(0, (a, eta)) for a, eta in pairs],),
        probe="call_each",
    )


def _curvature(rng: np.random.Generator, low: float, high: float) -> float:
    """A curvature a for which eta = 1/a and 2/a land exactly on q = 1 and q = 2."""
    while True:
        a = float(rng.uniform(low, high))
        if (1.0 / a) * a == 1.0 and (2.0 / a) * a == 2.0:
            return a


def _rounding_curvature(rng: np.random.Generator) -> float:
    """A curvature for which (1/a) * a != 1 in float64 (about 1 in 25 integers)."""
    while True:
        a = float(rng.integers(2, 2000))
        if (1.0 / a) * a != 1.0 and (2.0 / a) * a != 2.0:
            return a


def _cases(rng: np.random.Generator) -> list[Case]:
    a1 = _curvature(rng, 0.5, 20.0)
    qs = [rng.uniform(0.1, 0.9), 1.0, rng.uniform(1.1, 1.9), 2.0, rng.uniform(2.1, 4.0)]
    five = [(a1, 1.0 / a1 if q == 1.0 else 2.0 / a1 if q == 2.0 else float(q / a1)) for q in qs]
    a2 = _curvature(rng, 0.2, 50.0)
    a3 = float(2.0 ** rng.integers(-3, 6))
    exact = [(a2, 1.0 / a2), (a2, 2.0 / a2), (a3, 1.0 / a3), (a3, 2.0 / a3)]
    a4 = _curvature(rng, 0.5, 20.0)
    near = [
        (a4, (1.0 - 1e-6) / a4),
        (a4, (1.0 + 1e-6) / a4),
        (a4, (2.0 - 1e-6) / a4),
        (a4, (2.0 + 1e-6) / a4),
    ]
    a5 = _rounding_curvature(rng)
    rounding = [(a5, 1.0 / a5), (a5, 2.0 / a5), (a5, 0.5 / a5), (a5, 3.0 / a5)]
    return [
        _case("the five regimes", rng, five),
        _case("exactly on the boundaries: eta_opt and 2 eta_opt", rng, exact),
        _case("a millionth away from each boundary", rng, near),
        _case("where rounding decides: eta = 1/a and 2/a with (1/a) * a != 1", rng, rounding),
    ]


regime_1d = register(
    Exercise("06.regime_1d", "Optimal rate and regime on a 1-D quadratic", ("regime_1d",), _cases)
)
