"""Outputs an instructor uses as they are: totals, file modes, submission times and late
penalties, a note for every run that did not go to plan, progress in logs, a readable table,
and nbgrader's own ``export`` / ``generate_feedback`` from ``grading/`` without edits."""

from __future__ import annotations

import csv
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from nncourse.grading.autograde import grade
from nncourse.grading.gradebook import FILE_MODE, TOTAL
from nncourse.grading.sandbox import Limits

# grading a class takes minutes when both cores are busy: the time limit is generous
pytestmark = [pytest.mark.grading, pytest.mark.timeout(1800)]

REPO = Path(__file__).resolve().parents[2]
CLASS = REPO / "grading" / "submitted"
EXPECTED = json.loads((REPO / "grading" / "expected.json").read_text())["students"]
NB = "02_activations"
LIMITS = Limits(timeout=5.0)
"""Short enough that the deliberate endless cell costs little; honest checks take milliseconds."""
LONG_NAME = "a_student_with_a_very_long_name_from_the_registrar_" + "x" * 20
PYTHON = REPO / ".venv" / "bin" / "python"


def _python() -> str:
    return str(PYTHON) if PYTHON.exists() else sys.executable


def _notebook(student: str) -> dict:
    return json.loads((CLASS / student / NB / f"{NB}.ipynb").read_text())


def _put(root: Path, student: str, nb: dict | str, timestamp: str | None = None) -> None:
    folder = root / student / NB
    folder.mkdir(parents=True)
    text = nb if isinstance(nb, str) else json.dumps(nb)
    (folder / f"{NB}.ipynb").write_text(text)
    if timestamp is not None:
        (folder / "timestamp.txt").write_text(timestamp)


def _class(root: Path) -> Path:
    """A small class: on time, late, an endless loop in an ungraded cell, a crash, not JSON."""
    sub = root / "submitted"
    _put(sub, "on_time", _notebook("honest_complete"), "2026-01-01 10:00:00.000000 UTC")
    _put(sub, "late", _notebook("honest_complete"), "2026-01-03 12:30:00.000000 UTC")
    looping = _notebook("honest_complete")
    looping["cells"].append(
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "extra-loop",
            "metadata": {},
            "outputs": [],
            "source": "while True:\n    pass",
        }
    )
    _put(sub, "endless_scratch_cell", looping)
    shutil.copytree(CLASS / "broken_os_exit", sub / "broken_os_exit")
    _put(sub, "not_json", "{ this is not a notebook")
    return sub


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("outputs")
    sub = _class(root)
    config = root / "nbgrader_config.py"
    config.write_text("c = get_config()\nc.LateSubmissionPlugin.penalty_method = 'zero'\n")
    run = grade(
        sub,
        out=root / "out",
        workers=2,
        limits=LIMITS,
        duedates={NB: "2026-01-02 00:00:00"},
        nbgrader_config=config,
    )
    return run


def _csv(run) -> list[dict]:
    with run.csv.open() as fh:
        return list(csv.DictReader(fh))


def test_grades_csv_has_a_total_row_per_submission(graded):
    rows = _csv(graded)
    for res in graded.results:
        mine = [r for r in rows if r["student"] == res["student"]]
        cells, total = mine[:-1], mine[-1]
        assert total["grade_id"] == TOTAL
        assert [r["grade_id"] for r in cells] == [r["grade_id"] for r in res["rows"]]
        assert float(total["points"]) == pytest.approx(sum(float(r["points"]) for r in cells))
        assert float(total["max_points"]) == pytest.approx(
            sum(float(r["max_points"]) for r in cells)
        )
    on_time = next(r for r in rows if r["student"] == "on_time" and r["grade_id"] == TOTAL)
    want = EXPECTED["honest_complete"]["total"]
    assert (float(on_time["points"]), on_time["status"]) == (want, "pass")


def test_outputs_have_ordinary_file_modes(graded):
    checked = 0
    for path in graded.out.rglob("*"):
        if path.is_file() and path.suffix in (".csv", ".png", ".html", ".ipynb", ".json"):
            assert stat.S_IMODE(path.stat().st_mode) == FILE_MODE, path
            checked += 1
    assert checked >= 3 * len(graded.results)


def test_submission_times_late_flags_and_nbgrader_penalties(graded):
    from nbgrader.api import Gradebook

    assert set(graded.late) == {f"late/{NB}"}
    assert "1 d 12 h 30 min late" in graded.late[f"late/{NB}"]
    rows = _csv(graded)
    late_total = next(r for r in rows if r["student"] == "late" and r["grade_id"] == TOTAL)
    assert "late" in late_total["note"]
    with Gradebook(f"sqlite:///{graded.out / 'gradebook.db'}", course_id="nncourse") as gb:
        assert gb.find_assignment(NB).duedate is not None
        on_time = gb.find_submission(NB, "on_time")
        late = gb.find_submission(NB, "late")
        assert on_time.timestamp is not None and on_time.total_seconds_late == 0
        assert late.total_seconds_late == pytest.approx((36 * 60 + 30) * 60)
        # penalty_method 'zero' (nbgrader's LateSubmissionPlugin, from the config file)
        assert late.late_submission_penalty == pytest.approx(late.score)
        assert late.score > 0 and on_time.late_submission_penalty == 0
        no_stamp = gb.find_submission(NB, "broken_os_exit")
        assert no_stamp.total_seconds_late == 0


