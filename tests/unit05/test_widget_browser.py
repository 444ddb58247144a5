"""The loss-surface widget in real JupyterLab, driven by Chromium through Playwright.

Opens a notebook that builds the widget (``tests/labdriver.py`` starts the server and the
browser), then moves each control -- the permutation slider, the centre and directions menus,
the extent slider -- and checks after each that the picture and the status line changed.

Set ``NNCOURSE_SCREENSHOT=docs/img/unit05_loss_surface.png`` to keep a screenshot of the widget.
"""

from __future__ import annotations

import os

import pytest
from labdriver import lab_page, run_cell_until, wait_changed

pytestmark = [pytest.mark.unit05, pytest.mark.browser]

PLOT = ".nncourse-surface-plot"
STATUS = ".nncourse-surface-status"

NOTEBOOK_CELL = """\
from nncourse.key.symmetry import permute_hidden   # the exercise 5.2 answer stands in
from nncourse.widgets import LossSurface
view = LossSurface(permute_hidden)
view"""


def _status(page) -> str:
    return page.inner_text(STATUS)


def _slide(page, name: str) -> None:
    """Move a slider one step right with the keyboard (what a user's arrow key does)."""
    handle = page.locator(f".nncourse-surface-{name} .noUi-handle")
    handle.focus()
    handle.press("ArrowRight")
    handle.press("ArrowRight")


def _choose(page, name: str, value: str) -> None:
    page.locator(f".nncourse-surface-{name} select").select_option(value)


@pytest.mark.timeout(300)
def test_every_control_redraws_the_loss_surface(tmp_path):
    with lab_page(tmp_path, [NOTEBOOK_CELL], server_limit=120) as page:
        run_cell_until(page, STATUS)
        page.wait_for_function(
            "sel => { const e = document.querySelector(sel); return e && e.src; }",
            arg=PLOT,
            timeout=60_000,
        )
        assert "permutation [" in _status(page)
        moves = [
            ("permutation", lambda: _slide(page, "perm")),
            ("centre", lambda: _choose(page, "centre", "midpoint")),
            ("directions", lambda: _choose(page, "directions", "hessian")),
            ("extent", lambda: _slide(page, "extent")),
        ]
        for label, move in moves:
            image = page.get_attribute(PLOT, "src") or ""
            status = _status(page)
            move()
            new = wait_changed(page, PLOT, "src", image, timeout_ms=60_000)
            assert new and new != image, f"{label}: the picture did not change"
            if label != "extent":
                page.wait_for_function(
                    "([sel, old]) => document.querySelector(sel).innerText !== old",
                    arg=[STATUS, status],
                    timeout=30_000,
                )
        text = _status(page)
        assert "loss there" in text and "compute" in text, text
        shot = os.environ.get("NNCOURSE_SCREENSHOT")
        target = page.locator(".jp-OutputArea-output").first
        target.screenshot(path=shot or str(tmp_path / "loss_surface.png"))
