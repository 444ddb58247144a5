"""Checkers 01.xor_features, 01.threshold_xor, 01.sign_xor, 01.mcculloch_pitts, 01.universal and
01.linear_collapse: any correct weights pass, each typical bug fails with the right words."""

from __future__ import annotations

import numpy as np
import pytest

from nncourse.check import EXERCISES, unit01
from nncourse.key import feature_maps as fm
from nncourse.key import linear_collapse as lc
from nncourse.key import threshold as th

pytestmark = pytest.mark.unit01


def only_failure(report, name=None):
    failures = report.failures()
    assert failures, f"expected a failure:\n{report}"
    if name is not None:
        failures = [r for r in failures if r.name == name]
        assert failures, f"{name!r} did not fail:\n{report}"
    return failures[0]


def net(W1, b1, W2, b2):
    return lambda: [
        (np.array(W1, float), np.array(b1, float)),
        (np.array(W2, float), np.array(b2, float)),
    ]


# ------------------------------------------------------------------ 01.xor_features
def product_features(X):
    X = np.asarray(X, float)
    return np.column_stack([X[:, 0], X[:, 1], X[:, 0] * X[:, 1]])


@pytest.mark.parametrize(
    "weights",
    [
        lambda: fm.xor_feature_weights(),
        lambda: ([1, 1, -2], -1),  # z = 0 at (1, 0) and (0, 1): fires under step(0) = 1
        lambda: (np.array([3.0, 3.0, -7.0]), -1.5),
    ],
    ids=["reference", "on-the-boundary", "scaled"],
)
def test_xor_features_accepts_any_correct_weights(weights):
    assert unit01.xor_features(product_features, weights).passed


def test_xor_features_catches_a_sum_instead_of_a_product():
    def summed(X):
        X = np.asarray(X, float)
        return np.column_stack([X[:, 0], X[:, 1], X[:, 0] + X[:, 1]])

    bad = only_failure(unit01.xor_features(summed, fm.xor_feature_weights))
    assert "wrong values" in bad.message and "x1 * x2" in bad.hint


def test_xor_features_catches_the_transposed_stack():
    def transposed(X):
        X = np.asarray(X, float)
        return np.vstack([X[:, 0], X[:, 1], X[:, 0] * X[:, 1]])

    bad = only_failure(unit01.xor_features(transposed, fm.xor_feature_weights))
    assert "wrong shape" in bad.message


def test_xor_features_names_the_convention_when_zero_decides():
    bad = only_failure(
        unit01.xor_features(product_features, lambda: ([1, 1, -2], 0.0)),
        "the weights classify XOR through psi",
    )
    assert "wrong on 2 of 4 rows" in bad.message and "x = (0, 0)" in bad.message
    assert "step(z) = 1 if z >= 0" in bad.hint


def test_xor_features_catches_xnor_and_wrong_sizes():
    bad = only_failure(unit01.xor_features(product_features, lambda: ([-1, -1, 2], 0.5)))
    assert "wrong on 4 of 4 rows" in bad.message
    bad = only_failure(unit01.xor_features(product_features, lambda: ([1, 1], -0.5)))
    assert "w has the wrong shape" in bad.message


# ------------------------------------------------------------------ 01.threshold_xor
@pytest.mark.parametrize(
    "weights",
    [
        th.xor_step_params,
        net([[1, 1], [1, 1]], [-1, -2], [[1, -1]], [-1]),  # thresholds exactly at the points
        net([[1, 1], [1, 1]], [-1.5, -0.5], [[-1, 1]], [-0.5]),  # AND first, OR second
        net([[2, 2], [5, 5]], [-1, -9], [[1, -3]], [-0.1]),
    ],
    ids=["reference", "boundary", "swapped-order", "scaled"],
)
def test_threshold_xor_accepts_any_correct_weights(weights):
    assert unit01.threshold_xor(weights).passed


def test_threshold_xor_or_unit_with_zero_bias_is_caught_with_the_convention():
    report = unit01.threshold_xor(net([[1, 1], [1, 1]], [0, -1.5], [[1, -1]], [-0.5]))
    bad = only_failure(report, "y = XOR on all 4 rows")
    assert "x = (0, 0)" in bad.message and "z = 0" in bad.hint and "step(0" not in bad.hint
    assert "step(z) = 1 if z >= 0" in bad.hint


def test_threshold_xor_and_instead_of_and_not_is_caught():
    report = unit01.threshold_xor(net([[1, 1], [1, 1]], [-0.5, -1.5], [[1, 1]], [-1.5]))
    bad = only_failure(report, "y = XOR on all 4 rows")
    assert "wrong on 3 of 4 rows" in bad.message
    assert "truth table" in bad.hint


