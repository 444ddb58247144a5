"""03.logistic_signals: loss and error signals of L2-regularised logistic least squares."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, fail, mistake, ok
from nncourse.check.unit03.common import matching_mistake, number, scalar_problem
from nncourse.inside.guard import describe_value

SIGNAL_NAMES = ("loss", "y_bar", "z_bar", "w_bar", "b_bar")
"""Keys of the dictionary ``logistic_error_signals`` returns."""


def signals(got: object, *, expected: dict, mistakes: dict) -> Verdict:
    """Judge the dict of signals key by key, exactly; name a known mistake a wrong value matches.

    Parameters
    ----------
    expected : dict
        ``{key: float}`` for every key of ``SIGNAL_NAMES`` (computed with the answer key).
    mistakes : dict
        ``{key: [mistake(label, wrong value, hint), ...]}``.
    """
    if not isinstance(got, dict):
        return fail(
            "the result should be a dict",
            expected=f"keys {SIGNAL_NAMES}",
            got=describe_value(got),
            hint="return {'loss': ..., 'y_bar': ..., ...}",
            wanted=f"a dict with keys {SIGNAL_NAMES}",
        )
    for key in SIGNAL_NAMES:
        if key not in got:
            return fail(
                f"the dict has no key {key!r}",
                expected=f"keys {SIGNAL_NAMES}",
                got=f"keys {tuple(got)}",
                wanted=f"keys {SIGNAL_NAMES}",
            )
        problem = scalar_problem(got[key], expected[key], key)
        if problem is None:
            continue
        known = matching_mistake(number(got[key]), mistakes.get(key))
        if known is not None:
            problem = f"{key} {known['label']}"
        return fail(
            f"{key} is wrong: {problem}",
            f"{expected[key]:.12g}",
            describe_value(got[key]),
            known["hint"]
            if known
            else "go back one step: each signal is the one after it times a local derivative",
            mistake=known["label"] if known else "",
        )
    return ok()


def _known_mistakes(args: tuple, expected: dict) -> dict:
    """What the usual bugs return for each key at this point (from the reference's signals)."""
    w, b, x, t, lam = args
    z_bar = expected["z_bar"]

    def named(label: str, value: float) -> dict:
        return mistake(label, float(value), label)

    return {
        "loss": [named("leaves out the regulariser lam/2 w^2", 0.5 * expected["y_bar"] ** 2)],
        "y_bar": [named("has the wrong sign: y_bar = y - t", -expected["y_bar"])],
        "z_bar": [named("misses sigma'(z): z_bar = y_bar * sigma'(z)", expected["y_bar"])],
        "w_bar": [
            named(
                "misses the regulariser's part: w_bar = z_bar x + R_bar w with R_bar = lam",
                z_bar * x,
            ),
            named("uses 2 lam w, but R = 1/2 w^2 so dR/dw = w", z_bar * x + 2 * lam * w),
            named("forgets the factor x from z = w x + b", z_bar + lam * w),
        ],
        "b_bar": [named("regularises b, but R = 1/2 w^2 involves w only", z_bar + lam * b)],
    }


def _draw(rng: np.random.Generator, low: float, high: float) -> float:
    return float(np.round(rng.uniform(low, high), 3))


def _points(rng: np.random.Generator) -> list[tuple[str, tuple]]:
    """(name, (w, b, x, t, lam)) of each case: the kinds are fixed, the numbers drawn."""
    w, x = _draw(rng, 0.4, 1.5), _draw(rng, 0.5, 2.0)
    big = _draw(rng, 6.0, 9.0)  # a saturated unit: z = w x = big
    xs = _draw(rng, 2.0, 3.0)
    return [
        ("without L2 (lam = 0)", (w, _draw(rng, -0.5, 0.5), x, float(rng.integers(0, 2)), 0.0)),
        (
            "with L2",
            (_draw(rng, -1.5, 1.5), _draw(rng, -1, 1), _draw(rng, -2, 2), 1.0, _draw(rng, 0.05, 1)),
        ),
        (
            "a saturated unit (z > 6)",
            (round(big / xs, 3), 0.0, xs, 0.0, _draw(rng, 0.01, 0.1)),
        ),
        (
            "negative input and weight",
            (_draw(rng, -1.5, -0.3), _draw(rng, -0.5, 0.5), _draw(rng, -2.5, -0.5), 1.0, 0.5),
        ),
        (
            "random point",
            (
                _draw(rng, -2, 2),
                _draw(rng, -2, 2),
                _draw(rng, -3, 3),
                float(rng.integers(0, 2)),
                _draw(rng, 0.05, 1),
            ),
        ),
    ]


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key import chain_rule as cr

    cases = []
    for name, args in _points(rng):
        expected = cr.logistic_error_signals(*args)
        cases.append(
            Case(
                name,
                "logistic_error_signals(w={}, b={}, x={}, t={}, lam={})".format(*args),
                judge(signals, expected=expected, mistakes=_known_mistakes(args, expected)),
                args=(0, *args),
                probe="call_keeping_precision",
            )
        )
    return cases


logistic_signals = register(
    Exercise(
        "03.logistic_signals",
        "Error signals of logistic least squares",
        ("logistic_error_signals",),
        _cases,
    )
)
