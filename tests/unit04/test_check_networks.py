"""The network checkers: gradient_check (per-tensor errors) and find_buggy (verdicts)."""

from __future__ import annotations

import numpy as np
import pytest

from nncourse.check import unit04
from nncourse.check.results import ERROR, FAIL, NOT_ATTEMPTED, TIMEOUT
from nncourse.key import gradcheck

from .students import find_buggy, gradient_check

pytestmark = pytest.mark.unit04


def _case(report, start: str):
    return next(r for r in report.results if r.name.startswith(start))


def _reference_gradient_check(loss_fn, grad_fn, params, h=1e-5):
    return gradcheck.per_tensor_check(loss_fn, params, grad_fn(params), h)


def _reference_find_buggy(loss_fn, grad_fn, params, tol=1e-6):
    return gradcheck.failing(_reference_gradient_check(loss_fn, grad_fn, params), tol)


SEEDS = [None, 904_003, 904_004, 1, 2, 3, 4, 5, 6, 7]


@pytest.mark.parametrize("seed", SEEDS)
def test_student_answers_pass_visible_and_hidden_seeds(seed):
    assert unit04.gradient_check(gradient_check(), seed=seed, quiet=True).passed
    assert unit04.find_buggy(find_buggy(), seed=seed, quiet=True).passed


def test_reference_answers_pass():
    assert unit04.gradient_check(_reference_gradient_check, quiet=True).passed
    assert unit04.find_buggy(_reference_find_buggy, quiet=True).passed


def test_hidden_seeds_draw_other_bugs():
    def plan(seed):
        return [c.call for c in unit04.find_buggy.cases(seed)]

    assert len({tuple(plan(s)) for s in (None, 904_004, 1, 2)}) == 4


# --- gradient_check ----------------------------------------------------------------------------


def _gc(bug):
    return unit04.gradient_check(gradient_check(bug), quiet=True)


def test_elementwise_max_instead_of_norms():
    r = _case(_gc("elementwise_max"), "one layer's bug")
    assert r.status == FAIL and "the error reported for" in r.message
    assert "with norms" in r.hint


def test_one_sided_check_is_too_coarse_for_correct_gradients():
    r = _case(_gc("one_sided"), "a correct gradient")
    assert r.status == FAIL
    assert r.expected == "below 1e-06"
    assert "two-sided difference" in r.hint


def test_wrong_keys():
    r = _case(_gc("zero_based"), "a correct gradient")
    assert "the dict has the wrong keys" in r.message
    assert "counting layers from 1" in r.hint


def test_returning_a_list():
    r = _case(_gc("list"), "a correct gradient")
    assert "should return a dict" in r.message


def test_wrong_shape_must_report_inf():
    report = _gc("shape_one")
    r = _case(report, "a gradient of the wrong shape")
    assert "has the wrong shape, so its error is inf" in r.message
    assert "float('inf')" in r.hint
    assert _case(report, "a correct gradient").passed


def test_writing_into_params_is_reported():
    report = _gc("writes_params")
    r = _case(report, "leaves params unchanged")
    assert r.status == FAIL and "changed params" in r.message
    assert "trial = list(params)" in r.hint


def test_a_wrong_numerical_gradient_shows_up_in_gradient_check():
    from .students import numerical_gradient

    report = unit04.gradient_check(gradient_check(numgrad=numerical_gradient("over_h")), quiet=True)
    assert not _case(report, "a correct gradient").passed


