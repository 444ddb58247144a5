"""The learning-rate widget in real JupyterLab, driven by Chromium through Playwright.

Opens a notebook whose one cell is the release notebook's own code (its import cell and its
widget cell, verbatim), with the answer-key functions standing in for a student who has done
exercises 6.1 and 6.2; runs it, moves each of the four sliders with the keyboard and checks
that the regime label and the picture changed each time.

Set ``NNCOURSE_SCREENSHOT=/some/file.png`` to keep a screenshot of the widget.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from labdriver import lab_page, run_cell_until, wait_changed

pytestmark = [pytest.mark.unit06, pytest.mark.browser]

LABEL = ".nncourse-lr-label"
PLOT = ".nncourse-lr-plot"

RELEASE = Path(__file__).resolve().parents[2] / "notebooks" / "06_learning_rates.ipynb"
STUDENT = "from nncourse.key.quadratics import gradient_descent, regime_1d  # a finished student"


def notebook_cell() -> str:
    """The release's import cell, a finished student's two functions, the release's widget cell."""
    cells = json.loads(RELEASE.read_text())["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    widget = next(src for src in code if "LearningRateExplorer(" in src)
    return "\n\n".join([code[0], STUDENT, widget])


def move_slider(page, name: str, key: str, presses: int = 1) -> None:
    """Focus the slider's handle and press an arrow key (each press is one step)."""
    handle = page.locator(f".nncourse-lr-{name} .noUi-handle")
    handle.first.focus()
    for _ in range(presses):
        page.keyboard.press(key)


@pytest.mark.timeout(120)
def test_every_slider_changes_label_and_picture(tmp_path):
    with lab_page(tmp_path, [notebook_cell()]) as page:
        run_cell_until(page, PLOT)
        page.wait_for_function(
            f"() => document.querySelector('{LABEL}').innerText.includes('converges')"
        )
        image = page.get_attribute(PLOT, "src") or ""
        assert image.startswith(("blob:", "data:")), image[:40]
        label = page.inner_text(LABEL)
        assert "λ₂ = 3.0: monotone" in label, label

        # eta 0.30 -> 0.36: direction 2 (λ = 3) passes 1/3 and starts to oscillate
        move_slider(page, "eta", "ArrowRight", presses=3)
        page.wait_for_function(
            f"() => document.querySelector('{LABEL}').innerText.includes('λ₂ = 3.0: oscillating')"
        )
        image = wait_changed(page, PLOT, "src", image)

        # one step right on each of the others: the label must show the new value
        for name, shown in (("lam1", "λ₁ = 1.1"), ("lam2", "λ₂ = 3.1"), ("rotation", "θ = 35°")):
            move_slider(page, name, "ArrowRight")
            image = wait_changed(page, PLOT, "src", image)
            page.wait_for_function(
                "want => document.querySelector('.nncourse-lr-label').innerText.includes(want)",
                arg=shown,
            )
        page.wait_for_timeout(500)  # an image already on the wire may still land
        assert "your function failed" not in page.inner_text(LABEL)
        shot = os.environ.get("NNCOURSE_SCREENSHOT")
        page.locator(".jp-OutputArea-output").first.screenshot(
            path=shot or str(tmp_path / "learning_rate.png")
        )
