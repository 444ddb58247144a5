"""Issue 10 for unit 04: points only for working code, honest variants keep them, built edge
cases (zero and very large gradients, one-sided differences on a matrix), float32 judged at
float32 precision, and "expected" and "got" never printed as the same text."""

from __future__ import annotations

import numpy as np
import pytest

from nncourse.check import unit04
from nncourse.check.unit04 import common
from nncourse.check.unit04.gradient_check import errors as errors_judge
from nncourse.check.unit04.numerical_gradient import default_bound, quotient, x_unchanged
from nncourse.key import gradcheck

from .students import gradient_check, relative_error

pytestmark = pytest.mark.unit04

SEEDS = [None, 1, 2, 20_261_128]
EPS32 = float(np.finfo(np.float32).eps)


def _case(report, start: str):
    return next(r for r in report.results if r.name.startswith(start))


def _float32_numerical_gradient(f, x, h=None, kind="two-sided"):
    """Computed in float32 throughout, with the float32 steps eps^(1/3) and eps^(1/2)."""
    if h is None:
        h = EPS32 ** (1 / 3) if kind == "two-sided" else EPS32**0.5
    x = np.array(x, dtype=np.float32)
    h = np.float32(h)
    grad = np.zeros(x.shape, dtype=np.float32)
    f_x = np.float32(f(x))
    for i in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[i] += h
        minus[i] -= h
        if kind == "one-sided":
            grad[i] = (np.float32(f(plus)) - f_x) / h
        else:
            grad[i] = (np.float32(f(plus)) - np.float32(f(minus))) / (np.float32(2) * h)
    return grad


# --- no points without working code -----------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_return_zero_everywhere_earns_nothing(seed):
    def zero(*args, **kwargs):
        return 0

    for name in ("numerical_gradient", "relative_error", "gradient_check", "find_buggy"):
        report = getattr(unit04, name)(zero, seed=seed, quiet=True)
        assert report.earned_points == 0, (name, seed)


def test_every_property_case_counts_only_with_values():
    for ex in (unit04.numerical_gradient, unit04.relative_error, unit04.gradient_check):
        for case in ex.cases(seed=3):
            if "unchanged" in case.name or "give 0" in case.name or "tiny" in case.name:
                assert case.needs, (ex.id, case.name)
    buggy = unit04.find_buggy.cases(seed=3)
    assert all(case.needs for case in buggy)


def test_edge_cases_draw_their_numbers_from_the_seed():
    for ex in (unit04.relative_error, unit04.numerical_gradient, unit04.find_buggy):
        one, other = ex.cases(seed=5), ex.cases(seed=6)
        same = [
            a.name
            for a, b in zip(one, other)
            if a.call == b.call and "0 / 0" not in a.name and "unchanged" not in a.name
        ]
        assert not same, (ex.id, same)


# --- honest variants ----------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_a_numerical_gradient_computed_in_float32_keeps_every_point(seed):
    report = unit04.numerical_gradient(_float32_numerical_gradient, seed=seed, quiet=True)
    assert report.passed, repr(report)
    r = _case(report, "default h, two-sided")
    assert "float32" in r.message


def test_float32_default_bound_follows_the_step_size_trade_off():
    assert default_bound(1e-8, "two-sided", common.EPS64) == 1e-8
    two = default_bound(1e-8, "two-sided", EPS32)
    one = default_bound(1e-6, "one-sided", EPS32)
    assert two == pytest.approx(1e-8 * (EPS32 / common.EPS64) ** (2 / 3))
    assert one == pytest.approx(1e-6 * (EPS32 / common.EPS64) ** 0.5)


def test_a_float32_result_that_is_wrong_says_which_precision_was_applied():
    report = unit04.numerical_gradient(
        lambda f, x, h=None, kind="two-sided": 2 * _float32_numerical_gradient(f, x, h, kind),
        quiet=True,
    )
    r = _case(report, "two-sided difference at h")
    assert not r.passed and "judged at float32 precision" in r.message
    assert "twice the two-sided difference" in r.message


def test_a_float64_result_is_still_judged_at_float64():
    def rounded(f, x, h=None, kind="two-sided"):  # float32 accuracy, returned as float64
        return _float32_numerical_gradient(f, x, h, kind).astype(np.float64)

    report = unit04.numerical_gradient(rounded, quiet=True)
    assert not _case(report, "two-sided difference at h").passed


@pytest.mark.parametrize("kind", ["list", "tuple"])
def test_lists_and_tuples_with_the_right_values_keep_every_point(kind):
    def as_kind(f, x, h=None, kind_=kind, **kw):
        out = gradcheck.numerical_gradient(f, x, h, **kw).tolist()
        return (
            out if kind_ == "list" else tuple(tuple(r) if isinstance(r, list) else r for r in out)
        )

    def wrapped(f, x, h=None, kind="two-sided"):
        return as_kind(f, x, h, kind=kind)

    assert unit04.numerical_gradient(wrapped, quiet=True).passed


