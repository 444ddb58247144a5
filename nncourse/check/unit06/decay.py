"""06.decay: linear, quadratic and exponential learning-rate schedules."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, expect_array, fail, mistake

FORMULAS = {
    "linear": "eta0 / (k + 1)",
    "quadratic": "eta0 / (k + 1)**2",
    "exponential": "eta0 * exp(-beta * k)",
}


def schedule(got: object, *, kind: str, expected: np.ndarray, mistakes: list) -> Verdict:
    """Judge one schedule: ``steps`` rates by the formula, k counted from 0."""
    if isinstance(got, str):  # the probe's marker: the call raised ValueError
        return fail(
            f"decay({kind!r}, ...) raised ValueError for a known schedule",
            hint=f"{kind!r} is one of the three schedules: {FORMULAS[kind]}",
        )
    return expect_array(
        got,
        expected,
        name=f"decay({kind!r}, eta0, steps, beta)",
        mistakes=mistakes,
        hint=f"eta_k = {FORMULAS[kind]} for k = 0, 1, ...",
    )


def schedule_and_refusal(
    got: object, *, kind: str, expected: np.ndarray, mistakes: list, refused: str
) -> Verdict:
    """Judge ``[a known schedule, an unknown kind]``: right values, then ValueError."""
    if not isinstance(got, list) or len(got) != 2:
        return fail("decay could not be called twice", got=str(got)[:120])
    verdict = schedule(got[0], kind=kind, expected=expected, mistakes=mistakes)
    if not verdict.passed:
        return verdict
    if got[1] != refused:
        return fail(
            "decay('cosine', ...) did not raise ValueError",
            got=str(got[1])[:80],
            hint="end with `raise ValueError(f'unknown schedule {kind!r}')`",
        )
    return verdict


def _mistakes(kind: str, eta0: float, steps: int, beta: float) -> list:
    """What typical slips return on this input, as data."""
    from nncourse.key.quadratics import decay as ref

    k = np.arange(steps, dtype=float)
    fix = f"eta_k = {FORMULAS[kind]} for k = 0, 1, ..."
    shifted = ref(kind, eta0, steps + 1, beta)[1:]
    found = [mistake("the schedule one step late (k counted from 1)", shifted, fix)]
    if kind == "quadratic":
        found.append(mistake("eta0 / (k + 1): the square is missing", eta0 / (k + 1), fix))
    if kind == "exponential":
        found.append(mistake("exp(+beta k): a growing rate", eta0 * np.exp(beta * k), fix))
    if kind == "linear":
        found.append(
            mistake(
                "a straight-line decay eta0 (1 - k / steps)",
                eta0 * (1 - k / steps),
                "here linear means eta0 / (k + 1)",
            )
        )
    return found


def _case(name: str, kind: str, eta0: float, steps: int, beta: float, unknown: bool) -> Case:
    from nncourse.inside.probes.unit06 import REFUSED
    from nncourse.key.quadratics import decay as ref

    expected = ref(kind, eta0, steps, beta)
    mistakes = _mistakes(kind, eta0, steps, beta)
    calls = [(kind, eta0, steps, beta)]
    call = f"decay({kind!r}, eta0={eta0:.4g}, steps={steps}, beta={beta:.4g})"
    if unknown:
        calls.append(("cosine", eta0, steps, beta))
        call += "; then decay('cosine', ...)"
        judged = judge(
            schedule_and_refusal, kind=kind, expected=expected, mistakes=mistakes, refused=REFUSED
        )
    else:
        judged = judge(_first, kind=kind, expected=expected, mistakes=mistakes)
    return Case(name, call, judged, args=(calls,), probe="call_or_refusal")


def _first(got: object, *, kind: str, expected: np.ndarray, mistakes: list) -> Verdict:
    """Judge the one schedule of a one-call case."""
    if not isinstance(got, list) or len(got) != 1:
        return fail("decay could not be called", got=str(got)[:120])
    return schedule(got[0], kind=kind, expected=expected, mistakes=mistakes)


def _cases(rng: np.random.Generator) -> list[Case]:
    def eta0():
        return float(rng.uniform(0.1, 2.0))

    def steps():
        return int(rng.integers(5, 30))

    return [
        _case("linear", "linear", eta0(), steps(), float(rng.uniform(0.01, 0.5)), False),
        _case("quadratic", "quadratic", eta0(), steps(), float(rng.uniform(0.01, 0.5)), False),
        _case("exponential", "exponential", eta0(), steps(), float(rng.uniform(0.01, 0.5)), False),
        _case(
            "exponential, then an unknown kind raises ValueError",
            "exponential",
            eta0(),
            steps(),
            float(rng.uniform(0.5, 2.0)),
            True,
        ),
    ]


decay = register(Exercise("06.decay", "Decay schedules", ("decay",), _cases))