def test_gradient_check_bad_outputs():
    none = unit04.gradient_check(lambda loss_fn, grad_fn, params, h=1e-5: None, quiet=True)
    assert "should return a dict" in none.results[0].message

    def nan_values(loss_fn, grad_fn, params, h=1e-5):
        return {n: float("nan") for n in gradcheck.tensor_names(len(params))}

    assert "is wrong" in unit04.gradient_check(nan_values, quiet=True).results[0].message

    def strings(loss_fn, grad_fn, params, h=1e-5):
        return {n: "ok" for n in gradcheck.tensor_names(len(params))}

    assert "is not a number" in unit04.gradient_check(strings, quiet=True).results[0].message

    def raises(loss_fn, grad_fn, params, h=1e-5):
        return loss_fn(params[0])  # a pair, not the list

    r = _case(unit04.gradient_check(raises, quiet=True), "a correct gradient")
    assert r.status == ERROR and "is not a (W, b) pair" in r.message

    def loops(loss_fn, grad_fn, params, h=1e-5):
        while True:
            loss_fn(params)

    assert unit04.gradient_check(loops, timeout=0.3, quiet=True).results[0].status == TIMEOUT

    def stub(loss_fn, grad_fn, params, h=1e-5):
        raise NotImplementedError()

    statuses = {r.status for r in unit04.gradient_check(stub, quiet=True).results}
    assert statuses == {NOT_ATTEMPTED}


# --- find_buggy --------------------------------------------------------------------------------


def _fb(bug, seed=None):
    return unit04.find_buggy(find_buggy(bug), seed=seed, quiet=True)


def test_always_empty_misses_every_bug_and_earns_nothing():
    report = _fb("always_empty")
    assert report.results[0].passed  # suspect 1 is correct, but counts only with suspect 6
    assert not report.counts(report.results[0]) and report.earned_points == 0
    for r in report.results[1:6]:
        assert r.status == FAIL and r.message.startswith("missed ")
        assert "this grad_fn:" in r.message


def test_too_tight_tolerance_flags_correct_tensors():
    r = _fb("tight_tol").results[0]
    assert "although its gradient is right" in r.message
    assert "above 1e-06" in r.hint


def test_ignoring_wrong_shapes_misses_them():
    # the last suspect of every seed has a transposed square W2 and b1 not divided by N; find a
    # seed whose random picks include a shape bug
    for seed in range(20):
        report = _fb("ignores_shape", seed)
        failed = [r for r in report.results if not r.passed]
        if failed:
            assert all(r.message.startswith("missed ") for r in failed)
            assert any("wrong axis" in r.message or "transposed" in r.message for r in failed)
            assert "wrong shape" in failed[0].hint
            return
    pytest.fail("no seed drew a wrong-shape bug")


def test_returning_a_set():
    r = _fb("set").results[1]
    assert "should return a list of tensor names" in r.message
    assert "sorted(" in r.hint


def test_unknown_names():
    report = _fb("zero_based")
    assert any("are not tensors of this network" in r.message for r in report.results)


def test_grad_fn_only_answers_at_the_given_point():
    r = _fb("at_other_point").results[0]
    assert r.status == ERROR
    assert "grad_fn here only answers at the params the checker passed in" in r.message


def test_flags_follow_the_bug_not_the_case_position():
    """Every suspect's expected answer is what a real check finds, not what the table says."""
    for seed in (None, 11, 12):
        for case in unit04.find_buggy.cases(seed):
            net, X, y, params, grads = case.args
            from nncourse.key.buggy_grads import make_loss_fn

            errors = gradcheck.per_tensor_check(make_loss_fn(X, y, **net), params, grads)
            verdict = case.judge((gradcheck.failing(errors), True))
            assert verdict.passed, (case.call, verdict.message)


def test_find_buggy_bad_outputs():
    assert (
        "should return a list"
        in unit04.find_buggy(lambda loss_fn, grad_fn, params, tol=1e-6: None, quiet=True)
        .results[0]
        .message
    )
    assert (
        "should return a list"
        in unit04.find_buggy(lambda loss_fn, grad_fn, params, tol=1e-6: np.array([1.0]), quiet=True)
        .results[0]
        .message
    )

    def raises(loss_fn, grad_fn, params, tol=1e-6):
        raise KeyError("W0")

    assert unit04.find_buggy(raises, quiet=True).results[0].status == ERROR
