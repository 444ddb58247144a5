"""The playground in real JupyterLab, driven by Chromium through Playwright.

Opens a one-cell notebook that builds the playground (``tests/labdriver.py`` starts the server
and the browser), runs the cell, clicks Step, then Train and Pause, and checks that the status
line and the picture changed.

Set ``NNCOURSE_SCREENSHOT=/some/file.png`` to keep a screenshot of the trained widget.
"""

from __future__ import annotations

import os
import re
import time

import pytest
from labdriver import lab_page, run_cell_until

pytestmark = [pytest.mark.unit01, pytest.mark.browser]

STATUS = ".nncourse-playground-status"
EPOCH = re.compile(r"epoch (\d+) · loss ([0-9.]+)")

NOTEBOOK_CELL = """\
from nncourse.widgets import Playground
pg = Playground()
pg"""


def _status(page) -> tuple[int, float, str]:
    """(epoch, loss, text) from the status line; epoch -1 while it shows no epoch yet."""
    text = page.inner_text(STATUS)
    match = EPOCH.search(text)
    return (int(match.group(1)), float(match.group(2)), text) if match else (-1, 0.0, text)


def _image(page) -> str:
    return page.get_attribute(".nncourse-playground-plot", "src") or ""


def _wait_epoch(page, at_least: int, timeout_s: float) -> tuple[int, float, str]:
    deadline = time.monotonic() + timeout_s
    while True:
        epoch, loss, text = _status(page)
        if epoch >= at_least or time.monotonic() > deadline:
            return epoch, loss, text
        page.wait_for_timeout(100)


@pytest.mark.timeout(90)
def test_playground_trains_in_jupyterlab(tmp_path):
    with lab_page(tmp_path, [NOTEBOOK_CELL]) as page:
        run_cell_until(page, STATUS)
        epoch0, loss0, _ = _wait_epoch(page, at_least=0, timeout_s=30)
        image0 = _image(page)
        assert epoch0 == 0 and image0.startswith(("blob:", "data:")), image0[:40]

        page.click(".nncourse-playground-step")
        epoch1, loss1, _ = _wait_epoch(page, at_least=1, timeout_s=20)
        page.wait_for_function(
            "old => document.querySelector('.nncourse-playground-plot').src !== old",
            arg=image0,
        )
        assert epoch1 == 1 and loss1 != loss0

        page.click(".nncourse-playground-train")
        epoch_t, loss_t, text = _wait_epoch(page, at_least=30, timeout_s=30)
        assert epoch_t >= 30, f"training did not progress: {text!r}"
        assert loss_t < loss1, f"the loss did not go down while training: {text!r}"
        page.click(".nncourse-playground-train")  # Pause
        page.wait_for_selector(".nncourse-playground-train >> text=Train")
        page.wait_for_timeout(1000)  # updates already on the wire may still land
        stopped, _, _ = _status(page)
        page.wait_for_timeout(1500)
        assert _status(page)[0] == stopped, "training went on after Pause"
        shot = os.environ.get("NNCOURSE_SCREENSHOT")
        page.screenshot(path=shot or str(tmp_path / "playground.png"), full_page=True)
