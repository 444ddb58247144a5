"""Unit 05 in the student edition: no answer key at import, judges as data, visible checks and
demos on the student's own functions, and nothing in the student edition answers an exercise."""

from __future__ import annotations

from pathlib import Path

import pytest
from nokey import run_with_exercises as _run_without_key

from nncourse import landscape_demos as demos
from nncourse import surface
from nncourse.check import EXERCISES, visible
from nncourse.check.exercise import Judge

from . import students

pytestmark = pytest.mark.unit05

REPO = Path(__file__).resolve().parents[2]
UNIT = sorted(i for i in EXERCISES if i.startswith("05."))

STUDENT_MODULES = (
    "nncourse.check.unit05",
    "nncourse.check.unit05.common",
    "nncourse.check.unit05.jensen",
    "nncourse.check.unit05.permute_hidden",
    "nncourse.check.unit05.count_equivalent",
    "nncourse.check.unit05.average_permutations",
    "nncourse.check.unit05.hessian",
    "nncourse.check.unit05.classify",
    "nncourse.inside.probes.unit05",
    "nncourse.surface",
    "nncourse.landscape_demos",
    "nncourse.plots_surface",
    "nncourse.widgets.loss_surface",
)


def test_modules_import_and_visible_checks_run_without_the_answer_key():
    done = _run_without_key(
        f"""
        for name in {STUDENT_MODULES!r}:
            importlib.import_module(name)
        print("key", sorted(m for m in sys.modules if m.startswith("nncourse.key")))
        sys.path.insert(0, "tests")
        from unit05 import students as s
        from nncourse.check import unit05
        from nncourse.widgets import LossSurface
        passed = [
            unit05.jensen(s.find_jensen_violation, quiet=True).passed,
            unit05.permute_hidden(s.permute_hidden, quiet=True).passed,
            unit05.count_equivalent(s.count_equivalent, quiet=True).passed,
            unit05.average_permutations(s.average_permutations, quiet=True).passed,
            unit05.hessian(s.fd_hessian, quiet=True).passed,
            unit05.classify(s.classify_critical_point, quiet=True).passed,
        ]
        hidden = unit05.count_equivalent(s.count_equivalent, seed=1, quiet=True)
        view = LossSurface(s.permute_hidden, grid=11)
        print(passed, hidden.results[0].status, len(view.image.value) > 1000)
        """
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "key []"
    assert lines[1] == "[True, True, True, True, True, True] error True"


@pytest.mark.parametrize("exercise_id", UNIT)
@pytest.mark.parametrize("seed", [0, 905_001])
def test_every_judge_is_a_checker_function_with_plain_data(exercise_id, seed):
    for case in EXERCISES[exercise_id].build_cases(seed):
        assert isinstance(case.judge, Judge)
        again = visible.case_from_data(visible.case_to_data(case))
        assert again.judge.fn is case.judge.fn


def test_the_students_solutions_drive_the_demos():
    pb = surface.Problem(steps=200)
    ts, losses = surface.twin_path(pb, students.permute_hidden, surface.permutation(6, 1))
    assert losses[0] == pytest.approx(losses[-1], rel=1e-10)
    lin = demos.make_linear_problem()
    f = demos.scaled_loss(lin)
    labels = [
        students.classify_critical_point(f, cp.theta) for cp in demos.baldi_hornik_points(lin)[:2]
    ]
    assert labels == ["degenerate", "saddle"]
