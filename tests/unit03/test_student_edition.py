"""Unit 03 in the student edition: its checkers and demo modules import without the answer key.

A fresh interpreter blocks every ``nncourse.key`` import with a meta-path finder, then imports
the unit's check modules, probes and demo modules, and runs the visible checks on independent
student answers. ``nncourse.check`` is entered as a bare package, so that other units' checkers
(converted or not) do not decide this unit's result.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from nokey import run_without_key

pytestmark = pytest.mark.unit03

REPO = Path(__file__).resolve().parents[2]

MODULES = [
    "nncourse.check.unit03",
    "nncourse.check.unit03.common",
    "nncourse.check.unit03.logistic_signals",
    "nncourse.check.unit03.chain_rule",
    "nncourse.check.unit03.graphs",
    "nncourse.check.unit03.graph_engine",
    "nncourse.check.unit03.mlp_backprop",
    "nncourse.check.unit03.vector_backward",
    "nncourse.inside.probes.unit03",
    "nncourse.backprop_cost",
    "nncourse.plots_backprop",
]

SCRIPT = r"""
import json

out = {"imported": [], "failed": {}}
for name in MODULES:
    try:
        importlib.import_module(name)
        out["imported"].append(name)
    except Exception as exc:
        out["failed"][name] = f"{type(exc).__name__}: {exc}"

sys.path.insert(0, TESTS)
import students
from nncourse.check import unit03

out["graph"] = unit03.graph_engine(students.node_class(), quiet=True).passed
out["graph_bug"] = repr(unit03.graph_engine(students.node_class("assign"), quiet=True))
out["mlp"] = unit03.mlp_backprop(students.mlp_student(), quiet=True).passed
out["mlp_bug"] = repr(unit03.mlp_backprop(students.mlp_student("transposed"), quiet=True))
hidden = unit03.mlp_backprop(students.mlp_student(), seed=7, quiet=True)
out["hidden"] = [r.name for r in hidden.results]
out["key_loaded"] = sorted(m for m in sys.modules if m.startswith("nncourse.key"))
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def student_edition() -> dict:
    code = f"TESTS = {str(Path(__file__).parent)!r}\nMODULES = {MODULES!r}\n" + SCRIPT
    done = run_without_key(code, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_modules_import_without_the_answer_key(student_edition):
    assert student_edition["failed"] == {}
    assert student_edition["imported"] == MODULES
    assert student_edition["key_loaded"] == []


def test_visible_checks_judge_without_the_answer_key(student_edition):
    assert student_edition["graph"] is True
    assert student_edition["mlp"] is True
    assert "holds only one of the contributions" in student_edition["graph_bug"]
    assert "dW1 looks transposed" in student_edition["mlp_bug"]


def test_hidden_checks_need_the_answer_key(student_edition):
    assert student_edition["hidden"] == ["checks available"]
