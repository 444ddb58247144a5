"""Unit 01 through the real grader: the answers run in the sandboxed worker, the checks in the
grader's own process.

Two submissions of ``01_xor_feature_maps``: the solution notebook (full marks), and one whose
answers carry typical bugs, each of which must cost exactly the checks it should; an answer that
returns the course's reference weights scores 0 as reference code.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from nnhelpers import failing_checks, grade_honest_and_buggy

from nncourse.check import EXERCISES

pytestmark = [pytest.mark.unit01, pytest.mark.grading]

REPO = Path(__file__).resolve().parents[2]
NAME = "01_xor_feature_maps"

BUGGY_ANSWERS = {
    "answer_01_separable": """
def linear_separator(X, y, max_epochs=1000):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(max_epochs):
        for x_i, y_i in zip(X, y):
            if y_i * (x_i @ w + b) <= 0:
                w, b = w + y_i * x_i, b + y_i
    return w, b
""",
    "answer_01_xor_features": """
def xor_features(X):
    X = np.asarray(X, dtype=float)
    return np.column_stack([X[:, 0], X[:, 1], X[:, 0] * X[:, 1]])


def xor_weights():
    return np.array([1.0, 1.0, -2.0]), 0.0
""",
    "answer_01_threshold_xor": """
def threshold_xor():
    return [(np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([0.0, -1.5])),
            (np.array([[1.0, -1.0]]), np.array([-0.5]))]
""",
    "answer_01_sign_xor": """
from nncourse.key import threshold as _ref

def sign_xor():
    return _ref.xor_sign_params()
""",
    "answer_01_mcculloch_pitts": """
def mcculloch_pitts():
    return np.array([2.0, 4.0, 1.0]), -2.0
""",
    "answer_01_universal": """
import itertools

def universal_net(X, t):
    d = np.asarray(X).shape[1]
    P = np.array(list(itertools.product([0.0, 1.0], repeat=d)))  # ignores the order of X
    return [(2 * P - 1, 0.5 - P.sum(axis=1)), (np.asarray(t, float)[None, :], np.zeros(1))]
""",
    "answer_01_linear_collapse": """
def collapse(params):
    W = np.eye(np.asarray(params[0][0]).shape[1])
    for W_l, _ in params:
        W = np.asarray(W_l) @ W
    return W, np.asarray(params[-1][1], dtype=float)
""",
}


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    return grade_honest_and_buggy(tmp_path_factory.mktemp("unit01_class"), NAME, BUGGY_ANSWERS)


_failing = failing_checks


def test_the_solution_gets_full_marks_in_the_sandbox(results):
    rows = results["honest"]
    assert set(rows) == {ex.grade_id for ex in EXERCISES.values() if ex.id.startswith("01.")}
    for row in rows.values():
        assert row["status"] == "pass", row["report"]
        assert row["points"] == row["max_points"]


def test_returning_unconverged_weights_costs_exactly_the_non_separable_sets(results):
    row = results["buggy"]["test_01_separable"]
    assert _failing(row) == {
        c.name
        for c in EXERCISES["01.separable"].cases()
        if "not separable" in c.name
        or "interleaved" in c.name
        or "hull" in c.name
        or "rings" in c.name
        or "both labels" in c.name
    }


def test_a_zero_bias_through_psi_costs_the_weights_check_only(results):
    row = results["buggy"]["test_01_xor_features"]
    assert _failing(row) == {"the weights classify XOR through psi"}


def test_an_or_unit_that_fires_at_zero_costs_output_and_hidden_checks(results):
    row = results["buggy"]["test_01_threshold_xor"]
    assert _failing(row) == {"y = XOR on all 4 rows", "the hidden units are OR and AND"}
    hint = next(c["hint"] for c in row["report"]["results"] if c["name"].startswith("y = XOR"))
    assert "z = 0 exactly" in hint


def test_returning_the_reference_weights_scores_zero(results):
    row = results["buggy"]["test_01_sign_xor"]
    assert row["status"] == "reference code" and row["points"] == 0


def test_a_positive_weight_on_x3_fails_the_truth_table(results):
    row = results["buggy"]["test_01_mcculloch_pitts"]
    assert _failing(row) == {"y = x2 AND (x1 OR NOT x3) on all 8 rows"}


def test_assuming_counting_order_costs_the_shuffled_tables_only(results):
    row = results["buggy"]["test_01_universal"]
    shuffled = {c.name for c in EXERCISES["01.universal"].cases() if "random order" in c.name}
    # the structure check and the inputs check draw shuffled rows too
    shuffled |= {"one hidden unit per input pattern (D = 3)", "leaves X and t unchanged"}
    failing = _failing(row)
    assert failing <= shuffled and "3-bit parity, rows in random order" in failing
    assert "a random function of D = 5" not in failing and "always 0 (D = 3)" not in failing


def test_dropping_the_bias_path_costs_every_multi_layer_bias(results):
    row = results["buggy"]["test_01_linear_collapse"]
    failing = _failing(row)
    assert "one layer is already collapsed" not in failing
    assert "the first bias passes through the later layers" in failing
    # the one-layer case passes, but `return params[0]` passes it too: it counts only with
    # the multi-layer stacks, so b' wrong on every stack earns nothing
    assert row["points"] == 0
