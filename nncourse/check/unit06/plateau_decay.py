"""06.plateau_decay: multiply the rate by alpha when the loss has stopped improving."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, expect_scalar, fail, ok

HINT = (
    "a plateau: more than `patience` losses, and min(losses[-patience:]) >= "
    "(1 - rel_tol) * min(losses[:-patience]); then return alpha * eta, else eta"
)


def rates(got: object, *, expected: list, calls: list) -> Verdict:
    """Judge the rate returned by each call (probe ``call_each``)."""
    if not isinstance(got, list) or len(got) != len(expected):
        return fail("plateau_decay could not be called on every input", got=str(got)[:120])
    for value, want, call in zip(got, expected, calls):
        verdict = expect_scalar(value, want, name=f"the rate from {call}", hint=HINT)
        if not verdict.passed:
            return verdict
    return ok()


def _histories(rng: np.random.Generator, patience: int, rel_tol: float) -> list[np.ndarray]:
    """Four loss histories: improving, flat, too short, and just below the threshold."""
    n = patience + int(rng.integers(2, 8))
    improving = rng.uniform(1.0, 5.0) * np.cumprod(rng.uniform(0.5, 0.9, size=n))
    head = rng.uniform(1.0, 5.0) * np.cumprod(rng.uniform(0.5, 0.9, size=n - patience))
    best = head.min()
    flat = np.concatenate([head, best * rng.uniform(1 - rel_tol / 2, 1.5, size=patience)])
    short = rng.uniform(1.0, 2.0, size=patience)
    barely = np.concatenate([head, best * rng.uniform(1.0, 1.5, size=patience)])
    barely[-int(rng.integers(2, patience + 1))] = best * (1 - 2 * rel_tol)  # not the last
    return [improving, flat, short, barely]


def _case(name: str, rng: np.random.Generator, exact_tie: bool = False) -> Case:
    from nncourse.key.quadratics import plateau_decay as ref

    patience = int(rng.integers(2, 6))
    rel_tol = float(rng.uniform(0.01, 0.1))
    alpha, eta = float(rng.uniform(0.1, 0.5)), float(rng.uniform(0.05, 1.0))
    histories = _histories(rng, patience, rel_tol)
    if exact_tie:  # best recent loss exactly (1 - rel_tol) * best before: a plateau (>=)
        rel_tol = 0.25
        tie = np.concatenate([[4.0, 2.0, 1.0], np.full(patience - 1, 1.5), [0.75]])
        histories = [tie, histories[0]]
    calls = [(h, eta, alpha, patience, rel_tol) for h in histories]
    expected = [ref(*c) for c in calls]
    texts = [
        f"plateau_decay(losses={np.array2string(h, precision=3, threshold=8)}, "
        f"eta={eta:.3g}, alpha={alpha:.3g}, patience={patience}, rel_tol={rel_tol:.3g})"
        for h in histories
    ]
    return Case(
        name,
        "; ".join(texts),
        judge(rates, expected=expected, calls=texts),
        args=([(0, c) for c in calls],),
        probe="call_each",
    )


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.check.unit06.common import unchanged_case

    cases = [
        _case("improving, flat, too short, just below the threshold", rng),
        _case("the same on other losses", rng),
        _case("a tie counts as a plateau (>=)", rng, exact_tie=True),
    ]
    calls = [args for _, args in cases[0].args[0]]
    needs = tuple(c.name for c in cases)
    return [*cases, unchanged_case("plateau_decay", calls, ["losses"], needs)]


plateau_decay = register(
    Exercise("06.plateau_decay", "Step decay on a plateau", ("plateau_decay",), _cases)
)
