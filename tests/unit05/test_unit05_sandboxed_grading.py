"""Unit 05 through the real grader: cells run in the sandboxed worker, callables built by probes.

Two submissions of ``05_convexity_symmetry``: the solution notebook (full marks) and one whose
answers carry typical bugs (each costs its checks; an answer importing the key scores 0).
"""

from __future__ import annotations

import pytest
from nnhelpers import failing_checks, grade_honest_and_buggy

from nncourse.check import EXERCISES

pytestmark = [pytest.mark.unit05, pytest.mark.grading]

NAME = "05_convexity_symmetry"

BUGGY_ANSWERS = {
    "answer_05_jensen": """
def find_jensen_violation(f, center, radius=1.0, n_segments=200, seed=0):
    return None
""",
    "answer_05_permute_hidden": """
def permute_hidden(params, perm, layer=0):
    out = [(np.array(W), np.array(b)) for W, b in params]
    W, b = out[layer]
    out[layer] = (W[perm], b)
    out[layer + 1] = (out[layer + 1][0][:, perm], out[layer + 1][1])
    return out
""",
    "answer_05_count_equivalent": """
def count_equivalent(hidden_sizes):
    return float(np.prod([math.factorial(k) for k in hidden_sizes]))
import math
""",
    "answer_05_average_permutations": """
from nncourse.key.symmetry import average_permutations
""",
}


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    return grade_honest_and_buggy(tmp_path_factory.mktemp("unit05_class"), NAME, BUGGY_ANSWERS)


def test_the_solution_gets_full_marks_in_the_sandbox(results):
    rows = results["honest"]
    assert set(rows) == {ex.grade_id for ex in EXERCISES.values() if ex.id.startswith("05.")}
    for row in rows.values():
        assert row["status"] == "pass", row["report"]
        assert row["points"] == row["max_points"]


def test_typical_bugs_cost_their_points(results):
    buggy = results["buggy"]
    assert buggy["test_05_jensen"]["points"] == 0
    assert buggy["test_05_permute_hidden"]["points"] == 0
    assert buggy["test_05_count_equivalent"]["points"] == 0
    assert buggy["test_05_average_permutations"]["points"] == 0
    messages = " ".join(
        c.get("message", "") for c in buggy["test_05_permute_hidden"]["report"]["results"]
    )
    assert "not permuted" in messages, messages
    assert "one hidden layer" in failing_checks(buggy["test_05_permute_hidden"])
    for grade_id in ("test_05_hessian", "test_05_classify"):
        assert buggy[grade_id]["points"] == buggy[grade_id]["max_points"]
