"""Checker 01.separable: passes correct tests (perceptron or LP), catches the typical bugs."""

from __future__ import annotations

import numpy as np
import pytest

from nncourse.check import EXERCISES, unit01
from nncourse.check.unit01.separable import MAX_PERCEPTRON_UPDATES
from nncourse.key import separability as sep

pytestmark = pytest.mark.unit01


def perceptron_answer(X, y):
    return sep.perceptron(X, y, MAX_PERCEPTRON_UPDATES)


def lp_answer(X, y):
    found = sep.separate(X, y)
    return (found.w, found.b) if found.separable else None


def result(report, name):
    matches = [r for r in report.results if r.name == name]
    assert matches, f"no check named {name!r}"
    return matches[0]


@pytest.mark.parametrize("answer", [perceptron_answer, lp_answer], ids=["perceptron", "lp"])
@pytest.mark.parametrize("seed", [None, 1, 2, 901_001])
def test_correct_answers_pass(answer, seed):
    report = unit01.separable(answer, seed=seed)
    assert report.passed, report


def test_hidden_sets_differ_from_the_visible_ones():
    visible = {c.name: c.args for c in EXERCISES["01.separable"].cases()}
    hidden = {c.name: c.args for c in EXERCISES["01.separable"].cases(seed=901_001)}
    name = "random separable set in 5-D"
    assert not np.array_equal(visible[name][0], hidden[name][0])
    for name in ("XOR is not separable", "AND is separable", "3-bit parity is not separable"):
        assert not np.allclose(visible[name][0], hidden[name][0]), name


def test_separable_sets_are_separable_and_the_others_are_not_for_many_seeds():
    for seed in range(40):
        for case in EXERCISES["01.separable"].cases(seed=seed):
            if case.probe:
                continue
            X, y = case.args
            found = sep.separate(X, y)
            assert case.judge(lp_answer(X, y)).passed, (seed, case.name)
            if found.separable:
                assert sep.perceptron_bound(X, y, found.w, found.b) < np.inf


def test_too_few_epochs_is_caught_with_the_bound_in_the_hint():
    report = unit01.separable(lambda X, y: sep.perceptron(X, y, max_epochs=2))
    assert not report.passed
    bad = [r for r in report.failures() if "None" in r.message]
    assert bad, report
    assert "not separable" in bad[0].message
    assert f"{MAX_PERCEPTRON_UPDATES} updates" in bad[0].hint
    assert "separates every point" in bad[0].expected


def test_returning_the_last_weights_when_not_converged_is_caught_with_evidence():
    def last_weights(X, y):
        w, b = np.zeros(X.shape[1]), 0.0
        for _ in range(50):
            for x_i, y_i in zip(X, y):
                if y_i * (x_i @ w + b) <= 0:
                    w, b = w + y_i * x_i, b + y_i
        return w, b

    report = unit01.separable(last_weights)
    xor = result(report, "XOR is not separable")
    assert not xor.passed
    assert "not linearly separable" in xor.message
    assert "cross" not in xor.hint  # the evidence is phrased as segments meeting
    assert "segment between the positive points" in xor.hint
    assert not result(report, "a positive point inside the negatives' hull (6-D)").passed
    assert result(report, "random separable set in 2-D").passed


def test_forgetting_the_bias_is_caught():
    def no_bias(X, y):
        w = np.zeros(X.shape[1])
        for _ in range(MAX_PERCEPTRON_UPDATES):
            mistakes = 0
            for x_i, y_i in zip(X, y):
                if y_i * (x_i @ w) <= 0:
                    w, mistakes = w + y_i * x_i, mistakes + 1
            if mistakes == 0:
                return w, 0.0
        return None

    report = unit01.separable(no_bias)
    and_case = result(report, "AND is separable")
    assert not and_case.passed and "separable" in and_case.message
    assert not result(report, "only one class (around the origin: needs the bias)").passed


def test_a_strict_inequality_that_accepts_the_zero_vector_is_caught():
    def lenient(X, y):
        w, b = np.zeros(X.shape[1]), 0.0
        for _ in range(100):
            mistakes = 0
            for x_i, y_i in zip(X, y):
                if y_i * (x_i @ w + b) < 0:  # bug: 0 counts as correct
                    w, b, mistakes = w + y_i * x_i, b + y_i, mistakes + 1
            if mistakes == 0:
                return w, b
        return None

    report = unit01.separable(lenient)
    and_case = result(report, "AND is separable")
    assert not and_case.passed
    assert "on the wrong side or on the boundary" in and_case.message
    assert "on the boundary" in and_case.hint
    assert not result(report, "XOR is not separable").passed


def test_flipped_sign_is_caught():
    def flipped(X, y):
        found = lp_answer(X, y)
        return None if found is None else (-found[0], -found[1])

    report = unit01.separable(flipped)
    case = result(report, "random separable set in 10-D")
    assert not case.passed and "does not separate" in case.message
    assert "w . x + b" in case.got


def test_labels_read_as_zero_one_is_caught():
    def zero_one(X, y):
        t = (np.asarray(y) > 0).astype(float)  # bug: a perceptron on 0/1 labels
        w, b = np.zeros(X.shape[1]), 0.0
        for _ in range(200):
            mistakes = 0
            for x_i, t_i in zip(X, t):
                if t_i * (x_i @ w + b) <= 0:
                    w, b, mistakes = w + t_i * x_i, b + t_i, mistakes + 1
            if mistakes == 0:
                return w, b
        return None

    assert not unit01.separable(zero_one).passed


def test_always_none_and_always_a_separator_fail_opposite_cases():
    never = unit01.separable(lambda X, y: None)
    assert result(never, "XOR is not separable").passed
    assert not result(never, "AND is separable").passed
    assert "did you forget" not in result(never, "AND is separable").hint
    always = unit01.separable(lambda X, y: (np.ones(X.shape[1]), 0.0))
    assert not result(always, "XOR is not separable").passed
    assert "expected" not in result(always, "XOR is not separable").message


def test_wrong_result_formats_are_explained():
    report = unit01.separable(lambda X, y: (True, np.zeros(X.shape[1]), 0.0))
    case = result(report, "AND is separable")
    assert not case.passed and "pair (w, b)" in case.message
    report = unit01.separable(lambda X, y: (np.zeros(X.shape[1] + 1), 0.0))
    case = result(report, "AND is separable")
    assert "w has the wrong shape" in case.message
    report = unit01.separable(lambda X, y: (np.full(X.shape[1], np.nan), 0.0))
    assert "NaN" in result(report, "AND is separable").message


def test_a_list_for_w_is_accepted():
    def as_lists(X, y):
        found = lp_answer(X, y)
        return None if found is None else (list(found[0]), found[1])

    assert unit01.separable(as_lists).passed


def test_endless_loop_times_out_with_a_clear_message():
    def forever(X, y):
        w, b = np.zeros(X.shape[1]), 0.0
        while True:  # no bound: never ends on XOR
            mistakes = 0
            for x_i, y_i in zip(X, y):
                if y_i * (x_i @ w + b) <= 0:
                    w, b, mistakes = w + y_i * x_i, b + y_i, mistakes + 1
            if mistakes == 0:
                return w, b

    report = unit01.separable(forever, timeout=0.5)
    xor = result(report, "XOR is not separable")
    assert xor.status == "timeout" and "did not finish" in xor.message
    assert "not run" in result(report, "two rings, one inside the other").message
