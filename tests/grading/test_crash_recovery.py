"""Killing sandboxes, or the grader itself, mid-run loses no grade.

``nncourse grade`` runs in a subprocess; the test kills processes it started itself (found in
``/proc`` as children of that subprocess) and checks the grades against ``grading/expected.json``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nncourse.grading.autograde import grade

pytestmark = pytest.mark.grading

REPO = Path(__file__).resolve().parents[2]
EXPECTED = json.loads((REPO / "grading" / "expected.json").read_text())["students"]
STUDENTS = ["broken_os_exit", "bug_derivatives", "honest_complete", "honest_noisy", "honest_slow"]


def _children(pid: int) -> list[int]:
    """Sandbox workers started by process ``pid`` (their command line names ``_nngrade``)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid and b"_nngrade" in cmdline:
            found.append(int(entry.name))
    return found


def _start(src: Path, out: Path) -> subprocess.Popen:
    cmd = [
        sys.executable,
        "-m",
        "nncourse.cli",
        "grade",
        str(src),
        "--out",
        str(out),
        "--workers",
        "2",
        "--no-progress",
    ]
    return subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _results(out: Path) -> dict[str, dict]:
    return {
        p.parent.parent.name: json.loads(p.read_text())
        for p in (out / "results").glob("*/*/*.json")
    }


def _assert_expected(result: dict) -> None:
    want = EXPECTED[result["student"]]
    got = {r["grade_id"]: (r["points"], r["status"]) for r in result["rows"]}
    assert got == {g: (c["points"], c["status"]) for g, c in want["cells"].items()}


@pytest.fixture
def src(tmp_path) -> Path:
    dest = tmp_path / "submitted"
    for s in STUDENTS:
        shutil.copytree(REPO / "grading" / "submitted" / s, dest / s)
    return dest


def _wait_for(predicate, proc: subprocess.Popen, limit: float = 60.0):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        if proc.poll() is not None:
            pytest.fail(f"grader ended early:\n{proc.stdout.read().decode()}")
        time.sleep(0.05)
    pytest.fail("timed out waiting for the grader")


def test_killing_sandboxes_mid_run_loses_nothing(src, tmp_path):
    out = tmp_path / "out"
    proc = _start(src, out)
    try:
        # honest_slow is graded last and takes seconds: kill while it and others are running
        _wait_for(lambda: len(_results(out)) >= 3 and "honest_slow" not in _results(out), proc)
        victims = _children(proc.pid)
        assert victims, "the grader should have sandbox workers running"
        for pid in victims:
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        text = proc.communicate(timeout=120)[0].decode()
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, text
    assert "graded 5 submission(s)" in text and "gradebook" in text
    assert "landlock" in text and "honest_slow" in text
    results = _results(out)
    assert sorted(results) == sorted(STUDENTS)
    for result in results.values():
        _assert_expected(result)


def test_killing_the_grader_then_rerunning_loses_nothing(src, tmp_path):
    out = tmp_path / "out"
    proc = _start(src, out)
    try:
        _wait_for(lambda: len(_results(out)) >= 2, proc)
        workers = _children(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    finished = _results(out)
    assert 2 <= len(finished) < len(STUDENTS)
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers), "orphaned sandboxes"
    run = grade(src, out=out, workers=2)
    assert not run.failed
    reused = {key.split("/")[0] for key in run.reused}
    assert reused == set(finished), "finished grades are kept, not graded again"
    assert sorted(r["student"] for r in run.results) == sorted(STUDENTS)
    for result in run.results:
        _assert_expected(result)
    table = subprocess.run(
        [
            sys.executable,
            "-c",
            "from nncourse.grading.autograde import gradebook_table as t;"
            f"print(len(t({str(out)!r})))",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    assert table.stdout.strip() == str(len(STUDENTS))
