"""Unit 01 as a book: the hidden layer's view of XOR drawn from the student's own network, the
perceptron bound as the notebook states it and the code uses it, and the notebook's shape
(every graded cell says what it checks; prose between exercises; a summary with questions).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure
from nokey import run_without_key

from nncourse import plots_hidden, xor
from nncourse.check.unit01.separable import MAX_PERCEPTRON_UPDATES
from nncourse.key import threshold

pytestmark = pytest.mark.unit01

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO / "solutions" / "01_xor_feature_maps.ipynb"


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text())["cells"]


def _stub():
    raise NotImplementedError()


def test_hidden_view_draws_the_hidden_patterns_of_the_network_it_is_given(capsys):
    fig = plots_hidden.plot_hidden_view(
        threshold.xor_step_params, xor.XOR_INPUTS, xor.XOR_TARGETS, "Exercise 1.3"
    )
    assert isinstance(fig, Figure)
    assert capsys.readouterr().out == ""
    width, height = fig.get_size_inches()
    assert width <= 9 and height <= 3.5
    (W1, b1), _ = threshold.xor_step_params()
    hidden = (xor.XOR_INPUTS @ np.asarray(W1).T + b1 >= 0).astype(float)
    drawn = np.vstack([c.get_offsets() for c in fig.axes[1].collections])
    # the two inputs sharing a hidden pattern are drawn side by side (offset < 0.1)
    for point in hidden:
        assert np.min(np.max(np.abs(drawn - point), axis=1)) < 0.1
    assert len(fig.axes[1].lines) == 1  # the output unit's line


def test_hidden_view_names_the_exercise_while_it_is_a_stub(capsys):
    fig = plots_hidden.plot_hidden_view(_stub, xor.XOR_INPUTS, xor.XOR_TARGETS, "Exercise 1.3")
    assert fig is None
    assert capsys.readouterr().out.strip() == "Exercise 1.3 brings this figure to life."


def test_plots_hidden_imports_without_the_answer_key():
    done = run_without_key(
        """
        import nncourse.plots_hidden
        assert not [m for m in sys.modules if m.startswith("nncourse.key")]
        print("ok")
        """
    )
    assert done.returncode == 0 and "ok" in done.stdout, done.stderr


def test_the_default_sweeps_cover_the_bound_the_notebook_states():
    """At most (R/gamma)^2 updates, each sweep but the last makes one: bound + 1 sweeps."""
    code = "".join("".join(c["source"]) for c in _cells(SOURCE) if c["cell_type"] == "code")
    default = int(re.search(r"def linear_separator\(X, y, max_epochs=(\d+)\)", code).group(1))
    assert default == MAX_PERCEPTRON_UPDATES + 1
    prose = "".join("".join(c["source"]) for c in _cells(SOURCE) if c["cell_type"] == "markdown")
    assert rf"(R/\gamma)^2 \le {MAX_PERCEPTRON_UPDATES}" in prose
    assert r"(R/\gamma)^2 + 1" in prose
    assert "compact" in prose and "Perceptrons* (1969)" in prose


@pytest.mark.parametrize("path", [SOURCE, REPO / "notebooks" / SOURCE.name], ids=["src", "rel"])
def test_every_graded_cell_says_what_it_checks(path):
    for cell in _cells(path):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            # the release opens the cell with the points split, then the same sentence
            lines = "".join(cell["source"]).splitlines()
            said = next((line for line in lines if line.startswith("# Hidden tests: ")), "")
            assert len(said) > 40, lines


def test_prose_between_exercises_and_a_summary_with_questions():
    cells = _cells(SOURCE)
    kinds = []
    for cell in cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        kinds.append("answer" if meta.get("solution") else cell["cell_type"])
    answers = [i for i, k in enumerate(kinds) if k == "answer"]
    for before, after in zip(answers, answers[1:]):
        assert "markdown" in kinds[before + 1 : after], f"no prose between cells {before}, {after}"
    last = "".join(cells[-1]["source"])
    assert "## Summary" in last and "## Questions to think about" in last
