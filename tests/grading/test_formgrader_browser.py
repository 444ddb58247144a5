"""nbgrader's formgrader, in real JupyterLab in headless Chromium, over our gradebook.

The example class is graded by ``nncourse grade`` (the session's ``class_run``); a course folder
is laid out as the repository's (``grading/nbgrader_config.py``, copied unchanged, and
``out/grading``, a copy of the graded output), and ``jupyter lab --ServerApp.root_dir=..`` is
started from ``grading/`` as ``grading/README.md`` tells an instructor to (formgrader refuses a
course directory outside the server's root folder). Formgrader is nbgrader's server extension,
enabled in this environment by nbgrader's own ``etc/jupyter/jupyter_server_config.d/
nbgrader.json``; its JupyterLab extension opens it from the command palette. The test reads
every student's score in formgrader's gradebook view and opens one submission's manual-grading
view.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from labdriver import browser_page, lab_server, require_chromium

# grading a class takes minutes when both cores are busy: the time limit is generous
pytestmark = [pytest.mark.grading, pytest.mark.timeout(1800)]

REPO = Path(__file__).resolve().parents[2]
EXPECTED = json.loads((REPO / "grading" / "expected.json").read_text())["students"]
NB = "02_activations"
UI_WAIT_MS = 120_000
"""Longest wait for one step of the page: generous, since both cores may be busy."""


def _course(tmp_path: Path, graded_out: Path) -> Path:
    grading = tmp_path / "course" / "grading"
    grading.mkdir(parents=True)
    shutil.copyfile(REPO / "grading" / "nbgrader_config.py", grading / "nbgrader_config.py")
    shutil.copytree(graded_out, tmp_path / "course" / "out" / "grading")
    return grading


def _fmt(x: float) -> str:
    """Formgrader's rounding to two places, as JavaScript prints it."""
    text = f"{round(x, 2):.2f}".rstrip("0").rstrip(".")
    return text or "0"


def test_formgrader_shows_every_score_and_the_grading_view(class_run, tmp_path):
    require_chromium()
    grading = _course(tmp_path, class_run.out)
    # formgrader needs the course directory (out/grading) inside the server's root
    with lab_server(tmp_path, grading.parent, cwd=grading, limit=180) as (base, token, log):
        with browser_page(tmp_path, log=log, viewport=(1400, 1000), timeout_ms=UI_WAIT_MS) as page:
            _check_formgrader(page, base, token, class_run)


def _check_formgrader(page, base: str, token: str, class_run) -> None:
    page.goto(f"{base}/lab?token={token}")
    page.wait_for_selector(".jp-LauncherCard, .jp-Launcher", state="attached")
    # open formgrader the way an instructor does: the command palette, "Formgrader"
    page.keyboard.press("Control+Shift+C")
    palette = page.locator(".lm-CommandPalette-input")
    palette.fill("Formgrader")
    page.locator(".lm-CommandPalette-item", has_text="Formgrader").first.click()
    frame_el = page.wait_for_selector("iframe[src*='formgrader']", state="attached")
    frame = frame_el.content_frame()
    frame.wait_for_selector("a[href$='/formgrader/gradebook']", state="attached")
    # formgrader's gradebook view of the notebook: one row per submission, its overall score
    frame.goto(f"{base}/formgrader/gradebook/{NB}/{NB}")
    students = sorted(r["student"] for r in class_run.results)
    frame.wait_for_function(
        "n => document.querySelectorAll('td.score').length >= n", arg=len(students)
    )
    shown = frame.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('tr')]
            .filter(tr => tr.querySelector('a.name-shown') && tr.querySelector('td.score'))
            .map(tr => [tr.querySelector('a.name-shown').textContent.trim(),
                        [tr.querySelector('td.score').textContent.trim(),
                         tr.querySelector('a.name-shown').getAttribute('href')]]))"""
    )
    assert sorted(shown) == students
    for res in class_run.results:
        top = sum(r["max_points"] for r in res["rows"])
        want = EXPECTED[res["student"]]["total"]
        assert shown[res["student"]][0] == f"{_fmt(want)} / {_fmt(top)}", res["student"]
    # the manual-grading view of one submission: its graded cells, a score box each
    frame.goto(base + shown["honest_partial"][1].removeprefix(base))
    frame.wait_for_selector("input.score", state="attached")
    assert frame.locator("input.score").count() >= 1
    text = frame.locator("body").inner_text()
    assert "nncourse grade: 2 / 2 (pass)" in text, text[:2000]