def test_threshold_xor_other_hidden_features_pass_output_but_fail_the_or_and_check():
    # h1 = x1 AND NOT x2, h2 = x2 AND NOT x1, y = h1 OR h2: a correct XOR, not the asked one
    report = unit01.threshold_xor(net([[1, -1], [-1, 1]], [-0.5, -0.5], [[1, 1]], [-0.5]))
    names = {r.name: r.passed for r in report.results}
    assert names["y = XOR on all 4 rows"]
    assert not names["the hidden units are OR and AND"]
    bad = only_failure(report, "the hidden units are OR and AND")
    assert "OR and AND" in bad.message and "x1 + x2 >= 1" in bad.hint


def test_threshold_xor_shapes():
    bad = only_failure(
        unit01.threshold_xor(net([[1, 1], [1, 1]], [-0.5, -1.5], [[1], [-1]], [-0.5]))
    )
    assert "W2 has the wrong shape" in bad.message and "(1, 2)" in bad.expected
    bad = only_failure(unit01.threshold_xor(lambda: (np.ones((2, 2)), np.zeros(2))))
    assert "list of 2 (W, b) pairs" in bad.message or "pair (W1, b1)" in bad.message
    ok_1d = net([[1, 1], [1, 1]], [-0.5, -1.5], [1, -1], -0.5)  # W2 as a vector, b2 a number
    assert unit01.threshold_xor(ok_1d).passed


# ------------------------------------------------------------------ 01.sign_xor
def test_sign_xor_accepts_the_notes_weights_and_alternatives():
    assert unit01.sign_xor(th.xor_sign_params).passed
    # z1 = x1 AND NOT x2, z2 = x2 AND NOT x1 in +-1 form, y = z1 OR z2
    assert unit01.sign_xor(net([[1, -1], [-1, 1]], [-1, -1], [[1, 1]], [1])).passed


def test_sign_xor_catches_step_weights_on_pm1_inputs():
    bad = only_failure(unit01.sign_xor(th.xor_step_params))
    assert "wrong on 2 of 4 rows" in bad.message and "x = (-1, 1)" in bad.message


def test_sign_xor_catches_a_flipped_output():
    (W1, b1), (W2, b2) = th.xor_sign_params()
    bad = only_failure(unit01.sign_xor(lambda: [(W1, b1), (-W2, -b2 - 1)]))
    assert "wrong on" in bad.message


# ------------------------------------------------------------------ 01.mcculloch_pitts
@pytest.mark.parametrize(
    "weights",
    [
        th.mcculloch_pitts_weights,
        lambda: ([1, 2, -1], -1.5),
        lambda: ([1, 2, -1], -2),  # v = 0 at (1, 1, 1): fires under sgn(0) = +1, correct
    ],
    ids=["notes", "other", "boundary"],
)
def test_mcculloch_pitts_accepts_any_correct_weights(weights):
    assert unit01.mcculloch_pitts(weights).passed


def test_mcculloch_pitts_catches_x3_without_its_not():
    bad = only_failure(unit01.mcculloch_pitts(lambda: ([2, 4, 1], -2)))
    assert "wrong on" in bad.message and "negative weight" in bad.hint


def test_mcculloch_pitts_catches_a_missing_bias_and_bad_shapes():
    assert not unit01.mcculloch_pitts(lambda: ([2, 4, -1], 0)).passed
    bad = only_failure(unit01.mcculloch_pitts(lambda: [2, 4, -1, -2]))
    assert "pair (w, b)" in bad.message


# ------------------------------------------------------------------ 01.universal
def test_universal_reference_passes_for_several_seeds():
    for seed in (None, 3, 901_006):
        assert unit01.universal(th.universal_params, seed=seed).passed


def test_universal_catches_detectors_without_negative_weights():
    def superset(X, t):
        X = np.asarray(X, float)
        return [(X.copy(), 0.5 - X.sum(axis=1)), (np.asarray(t, float)[None, :], np.zeros(1))]

    report = unit01.universal(superset)
    bad = only_failure(report, "one hidden unit per input pattern (D = 3)")
    assert "not one unit per input pattern" in bad.message and "-1 where" in bad.hint
    assert not report.results[0].passed  # XOR: (1, 1) fires three detectors


