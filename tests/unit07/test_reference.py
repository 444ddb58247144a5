"""The answer key's update rules: the maths the checkers rely on."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nncourse.key import optimizers as opt

pytestmark = pytest.mark.unit07

finite = st.floats(-5, 5, allow_nan=False).filter(lambda x: abs(x) > 1e-3)


def _tensors(rng, shapes=((3, 2), (2,))):
    return {f"t{i}": rng.normal(size=s) for i, s in enumerate(shapes)}


@pytest.mark.parametrize("name", list(opt.OPTIMIZERS))
def test_pure_and_repeatable(name):
    rng = np.random.default_rng(0)
    step = opt.OPTIMIZERS[name]
    w, state = _tensors(rng), None
    for _ in range(4):
        g = _tensors(rng)
        w_copy = {k: v.copy() for k, v in w.items()}
        g_copy = {k: v.copy() for k, v in g.items()}
        w1, s1 = step(w, g, state)
        w2, _ = step(w, g, state)  # same state again: same answer (state not mutated)
        for k in w:
            np.testing.assert_array_equal(w[k], w_copy[k])
            np.testing.assert_array_equal(g[k], g_copy[k])
            np.testing.assert_array_equal(w1[k], w2[k])
            assert w1[k].shape == w[k].shape
        w, state = w1, s1


def test_momentum_matches_lecture_formula():
    rng = np.random.default_rng(1)
    w, state, v = {"a": rng.normal(size=4)}, None, np.zeros(4)
    W = w["a"].copy()
    for _ in range(5):
        g = rng.normal(size=4)
        v = 0.9 * v - 0.05 * g
        W = W + v
        w, state = opt.momentum_step(w, {"a": g}, state, lr=0.05)
        np.testing.assert_allclose(w["a"], W)


def test_nesterov_returns_the_look_ahead_point_of_the_lecture_rule():
    # E = 1/2 sum c_i x_i^2; lecture rule on the true weights W, gradient at W + beta v.
    c = np.array([1.0, 10.0, 0.3])
    W, v, beta, lr = np.array([1.0, -2.0, 3.0]), np.zeros(3), 0.9, 0.03
    w, state = {"x": W.copy()}, None
    for _ in range(10):
        g_look = c * (W + beta * v)
        v = beta * v - lr * g_look
        W = W + v
        w, state = opt.nesterov_step(w, {"x": c * w["x"]}, state, lr=lr, beta=beta)
        np.testing.assert_allclose(w["x"], W + beta * v, rtol=1e-12, atol=1e-12)


def test_rprop_grows_then_steps_back_half_way_on_a_flip():
    w, s = {"x": np.array([0.0])}, None
    w, s = opt.rprop_step(w, {"x": np.array([1.0])}, s, step0=0.1)
    assert w["x"][0] == pytest.approx(-0.1)
    w, s = opt.rprop_step(w, {"x": np.array([2.0])}, s, step0=0.1)  # same sign: 0.12 more
    assert w["x"][0] == pytest.approx(-0.22)
    w, s = opt.rprop_step(w, {"x": np.array([-1.0])}, s, step0=0.1)  # flip: back 0.12, fwd 0.06
    assert w["x"][0] == pytest.approx(-0.16)
    w, s = opt.rprop_step(w, {"x": np.array([3.0])}, s, step0=0.1)  # agrees with kept ref
    assert w["x"][0] == pytest.approx(-0.16 - 0.072)


def test_rprop_floor_and_ceiling():
    w, s = {"x": np.array([0.0])}, None
    for _ in range(30):
        w, s = opt.rprop_step(w, {"x": np.array([1.0])}, s, step0=0.1, step_max=0.5)
    assert s["step"]["x"][0] == pytest.approx(0.5)
    for k in range(30):
        w, s = opt.rprop_step(w, {"x": np.array([(-1.0) ** (k + 1)])}, s, step_min=0.01)
    assert s["step"]["x"][0] >= 0.01 - 1e-15


@settings(max_examples=60, deadline=None)
@given(a=st.floats(0.1, 10), m=finite, w0=finite, lr_a=st.floats(0.4, 1.5))
def test_quickprop_lands_on_a_1d_quadratic_in_one_secant_step(a, m, w0, lr_a):
    w, state = {"w": np.array([w0])}, None
    lr = lr_a / a
    if abs(w0 - m) < 1e-3 or abs(1 - lr_a) < 1e-3:
        return
    w, state = opt.quickprop_step(w, {"w": a * (w["w"] - m)}, state, lr=lr)  # fallback step
    w, state = opt.quickprop_step(w, {"w": a * (w["w"] - m)}, state, lr=lr)  # secant step
    assert w["w"][0] == pytest.approx(m, rel=1e-9, abs=1e-9)


def test_quickprop_growth_limit_and_fallback():
    w, s = opt.quickprop_step(
        {"x": np.array([0.0, 0.0])}, {"x": np.array([1.0, 1.0])}, None, lr=0.1
    )
    # second gradients: almost unchanged (secant explodes: limited) and exactly unchanged
    w2, s2 = opt.quickprop_step(w, {"x": np.array([0.999, 1.0])}, s, lr=0.1, growth=1.75)
    np.testing.assert_allclose(s2["dw"]["x"], [-0.175, -0.1])


def test_adam_first_step_is_lr_times_sign_with_bias_correction():
    g = np.array([0.003, -7.0, 2.0])
    w, _ = opt.adam_step({"x": np.zeros(3)}, {"x": g}, None, lr=0.01)
    np.testing.assert_allclose(w["x"], -0.01 * np.sign(g), rtol=1e-5)


def test_sgd_epoch_steps_once_per_batch_including_the_last_partial_one():
    calls = []

    def grad_fn(w, Xb, Yb):
        calls.append(len(Xb))
        return {"w": Xb.T @ (Xb @ w["w"] - Yb) / len(Xb)}

    rng = np.random.default_rng(3)
    X, Y = rng.normal(size=(10, 2)), rng.normal(size=10)
    order = rng.permutation(10)
    w = opt.sgd_epoch({"w": np.zeros(2)}, grad_fn, X, Y, order, lr=0.1, batch_size=4)
    assert calls == [4, 4, 2]
    expect = np.zeros(2)
    for start in (0, 4, 8):
        idx = order[start : start + 4]
        expect = expect - 0.1 * X[idx].T @ (X[idx] @ expect - Y[idx]) / len(idx)
    np.testing.assert_allclose(w["w"], expect)
