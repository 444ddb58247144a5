"""Every source notebook runs headless with full marks; every release runs and says "not attempted".

These tests start real Jupyter kernels (nbclient) and score cells with nbgrader's own
``determine_grade``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nncourse.check import EXERCISES
from nncourse.course.execute import cell_grades, error_outputs, execute_notebook, output_text
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


@pytest.mark.parametrize("path", RELEASED, ids=_ids(RELEASED))
def test_release_runs_and_reports_not_attempted(path):
    nb = execute_notebook(path)
    assert error_outputs(nb) == [], "the student release must run without a traceback"
    source = json.loads((REPO / "solutions" / path.name).read_text())
    graded = [
        c
        for c in source["cells"]
        if c.get("metadata", {}).get("nbgrader", {}).get("grade") and c["cell_type"] == "code"
    ]
    # one visible check per graded exercise, each saying so in its one-line summary
    summaries = output_text(nb, kinds=("text/plain",)).count("not attempted yet")
    assert summaries == len(graded), (
        f"{summaries} 'not attempted' summaries, {len(graded)} exercises"
    )
    assert "all checks passed" not in output_text(nb)
    assert "BEGIN HIDDEN TESTS" not in path.read_text()
    assert "BEGIN SOLUTION" not in path.read_text()


def test_release_is_up_to_date():
    diff = compare_release(REPO / "solutions", REPO / "notebooks")
    assert diff.up_to_date, f"run `nncourse release`: {diff}"


@pytest.mark.parametrize("path", SOLUTIONS + RELEASED, ids=_ids(SOLUTIONS) + _ids(RELEASED))
def test_committed_notebooks_have_no_outputs(path):
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None
