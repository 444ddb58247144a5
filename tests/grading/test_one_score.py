"""One score: the check cell shows the points the grader gives the same code on the same inputs.

The grader is run on unit 02's source notebook with the answers replaced, through the real
sandboxed worker, with every exercise's seed set to the one its visible cases were built with;
the check cell's report on the same answers must give the same points, for right, wrong, half
written and endless answers alike (a time limit stops both tiers at the same case).
"""

from __future__ import annotations

import types
from pathlib import Path

import numpy as np
import pytest
from nnhelpers import with_answers

from nncourse.check import EXERCISES
from nncourse.grading.autograde import make_job
from nncourse.grading.sandbox import Limits, WorkerPool
from nncourse.grading.session import grade_job
from nncourse.grading.submissions import read_spec

pytestmark = pytest.mark.grading

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO / "solutions" / "02_activations.ipynb"
LIMIT = 2.0

ANSWERS = {
    "right": """
def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))

def sigmoid_grad(z):
    s = sigmoid(z)
    return s * (1 - s)
""",
    "wrong derivative": """
def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))

def sigmoid_grad(z):
    return sigmoid(z)
""",
    "derivative still a stub": """
def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))

def sigmoid_grad(z):
    raise NotImplementedError()
""",
    "endless on large inputs": """
def sigmoid(z):
    z = np.asarray(z, dtype=float)
    while np.abs(z).max() > 50:
        pass
    return 1 / (1 + np.exp(-z))

def sigmoid_grad(z):
    s = sigmoid(z)
    return s * (1 - s)
""",
}


def _cell_source(name: str) -> str:
    return ANSWERS[name].strip("\n")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    spec = read_spec(SOURCE, "02_activations")
    cell = next(g for g in spec.cells if g.exercise == "02.sigmoid")
    answer_id = cell.grade_id.replace("test_", "answer_", 1)
    rows = {}
    with WorkerPool(1, Limits(timeout=LIMIT, grace=1.0)) as pool:
        for name in ANSWERS:
            data = with_answers(SOURCE, {answer_id: _cell_source(name)}).encode()
            sub = types.SimpleNamespace(
                key=name, student=name, assignment="02", notebook=SOURCE.name
            )
            job = make_job(sub, spec, Limits(timeout=LIMIT, grace=1.0), b"secret", data)
            job["seeds"] = {g.grade_id: 0 for g in spec.cells}
            job["seeds"][cell.grade_id] = EXERCISES["02.sigmoid"].default_seed()
            result = grade_job(job, pool)
            rows[name] = next(r for r in result["rows"] if r["grade_id"] == cell.grade_id)
    return rows


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_the_check_cell_shows_the_graders_points(graded, name):
    space: dict = {"np": np}
    exec(_cell_source(name), space)  # noqa: S102 - the answer cell, as the notebook runs it
    row = graded[name]
    report = EXERCISES["02.sigmoid"](
        space["sigmoid"], space["sigmoid_grad"], timeout=LIMIT, quiet=True
    )
    assert report.max_points == row["max_points"]
    assert report.points(row["max_points"]) == row["points"], (report, row["report"])
    assert f"{row['points']:g} of {row['max_points']:g} points" in report.summary()


def test_the_answers_span_full_partial_and_no_marks(graded):
    points = {name: row["points"] for name, row in graded.items()}
    assert points["right"] == graded["right"]["max_points"]
    assert 0 < points["derivative still a stub"] < points["right"]
    assert points["wrong derivative"] < points["right"]
    assert points["endless on large inputs"] < points["right"]