def test_universal_catches_assuming_counting_order():
    def counting_order(X, t):
        d = np.asarray(X).shape[1]
        return th.universal_params(th.boolean_inputs(d), t)  # ignores the row order of X

    report = unit01.universal(counting_order)
    names = {r.name: r.passed for r in report.results}
    assert names["always 0 (D = 3)"] and names["a random function of D = 5"]
    assert not names["XOR (D = 2), rows in random order"]
    assert not names["3-bit parity, rows in random order"]
    bad = only_failure(report, "a random function of D = 6, rows in random order")
    assert "wrong on" in bad.message


def test_universal_catches_a_thresholded_output():
    def with_offset(X, t):
        (W1, b1), (W2, _) = th.universal_params(X, t)
        return [(W1, b1), (W2, np.array([-0.5]))]

    bad = only_failure(unit01.universal(with_offset), "always 0 (D = 3)")
    assert "linear" in bad.hint and "wrong on 8 of 8 rows" in bad.message


def test_universal_catches_a_too_lenient_bias():
    def lenient(X, t):
        (W1, b1), second = th.universal_params(X, t)
        return [(W1, b1 + 1.0), second]

    bad = only_failure(unit01.universal(lenient), "one hidden unit per input pattern (D = 3)")
    assert "firing on exactly one pattern" in bad.expected


def test_universal_only_true_patterns_fails_the_structure_check_only():
    def compact(X, t):
        X, t = np.asarray(X, float), np.asarray(t, float)
        keep = t > 0
        if not keep.any():
            return [(np.zeros((1, X.shape[1])), np.array([-1.0])), (np.zeros((1, 1)), np.zeros(1))]
        (W1, b1), _ = th.universal_params(X[keep], t[keep])
        return [(W1, b1), (np.ones((1, int(keep.sum()))), np.zeros(1))]

    report = unit01.universal(compact)
    failing = [r.name for r in report.failures()]
    assert failing == ["one hidden unit per input pattern (D = 3)"]


def test_universal_checks_every_row_for_d_up_to_6():
    cases = [c for c in EXERCISES["01.universal"].cases(seed=5) if not c.probe]
    dims = {c.args[0].shape[1] for c in cases}
    assert dims == {1, 2, 3, 4, 5, 6}
    assert all(c.args[0].shape[0] == 2 ** c.args[0].shape[1] for c in cases)
    assert any(
        not np.array_equal(a.args[1], b.args[1])
        for a, b in zip(cases, EXERCISES["01.universal"].cases(seed=6))
    )


# ------------------------------------------------------------------ 01.linear_collapse
def test_collapse_reference_passes_for_several_seeds():
    for seed in (None, 1, 901_007):
        assert unit01.linear_collapse(lc.collapse_linear, seed=seed).passed


def test_collapse_catches_the_reversed_product():
    def reversed_order(params):
        W = np.asarray(params[0][0], float)
        for W_l, _ in params[1:]:
            W = W @ np.asarray(W_l, float)  # W1 W2 W3: raises unless the shapes allow it
        return W, lc.collapse_linear(params)[1]

    report = unit01.linear_collapse(reversed_order)
    bad = only_failure(report, "square layers: the order of the product matters")
    assert "W'" in bad.message and "last layer is on the left" in bad.hint
    one = next(r for r in report.results if r.name == "one layer is already collapsed")
    assert one.passed  # one layer: nothing to reverse


def test_collapse_catches_ignored_and_summed_biases():
    def last_bias(params):
        W, _ = lc.collapse_linear(params)
        return W, np.asarray(params[-1][1], float)

    bad = only_failure(
        unit01.linear_collapse(last_bias), "the first bias passes through the later layers"
    )
    assert "b'" in bad.message and "each bias is multiplied" in bad.hint

    def summed(params):  # adds the biases without pushing them through the weights
        W, _ = lc.collapse_linear(params)
        total = np.zeros(W.shape[0])
        for _, b in params:
            total = total + (np.asarray(b, float) if len(b) == len(total) else 0.0)
        return W, total

    bad = only_failure(unit01.linear_collapse(summed))  # the first stack with two biases
    assert "b'" in bad.message


def test_collapse_catches_a_transposed_result_and_a_missing_bias():
    def transposed(params):
        W, b = lc.collapse_linear(params)
        return W.T, b

    bad = only_failure(unit01.linear_collapse(transposed), "a bottleneck of width 1")
    assert "wrong shape" in bad.message
    bad = only_failure(unit01.linear_collapse(lambda params: lc.collapse_linear(params)[0]))
    assert "tuple of 2 items" in bad.message


def test_collapse_cases_have_random_shapes():
    a = [c.name for c in EXERCISES["01.linear_collapse"].cases(seed=1)]
    b = [c.name for c in EXERCISES["01.linear_collapse"].cases(seed=2)]
    assert a != b