def test_grad_fn_answers_at_a_float32_copy_of_the_params_and_nowhere_else():
    def float32_copy(loss_fn, grad_fn, params, h=1e-5):
        grad_fn([(W.astype(np.float32), b.astype(np.float32)) for W, b in params])
        return gradient_check()(loss_fn, grad_fn, params, h)

    assert unit04.gradient_check(float32_copy, quiet=True).passed

    def elsewhere(loss_fn, grad_fn, params, h=1e-5):
        grad_fn([(W.astype(np.float32) + 1e-3, b) for W, b in params])

    r = unit04.gradient_check(elsewhere, quiet=True).results[0]
    assert "only answers at the params the checker passed in" in r.message


# --- built edge cases: zero and large gradients, one-sided on a matrix -------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_zero_and_very_large_gradients_are_in_every_seed(seed):
    re_names = [c.name for c in unit04.relative_error.cases(seed)]
    assert "very large numbers: the scale cancels" in re_names
    assert "two zero gradients give 0" in re_names
    gc_cases = {c.name: c for c in unit04.gradient_check.cases(seed)}
    zero = gc_cases["exactly zero gradients (W2 = 0) report 0"]
    assert zero.judge.params["expected"][:2] == [0.0, 0.0]  # W1 and b1
    large = gc_cases["very large gradients (targets of order 1e3): every error tiny"]
    dW2 = large.args[4][1][0]
    assert np.abs(dW2).max() > 100


def test_no_floor_is_named_at_exactly_zero_gradients():
    report = unit04.gradient_check(gradient_check(relerr=relative_error("no_floor")), quiet=True)
    r = _case(report, "exactly zero gradients")
    assert r.status == "fail" and "exactly zero" in r.message
    assert "max(|a| + |b|, floor)" in r.hint
    assert _case(report, "one layer's bug").passed


def test_an_absolute_error_fails_on_very_large_numbers():
    def absolute(a, b, floor=1e-8):
        return float(np.linalg.norm(np.asarray(a, float) - np.asarray(b, float)))

    report = unit04.relative_error(absolute, seed=4, quiet=True)
    assert not _case(report, "very large numbers").passed


@pytest.mark.parametrize("seed", [None, 1, 2, 3, 4, 5, 20_261_128])
def test_a_one_sided_gradient_check_is_caught_on_every_seed(seed):
    report = unit04.gradient_check(gradient_check("one_sided"), seed=seed, quiet=True)
    assert not _case(report, "a correct gradient").passed


@pytest.mark.parametrize("seed", [None, 1, 2, 3, 4, 5, 20_261_128])
def test_one_sided_for_two_sided_on_a_matrix_is_caught_on_every_seed(seed):
    def swapped(f, x, h=None, kind="two-sided"):
        other = "one-sided" if kind == "two-sided" else "two-sided"
        return gradcheck.numerical_gradient(f, x, h, other if np.ndim(x) == 2 else kind)

    for precision in (np.float64, np.float32):

        def typed(f, x, h=None, kind="two-sided", precision=precision):
            return swapped(f, x, h, kind).astype(precision)

        report = unit04.numerical_gradient(typed, seed=seed, quiet=True)
        assert not _case(report, "a matrix x, two-sided").passed
        assert not _case(report, "a matrix x, one-sided").passed


# --- "expected" and "got" never print alike ----------------------------------------------------


def test_close_arrays_print_their_first_difference_at_full_precision():
    target = np.array([0.1234567, 1.0, 2.0])
    got = target.copy()
    got[0] += 1e-6
    verdict = quotient(
        got,
        kind="two-sided",
        target=target,
        forms={k: target + 1.0 for k in ("one-sided", "two-sided", "backward", "double")},
        x=np.zeros(3),
        f_scale=1.0,
        h=1e-3,
    )
    assert not verdict.passed and verdict.expected != verdict.got
    assert "(0,)" in verdict.expected


def test_close_errors_of_gradient_check_print_apart():
    verdict = errors_judge(
        ({"W1": 0.3304}, True), names=["W1"], expected=[0.33], what="a scaled gradient"
    )
    assert not verdict.passed and verdict.expected != verdict.got


def test_an_x_changed_by_round_off_shows_the_changed_entry():
    original = np.array([[0.3, 0.7], [0.1, 0.2]])
    after = original.copy()
    after[1, 0] = np.nextafter(after[1, 0], 1.0)  # one ulp: x[i] += h; x[i] -= h
    verdict = x_unchanged(after, original=original)
    assert not verdict.passed and verdict.expected != verdict.got
    assert "[1, 0]" in verdict.got
