"""Every subcommand against a table of bad inputs: one line, a non-zero exit, no traceback.

Each case runs the command line's ``main`` with the repository (the course folder) as the
current directory, so the defaults point at the real ``notebooks/``, ``solutions/`` and example
class; those, the visible cases, ``dist/`` and ``out/`` must be byte-identical afterwards. An
exception escaping ``main`` fails the case (that is what would print a traceback). A sample of
the cases also runs as a real ``python -m nncourse.cli`` subprocess, the way an instructor runs
it (each subprocess costs an interpreter start, slow on a loaded machine).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.grading

REPO = Path(__file__).resolve().parents[2]
PYTHON = REPO / ".venv" / "bin" / "python"
WATCHED = ["notebooks", "solutions", "grading/submitted", "nncourse/check/data", "dist", "out"]
"""Folders of the course that no refused command may change."""


def _python() -> str:
    return str(PYTHON) if PYTHON.exists() else sys.executable


def _snapshot() -> dict[str, str]:
    found = {}
    for name in WATCHED:
        root = REPO / name
        if not root.exists():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                found[str(path.relative_to(REPO))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _source_with_duplicate_ids(dest: Path) -> None:
    nb = json.loads((REPO / "solutions" / "02_activations.ipynb").read_text())
    ids = [c for c in nb["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")]
    ids[1]["metadata"]["nbgrader"]["grade_id"] = ids[0]["metadata"]["nbgrader"]["grade_id"]
    (dest / "02_activations.ipynb").write_text(json.dumps(nb))


def _setup(tmp: Path) -> dict[str, str]:
    """Bad inputs on disk; returns names usable in the case table as {name}."""
    (tmp / "empty").mkdir()
    (tmp / "a_file.txt").write_text("not a folder")
    (tmp / "broken").mkdir()
    (tmp / "broken" / "02_activations.ipynb").write_text("{ this is not json")
    (tmp / "dupes").mkdir()
    _source_with_duplicate_ids(tmp / "dupes")
    (tmp / "other_solutions").mkdir()
    shutil.copyfile(
        REPO / "solutions" / "02_activations.ipynb",
        tmp / "other_solutions" / "99_other.ipynb",
    )
    flat = tmp / "flat"
    flat.mkdir()
    shutil.copyfile(
        REPO
        / "grading"
        / "submitted"
        / "honest_complete"
        / "02_activations"
        / "02_activations.ipynb",
        flat / "02_activations.ipynb",
    )
    (tmp / "garbage.zip").write_bytes(os.urandom(2000))
    with zipfile.ZipFile(tmp / "nothing.zip", "w") as zf:
        zf.writestr("README.txt", "no notebooks here")
        zf.writestr("alice/notes.txt", "still none")
    (tmp / "truncated.zip").write_bytes(b"PK\x03\x04" + b"\0" * 40)
    (tmp / "script_bad_marker.py").write_text("# %% frobnicate id=x\nx = 1\n")
    (tmp / "script_no_cells.py").write_text("x = 1\n")
    (tmp / "script_no_id.py").write_text("# %% solution\nx = 1\n")
    (tmp / "script.py").write_text("# %%\nx = 1\n")
    (tmp / "latin1.py").write_bytes(b"# %%\nx = '\xe9'\n")
    (tmp / "config_raises.py").write_text("raise RuntimeError('broken config')\n")
    blocked = tmp / "no_dask"
    blocked.mkdir()
    (blocked / "distributed.py").write_text("raise ImportError('No module named distributed')\n")
    return {"tmp": str(tmp), "flat_nb": str(flat / "02_activations.ipynb")}


GRADE_OUT = ["--out", "{tmp}/out_ok"]
CASES = [
    # ------------------------------------------------------------ release
    ("release-solutions-typo", ["release", "--solutions", "solutionz"]),
    (
        "release-solutions-typo-custom-notebooks",
        ["release", "--solutions", "nosuch", "--notebooks", "notebooks"],
    ),
    ("release-solutions-empty", ["release", "--solutions", "{tmp}/empty"]),
    ("release-solutions-is-file", ["release", "--solutions", "{tmp}/a_file.txt"]),
    ("release-broken-source", ["release", "--solutions", "{tmp}/broken"]),
    ("release-duplicate-grade-ids", ["release", "--solutions", "{tmp}/dupes"]),
    ("release-notebooks-is-file", ["release", "--notebooks", "{tmp}/a_file.txt"]),
    ("release-notebooks-is-course-folder", ["release", "--notebooks", "."]),
    ("release-notebooks-is-solutions", ["release", "--notebooks", "solutions"]),
    ("release-notebooks-holds-solutions", ["release", "--notebooks", "solutions/.."]),
    ("release-wheel-dir-is-file", ["release", "--wheel-dir", "{tmp}/a_file.txt"]),
    ("release-check-solutions-typo", ["release", "--check", "--solutions", "nosuch"]),
    ("release-check-broken", ["release", "--check", "--solutions", "{tmp}/broken"]),
    ("release-check-notebooks-is-file", ["release", "--check", "--notebooks", "{tmp}/a_file.txt"]),
    ("release-unknown-flag", ["release", "--frobnicate"]),
    # ------------------------------------------------------------ demo
    ("demo-solutions-typo", ["demo", "--solutions", "nosuch", "--out", "{tmp}/demo_out"]),
    ("demo-timeout-negative", ["demo", "--timeout", "-1", "--out", "{tmp}/demo_out"]),
    ("demo-workers-negative", ["demo", "--workers", "-2", "--out", "{tmp}/demo_out"]),
    ("demo-out-is-file", ["demo", "--out", "{tmp}/a_file.txt"]),
    ("demo-broken-source", ["demo", "--solutions", "{tmp}/broken", "--out", "{tmp}/demo_out"]),
    # ------------------------------------------------------------ grade: what to grade
    ("grade-missing-folder", ["grade", "{tmp}/nosuch", *GRADE_OUT]),
    ("grade-empty-folder", ["grade", "{tmp}/empty", *GRADE_OUT]),
    ("grade-wrong-layout", ["grade", "{tmp}/flat", *GRADE_OUT]),
    ("grade-bare-notebook", ["grade", "{flat_nb}", *GRADE_OUT]),
    ("grade-garbage-zip", ["grade", "{tmp}/garbage.zip", *GRADE_OUT]),
    ("grade-truncated-zip", ["grade", "{tmp}/truncated.zip", *GRADE_OUT]),
    ("grade-zip-without-submissions", ["grade", "{tmp}/nothing.zip", *GRADE_OUT]),
    ("grade-text-file", ["grade", "{tmp}/a_file.txt", *GRADE_OUT]),
    ("grade-solutions-typo", ["grade", "--solutions", "nosuch", *GRADE_OUT]),
    ("grade-solutions-empty", ["grade", "--solutions", "{tmp}/empty", *GRADE_OUT]),
    ("grade-solutions-broken", ["grade", "--solutions", "{tmp}/broken", *GRADE_OUT]),
    (
        "grade-solutions-for-other-assignments",
        ["grade", "--solutions", "{tmp}/other_solutions", *GRADE_OUT],
    ),
    # ------------------------------------------------------------ grade: numbers
    ("grade-timeout-negative", ["grade", "--timeout", "-1", *GRADE_OUT]),
    ("grade-timeout-zero", ["grade", "--timeout", "0", *GRADE_OUT]),
    ("grade-timeout-nan", ["grade", "--timeout", "nan", *GRADE_OUT]),
    ("grade-timeout-inf", ["grade", "--timeout", "inf", *GRADE_OUT]),
    ("grade-timeout-text", ["grade", "--timeout", "ten", *GRADE_OUT]),
    ("grade-workers-negative", ["grade", "--workers", "-2", *GRADE_OUT]),
    ("grade-workers-zero", ["grade", "--workers", "0", *GRADE_OUT]),
    ("grade-workers-huge", ["grade", "--workers", "100000", *GRADE_OUT]),
    ("grade-workers-float", ["grade", "--workers", "2.5", *GRADE_OUT]),
    ("grade-memory-tiny", ["grade", "--memory", "1", *GRADE_OUT]),
    ("grade-duedate-garbage", ["grade", "--duedate", "next tuesday-ish", *GRADE_OUT]),
    (
        "grade-duedate-unknown-assignment",
        ["grade", "--duedate", "nosuch=2026-01-01 00:00", *GRADE_OUT],
    ),
    # ------------------------------------------------------------ grade: outputs and engines
    ("grade-out-is-file", ["grade", "--out", "{tmp}/a_file.txt"]),
    ("grade-out-unwritable", ["grade", "--out", "/proc/nncourse-out"]),
    ("grade-out-is-course-folder", ["grade", "--out", "."]),
    ("grade-out-is-notebooks", ["grade", "--out", "notebooks"]),
    ("grade-out-is-the-class", ["grade", "--out", "grading/submitted"]),
    ("grade-scheduler-unreachable", ["grade", "--scheduler", "tcp://127.0.0.1:9", *GRADE_OUT]),
    ("grade-scheduler-garbage", ["grade", "--scheduler", "::not an address::", *GRADE_OUT]),
    (
        "grade-nbgrader-config-missing",
        ["grade", "--nbgrader-config", "{tmp}/nosuch.py", *GRADE_OUT],
    ),
    (
        "grade-nbgrader-config-raises",
        ["grade", "--nbgrader-config", "{tmp}/config_raises.py", *GRADE_OUT],
    ),
    ("grade-unknown-flag", ["grade", "--frobnicate"]),
    # ------------------------------------------------------------ author
    ("report-out-missing", ["report", "--out", "{tmp}/nosuch"]),
    ("report-out-empty", ["report", "--out", "{tmp}/empty"]),
    ("report-out-is-file", ["report", "--out", "{tmp}/a_file.txt"]),
    ("report-solutions-typo", ["report", "--solutions", "nosuch", "--out", "{tmp}/empty"]),
    ("author-missing-script", ["author", "{tmp}/nosuch.py", "{tmp}/out.ipynb"]),
    ("author-script-is-folder", ["author", "{tmp}/empty", "{tmp}/out.ipynb"]),
    ("author-bad-marker", ["author", "{tmp}/script_bad_marker.py", "{tmp}/out.ipynb"]),
    ("author-marker-without-id", ["author", "{tmp}/script_no_id.py", "{tmp}/out.ipynb"]),
    ("author-no-cells", ["author", "{tmp}/script_no_cells.py", "{tmp}/out.ipynb"]),
    ("author-not-utf8", ["author", "{tmp}/latin1.py", "{tmp}/out.ipynb"]),
    ("author-out-not-ipynb", ["author", "{tmp}/script.py", "{tmp}/out.txt"]),
    ("author-out-is-folder", ["author", "{tmp}/script.py", "{tmp}/empty"]),
    ("author-out-unwritable", ["author", "{tmp}/script.py", "/proc/nncourse/out.ipynb"]),
    ("author-missing-argument", ["author", "{tmp}/script.py"]),
    # ------------------------------------------------------------ exercises, top level
    ("exercises-extra-argument", ["exercises", "everything"]),
    ("no-command", []),
    ("unknown-command", ["frobnicate"]),
]


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory) -> dict[str, str]:
    return _setup(tmp_path_factory.mktemp("bad"))


def _run(argv: list[str], env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [_python(), "-m", "nncourse.cli", *argv],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env=env,
    )


def _assert_refused(proc: subprocess.CompletedProcess, argv: list[str]) -> None:
    both = proc.stdout + proc.stderr
    assert "Traceback" not in both, both
    assert proc.returncode not in (0, None), both
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, f"{argv}: want one line on stderr, got:\n{proc.stderr}"
    assert lines[0].startswith("nncourse") and "error" in lines[0], lines[0]
    assert "internal error" not in lines[0], lines[0]


@pytest.mark.parametrize("argv", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_refused_in_one_line(argv, bad_inputs, monkeypatch, capsys):
    from nncourse import cli

    monkeypatch.chdir(REPO)
    before = _snapshot()
    args = [a.format(**bad_inputs) for a in argv]
    code = cli.main(args)
    captured = capsys.readouterr()
    proc = subprocess.CompletedProcess(args, code, captured.out, captured.err)
    _assert_refused(proc, args)
    assert code == 2, captured.err
    assert _snapshot() == before, "a refused command changed the course's files"


SUBPROCESS = [
    "release-solutions-typo-custom-notebooks",
    "release-broken-source",
    "grade-garbage-zip",
    "grade-workers-negative",
    "grade-out-is-notebooks",
    "author-missing-script",
    "unknown-command",
]


@pytest.mark.parametrize("name", SUBPROCESS)
def test_the_installed_command_refuses_the_same_way(name, bad_inputs):
    argv = [a.format(**bad_inputs) for a in dict(CASES)[name]]
    before = _snapshot()
    proc = _run(argv)
    _assert_refused(proc, argv)
    assert proc.returncode == 2, proc.stderr
    assert _snapshot() == before


def test_scheduler_without_dask_installed(bad_inputs):
    env = dict(os.environ, PYTHONPATH=f"{bad_inputs['tmp']}/no_dask")
    args = ["grade", "--scheduler", "tcp://127.0.0.1:8786", "--out", f"{bad_inputs['tmp']}/o"]
    proc = _run(args, env=env)
    _assert_refused(proc, args)
    assert "pip install 'nncourse[dask]'" in proc.stderr


def test_a_bug_is_one_line_and_a_saved_traceback(monkeypatch, capsys):
    """An unexpected exception is reported in one line naming the file with the traceback."""
    from nncourse import cli

    def explode(args):
        raise KeyError("something the code did not expect")

    monkeypatch.setattr(cli, "_cmd_exercises", explode)
    assert cli.main(["exercises"]) == cli.EXIT_INTERNAL
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "internal error: KeyError" in err[0]
    saved = Path(err[0].split("details in ")[1].split(" ")[0].rstrip(";"))
    assert "Traceback" in saved.read_text()
    saved.unlink()


def test_help_still_works():
    for argv in (["--help"], ["grade", "--help"], ["release", "--help"]):
        proc = _run(argv)
        assert proc.returncode == 0 and "usage" in proc.stdout, proc.stderr
