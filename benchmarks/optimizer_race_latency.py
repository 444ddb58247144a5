"""Benchmark: control-to-redrawn-figure latency of the optimizer race in real JupyterLab.

Opens the race in JupyterLab in headless Chromium (``tests/labdriver.py``), then measures, in
the page's own clock, the time from a control change to the moment the figure's ``src``
changes: the step slider moved one notch with the keyboard (only the paths are repainted over
the cached background), and a racer ticked out of and back into the race (every racer re-run,
then paths and loss curves repainted; a rate slider costs the same). Prints the median and
worst times against the 200 ms goal. Not a test.
Run: ``python benchmarks/optimizer_race_latency.py``.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from labdriver import lab_page, run_cell_until  # noqa: E402

GOAL_MS = 200.0
SLIDER_TRIALS, TOGGLE_TRIALS = 15, 6
PLOT, STATUS = ".nncourse-race-plot", ".nncourse-race-status"
CELL = """\
from nncourse.key import optimizers as o
from nncourse.widgets import OptimizerRace
race = OptimizerRace({"momentum": (o.momentum_step, {"lr": 0.01}),
                      "nesterov": (o.nesterov_step, {"lr": 0.01}),
                      "rprop": (o.rprop_step, {"step0": 0.1}),
                      "quickprop": (o.quickprop_step, {"lr": 0.05}),
                      "adam": (o.adam_step, {"lr": 0.1})})
race"""

WAIT_JS = """([sel, old]) => new Promise(resolve => {
  const t0 = performance.now();
  const tick = () => {
    const e = document.querySelector(sel);
    if (e && e.getAttribute('src') !== old) resolve(performance.now() - t0);
    else requestAnimationFrame(tick);
  };
  tick();
})"""


def _timed(page, action) -> float:
    """Milliseconds from ``action()`` to the figure's src changing (page clock)."""
    old = page.get_attribute(PLOT, "src")
    start = page.evaluate("performance.now()")
    action()
    page.evaluate(WAIT_JS, [PLOT, old])
    return page.evaluate("performance.now()") - start


def main() -> None:
    with (
        tempfile.TemporaryDirectory() as tmp,
        lab_page(Path(tmp), [CELL], server_limit=120) as page,
    ):
        run_cell_until(page, STATUS)
        page.wait_for_function(
            "s => document.querySelector(s).innerText.includes('step 120')",
            arg=STATUS,
            timeout=60_000,
        )
        handle = ".nncourse-race-step .noUi-handle"
        slider = []
        for _ in range(SLIDER_TRIALS):
            page.focus(handle)
            slider.append(_timed(page, lambda: page.keyboard.press("ArrowLeft")))
        toggle = []
        for _ in range(TOGGLE_TRIALS):
            toggle.append(_timed(page, lambda: page.click(".nncourse-race-use-adam input")))
    for name, times in (
        ("step slider (one notch)", slider),
        ("racer ticked out / in (all racers re-run)", toggle),
    ):
        med, worst = statistics.median(times), max(times)
        verdict = "within" if med <= GOAL_MS else "OVER"
        print(
            f"{name:46s} median {med:6.0f} ms  worst {worst:6.0f} ms  "
            f"({verdict} the {GOAL_MS:.0f} ms goal, {len(times)} trials)"
        )


if __name__ == "__main__":
    main()