def test_every_run_that_went_wrong_has_a_note(graded):
    rows = _csv(graded)
    total = {r["student"]: r for r in rows if r["grade_id"] == TOTAL}
    loop = total["endless_scratch_cell"]["note"]
    assert "not an answer cell" in loop and "did not finish" in loop, loop
    crash = total["broken_os_exit"]["note"]
    assert "restarted" in crash, crash
    crashed = [
        r for r in rows if r["student"] == "broken_os_exit" and r["status"] not in ("pass", TOTAL)
    ]
    assert any("exited" in r["note"] for r in crashed), crashed
    unread = [r for r in rows if r["student"] == "not_json"]
    assert all("not valid JSON" in r["note"] for r in unread), unread


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory):
    """``nncourse grade`` twice on two students (one with a long name), stderr not a terminal."""
    root = tmp_path_factory.mktemp("cli")
    sub = root / "submitted"
    shutil.copytree(CLASS / "honest_complete", sub / "honest_complete")
    shutil.copytree(CLASS / "honest_partial", sub / LONG_NAME)
    cmd = [_python(), "-m", "nncourse.cli", "grade", str(sub), "--out", str(root / "out")]
    runs = []
    for extra in ([], ["--force"]):
        runs.append(
            subprocess.run(
                [*cmd, "--workers", "2", *extra],
                cwd=REPO,
                capture_output=True,
                text=True,
                timeout=900,
                check=False,
            )
        )
    return runs


def test_progress_is_logged_when_not_on_a_terminal(cli_runs):
    first = cli_runs[0]
    assert first.returncode == 0, first.stderr
    lines = first.stderr.splitlines()
    assert lines[0] == "grading 2 submission(s)"
    assert sorted(line.split("]")[0] for line in lines[1:]) == ["[1/2", "[2/2"]
    assert any(LONG_NAME in line for line in lines)


def test_table_is_aligned_and_force_hint_only_without_force(cli_runs):
    first, forced = cli_runs
    assert "--force regrades them" in first.stdout
    assert forced.returncode == 0 and "--force" not in forced.stdout
    table = [ln for ln in first.stdout.splitlines() if NB in ln and "/" in ln]
    assert len(table) == 2
    assert len({ln.index(NB) for ln in table}) == 1, table
    assert len({ln.index(" / ") for ln in table}) == 1, table


def test_nbgrader_export_and_generate_feedback_from_grading(tmp_path):
    """``cd grading && nbgrader export`` and ``nbgrader generate_feedback`` need no edits."""
    course = tmp_path / "course"
    (course / "grading").mkdir(parents=True)
    shutil.copyfile(
        REPO / "grading" / "nbgrader_config.py", course / "grading" / "nbgrader_config.py"
    )
    sub = course / "grading" / "submitted"
    for student in ("honest_complete", "honest_partial"):
        shutil.copytree(CLASS / student, sub / student)
    run = grade(sub, out=course / "out" / "grading", workers=2)
    assert len(run.results) == 2
    env = dict(os.environ, PATH=f"{Path(_python()).parent}:{os.environ.get('PATH', '')}")
    nbgrader = [_python(), "-m", "nbgrader"]
    export = subprocess.run(
        [*nbgrader, "export"], cwd=course / "grading", capture_output=True, text=True, env=env
    )
    assert export.returncode == 0, export.stdout + export.stderr
    with (course / "out" / "grading" / "nbgrader_export.csv").open() as fh:
        exported = {r["student_id"]: float(r["score"]) for r in csv.DictReader(fh)}
    want = {s: EXPECTED[s]["total"] for s in ("honest_complete", "honest_partial")}
    assert exported == pytest.approx(want)
    ours = run.feedback / "honest_partial" / NB / f"{NB}.html"
    before = ours.read_bytes()
    feedback = subprocess.run(
        [*nbgrader, "generate_feedback", NB, "--force"],
        cwd=course / "grading",
        capture_output=True,
        text=True,
        env=env,
    )
    assert feedback.returncode == 0, feedback.stdout + feedback.stderr
    theirs = list((course / "out" / "grading").glob(f"nbgrader_feedback/*/{NB}/{NB}.html"))
    assert len(theirs) == 2, feedback.stdout + feedback.stderr
    assert ours.read_bytes() == before, "nbgrader's feedback must not overwrite ours"
