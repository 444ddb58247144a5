"""Reference gradient-checking maths: finite differences, relative error, checks, error vs h."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nncourse import gradcheck_demo
from nncourse.key import backprop, gradcheck
from nncourse.key.buggy_grads import make_loss_fn

pytestmark = pytest.mark.unit04

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


# --- relative error ---------------------------------------------------------------------------


@given(finite, finite)
def test_relative_error_is_symmetric_and_in_unit_interval(a, b):
    r = gradcheck.relative_error(a, b)
    assert r == gradcheck.relative_error(b, a)
    assert 0.0 <= r <= 1.0


@given(arrays(np.float64, (3, 2), elements=finite), arrays(np.float64, (3, 2), elements=finite))
def test_relative_error_of_arrays_is_symmetric_and_in_unit_interval(a, b):
    r = gradcheck.relative_error(a, b)
    assert r == gradcheck.relative_error(b, a)
    assert 0.0 <= r <= 1.0 + 1e-15


@given(arrays(np.float64, 4, elements=finite))
def test_relative_error_of_equal_inputs_is_zero(a):
    assert gradcheck.relative_error(a, a.copy()) == 0.0


@given(st.floats(1e-3, 1e3), st.floats(1e-3, 1e3), st.floats(1.0, 1e3))
def test_relative_error_is_scale_invariant_above_the_floor(a, b, c):
    assert gradcheck.relative_error(c * a, c * b) == pytest.approx(
        gradcheck.relative_error(a, b), rel=1e-12, abs=1e-15
    )


def test_relative_error_special_values():
    assert gradcheck.relative_error(0.0, 0.0) == 0.0
    assert gradcheck.relative_error(1e-12, 0.0) == pytest.approx(1e-4)
    assert gradcheck.relative_error(2.0, -2.0) == 1.0
    assert gradcheck.relative_error(3.0, 0.0) == 1.0
    assert gradcheck.relative_error(2.0, 1.0) == pytest.approx(1 / 3)
    assert gradcheck.relative_error(np.zeros(3), np.zeros(3)) == 0.0
    a, b = np.array([3.0, 0.0]), np.array([0.0, 4.0])
    assert gradcheck.relative_error(a, b) == pytest.approx(5.0 / 7.0)  # norms, not max
    with pytest.raises(ValueError, match="cannot compare shapes"):
        gradcheck.relative_error(np.zeros(3), np.zeros(4))


# --- finite differences -----------------------------------------------------------------------


@st.composite
def quadratics(draw):
    n = draw(st.integers(1, 5))
    seed = draw(st.integers(0, 2**31))
    rng = np.random.default_rng(seed)
    B = rng.normal(size=(n, n))
    return B @ B.T, rng.normal(size=n), rng.normal(size=n) * draw(st.floats(0.1, 10.0))


@given(quadratics(), st.sampled_from([1e-4, 1e-3, 1e-2, 1e-1]))
def test_two_sided_difference_is_exact_on_quadratics(quad, h):
    A, b, x = quad

    def f(v):
        return 0.5 * v @ A @ v + b @ v

    num = gradcheck.numerical_gradient(f, x, h, "two-sided")
    exact = A @ x + b
    scale = 1.0 + abs(f(x))
    assert np.allclose(num, exact, rtol=0, atol=1e-13 * scale / h + 1e-12)


@given(quadratics(), st.sampled_from([1e-3, 1e-2, 1e-1]))
def test_one_sided_error_on_a_quadratic_is_h_over_2_times_the_diagonal(quad, h):
    A, b, x = quad

    def f(v):
        return 0.5 * v @ A @ v + b @ v

    num = gradcheck.numerical_gradient(f, x, h, "one-sided")
    scale = 1.0 + abs(f(x))
    assert np.allclose(
        num - (A @ x + b), 0.5 * h * np.diag(A), rtol=0, atol=1e-13 * scale / h + 1e-12
    )


@given(arrays(np.float64, (2, 3), elements=st.floats(-3, 3)))
def test_numerical_gradient_keeps_shape_and_input(x):
    before = x.copy()
    g = gradcheck.numerical_gradient(lambda m: float(np.sum(np.sin(m))), x)
    assert g.shape == x.shape and g.dtype == np.float64
    assert np.array_equal(x, before)
    assert gradcheck.relative_error(g, np.cos(x)) < 1e-8


def test_numerical_gradient_counts_and_kinds():
    calls = []

    def f(v):
        calls.append(1)
        return float(v @ v)

    gradcheck.numerical_gradient(f, np.ones(4), kind="one-sided")
    assert len(calls) == 5
    calls.clear()
    gradcheck.numerical_gradient(f, np.ones(4))
    assert len(calls) == 8
    with pytest.raises(ValueError, match="kind must be one of"):
        gradcheck.numerical_gradient(f, np.ones(2), 1e-3, kind="central")
    # float32 and integer inputs are differentiated in float64
    assert gradcheck.numerical_gradient(f, np.array([1, 2])).dtype == np.float64


def test_check_gradient_reports_worst_entry_and_shape_errors():
    def f(v):
        return float(np.sum(v**3))

    good = gradcheck.check_gradient(f, lambda v: 3 * v**2, np.array([1.0, -2.0, 0.5]))
    assert good.passed and good.error < 1e-9
    bad = gradcheck.check_gradient(
        f, lambda v: 3 * v**2 * np.array([1, 1, 2]), np.array([1.0, -2.0, 0.5])
    )
    assert not bad.passed and bad.worst_index == (2,) and bad.worst_error == pytest.approx(1 / 3)
    shape = gradcheck.check_gradient(f, lambda v: np.zeros(2), np.ones(3))
    assert not shape.passed and shape.error == float("inf")


# --- network checks ---------------------------------------------------------------------------


def _net(seed, sizes=(5, 6, 4, 3), activation="tanh", combo=("softmax", "cross_entropy")):
    rng = np.random.default_rng(seed)
    params = [(rng.normal(size=(o, i)), rng.normal(size=o)) for i, o in zip(sizes, sizes[1:])]
    X = rng.normal(size=(7, sizes[0]))
    y = (
        rng.integers(0, sizes[-1], 7)
        if combo[1] == "cross_entropy"
        else rng.normal(size=(7, sizes[-1]))
    )
    net = {"activation": activation, "output": combo[0], "loss": combo[1]}
    grads = backprop.loss_and_grads(X, y, params, **net)[1]
    return make_loss_fn(X, y, **net), params, grads


@pytest.mark.parametrize("combo", backprop.VALID_COMBINATIONS)
@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu", "linear"])
def test_correct_gradients_pass_both_checks(combo, activation):
    loss_fn, params, grads = _net(1, activation=activation, combo=combo)
    full = gradcheck.per_tensor_check(loss_fn, params, grads)
    directional = gradcheck.directional_check(loss_fn, params, grads, np.random.default_rng(0))
    assert list(full) == list(directional) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert gradcheck.failing(full) == [] and gradcheck.failing(directional) == []


@given(st.floats(-3.0, 3.0).filter(lambda c: abs(c - 1.0) > 1e-3), st.integers(0, 1000))
def test_directional_error_of_a_scaled_gradient_is_exact(c, seed):
    """For g' = c g every direction gives |c - 1| / (|c| + 1)."""
    loss_fn, params, grads = _net(seed % 7, sizes=(3, 4, 2))
    scaled = [(c * dW, c * db) for dW, db in grads]
    errors = gradcheck.directional_check(loss_fn, params, scaled, np.random.default_rng(seed))
    for err in errors.values():
        assert err == pytest.approx(abs(c - 1) / (abs(c) + 1), rel=1e-5, abs=1e-7)


