"""Checkers for the chain-rule examples, the logistic error signals and softmax/max backward."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nncourse.check import unit03
from nncourse.key import backprop, chain_rule

pytestmark = pytest.mark.unit03


def _r_student(bug=""):
    def r_and_grad(t):
        u, v = t**2, 3 * t + 1
        r = u * v
        u_bar, v_bar = v, u
        if bug == "one_path":
            return r, u_bar * 2 * t
        if bug == "finite_difference":
            h = 1e-6

            def r(s):
                return s**2 * (3 * s + 1)

            return r(t), (r(t + h) - r(t - h)) / (2 * h)
        if bug == "array":
            return np.array([r, u_bar * 2 * t + v_bar * 3])
        return r, u_bar * 2 * t + v_bar * 3

    return r_and_grad


def _f_student(bug=""):
    def f_and_grad(t):
        x, y = math.cos(t), t**2
        e = math.exp(x * y)
        f = y + e
        p_bar = e
        x_bar = p_bar * y
        y_bar = (0.0 if bug == "no_direct" else 1.0) + p_bar * x
        dx_dt = math.sin(t) if bug == "sin_sign" else -math.sin(t)
        return f, x_bar * dx_dt + y_bar * 2 * t

    return f_and_grad


def test_reference_chain_rule_passes():
    assert unit03.chain_rule(chain_rule.r_and_grad, chain_rule.f_and_grad).passed


def test_worked_numbers():
    assert chain_rule.r_and_grad(2.0) == (28.0, 40.0)
    for t in np.linspace(-3, 3, 13):
        dr = chain_rule.r_and_grad(t)[1]
        assert dr == pytest.approx(9 * t**2 + 2 * t, rel=1e-14, abs=1e-14)
        df = chain_rule.f_and_grad(t)[1]
        assert df == pytest.approx(chain_rule.f_grad_closed_form(t), rel=1e-13, abs=1e-14)


def test_student_chain_rule_passes():
    assert unit03.chain_rule(_r_student(), _f_student()).passed


@pytest.mark.parametrize(
    "r_bug, f_bug, words",
    [
        ("one_path", "", "counts only the path through u = t^2"),
        ("finite_difference", "", "close, but not exact (a finite-difference estimate?)"),
        ("array", "", "should be a tuple of 2"),
        ("", "no_direct", "misses y's direct term"),
        ("", "sin_sign", "has the wrong sign on the cos t path"),
    ],
)
def test_chain_rule_bugs_are_named(r_bug, f_bug, words):
    report = unit03.chain_rule(_r_student(r_bug), _f_student(f_bug), quiet=True)
    assert not report.passed
    assert words in repr(report)


def test_chain_rule_wrong_value_and_none():
    report = unit03.chain_rule(lambda t: (0.0, 9 * t * t + 2 * t), lambda t: None, quiet=True)
    text = repr(report)
    assert "the forward value is wrong" in text
    assert "should be a tuple of 2" in text


def _logistic_student(bug=""):
    def logistic_error_signals(w, b, x, t, lam):
        z = w * x + b
        y = 1 / (1 + math.exp(-z))
        loss = 0.5 * (y - t) ** 2 + (0 if bug == "no_reg_loss" else 0.5 * lam * w * w)
        y_bar = y - t
        z_bar = y_bar if bug == "no_sigma_prime" else y_bar * y * (1 - y)
        w_bar = z_bar * x + {"no_reg": 0.0, "two_lam": 2 * lam * w}.get(bug, lam * w)
        out = {"loss": loss, "y_bar": y_bar, "z_bar": z_bar, "w_bar": w_bar, "b_bar": z_bar}
        if bug == "missing_key":
            del out["b_bar"]
        return out

    return logistic_error_signals


def test_reference_and_student_logistic_pass():
    assert unit03.logistic_signals(chain_rule.logistic_error_signals).passed
    assert unit03.logistic_signals(_logistic_student(), seed=5).passed


@pytest.mark.parametrize(
    "bug, words",
    [
        ("no_reg", "w_bar misses the regulariser's part"),
        ("two_lam", "uses 2 lam w, but R = 1/2 w^2"),
        ("no_sigma_prime", "z_bar misses sigma'(z)"),
        ("no_reg_loss", "loss leaves out the regulariser"),
        ("missing_key", "the dict has no key 'b_bar'"),
    ],
)
def test_logistic_bugs_are_named(bug, words):
    report = unit03.logistic_signals(_logistic_student(bug), quiet=True)
    assert not report.passed
    assert words in repr(report)


def test_logistic_without_l2_cannot_tell_no_reg_apart():
    # at lam = 0 the missing-regulariser bug is invisible: that case must pass, others fail
    report = unit03.logistic_signals(_logistic_student("no_reg"), quiet=True)
    assert report.results[0].passed and not report.results[1].passed


def test_logistic_bad_outputs():
    assert "should be a dict" in repr(unit03.logistic_signals(lambda *a: (1, 2), quiet=True))
    text = repr(
        unit03.logistic_signals(
            lambda *a: dict.fromkeys(chain_rule.SIGNAL_NAMES, float("nan")), quiet=True
        )
    )
    assert "loss is nan" in text


def _max_everywhere(z, dy):
    z = np.asarray(z, dtype=float)
    return np.broadcast_to(np.asarray(dy, dtype=float)[..., None], z.shape).copy()


def _max_all_tied(z, dy):
    z = np.asarray(z, dtype=float)
    mask = z == z.max(axis=-1, keepdims=True)
    return mask * np.asarray(dy, dtype=float)[..., None]


def _max_split_ties(z, dy):
    mask = _max_all_tied(z, np.ones(np.shape(z)[:-1]))
    return mask / mask.sum(axis=-1, keepdims=True) * np.asarray(dy, dtype=float)[..., None]


def _max_relu_like(z, dy):
    z = np.asarray(z, dtype=float)
    return (z > 0) * np.asarray(dy, dtype=float)[..., None]


def test_reference_vector_backward_passes():
    assert unit03.vector_backward(backprop.softmax_backward, backprop.max_backward).passed


def test_an_even_split_at_ties_is_a_valid_subgradient():
    assert unit03.vector_backward(backprop.softmax_backward, _max_split_ties).passed


@pytest.mark.parametrize(
    "softmax_fn, max_fn, words",
    [
        (lambda y, dy: y * dy, backprop.max_backward, "misses the -y y^T term"),
        (lambda y, dy: y * (dy - np.sum(dy * y)), backprop.max_backward, "wrong values"),
        (backprop.softmax_backward, _max_everywhere, "sent the gradient to every input"),
        (backprop.softmax_backward, _max_all_tied, "non-negative weights that add up to 1"),
        (backprop.softmax_backward, _max_relu_like, "not the maximum"),
        (backprop.softmax_backward, lambda z, dy: None, "is None"),
    ],
)
def test_vector_backward_bugs_are_named(softmax_fn, max_fn, words):
    report = unit03.vector_backward(softmax_fn, max_fn, quiet=True)
    assert not report.passed
    assert words in repr(report)


def _stub(*_args):
    raise NotImplementedError()


def test_chain_rule_credits_each_function_and_names_the_stub():
    report = unit03.chain_rule(_stub, chain_rule.f_and_grad, quiet=True)
    assert report.attempted
    for r in report.results:
        assert r.passed == r.name.startswith("df/dt"), r
    assert report.score == pytest.approx(0.5)
    assert "`_stub` still raises NotImplementedError" in repr(report)
    assert report.summary().endswith("still to write: `_stub`")


@pytest.mark.parametrize("seed", [None, 11])
def test_chain_rule_and_signals_in_float32_keep_their_points(seed):
    def r32(t):
        t = np.float32(t)
        u, v = t * t, np.float32(3) * t + np.float32(1)
        return u * v, v * np.float32(2) * t + u * np.float32(3)

    def f32(t):
        return tuple(np.float32(v) for v in chain_rule.f_and_grad(float(np.float32(t))))

    def signals32(*args):
        out = chain_rule.logistic_error_signals(*(np.float32(a) for a in args))
        return {k: np.float32(v) for k, v in out.items()}

    assert unit03.chain_rule(r32, f32, seed=seed, quiet=True).passed
    assert unit03.logistic_signals(signals32, seed=seed, quiet=True).passed


def test_a_finite_difference_in_float64_is_still_told_apart():
    report = unit03.chain_rule(_r_student("finite_difference"), _f_student(), quiet=True)
    assert "a finite-difference estimate?" in repr(report)


def test_vector_backward_credits_each_function_and_names_the_stub():
    report = unit03.vector_backward(backprop.softmax_backward, _stub, quiet=True)
    for r in report.results:
        assert r.passed == r.call.startswith("softmax_backward"), r
    assert "still to write: `_stub`" in report.summary()


def test_zeros_earn_nothing_for_a_constant_upstream_gradient():
    report = unit03.vector_backward(
        lambda y, dy: np.zeros_like(y), backprop.max_backward, quiet=True
    )
    r = next(r for r in report.results if r.name.startswith("a constant upstream"))
    assert r.passed and not report.counts(r)
    assert r.needs == ("softmax backward, one row per example",)


def test_softmax_backward_changing_dy_in_place_is_named():
    def in_place(y, dy):
        dy -= np.sum(dy * y, axis=-1, keepdims=True)
        return y * dy

    report = unit03.vector_backward(in_place, backprop.max_backward, quiet=True)
    r = next(r for r in report.results if r.name == "softmax_backward leaves y and dy unchanged")
    assert not r.passed
    assert "softmax_backward changed its argument dy in place" in r.message
    assert all(x.passed for x in report.results if x is not r)


def test_max_backward_changing_z_in_place_is_named():
    def in_place(z, dy):
        out = backprop.max_backward(z, dy)
        z[...] = 0.0
        return out

    report = unit03.vector_backward(backprop.softmax_backward, in_place, quiet=True)
    r = next(r for r in report.results if r.name == "max_backward leaves z and dy unchanged")
    assert "max_backward changed its argument z in place" in r.message


def test_hidden_seeds_draw_new_inputs_for_every_case():
    for ex in (unit03.chain_rule, unit03.logistic_signals, unit03.vector_backward):
        a, b = ex.build_cases(1), ex.build_cases(2)
        for x, y in zip(a, b):
            assert repr(x.args) != repr(y.args), (ex.id, x.name)
