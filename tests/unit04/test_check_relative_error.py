"""The relative-error checker: 0/0, the floor, symmetry, signs, norms for arrays."""

from __future__ import annotations

import pytest

from nncourse.check import unit04
from nncourse.check.results import ERROR, FAIL, NOT_ATTEMPTED, TIMEOUT
from nncourse.key import gradcheck

from .students import relative_error as student

pytestmark = pytest.mark.unit04


def _report(fn, **kw):
    return unit04.relative_error(fn, quiet=True, **kw)


def _case(report, start: str):
    return next(r for r in report.results if r.name.startswith(start))


@pytest.mark.parametrize("seed", [None, 904_002, 1, 2, 3])
def test_student_answer_passes_visible_and_hidden_seeds(seed):
    assert _report(student(), seed=seed).passed


def test_reference_passes():
    assert _report(gradcheck.relative_error).passed


def test_no_floor_gives_nan_at_zero_and_one_for_tiny_values():
    report = _report(student("no_floor"))
    zero = _case(report, "0 / 0")
    assert zero.status == FAIL and "returned nan" in zero.message
    assert "max(|a| + |b|, floor)" in zero.hint
    tiny = _case(report, "tiny numbers use the floor")
    assert tiny.status == FAIL and "/ 1e-8 = " in tiny.hint and tiny.hint.endswith(", not 1")
    assert _case(report, "two numbers").passed


def test_special_casing_zero_still_misses_the_floor():
    report = _report(student("zero_only"))
    assert _case(report, "0 / 0").passed
    assert not _case(report, "tiny numbers use the floor").passed
    assert not _case(report, "tiny arrays use the floor").passed


def test_floor_of_the_wrong_size():
    report = _report(student("big_floor"))
    assert not _case(report, "tiny numbers").passed
    assert _case(report, "two numbers").passed


def test_asymmetric_formula():
    report = _report(student("asymmetric"))
    r = _case(report, "symmetric")
    assert r.status == FAIL
    assert "differs from relative_error(a, b)" in r.message or "wrong value" in r.message
    assert not _case(report, "two numbers").passed


def test_asymmetric_formula_that_gets_one_order_right_is_called_asymmetric():
    def half_right(a, b, floor=1e-8):
        # right when a < b, |a - b| / |a| otherwise
        if abs(a) < abs(b):
            return abs(a - b) / max(abs(a) + abs(b), floor)
        return abs(a - b) / max(abs(a), floor)

    r = _case(_report(half_right), "symmetric")
    assert r.message == "relative_error(b, a) differs from relative_error(a, b)"
    assert "|a| + |b|" in r.hint


def test_missing_absolute_values():
    report = _report(student("no_abs"))
    r = _case(report, "two negative numbers")
    assert "negative number" in r.message or "wrong value" in r.message
    assert not _case(report, "opposite signs give 1").passed


def test_abs_of_the_sum_in_the_denominator():
    r = _case(_report(student("abs_of_sum")), "opposite signs give 1")
    assert r.status == FAIL
    assert "not |a + b|" in r.hint


@pytest.mark.parametrize("bug", ["elementwise_max"])
def test_elementwise_max_instead_of_norms(bug):
    report = _report(student(bug))
    r = _case(report, "arrays: one number from norms")
    assert r.status == FAIL and "wrong value" in r.message
    assert "norms over all entries" in r.hint
    assert _case(report, "two numbers").passed


def test_returning_an_array_for_arrays():
    r = _case(_report(student("elementwise")), "arrays: one number")
    assert "should be a single real number" in r.message


def test_bad_outputs():
    report = _report(lambda a, b, floor=1e-8: None)
    assert "should be a single real number" in report.results[0].message
    assert "return" in report.results[0].hint

    def raises(a, b, floor=1e-8):
        raise ZeroDivisionError("float division by zero")

    assert _case(_report(raises), "0 / 0").status == ERROR

    def loops(a, b, floor=1e-8):
        while True:
            pass

    assert _report(loops, timeout=0.2).results[0].status == TIMEOUT
    assert {r.status for r in _report(student("stub")).results} == {NOT_ATTEMPTED}