def test_directional_check_names_the_wrong_tensor_and_wrong_shapes():
    loss_fn, params, grads = _net(2)
    grads[1] = (grads[1][0], grads[1][1] * 1.5)
    grads[2] = (grads[2][0].T, grads[2][1])
    errors = gradcheck.directional_check(loss_fn, params, grads, np.random.default_rng(1))
    assert gradcheck.failing(errors) == ["b2", "W3"]
    assert errors["W3"] == float("inf")


def test_checks_never_mutate_and_use_float64_copies():
    loss_fn, params, grads = _net(3)
    params32 = [(W.astype(np.float32), b.astype(np.float32)) for W, b in params]
    before = [(W.copy(), b.copy()) for W, b in params32]
    seen = []

    def spy(p):
        seen.extend(t.dtype for pair in p for t in pair)
        for W, _ in p:
            W += 1.0  # a loss that scribbles on its input must not reach the caller
        return 0.0

    gradcheck.directional_check(spy, params32, grads, np.random.default_rng(0), n_dirs=1)
    gradcheck.per_tensor_check(spy, params32[:1], grads[:1])
    assert set(seen) == {np.dtype(np.float64)}
    for (W, b), (W0, b0) in zip(params32, before):
        assert np.array_equal(W, W0) and np.array_equal(b, b0)


def test_time_directional_check_names_every_tensor():
    loss_fn, params, grads = _net(4)
    seconds = gradcheck.time_directional_check(
        loss_fn, params, grads, np.random.default_rng(0), repeats=1
    )
    assert list(seconds) == gradcheck.tensor_names(3)
    assert all(0 < s < 1 for s in seconds.values())


# --- error against h --------------------------------------------------------------------------


def test_error_vs_h_shows_the_orders_and_the_round_off_floor():
    hs = np.logspace(-16, 0, 65)
    ng = gradcheck.numerical_gradient  # the demo runs on the student's; the key's here
    c64 = gradcheck_demo.error_curve(ng, np.sin, np.cos, 1.0, hs, np.float64)
    c32 = gradcheck_demo.error_curve(ng, np.sin, np.cos, 1.0, hs, np.float32)
    big = hs >= 1e-2
    assert gradcheck_demo.loglog_slope(hs[big], c64.one_sided[big]) == pytest.approx(1.0, abs=0.1)
    assert gradcheck_demo.loglog_slope(hs[big], c64.two_sided[big]) == pytest.approx(2.0, abs=0.1)
    small = (hs >= 1e-13) & (hs <= 1e-9)
    assert gradcheck_demo.loglog_slope(hs[small], c64.two_sided[small]) == pytest.approx(
        -1, abs=0.3
    )
    h1, e1 = c64.best("one-sided")
    h2, e2 = c64.best("two-sided")
    assert 1e-9 <= h1 <= 1e-7 and 1e-9 < e1 < 1e-7
    assert 1e-6 <= h2 <= 1e-4 and e2 < 1e-10
    assert 1e-5 < c32.best("one-sided")[1] < 1e-3 and 1e-7 < c32.best("two-sided")[1] < 1e-4
    assert c32.eps == pytest.approx(1.19e-7, rel=1e-2) and c32.dtype == "float32"
    # steps below float32 resolution leave x + h == x: the quotient is 0, the error |f'(1)|
    assert c32.one_sided[0] == pytest.approx(np.cos(1.0), rel=1e-6)


def test_loglog_slope_recovers_power_laws():
    hs = np.logspace(-5, 0, 11)
    assert gradcheck_demo.loglog_slope(hs, 3 * hs**2) == pytest.approx(2.0)
    assert gradcheck_demo.loglog_slope(hs, 1e-16 / hs) == pytest.approx(-1.0)
