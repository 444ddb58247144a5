"""The finite-difference checker: passes right answers, names each typical bug in words."""

from __future__ import annotations

import pytest

from nncourse.check import unit04
from nncourse.check.results import ERROR, FAIL, NOT_ATTEMPTED, PASS, TIMEOUT
from nncourse.key import gradcheck

from .students import numerical_gradient as student

pytestmark = pytest.mark.unit04


def _report(fn, **kw):
    return unit04.numerical_gradient(fn, quiet=True, **kw)


def _case(report, start: str):
    return next(r for r in report.results if r.name.startswith(start))


def _failed(report) -> set[str]:
    return {r.name for r in report.results if not r.passed}


@pytest.mark.parametrize("seed", [None, 904_001, 1, 2, 3, 4, 5, 6, 7, 8])
def test_student_answer_passes_visible_and_hidden_seeds(seed):
    report = _report(student(), seed=seed)
    assert report.passed, repr(report)


def test_reference_passes():
    assert _report(gradcheck.numerical_gradient).passed


def test_hidden_seed_changes_the_inputs():
    visible = unit04.numerical_gradient.cases()
    hidden = unit04.numerical_gradient.cases(seed=904_001)
    assert visible[0].call != hidden[0].call


def test_dividing_by_h_instead_of_2h():
    r = _case(_report(student("over_h")), "two-sided difference at h")
    assert r.status == FAIL
    assert "twice the two-sided difference" in r.message
    assert "divide by 2 * h" in r.hint


def test_forward_difference_where_central_was_asked():
    report = _report(student("forward_for_two"))
    r = _case(report, "two-sided difference at h")
    assert "one-sided (forward) difference, not the two-sided" in r.message
    assert not _case(report, "two-sided is exact on a quadratic").passed
    order = _case(report, "two-sided error shrinks")
    assert "shrinks like h^1." in order.message and "h^2" in order.message
    assert _case(report, "one-sided difference at h").passed


def test_central_difference_where_forward_was_asked():
    report = _report(student("central_for_one"))
    r = _case(report, "one-sided difference at h")
    assert "two-sided difference, but kind='one-sided' was asked for" in r.message
    assert "shrinks like h^2.0" in _case(report, "one-sided error shrinks").message
    assert _case(report, "two-sided difference at h").passed


def test_backward_difference_for_one_sided():
    r = _case(_report(student("backward")), "one-sided difference at h")
    assert "backward difference" in r.message
    assert "forward difference" in r.hint


def test_mutating_x_is_reported():
    r = _case(_report(student("mutate")), "x is unchanged")
    assert r.status == FAIL
    assert "changed x in place and did not restore it" in r.message
    assert "copy" in r.hint


@pytest.mark.parametrize("bug", ["tiny_h", "big_h"])
def test_bad_default_steps_fail_the_default_cases(bug):
    report = _report(student(bug))
    r = _case(report, "default h, two-sided")
    assert "with the default arguments the relative error" in r.message
    assert "round-off" in r.hint and "truncation" in r.hint
    assert not _case(report, "default h, one-sided").passed
    assert _case(report, "two-sided difference at h").passed  # explicit h still right


def test_one_default_for_both_kinds_is_too_coarse_one_sided():
    report = _report(student("one_h"))
    assert _failed(report) == {
        f"default h, one-sided: error below {unit04.DEFAULT_BOUND_ONE_SIDED:g}"
    }


def test_default_kind_must_be_two_sided():
    report = _report(student("default_one_sided"))
    assert _failed(report) == {"default kind is two-sided"}
    assert "kind='two-sided'" in _case(report, "default kind").hint


@pytest.mark.parametrize(
    ("bug", "words"),
    [
        ("flat", "has the wrong shape"),
        ("none", "is None"),
        ("nan", "NaN"),
    ],
)
def test_bad_outputs_are_reported_in_words(bug, words):
    r = _case(_report(student(bug)), "a matrix x, two-sided")
    assert r.status == FAIL
    assert words in r.message


def test_wrong_shape_hint_says_keep_the_shape_of_x():
    r = _case(_report(student("flat")), "a matrix x, two-sided")
    assert "shape (3, 4), the shape of x" in r.expected and "shape (12,)" in r.got
    assert "np.ndindex" in r.hint


def test_calling_f_with_a_flattened_x_names_the_shape():
    r = _case(_report(student("flat_to_f")), "a matrix x, two-sided")
    assert r.status == ERROR
    assert "f expects x of shape (3, 4)" in r.message


def test_raising_is_an_error_not_a_traceback():
    report = _report(student("raise"))
    assert all(r.status == ERROR for r in report.results)
    assert "raised ValueError: something broke" in report.results[0].message


def test_endless_loop_times_out_and_stops():
    report = _report(student("loop"), timeout=0.3)
    assert report.results[0].status == TIMEOUT
    assert all("not run" in r.message for r in report.results[1:])


def test_stub_is_not_attempted():
    def stub(f, x, h=None, kind="two-sided"):
        raise NotImplementedError()

    report = _report(stub)
    assert {r.status for r in report.results} == {NOT_ATTEMPTED}


def test_points_add_up_and_a_pass_is_a_pass():
    report = _report(student())
    assert all(r.status == PASS for r in report.results)
    assert report.points(4) == 4.0


@pytest.mark.parametrize(
    ("kind", "step", "passes"),
    [
        ("two-sided", 1e-10, False),
        ("two-sided", 1e-8, False),
        ("two-sided", 3e-8, True),
        ("two-sided", 1e-7, True),
        ("two-sided", 1e-5, True),
        ("two-sided", 1e-4, True),
        ("two-sided", 1e-3, False),
        ("one-sided", 1e-10, False),
        ("one-sided", 1e-9, True),
        ("one-sided", 1e-8, True),
        ("one-sided", 1e-7, True),
        ("one-sided", 1e-6, True),
        ("one-sided", 1e-5, False),
        ("one-sided", 1e-3, False),
    ],
)
def test_default_step_bounds_accept_sensible_steps_only(kind, step, passes):
    """The calibration every seed's default-step function is drawn to (CALIBRATION)."""

    def with_default(f, x, h=None, kind=kind):
        return gradcheck.numerical_gradient(f, x, step if h is None else h, kind)

    name = "default h, two-sided" if kind == "two-sided" else "default h, one-sided"
    assert _case(_report(with_default), name).passed is passes
