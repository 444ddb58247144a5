"""Unit 06 in the student edition: no answer key at import, judges as data, demos and the
widget on the student's own functions.

The checkers, the probes, the demo module, the plots and the widget must import (and the visible
checks run) with ``nncourse.key`` unavailable.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from nokey import run_with_exercises as _run_without_key

from nncourse.check import EXERCISES, visible
from nncourse.check.exercise import Judge

pytestmark = pytest.mark.unit06

REPO = Path(__file__).resolve().parents[2]

STUDENT_MODULES = (
    "nncourse.check.unit06",
    "nncourse.check.unit06.common",
    *(f"nncourse.check.unit06.{e.split('.')[1]}" for e in EXERCISES if e.startswith("06.")),
    "nncourse.inside.probes.unit06",
    "nncourse.quadratics_demo",
    "nncourse.plots_quadratics",
    "nncourse.widgets.learning_rate",
)


def test_student_modules_import_without_the_answer_key():
    done = _run_without_key(
        f"""
        for name in {STUDENT_MODULES!r}:
            importlib.import_module(name)
        print("imported", sorted(m for m in sys.modules if m.startswith("nncourse.key")))
        print(len([e for e in EXERCISES if e.startswith("06.")]))
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["imported []", "8"]


def test_visible_checks_widget_and_demos_run_without_the_answer_key():
    done = _run_without_key(
        """
        import json
        import numpy as np
        from nncourse import quadratics_demo
        from nncourse.check import unit06
        from nncourse.widgets import LearningRateExplorer
        # the solution notebook's answer cells are the student here
        student = {"np": np}
        cells = json.load(open("solutions/06_learning_rates.ipynb"))["cells"]
        for cell in cells:
            if cell["metadata"].get("nbgrader", {}).get("solution"):
                exec("".join(cell["source"]), student)
        names = ["gradient_descent", "regime_1d", "direction_rates", "iterations_to_tol",
                 "newton_step", "convergence_rate", "decay", "plateau_decay"]
        passed = [getattr(unit06, n)(student[n], quiet=True).passed for n in names]
        hidden = unit06.decay(student["decay"], seed=1, quiet=True)
        explorer = LearningRateExplorer(student["gradient_descent"], student["regime_1d"])
        counts = quadratics_demo.kappa_sweep(student["iterations_to_tol"], [2.0, 10.0])
        print(all(passed), hidden.results[0].status, explorer.label.endswith("converges"),
              counts.tolist())
        """
    )
    assert done.returncode == 0, done.stderr
    words = done.stdout.split()
    assert words[:3] == ["True", "error", "True"]  # hidden inputs need the key


@pytest.mark.parametrize("exercise_id", sorted(i for i in EXERCISES if i.startswith("06.")))
@pytest.mark.parametrize("seed", [0, 1, 906_001])
def test_every_judge_is_a_checker_function_with_plain_data(exercise_id, seed):
    for case in EXERCISES[exercise_id].build_cases(seed):
        assert isinstance(case.judge, Judge)
        data = visible.case_to_data(case)
        again = visible.case_from_data(data)
        assert again.judge.fn is case.judge.fn
