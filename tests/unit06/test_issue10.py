"""Unit 06 and issue 10: the caller's arrays, float32 precision and array-likes."""

from __future__ import annotations

import numpy as np
import pytest

from nncourse.check import unit06
from nncourse.key import quadratics as key

pytestmark = pytest.mark.unit06

HIDDEN = 20_261_128


def _lost(report) -> set:
    return {r.name for r in report.results if not report.counts(r)}


def _unchanged_case(report) -> str:
    (name,) = [r.name for r in report.results if r.name.startswith("leaves the caller's arrays")]
    return name


def _newton_in_place(A, b, w, eta=1.0):
    out = key.newton_step(A, b, w.copy(), eta)
    w[:] = out  # the caller's w overwritten
    return out


def _rate_in_place(losses, f_star):
    out = key.convergence_rate(losses.copy(), f_star)
    losses -= f_star
    return out


def _rates_in_place(A):
    out = key.direction_rates(A.copy())
    A[0, 0] = 0.0
    return out


def _plateau_in_place(losses, eta, alpha, patience, rel_tol):
    out = key.plateau_decay(losses.copy(), eta, alpha, patience, rel_tol)
    losses.sort()
    return out


def _iterations_in_place(A, b, w0, eta, tol, max_iter):
    out = key.iterations_to_tol(A, b, w0.copy(), eta, tol, max_iter)
    w0 *= 2.0
    return out


@pytest.mark.parametrize(
    ("name", "fn", "argument"),
    [
        ("newton_step", _newton_in_place, "w"),
        ("convergence_rate", _rate_in_place, "losses"),
        ("direction_rates", _rates_in_place, "A"),
        ("plateau_decay", _plateau_in_place, "losses"),
        ("iterations_to_tol", _iterations_in_place, "w0"),
    ],
)
def test_writing_into_an_argument_loses_only_the_unchanged_case(name, fn, argument):
    report = getattr(unit06, name)(fn, seed=HIDDEN, quiet=True)
    unchanged = _unchanged_case(report)
    assert _lost(report) == {unchanged}
    failed = next(r for r in report.results if r.name == unchanged)
    assert f"changed the caller's {argument} in place" in failed.message


@pytest.mark.parametrize(
    ("name", "fn"),
    [
        ("newton_step", lambda A, b, w, eta=1.0: np.zeros_like(w)),
        ("convergence_rate", lambda losses, f_star: np.ones(len(losses) - 1)),
        ("direction_rates", lambda A: (np.ones(len(A)), 1.0, 1.0)),
        ("plateau_decay", lambda losses, eta, *a: eta),
    ],
)
def test_the_unchanged_case_pays_nothing_without_the_values(name, fn):
    report = getattr(unit06, name)(fn, seed=HIDDEN, quiet=True)
    assert next(r for r in report.results if r.name == _unchanged_case(report)).passed
    assert report.earned_points == 0


def test_direction_rates_in_float32_keep_every_point():
    def single(A):
        etas, eta_max, kappa = key.direction_rates(np.asarray(A, dtype=np.float32))
        return etas.astype(np.float32), np.float32(eta_max), np.float32(kappa)

    for seed in (None, HIDDEN, 3):
        assert unit06.direction_rates(single, seed=seed, quiet=True).score == 1.0


def test_direction_rates_float64_etas_keep_the_float64_tolerance_for_kappa():
    def off(A):
        etas, eta_max, kappa = key.direction_rates(A)
        return etas, eta_max, kappa * (1 + 1e-4)

    report = unit06.direction_rates(off, seed=HIDDEN, quiet=True)
    assert report.earned_points == 0
    assert any("kappa has the wrong value" in r.message for r in report.results)


def test_newton_step_as_a_tuple_keeps_every_point():
    def as_tuple(A, b, w, eta=1.0):
        return tuple(key.newton_step(A, b, w, eta).tolist())

    assert unit06.newton_step(as_tuple, seed=HIDDEN, quiet=True).score == 1.0
