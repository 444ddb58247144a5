"""Unit 06's checkers on bad student code: stubs, None, wrong types, NaN, exceptions, endless
loops, and trivial answers (constants, zeros, the input returned) that must earn nothing."""

from __future__ import annotations

import time

import numpy as np
import pytest

from nncourse.check import unit06
from nncourse.check.results import ERROR, FAIL, NOT_ATTEMPTED, TIMEOUT

pytestmark = pytest.mark.unit06

EXERCISES = (
    "gradient_descent",
    "regime_1d",
    "direction_rates",
    "iterations_to_tol",
    "newton_step",
    "convergence_rate",
    "decay",
    "plateau_decay",
)


def check(name, fn, **kw):
    return getattr(unit06, name)(fn, quiet=True, **kw)


def stub(*args, **kwargs):
    raise NotImplementedError()


def returns(value):
    def fn(*args, **kwargs):
        return value

    return fn


@pytest.mark.parametrize("name", EXERCISES)
def test_stub_is_not_attempted(name):
    report = check(name, stub)
    assert {r.status for r in report.results} == {NOT_ATTEMPTED} and report.points(3) == 0


@pytest.mark.parametrize("name", EXERCISES)
def test_none_is_reported_in_words(name):
    report = check(name, returns(None))
    assert report.points(3) == 0
    # every value case fails; a case on the caller's arrays may pass, but counts only with them
    assert all(r.status in (FAIL, ERROR) for r in report.results if not r.needs)
    assert not any(report.counts(r) for r in report.results)
    assert "None" in " ".join(r.message + r.got for r in report.results)


@pytest.mark.parametrize("name", EXERCISES)
def test_raising_code_is_an_error_with_the_exception(name):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("oops")

    report = check(name, broken)
    assert report.points(3) == 0
    first = report.results[0]
    assert first.status == ERROR and "ZeroDivisionError" in first.message


@pytest.mark.parametrize("name", ["regime_1d", "newton_step", "decay"])
def test_endless_loop_times_out(name):
    def endless(*args, **kwargs):
        while True:
            time.sleep(0.01)

    report = check(name, endless, timeout=0.3)
    assert report.results[0].status == TIMEOUT and report.points(3) == 0


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("gradient_descent", np.zeros((3, 2))),
        ("direction_rates", (np.ones(2), 1.0, 1.0)),
        ("iterations_to_tol", 0),
        ("iterations_to_tol", -1),
        ("newton_step", np.zeros(2)),
        ("convergence_rate", np.zeros(5)),
        ("decay", np.ones(10)),
        ("plateau_decay", 0.1),
        ("regime_1d", (1.0, "monotone")),
        ("regime_1d", (1.0, "divergent")),
    ],
)
def test_constant_answers_score_zero(name, value):
    assert check(name, returns(value)).points(3) == 0


@pytest.mark.parametrize(
    ("name", "echo"),
    [
        ("gradient_descent", lambda grad, w0, eta, steps: np.array([w0] * (steps + 1))),
        ("newton_step", lambda A, b, w, eta=1.0: np.asarray(w)),
        ("convergence_rate", lambda losses, f_star: np.asarray(losses)[1:]),
        ("decay", lambda kind, eta0, steps, beta=0.1: np.full(steps, eta0)),
        ("plateau_decay", lambda losses, eta, *a, **k: eta),
        ("direction_rates", lambda A: (np.diag(A), np.max(A), np.min(A))),
    ],
)
def test_inputs_returned_score_zero(name, echo):
    assert check(name, echo).points(3) == 0


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("newton_step", np.full(2, np.nan), "NaN"),
        ("newton_step", [0.0, 1.0], "wrong values"),
        ("newton_step", None, "is None"),
        ("newton_step", [[0.0, 1.0]], "wrong shape"),
        ("newton_step", np.zeros(3), "wrong shape"),
        ("regime_1d", "monotone", "tuple of 2"),
        ("direction_rates", np.ones(3), "tuple of 3"),
        ("iterations_to_tol", 2.5, "different count"),
        ("iterations_to_tol", "5", "whole number"),
    ],
)
def test_wrong_kinds_are_reported_in_words(name, value, words):
    report = check(name, returns(value))
    first = report.results[0]
    assert first.status == FAIL and report.points(3) == 0
    assert words.lower() in (first.message + first.got + first.hint).lower(), first


def test_a_regime_that_is_not_a_string():
    report = check("regime_1d", lambda a, eta: (1 / a, 3))
    assert "not a string" in report.results[0].message and report.points(3) == 0


def test_a_value_instead_of_a_function_is_refused():
    report = unit06.newton_step(np.zeros(2))
    assert report.results[0].status == ERROR and "should be a function" in report.results[0].message
