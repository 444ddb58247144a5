"""Reference code of unit 01: threshold units, XOR networks, McCulloch-Pitts, universality,
feature maps and the collapse of linear stacks."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nncourse.key import feature_maps as fm
from nncourse.key import linear_collapse as lc
from nncourse.key import threshold as th

pytestmark = pytest.mark.unit01


def test_threshold_convention_at_zero():
    np.testing.assert_array_equal(th.step(np.array([-1.0, 0.0, 2.0])), [0.0, 1.0, 1.0])
    np.testing.assert_array_equal(th.sgn(np.array([-1.0, 0.0, 2.0])), [-1.0, 1.0, 1.0])


def test_boolean_inputs_count_in_binary():
    X = th.boolean_inputs(3)
    assert X.shape == (8, 3)
    np.testing.assert_array_equal(X @ [4, 2, 1], np.arange(8))
    np.testing.assert_array_equal(np.unique(th.boolean_inputs(2, (-1.0, 1.0))), [-1.0, 1.0])


def test_step_network_computes_xor_with_or_and_and_hidden_units():
    X = th.boolean_inputs(2)
    H, Y = th.threshold_forward(X, th.xor_step_params(), "step")
    np.testing.assert_array_equal(H[:, 0], np.maximum(X[:, 0], X[:, 1]))
    np.testing.assert_array_equal(H[:, 1], np.minimum(X[:, 0], X[:, 1]))
    np.testing.assert_array_equal(Y[:, 0], fm.XOR_TARGETS)


def test_sign_network_computes_xor_on_pm1_inputs():
    X = th.boolean_inputs(2, (-1.0, 1.0))
    Y = th.threshold_forward(X, th.xor_sign_params(), "sign")[-1]
    np.testing.assert_array_equal(Y[:, 0], np.where(X[:, 0] != X[:, 1], 1.0, -1.0))


def test_mcculloch_pitts_unit_matches_the_truth_table_and_the_worked_numbers():
    X = th.boolean_inputs(3, (-1.0, 1.0))
    w, b = th.mcculloch_pitts_weights()
    v = X @ w + b
    np.testing.assert_array_equal(v, [-7, -9, 1, -1, -3, -5, 5, 3])
    np.testing.assert_array_equal(th.sgn(v), th.mcculloch_pitts_target(X))


@pytest.mark.parametrize("d", [1, 2, 3])
def test_universal_network_computes_every_boolean_function_of_small_d(d):
    X = th.boolean_inputs(d)
    for code in range(2 ** (2**d)):
        t = np.array([(code >> k) & 1 for k in range(2**d)], dtype=float)
        H, y = th.threshold_forward(X, th.universal_params(X, t), "step", linear_output=True)
        np.testing.assert_array_equal(y[:, 0], t)
        np.testing.assert_array_equal(H, np.eye(2**d))


@given(d=st.integers(1, 6), seed=st.integers(0, 2**32 - 1))
def test_universal_network_with_rows_in_any_order(d, seed):
    rng = np.random.default_rng(seed)
    X = th.boolean_inputs(d)[rng.permutation(2**d)]
    t = rng.integers(0, 2, size=2**d).astype(float)
    y = th.threshold_forward(X, th.universal_params(X, t), "step", linear_output=True)[-1]
    np.testing.assert_array_equal(y[:, 0], t)


def test_pattern_detector_fires_only_on_its_pattern():
    X = th.boolean_inputs(4)
    for p in X:
        w, b = th.pattern_detector(p)
        fires = th.step(X @ w + b)
        assert fires.sum() == 1 and fires[np.flatnonzero((X == p).all(axis=1))[0]] == 1


def test_xor_features_and_weights():
    psi = fm.xor_features(fm.XOR_INPUTS)
    np.testing.assert_array_equal(psi[:, 2], [0, 0, 0, 1])
    w, b = fm.xor_feature_weights()
    np.testing.assert_array_equal(th.step(psi @ w + b), fm.XOR_TARGETS)


def test_feature_matrix_names_and_errors():
    X = np.array([[1.0, 2.0], [-1.0, 0.5]])
    F = fm.feature_matrix(X, ["x1^2", "x1*x2", "sin(x2)"])
    np.testing.assert_allclose(F, [[1.0, 2.0, np.sin(2.0)], [1.0, -0.5, np.sin(0.5)]])
    with pytest.raises(ValueError, match="at least one"):
        fm.feature_matrix(X, [])
    with pytest.raises(ValueError, match="unknown"):
        fm.feature_matrix(X, ["x3"])


@given(
    widths=st.lists(st.integers(1, 6), min_size=2, max_size=6),
    seed=st.integers(0, 2**32 - 1),
)
def test_collapsed_layer_equals_the_stack(widths, seed):
    rng = np.random.default_rng(seed)
    params = [(rng.normal(size=(o, i)), rng.normal(size=o)) for i, o in zip(widths, widths[1:])]
    W, b = lc.collapse_linear(params)
    assert W.shape == (widths[-1], widths[0]) and b.shape == (widths[-1],)
    X = rng.normal(size=(5, widths[0]))
    np.testing.assert_allclose(X @ W.T + b, lc.linear_stack_forward(X, params), atol=1e-9)


def test_collapse_is_w3_w2_w1_for_three_layers():
    rng = np.random.default_rng(0)
    (W1, b1), (W2, b2), (W3, b3) = [(rng.normal(size=(3, 3)), rng.normal(size=3)) for _ in range(3)]
    W, b = lc.collapse_linear([(W1, b1), (W2, b2), (W3, b3)])
    np.testing.assert_allclose(W, W3 @ W2 @ W1)
    np.testing.assert_allclose(b, W3 @ W2 @ b1 + W3 @ b2 + b3)


def test_scaled_logistic_tends_to_the_step():
    z = np.array([-2.0, -0.5, 0.5, 2.0])
    distances = [lc.distance_to_step(z, k) for k in (1, 10, 100)]
    assert distances[0] > distances[1] > distances[2] and distances[2] < 1e-20
    assert lc.scaled_logistic(np.array([0.0]), 1e6)[0] == 0.5
    assert lc.distance_to_step(np.zeros(3), 5.0) == 0.0
