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


def test_author_writes_the_notebook_atomically_with_an_ordinary_mode(tmp_path):
    import json
    import stat

    from nncourse.grading.gradebook import FILE_MODE

    script = tmp_path / "topic.py"
    script.write_text("# %% [markdown]\n# Title\n# %% solution id=answer_x\nx = 1\n")
    out = tmp_path / "solutions" / "99_topic.ipynb"
    proc = subprocess.run(
        [_python(), "-m", "nncourse.cli", "author", str(script), str(out)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    nb = json.loads(out.read_text())
    assert nb["cells"][1]["metadata"]["nbgrader"]["grade_id"] == "answer_x"
    assert stat.S_IMODE(out.stat().st_mode) == FILE_MODE
    assert [p.name for p in out.parent.iterdir()] == [out.name], "no temporary file is left"


def test_demo_and_grade_take_an_output_folder():
    from nncourse.cli import build_parser

    for command in ("demo", "grade"):
        args = build_parser().parse_args([command, "--out", "elsewhere"])
        assert args.out == Path("elsewhere")
    assert build_parser().parse_args(["demo"]).out == Path("out") / "grading"
