"""Every source notebook runs headless with full marks; the release is up to date and clean.

The release itself runs in the student edition (``tests/student/test_student_notebooks.py``).

These tests start real Jupyter kernels (nbclient) and score cells with nbgrader's own
``determine_grade``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nncourse.check import EXERCISES
from nncourse.course.execute import cell_grades, error_outputs, execute_notebook
from nncourse.course.release import compare_release

pytestmark = pytest.mark.notebooks

REPO = Path(__file__).resolve().parents[2]
SOLUTIONS = sorted((REPO / "solutions").glob("*.ipynb"))
RELEASED = sorted((REPO / "notebooks").glob("*.ipynb"))


def _ids(paths):
    return [p.stem for p in paths]


def test_there_are_notebooks():
    assert SOLUTIONS, "no source notebooks in solutions/"


@pytest.mark.parametrize("path", SOLUTIONS, ids=_ids(SOLUTIONS))
def test_solution_notebook_gets_full_marks(path):
    nb = execute_notebook(path)
    assert error_outputs(nb) == []
    grades = cell_grades(nb)
    assert grades, f"{path.name} has no graded test cells"
    low = [g for g in grades if g.points != g.max_points]
    assert low == [], f"hidden tests not passed by the solution: {low}"
    for g in grades:
        assert g.grade_id.startswith("test_")
        ex_id = g.grade_id[len("test_") :].replace("_", ".", 1)
        assert ex_id in EXERCISES, f"{g.grade_id} does not name a registered exercise"


def test_release_is_up_to_date():
    diff = compare_release(REPO / "solutions", REPO / "notebooks")
    assert diff.up_to_date, f"run `nncourse release`: {diff}"


@pytest.mark.parametrize("path", SOLUTIONS + RELEASED, ids=_ids(SOLUTIONS) + _ids(RELEASED))
def test_committed_notebooks_have_no_outputs(path):
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None
