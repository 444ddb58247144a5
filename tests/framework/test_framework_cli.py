"""The command line and the package import, run as a student or a TA would run them."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from nncourse.check import EXERCISES

REPO = Path(__file__).resolve().parents[2]
PYTHON = REPO / ".venv" / "bin" / "python"
UNIT02_IDS = {
    "02.linear",
    "02.sigmoid",
    "02.tanh",
    "02.relu",
    "02.softmax",
    "02.softmax_jacobian",
    "02.softmax_vjp",
    "02.sparsemax",
    "02.mlp_forward",
    "02.squared_loss",
    "02.cross_entropy",
}


def _python() -> str:
    return str(PYTHON) if PYTHON.exists() else sys.executable


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [_python(), *args], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )


def test_cli_lists_every_registered_exercise():
    proc = _run("-m", "nncourse.cli", "exercises")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    listed = {line.split()[0]: line.split()[1] for line in lines if line.strip()}
    assert set(listed) == set(EXERCISES)
    for ex_id, ex in EXERCISES.items():
        assert listed[ex_id] == ex.grade_id
    sigmoid_line = next(line for line in lines if line.startswith("02.sigmoid "))
    assert sigmoid_line.rstrip().endswith("sigmoid, sigmoid_grad")


def test_a_fresh_interpreter_registers_all_unit02_exercises():
    proc = _run("-c", "from nncourse.check import EXERCISES; print(sorted(EXERCISES))")
    assert proc.returncode == 0, proc.stderr
    listed = set(ast.literal_eval(proc.stdout.strip()))
    assert UNIT02_IDS <= listed
    assert {i for i in listed if i.startswith("02.")} == UNIT02_IDS
