"""The optimizer race in real JupyterLab, driven by Chromium through Playwright.

Opens a one-cell notebook that builds the race (``tests/labdriver.py`` starts the server and the
browser), runs the cell, moves the step slider with the keyboard, takes one optimizer out of the
race, and checks that the picture and the status line changed each time.

Set ``NNCOURSE_SCREENSHOT=/some/file.png`` to keep a screenshot of the widget.
"""

from __future__ import annotations

import os

import pytest
from labdriver import lab_page, run_cell_until, wait_changed

pytestmark = [pytest.mark.unit07, pytest.mark.browser]

STATUS = ".nncourse-race-status"
PLOT = ".nncourse-race-plot"

NOTEBOOK_CELL = """\
from nncourse.key import optimizers as o
from nncourse.widgets import OptimizerRace
race = OptimizerRace({"momentum": (o.momentum_step, {"lr": 0.01}),
                      "nesterov": (o.nesterov_step, {"lr": 0.01}),
                      "rprop": (o.rprop_step, {"step0": 0.1}),
                      "quickprop": (o.quickprop_step, {"lr": 0.05}),
                      "adam": (o.adam_step, {"lr": 0.1})})
race"""


@pytest.mark.timeout(240)
def test_race_slider_and_racer_toggle_redraw_in_jupyterlab(tmp_path):
    with lab_page(tmp_path, [NOTEBOOK_CELL], server_limit=120) as page:
        run_cell_until(page, STATUS)
        page.wait_for_function(
            "s => document.querySelector(s).innerText.includes('step 120')",
            arg=STATUS,
            timeout=30_000,
        )
        image0 = page.get_attribute(PLOT, "src") or ""
        assert image0.startswith(("blob:", "data:")), image0[:40]

        page.focus(".nncourse-race-step .noUi-handle")
        for _ in range(20):
            page.keyboard.press("ArrowLeft")
        image1 = wait_changed(page, PLOT, "src", image0)
        page.wait_for_function(
            "s => document.querySelector(s).innerText.includes('step 100')",
            arg=STATUS,
            timeout=20_000,
        )
        assert "adam:" in page.inner_text(STATUS)

        page.click(".nncourse-race-use-adam input")
        wait_changed(page, PLOT, "src", image1)
        page.wait_for_function(
            "s => !document.querySelector(s).innerText.includes('adam:')",
            arg=STATUS,
            timeout=20_000,
        )
        page.click(".nncourse-race-use-adam input")  # back in, for the screenshot
        page.wait_for_function(
            "s => document.querySelector(s).innerText.includes('adam:')",
            arg=STATUS,
            timeout=20_000,
        )
        page.add_style_tag(content=".Toastify { display: none !important; }")  # news toast
        page.wait_for_timeout(300)
        shot = os.environ.get("NNCOURSE_SCREENSHOT")
        page.locator(".jp-OutputArea-output").first.screenshot(
            path=shot or str(tmp_path / "race.png")
        )
        if shot:  # keep the committed picture small: a 256-colour palette
            from PIL import Image

            img = Image.open(shot).convert("RGB")
            img.quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(shot, optimize=True)
