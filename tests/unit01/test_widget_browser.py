"""The playground in real JupyterLab, driven by Chromium through Playwright.

Opens a one-cell notebook that builds the playground (``tests/labdriver.py`` starts the server
and the browser), runs the cell, sets L2 regularisation, its rate and the batch size (applied
live: the next Step goes on from the same epoch), moves the noise slider (fresh data: epoch 0
and a new picture), clicks Step, then Train and Pause, and checks that the status line and the
picture changed.

Set ``NNCOURSE_SCREENSHOT=docs/img/unit01_playground.png`` to keep a screenshot of the trained
widget (the README's).
"""

from __future__ import annotations

import io
import os
import re
import time

import pytest
from labdriver import lab_page, run_cell_until, wait_changed
from PIL import Image

pytestmark = [pytest.mark.unit01, pytest.mark.browser]

STATUS = ".nncourse-playground-status"
PLOT = ".nncourse-playground-plot"
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
    return page.get_attribute(PLOT, "src") or ""


def _wait_epoch(page, at_least: int, timeout_s: float) -> tuple[int, float, str]:
    deadline = time.monotonic() + timeout_s
    while True:
        epoch, loss, text = _status(page)
        if epoch >= at_least or time.monotonic() > deadline:
            return epoch, loss, text
        page.wait_for_timeout(100)


def _settled(page, limit_s: float = 15) -> int:
    """The epoch once the status line has not changed for a second (frames sent before Pause
    can still arrive on a busy machine)."""
    deadline, epoch = time.monotonic() + limit_s, _status(page)[0]
    while True:
        page.wait_for_timeout(1000)
        now = _status(page)[0]
        if now == epoch or time.monotonic() > deadline:
            return now
        epoch = now


@pytest.mark.timeout(240)
def test_playground_trains_in_jupyterlab(tmp_path):
    with lab_page(tmp_path, [NOTEBOOK_CELL], server_limit=120) as page:
        run_cell_until(page, STATUS)
        epoch0, loss0, _ = _wait_epoch(page, at_least=0, timeout_s=30)
        image0 = _image(page)
        assert epoch0 == 0 and image0.startswith(("blob:", "data:")), image0[:40]

        page.locator(".nncourse-playground-regularization select").select_option("L2")
        page.locator(".nncourse-playground-reg-rate select").select_option(label="0.001")
        page.locator(".nncourse-playground-batch-size .noUi-handle").focus()
        page.keyboard.press("ArrowRight")  # batch size 10 -> 11
        page.click(".nncourse-playground-step")  # live settings: training goes on
        epoch1, _, _ = _wait_epoch(page, at_least=1, timeout_s=20)
        image1 = wait_changed(page, PLOT, "src", image0)
        assert epoch1 == 1, "changing regularisation or batch size restarted training"

        page.locator(".nncourse-playground-noise .noUi-handle").focus()
        page.keyboard.press("ArrowRight")  # noise 0 -> 0.1: fresh data, fresh model
        image2 = wait_changed(page, PLOT, "src", image1)
        page.wait_for_function(
            "s => document.querySelector(s).innerText.startsWith('epoch 0 ')", arg=STATUS
        )  # back to epoch 0: the model was rebuilt
        epoch2, loss2, text = _status(page)
        assert "test loss" in text, text

        page.click(".nncourse-playground-step")
        epoch1, loss1, _ = _wait_epoch(page, at_least=1, timeout_s=20)
        wait_changed(page, PLOT, "src", image2)
        assert epoch1 == 1 and loss1 != loss2

        page.locator(".nncourse-playground-lr select").select_option(label="0.1")  # live
        page.click(".nncourse-playground-train")
        epoch_t, loss_t, text = _wait_epoch(page, at_least=30, timeout_s=30)
        assert epoch_t >= 30, f"training did not progress: {text!r}"
        assert loss_t < loss1, f"the loss did not go down while training: {text!r}"
        page.click(".nncourse-playground-train")  # Pause
        page.wait_for_selector(".nncourse-playground-train >> text=Train")
        stopped = _settled(page)  # frames already on the wire may still land
        page.wait_for_timeout(1500)
        assert _status(page)[0] == stopped, "training went on after Pause"
        page.evaluate("document.querySelectorAll('.Toastify').forEach(e => e.remove())")
        png = page.locator(".jp-OutputArea-output").first.screenshot()
        shot = os.environ.get("NNCOURSE_SCREENSHOT")
        if shot:  # the README's copy: 256 colours keep it small
            Image.open(io.BytesIO(png)).convert("RGB").quantize(256).save(shot, optimize=True)
