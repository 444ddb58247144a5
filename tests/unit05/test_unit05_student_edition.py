"""Unit 05 in the student edition: no answer key at import, judges as data, visible checks and
demos on the student's own functions, and nothing in the student edition answers an exercise."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

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

BLOCK_KEY = textwrap.dedent(
    f"""
    import importlib, sys

    import nncourse.check
    from nncourse.check.exercise import EXERCISES

    for name in [m for m in sys.modules if m.startswith("nncourse.key")]:
        del sys.modules[name]
    for name in {STUDENT_MODULES!r}:
        if not name.startswith("nncourse.inside"):  # probes register once; stdlib + numpy only
            sys.modules.pop(name, None)
    for ex_id in [e for e in EXERCISES if e.startswith("05.")]:
        del EXERCISES[ex_id]

    class NoKey:
        def find_spec(self, name, path=None, target=None):
            if name == "nncourse.key" or name.startswith("nncourse.key."):
                raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
            return None

    sys.meta_path.insert(0, NoKey())
    """
)


def _run_without_key(body: str) -> subprocess.CompletedProcess:
    code = BLOCK_KEY + textwrap.dedent(body)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=300
    )


@pytest.mark.skipif(not (visible.DATA / "05.json").is_file(), reason="visible cases not written")
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


def _student_edition_functions():
    out = []
    for name in STUDENT_MODULES:
        module = importlib.import_module(name)
        for attr, obj in vars(module).items():
            if inspect.isfunction(obj) and obj.__module__ == name and not attr.startswith("_"):
                out.append((f"{name}.{attr}", obj))
    return out


@pytest.mark.parametrize("exercise_id", UNIT)
def test_no_student_edition_function_answers_an_exercise(exercise_id):
    scored = [
        name
        for name, fn in _student_edition_functions()
        if EXERCISES[exercise_id](fn, quiet=True, timeout=2.0).points(1) > 0
    ]
    assert scored == []


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
