"""Unit 04 through the real grader: cells run in the sandboxed worker, callables built by probes.

Two submissions of ``04_gradient_checking``: the solution notebook (full marks) and one whose
answers carry typical bugs (each bug costs exactly the checks it should, and an answer that
delegates to ``nncourse.gradcheck`` scores 0 as reference code).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from nnhelpers import failing_checks, grade_honest_and_buggy

from nncourse.check import EXERCISES

pytestmark = [pytest.mark.unit04, pytest.mark.grading]

REPO = Path(__file__).resolve().parents[2]
NAME = "04_gradient_checking"

BUGGY_ANSWERS = {
    "answer_04_numerical_gradient": """
def numerical_gradient(f, x, h=None, kind="two-sided"):
    h = 1e-5 if h is None else h
    x = np.array(x, dtype=float)
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += h
        xm[i] -= h
        if kind == "one-sided":
            grad[i] = (f(xp) - f(x)) / h
        else:
            grad[i] = (f(xp) - f(xm)) / h
    return grad
""",
    "answer_04_relative_error": """
def relative_error(a, b, floor=1e-8):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)))
""",
    "answer_04_gradient_check": """
from nncourse.key import gradcheck

def gradient_check(loss_fn, grad_fn, params, h=1e-5):
    return gradcheck.per_tensor_check(loss_fn, params, grad_fn(params), h)
""",
    "answer_04_find_buggy": """
def find_buggy(loss_fn, grad_fn, params, tol=1e-6):
    return []
""",
}


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    return grade_honest_and_buggy(tmp_path_factory.mktemp("unit04_class"), NAME, BUGGY_ANSWERS)


_failing = failing_checks


def test_the_solution_gets_full_marks_in_the_sandbox(results):
    rows = results["honest"]
    assert set(rows) == {ex.grade_id for ex in EXERCISES.values() if ex.id.startswith("04.")}
    for row in rows.values():
        assert row["status"] == "pass", row["report"]
        assert row["points"] == row["max_points"]


def test_dividing_by_h_costs_the_two_sided_checks_only(results):
    row = results["buggy"]["test_04_numerical_gradient"]
    assert row["status"] == "partial"
    failing = _failing(row)
    assert "two-sided difference at h = 1e-3" in failing
    assert "two-sided error shrinks like h^2" in failing
    assert "default kind is two-sided" in failing
    assert not failing & {
        "one-sided difference at h = 1e-3",
        "one-sided error shrinks like h",
        "x is unchanged after the call",
    }
    message = next(
        c["message"]
        for c in row["report"]["results"]
        if c["name"] == "two-sided difference at h = 1e-3"
    )
    assert message == "the result is twice the two-sided difference"


def test_a_missing_floor_costs_the_zero_and_tiny_cases(results):
    row = results["buggy"]["test_04_relative_error"]
    assert _failing(row) == {
        "0 / 0 gives 0",
        "tiny numbers use the floor",
        "two zero gradients give 0",
        "tiny arrays use the floor",
    }


def test_delegating_to_the_reference_scores_zero(results):
    row = results["buggy"]["test_04_gradient_check"]
    assert row["status"] == "reference code" and row["points"] == 0
    assert "nncourse.key.gradcheck" in row["report"]["results"][0]["message"]


def test_a_verdict_that_never_runs_a_check_earns_nothing(results):
    row = results["buggy"]["test_04_find_buggy"]
    reports = row["report"]["results"]
    assert [c["status"] for c in reports][0] == "pass"  # suspect 1 is always a correct gradient
    assert all(c["message"].startswith("missed ") for c in reports[1:6])
    assert row["points"] == 0  # suspect 1 counts only together with suspect 6 (two bugs)
