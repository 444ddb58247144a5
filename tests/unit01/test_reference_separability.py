"""Reference code of unit 01: separability (LP, perceptron), certificates, wrap-around patterns."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nncourse.key import separability as sep
from nncourse.key.feature_maps import XOR_INPUTS
from nncourse.key.threshold import boolean_inputs

pytestmark = pytest.mark.unit01

XOR_Y = np.array([-1.0, 1.0, 1.0, -1.0])


def test_xor_is_not_separable_and_the_certificate_is_the_crossing_point():
    found = sep.separate(XOR_INPUTS, XOR_Y)
    assert not found.separable
    np.testing.assert_allclose(found.weights, [0.5, 0.5, 0.5, 0.5], atol=1e-9)
    np.testing.assert_allclose(found.point, [0.5, 0.5], atol=1e-9)
    assert sep.certificate_residual(XOR_INPUTS, XOR_Y, found.weights) < 1e-9


def test_and_is_separable_with_a_verified_separator():
    y = np.array([-1.0, -1.0, -1.0, 1.0])
    found = sep.separate(XOR_INPUTS, y)
    assert found.separable
    assert sep.signed_margins(XOR_INPUTS, y, found.w, found.b).min() > 0


def test_one_class_and_one_dimension():
    X = np.array([[0.0], [1.0], [2.0]])
    assert sep.separate(X, np.ones(3)).separable
    assert sep.separate(X, -np.ones(3)).separable
    assert sep.separate(X, np.array([-1.0, -1.0, 1.0])).separable
    assert not sep.separate(X, np.array([1.0, -1.0, 1.0])).separable


def test_a_duplicated_point_with_both_labels_is_not_separable():
    X = np.array([[1.0, 2.0], [1.0, 2.0], [5.0, 5.0]])
    found = sep.separate(X, np.array([1.0, -1.0, 1.0]))
    assert not found.separable
    np.testing.assert_allclose(found.point, [1.0, 2.0], atol=1e-9)


def test_parity_of_three_bits_is_not_separable():
    cube = boolean_inputs(3)
    y = np.where(cube.sum(axis=1) % 2 == 1, 1.0, -1.0)
    assert not sep.separate(cube, y).separable
    assert sep.perceptron(cube, y, max_epochs=200) is None


@given(
    n=st.integers(2, 25),
    d=st.integers(1, 6),
    seed=st.integers(0, 2**32 - 1),
)
def test_separate_always_returns_verifiable_evidence(n, d, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = np.where(rng.random(n) < 0.5, 1.0, -1.0)
    found = sep.separate(X, y)
    if found.separable:
        assert sep.signed_margins(X, y, found.w, found.b).min() > 0
    else:
        assert sep.certificate_residual(X, y, found.weights) <= sep.CERTIFICATE_TOL
        pos = y > 0
        np.testing.assert_allclose((found.weights * pos) @ X, (found.weights * ~pos) @ X, atol=1e-6)


@given(
    n=st.integers(2, 30),
    d=st.integers(1, 5),
    seed=st.integers(0, 2**32 - 1),
)
def test_perceptron_agrees_with_the_lp_when_it_converges(n, d, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = np.where(rng.random(n) < 0.5, 1.0, -1.0)
    result = sep.perceptron(X, y, max_epochs=50)
    if result is not None:
        assert sep.signed_margins(X, y, *result).min() > 0
        assert sep.separate(X, y).separable


def test_perceptron_stays_within_novikoffs_bound():
    rng = np.random.default_rng(3)
    w_star, b_star = np.array([1.0, -2.0, 0.5]), 0.3
    X = rng.uniform(-2, 2, size=(200, 3))
    s = X @ w_star + b_star
    X, y = X[np.abs(s) > 0.5], np.sign(s[np.abs(s) > 0.5])
    bound = sep.perceptron_bound(X, y, w_star, b_star)
    assert np.isfinite(bound)
    # run with exactly as many epochs as the bound allows updates: it must converge
    result = sep.perceptron(X, y, max_epochs=int(np.ceil(bound)) + 1)
    assert result is not None
    assert sep.signed_margins(X, y, *result).min() > 0


def test_perceptron_bound_is_infinite_for_a_non_separator():
    assert sep.perceptron_bound(XOR_INPUTS, XOR_Y, np.array([1.0, 1.0]), -1.0) == np.inf


def test_translation_average_of_both_patterns_is_a_quarter_everywhere():
    for pattern in (sep.PATTERN_A, sep.PATTERN_B):
        assert pattern.sum() == 4
        np.testing.assert_allclose(sep.translation_average(pattern), np.full(16, 0.25))
    shifts_a = {tuple(r) for r in sep.cyclic_translations(sep.PATTERN_A)}
    shifts_b = {tuple(r) for r in sep.cyclic_translations(sep.PATTERN_B)}
    assert len(shifts_a) == len(shifts_b) == 16 and not shifts_a & shifts_b


def test_patterns_in_all_positions_are_not_separable_with_uniform_certificate():
    X = np.vstack([sep.cyclic_translations(sep.PATTERN_A), sep.cyclic_translations(sep.PATTERN_B)])
    y = np.concatenate([np.ones(16), -np.ones(16)])
    assert not sep.separate(X, y).separable
    assert sep.certificate_residual(X, y, np.full(32, 1 / 16)) < 1e-12


@given(st.lists(st.integers(0, 1), min_size=2, max_size=20))
def test_translation_average_is_constant_for_any_pattern(bits):
    pattern = np.array(bits, dtype=float)
    avg = sep.translation_average(pattern)
    np.testing.assert_allclose(avg, np.full(len(bits), pattern.mean()))
