"""Unit 07 through the real grader: the optimizers run in the sandboxed worker (probe
``optimizer_run``), the judging happens in the grader's process.

Two submissions of ``07_optimizers``: the solution notebook (full marks) and one whose answers
carry typical bugs, each named in the feedback.
"""

from __future__ import annotations

import pytest
from nnhelpers import failing_checks, grade_honest_and_buggy

from nncourse.check import EXERCISES

pytestmark = [pytest.mark.unit07, pytest.mark.grading]

NAME = "07_optimizers"

BUGGY_ANSWERS = {
    "answer_07_momentum_step": """
def momentum_step(w, grad, state=None, *, lr=0.01, beta=0.9):
    v_old = state["v"] if state else {k: np.zeros(np.shape(w[k])) for k in w}
    v = {k: beta * v_old[k] - lr * np.asarray(grad[k]) for k in w}
    return {k: np.asarray(w[k]) - v[k] for k in w}, {"v": v}
""",
    "answer_07_quickprop_step": """
def quickprop_step(w, grad, state=None, *, lr=0.1, growth=1.75):
    g = {k: np.asarray(grad[k], dtype=float) for k in w}
    if state is None:
        dw = {k: -lr * g[k] for k in w}
    else:
        dw = {}
        for k in w:
            dw_prev, g_prev = state["dw"][k], state["g"][k]
            fallback = (g[k] == g_prev) | (dw_prev == 0)
            secant = g[k] * dw_prev / np.where(fallback, 1.0, g[k] - g_prev)
            limit = growth * np.abs(dw_prev)
            dw[k] = np.where(fallback, -lr * g[k], np.clip(secant, -limit, limit))
    return {k: np.asarray(w[k], dtype=float) + dw[k] for k in w}, {"dw": dw, "g": g}
""",
    "answer_07_adam_step": """
def adam_step(w, grad, state=None, *, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m0 = state["m"] if state else {k: 0.0 for k in w}
    v0 = state["v"] if state else {k: 0.0 for k in w}
    m = {k: beta1 * m0[k] + (1 - beta1) * np.asarray(grad[k]) for k in w}
    v = {k: beta2 * v0[k] + (1 - beta2) * np.asarray(grad[k]) ** 2 for k in w}
    return {k: w[k] - lr * m[k] / (np.sqrt(v[k]) + eps) for k in w}, {"m": m, "v": v}
""",
}


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    return grade_honest_and_buggy(tmp_path_factory.mktemp("unit07_class"), NAME, BUGGY_ANSWERS)


def test_the_solution_gets_full_marks_in_the_sandbox(results):
    rows = results["honest"]
    assert set(rows) == {ex.grade_id for ex in EXERCISES.values() if ex.id.startswith("07.")}
    for row in rows.values():
        assert row["status"] == "pass", row["report"]
        assert row["points"] == row["max_points"]


@pytest.mark.parametrize(
    "grade_id, label",
    [
        ("test_07_momentum_step", "the momentum sign slip"),
        ("test_07_quickprop_step", "the slide's sign"),
        ("test_07_adam_step", "without bias correction"),
    ],
)
def test_each_bug_is_named_and_costs_points(results, grade_id, label):
    row = results["buggy"][grade_id]
    assert row["points"] < row["max_points"]
    assert failing_checks(row)
    mistakes = " ".join(c.get("mistake", "") for c in row["report"]["results"])
    assert label in mistakes, row["report"]


def test_untouched_answers_keep_their_points(results):
    for grade_id in ("test_07_sgd_step", "test_07_rprop_step", "test_07_nesterov_step"):
        row = results["buggy"][grade_id]
        assert row["points"] == row["max_points"]
