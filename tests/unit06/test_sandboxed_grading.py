"""Unit 06 through the real grader: cells run in the sandboxed worker, the gradient function and
the ValueError refusal built by probes there.

Two submissions of ``06_learning_rates``: the solution notebook (full marks) and one whose
answers carry typical bugs (each costs the checks it should; an answer that imports the answer
key scores 0 as reference code).
"""

from __future__ import annotations

import pytest
from nnhelpers import failing_checks, grade_honest_and_buggy

from nncourse.check import EXERCISES

pytestmark = [pytest.mark.unit06, pytest.mark.grading]

NAME = "06_learning_rates"

BUGGY_ANSWERS = {
    "answer_06_gradient_descent": """
def gradient_descent(grad, w0, eta, steps):
    w = w0
    path = [w.copy()]
    for _ in range(steps):
        w -= eta * grad(w)
        path.append(w.copy())
    return np.array(path)
""",
    "answer_06_regime_1d": """
def regime_1d(a, eta):
    q = eta * a
    if np.isclose(q, 1):
        return 1 / a, "one step"
    if np.isclose(q, 2):
        return 1 / a, "stuck oscillating"
    return 1 / a, "monotone" if q < 1 else "oscillating" if q < 2 else "divergent"
""",
    "answer_06_direction_rates": """
from nncourse.key.quadratics import direction_rates
""",
    "answer_06_newton_step": """
def newton_step(A, b, w, eta=1.0):
    return w - eta * np.linalg.solve(A, b)
""",
    "answer_06_decay": """
def decay(kind, eta0, steps, beta=0.1):
    k = np.arange(steps)
    if kind == "linear":
        return eta0 / (k + 1)
    if kind == "quadratic":
        return eta0 / (k + 1)
    return eta0 * np.exp(-beta * k)
""",
}


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    return grade_honest_and_buggy(tmp_path_factory.mktemp("unit06_class"), NAME, BUGGY_ANSWERS)


def test_the_solution_gets_full_marks_in_the_sandbox(results):
    rows = results["honest"]
    assert set(rows) == {ex.grade_id for ex in EXERCISES.values() if ex.id.startswith("06.")}
    for row in rows.values():
        assert row["status"] == "pass", row["report"]
        assert row["points"] == row["max_points"]


def test_a_changed_start_costs_the_property_only(results):
    row = results["buggy"]["test_06_gradient_descent"]
    assert failing_checks(row) == {"leaves the caller's w0 unchanged"}
    assert row["points"] == pytest.approx(0.8 * row["max_points"])


def test_a_tolerance_at_the_boundaries_costs_the_near_case(results):
    row = results["buggy"]["test_06_regime_1d"]
    assert failing_checks(row) == {"a millionth away from each boundary"}
    assert 0 < row["points"] < row["max_points"]


def test_importing_the_key_scores_zero(results):
    row = results["buggy"]["test_06_direction_rates"]
    assert row["points"] == 0


def test_the_shorthand_newton_step_scores_zero_and_is_named(results):
    row = results["buggy"]["test_06_newton_step"]
    assert row["points"] == 0
    assert any("A w term" in c["message"] for c in row["report"]["results"])


def test_a_missing_square_costs_the_quadratic_schedule_and_the_refusal(results):
    row = results["buggy"]["test_06_decay"]
    assert failing_checks(row) == {
        "quadratic",
        "exponential, then an unknown kind raises ValueError",
    }
