"""The student edition on its own: what the wheel holds and what works without the answer key."""

from __future__ import annotations

import json
import zipfile

import pytest
from studentenv import run_student

from nncourse.check import EXERCISES
from nncourse.course.wheel import INSTRUCTOR_ONLY

pytestmark = pytest.mark.student


def test_the_wheel_holds_no_module_of_the_answer_key(student_wheel):
    names = zipfile.ZipFile(student_wheel).namelist()
    assert "nncourse/check/exercise.py" in names and "nncourse/inside/guard.py" in names
    assert any(n.startswith("nncourse/check/data/") and n.endswith(".json") for n in names)
    for part in INSTRUCTOR_ONLY:
        assert not [n for n in names if n.startswith(f"nncourse/{part}")], part
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_the_student_venv_has_no_answer_key_and_no_grader(student_python, tmp_path):
    done = run_student(
        student_python,
        "import importlib.util, nncourse\n"
        "print(nncourse.__file__)\n"
        "for m in ('nncourse.key', 'nncourse.grading', 'nncourse.course', 'nncourse.cli'):\n"
        "    print(m, importlib.util.find_spec(m) is not None)\n",
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert str(student_python.parent.parent) in lines[0], lines[0]  # the wheel's copy
    assert all(line.endswith("False") for line in lines[1:]), lines


def test_every_check_has_visible_cases_in_the_student_venv(student_python, tmp_path):
    """Each exercise's check cell finds its visible cases and runs them (a stub: not attempted)."""
    code = (
        "import json\n"
        "from nncourse.check import EXERCISES\n"
        "def stub(*a, **k):\n    raise NotImplementedError()\n"
        "out = {}\n"
        "for ex in EXERCISES.values():\n"
        "    report = ex(*([stub] * len(ex.targets)), timeout=2)\n"
        "    out[ex.id] = [len(report.results), report.attempted, report.summary()]\n"
        "print(json.dumps(out))\n"
    )
    done = run_student(student_python, code, tmp_path)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert sorted(seen) == sorted(EXERCISES)
    for ex_id, (n, attempted, summary) in seen.items():
        assert n == len(EXERCISES[ex_id].cases()) and n > 0, ex_id
        assert not attempted and "not attempted" in summary, (ex_id, summary)


def test_hidden_seeds_need_the_answer_key(student_python, tmp_path):
    done = run_student(
        student_python,
        "from nncourse.check import EXERCISES\n"
        "import numpy as np\n"
        "r = EXERCISES['02.softmax'](lambda z: z, seed=123)\n"
        "print(r.results[0].message)\n",
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "answer key" in done.stdout and "instructor" in done.stdout
