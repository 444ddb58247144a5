"""Unit 07's checkers: the key passes, honest variants keep full marks, each typical bug fails
with its name, trivial answers score 0, bad outputs are reported in words."""

from __future__ import annotations

import numpy as np
import pytest

from nncourse.check import EXERCISES
from nncourse.check import unit07 as check
from nncourse.key import optimizer_bugs as bug
from nncourse.key import optimizers as opt

from . import students as st

pytestmark = pytest.mark.unit07

STEP_EXERCISES = [
    "sgd_step",
    "momentum_step",
    "nesterov_step",
    "rprop_step",
    "quickprop_step",
    "adam_step",
]
SEEDS = (None, 7, 907_005)
NOTEBOOK_SEEDS = {
    "sgd_step": 907_001,
    "sgd_epoch": 907_002,
    "momentum_step": 907_003,
    "nesterov_step": 907_004,
    "rprop_step": 907_005,
    "quickprop_step": 907_006,
    "adam_step": 907_007,
}
"""The hidden tests' seeds in solutions/07_optimizers.ipynb."""


def _text(report):
    return " | ".join(" ".join((r.message, r.got, r.hint, r.mistake)) for r in report.results)


@pytest.mark.parametrize("name", [*STEP_EXERCISES, "sgd_epoch"])
@pytest.mark.parametrize("seed", ["notebook", *SEEDS])
def test_the_key_passes(name, seed):
    seed = NOTEBOOK_SEEDS[name] if seed == "notebook" else seed
    report = getattr(check, name)(getattr(opt, name), seed=seed)
    assert report.passed, _text(report)


@pytest.mark.parametrize(
    "name, fn",
    [
        ("momentum_step", st.momentum_tuple_state),
        ("momentum_step", st.momentum_float32),
        ("momentum_step", st.momentum_lists_and_print),
        ("nesterov_step", st.nesterov_true_weights_in_state),
        ("rprop_step", st.rprop_loops),
        ("adam_step", st.adam_float32),
        ("sgd_epoch", st.sgd_epoch_own_loop),
    ],
)
@pytest.mark.parametrize("seed", SEEDS)
def test_honest_variants_keep_full_marks(name, fn, seed):
    report = getattr(check, name)(fn, seed=seed, quiet=True)
    assert report.score == 1.0, _text(report)


BUGS = [
    ("sgd_step", bug.sgd_uphill, "a step up the gradient"),
    ("sgd_step", bug.sgd_no_lr, "without the learning rate"),
    ("momentum_step", bug.momentum_minus_velocity, "momentum sign slip"),
    ("momentum_step", bug.momentum_ema, "averaging convention"),
    ("nesterov_step", bug.nesterov_as_momentum, "no look-ahead"),
    ("nesterov_step", bug.nesterov_double_lookahead, "without removing the old one"),
    ("rprop_step", bug.rprop_no_step_back, "does not step back"),
    ("rprop_step", bug.rprop_forgets_reference, "replaces the reference gradient"),
    ("rprop_step", bug.rprop_no_limits, "floor and ceiling"),
    ("quickprop_step", bug.quickprop_slide_sign, "the slide's sign"),
    ("quickprop_step", bug.quickprop_no_limit, "without the growth limit"),
    ("quickprop_step", bug.quickprop_no_fallback, "without the fallback"),
    ("adam_step", bug.adam_no_bias_correction, "without bias correction"),
    ("adam_step", bug.adam_correct_m_only, "only m bias-corrected"),
    ("adam_step", bug.adam_eps_inside, "eps inside the square root"),
]


@pytest.mark.parametrize("name, fn, words", BUGS)
@pytest.mark.parametrize("seed", ["notebook", *SEEDS])
def test_typical_bugs_fail_by_name(name, fn, words, seed):
    seed = NOTEBOOK_SEEDS[name] if seed == "notebook" else seed
    report = getattr(check, name)(fn, seed=seed)
    assert not report.passed
    assert any(words in r.mistake and "it looks like" in r.message for r in report.results), _text(
        report
    )


def test_quickprop_slide_sign_misses_the_minimum_of_the_quadratic():
    report = check.quickprop_step(bug.quickprop_slide_sign)
    failed = {r.name for r in report.results if not r.passed}
    assert "one secant step lands on a 1-D quadratic's minimum" in failed


@pytest.mark.parametrize("name", STEP_EXERCISES)
@pytest.mark.parametrize(
    "fn",
    [
        st.returns_input,
        st.returns_zeros,
        st.returns_none,
        st.returns_grad,
        st.sign_sgd,
        st.returns_nan,
        st.wrong_shape,
    ],
)
@pytest.mark.parametrize("seed", SEEDS)
def test_trivial_answers_score_zero(name, fn, seed):
    report = getattr(check, name)(fn, seed=seed)
    assert report.score == 0.0, _text(report)
    assert "Traceback" not in repr(report)


@pytest.mark.parametrize("seed", SEEDS)
def test_sgd_epoch_returning_its_input_scores_zero(seed):
    assert check.sgd_epoch(st.epoch_returns_input, seed=seed).score == 0.0


def test_none_is_reported_as_not_a_pair():
    report = check.momentum_step(st.returns_none)
    assert "not a pair (w_new, state)" in report.results[0].message


def test_nan_and_wrong_shape_are_named():
    assert "NaN" in check.adam_step(st.returns_nan).results[0].message
    assert "wrong shape" in check.adam_step(st.wrong_shape).results[0].message


def test_raising_stub_and_endless_loop():
    raised = check.rprop_step(st.raises_value_error)
    assert raised.score == 0 and "ValueError" in raised.results[0].message
    stub = check.rprop_step(st.raises_stub)
    assert not stub.attempted
    slow = check.adam_step(st.endless, timeout=0.5)
    assert slow.score == 0 and slow.results[0].status == "timeout"


def test_changing_the_callers_arrays_in_place_costs_the_points():
    report = check.sgd_step(st.sgd_in_place)
    assert report.score == 0.0
    assert "changed the caller's w in place" in report.results[0].message
    report = check.momentum_step(st.momentum_state_in_place)
    assert report.score == 0.0
    assert "changed the state it was given in place" in _text(report)


def test_a_global_step_counter_is_caught():
    report = check.adam_step(st.adam_global_counter)
    assert report.score < 0.5, _text(report)


@pytest.mark.parametrize(
    "fn, words",
    [
        (st.sgd_epoch_drops_last, "never asked about the last, smaller batch"),
        (st.sgd_epoch_ignores_order, "other rows than order asks for"),
        (st.sgd_epoch_one_step, "grad_fn was called 1 time(s)"),
    ],
)
def test_sgd_epoch_bugs_are_explained(fn, words):
    report = check.sgd_epoch(fn)
    assert not report.passed
    assert words in _text(report), _text(report)


def test_hidden_cases_differ_from_visible_ones():
    ex = EXERCISES["07.adam_step"]
    a, b = ex.build_cases(1), ex.build_cases(2)
    assert not np.array_equal(a[0].args[0]["W"], b[0].args[0]["W"])
