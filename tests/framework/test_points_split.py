"""Each graded test cell of the release states how its points are split over the checks."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from nncourse.check.exercise import exercise_for_grade_id
from nncourse.course.release import with_points_split

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_graded_cell_of_the_release_states_its_split(path):
    nb = nbformat.read(path, as_version=4)
    graded = [
        c
        for c in nb.cells
        if exercise_for_grade_id(c.metadata.get("nbgrader", {}).get("grade_id", ""))
        and c.metadata["nbgrader"].get("grade")
    ]
    assert graded
    for cell in graded:
        points = float(cell.metadata["nbgrader"]["points"])
        head = " ".join(
            line[2:] for line in cell.source.splitlines() if line.startswith("# ")
        ).split(". ")[0]
        assert head.startswith(f"{points:g} points, split over the checks"), head
        shares = [float(x) for x in re.findall(r" (\d+(?:\.\d+)?)(?:;| \||\.?$)", head)]
        assert sum(shares) == pytest.approx(points, abs=0.02 * len(shares)), head


def test_the_split_names_what_counts_only_with_the_values():
    nb = nbformat.v4.new_notebook()
    nb.cells.append(
        nbformat.v4.new_code_cell(
            "# Hidden tests",
            metadata={"nbgrader": {"grade": True, "grade_id": "test_02_softmax", "points": 3}},
        )
    )
    text = with_points_split(nb).cells[0].source
    assert text.startswith("# 3 points, split over the checks")
    assert text.endswith("# Hidden tests")
