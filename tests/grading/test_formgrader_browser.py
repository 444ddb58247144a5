"""nbgrader's formgrader, in real JupyterLab in headless Chromium, over our gradebook.

The example class is graded by ``nncourse grade`` (the session's ``class_run``); a course folder
is laid out as the repository's (``grading/nbgrader_config.py``, copied unchanged, beside
``out/grading``, here a link to the graded output), and ``jupyter lab`` is started from
``grading/`` as an instructor would. Formgrader is nbgrader's server extension, enabled in this
environment by nbgrader's own ``etc/jupyter/jupyter_server_config.d/nbgrader.json``; its
JupyterLab extension opens it from the command palette. The test reads every student's score
in formgrader's gradebook view and opens one submission's manual-grading view.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from labdriver import (
    CHROMIUM,
    CHROMIUM_ARGS,
    _free_port,
    _stop,
    _wait_for_server,
    require_chromium,
)

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
    (tmp_path / "course" / "out").mkdir()
    (tmp_path / "course" / "out" / "grading").symlink_to(graded_out, target_is_directory=True)
    return grading


def _fmt(x: float) -> str:
    """Formgrader's rounding to two places, as JavaScript prints it."""
    text = f"{round(x, 2):.2f}".rstrip("0").rstrip(".")
    return text or "0"


def test_formgrader_shows_every_score_and_the_grading_view(class_run, tmp_path):
    require_chromium()
    from playwright.sync_api import sync_playwright

    grading = _course(tmp_path, class_run.out)
    port, token = _free_port(), os.urandom(16).hex()
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        PATH=f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
    )
    log = tmp_path / "jupyter.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyter",
                "lab",
                "--no-browser",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={port}",
                "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={token}",
                f"--ServerApp.root_dir={grading}",
                f"--LabApp.workspaces_dir={tmp_path / 'ws'}",
                "--LabApp.news_url=None",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                *(["--allow-root"] if os.geteuid() == 0 else []),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=grading,
            start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for_server(f"{base}/api/status?token={token}", proc, log, limit=180)
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                str(tmp_path / "profile"),
                executable_path=CHROMIUM,
                args=CHROMIUM_ARGS,
                headless=True,
                viewport={"width": 1400, "height": 1000},
            )
            page = context.new_page()
            page.set_default_timeout(UI_WAIT_MS)
            try:
                _check_formgrader(page, base, token, class_run)
            except Exception as exc:
                page.screenshot(path=str(tmp_path / "failure.png"))
                raise AssertionError(
                    f"{exc}\nscreenshot: {tmp_path / 'failure.png'}\n"
                    f"server log: {log.read_text()[-3000:]}"
                ) from exc
            finally:
                context.close()
    finally:
        _stop(proc)
    assert proc.poll() is not None, "the jupyter server is still running"


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
    frame.wait_for_load_state()
    # Gradebook -> assignment -> notebook: one row per submission with its overall score
    frame.get_by_role("link", name="Gradebook", exact=True).click()
    frame.get_by_role("link", name=NB, exact=True).first.click()
    frame.wait_for_url(f"**/formgrader/gradebook/{NB}")
    frame.get_by_role("link", name=NB, exact=True).first.click()
    frame.wait_for_url(f"**/formgrader/gradebook/{NB}/{NB}")
    students = sorted(r["student"] for r in class_run.results)
    frame.wait_for_function(
        "n => document.querySelectorAll('td.score').length >= n", arg=len(students)
    )
    frame.locator("#toggle_names").click()  # formgrader hides names until asked
    for student in students:
        row = frame.locator("tr", has=frame.locator(f"a.name-shown:text-is('{student}')"))
        assert row.count() == 1, student
        want = EXPECTED[student]["total"]
        top = sum(
            c["max_points"]
            for c in next(r for r in class_run.results if r["student"] == student)["rows"]
        )
        assert row.locator("td.score").inner_text().strip() == f"{_fmt(want)} / {_fmt(top)}"
    # the manual-grading view of one submission: its cells with a score box each
    frame.locator("a.name-shown:text-is('honest_partial')").click()
    frame.wait_for_url("**/formgrader/submissions/**")
    frame.wait_for_selector("input.score", state="attached")
    assert frame.locator("input.score").count() >= 1
    text = frame.locator("body").inner_text()
    assert "honest_partial" in text or "Submission" in text
    assert "nncourse grade: 2 / 2 (pass)" in text
