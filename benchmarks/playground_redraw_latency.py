"""Benchmark: the playground's training-step redraw in real JupyterLab (click -> new figure).

Opens the playground in JupyterLab in headless Chromium (``tests/labdriver.py``), then measures,
in the page's own clock, the time from a click on **Step** to the moment the figure's ``src``
changes: the click travels to the kernel, one epoch is trained, the figure is redrawn and
encoded, and the new PNG reaches the page. BLAS is pinned to one thread (the kernel inherits
this environment). Prints the median and worst times against the 100 ms goal. Not a test.
Run: ``python benchmarks/playground_redraw_latency.py``.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from labdriver import lab_page, run_cell_until  # noqa: E402

GOAL_MS = 100.0
WARMUP, TRIALS = 3, 25
PLOT, STATUS = ".nncourse-playground-plot", ".nncourse-playground-status"
CELL = """\
from nncourse.widgets import Playground
pg = Playground()
pg"""

WAIT_JS = """([sel, old]) => new Promise(resolve => {
  const tick = () => {
    const e = document.querySelector(sel);
    if (e && e.getAttribute('src') !== old) resolve(true);
    else requestAnimationFrame(tick);
  };
  tick();
})"""


def _timed_step(page) -> float:
    """Milliseconds from a click on Step to the figure's src changing (page clock)."""
    old = page.get_attribute(PLOT, "src")
    start = page.evaluate("performance.now()")
    page.click(".nncourse-playground-step")
    page.evaluate(WAIT_JS, [PLOT, old])
    return page.evaluate("performance.now()") - start


def main() -> None:
    with (
        tempfile.TemporaryDirectory() as tmp,
        lab_page(Path(tmp), [CELL], server_limit=120) as page,
    ):
        run_cell_until(page, STATUS)
        page.wait_for_function(
            "s => document.querySelector(s).innerText.includes('epoch 0')", arg=STATUS
        )
        for _ in range(WARMUP):
            _timed_step(page)
        times = [_timed_step(page) for _ in range(TRIALS)]
        status = page.inner_text(STATUS)
    med, worst = statistics.median(times), max(times)
    verdict = "within" if med <= GOAL_MS else "OVER"
    print(
        f"Step click -> redrawn figure: median {med:5.0f} ms  worst {worst:5.0f} ms  "
        f"({verdict} the {GOAL_MS:.0f} ms goal, {TRIALS} trials, BLAS on one thread)"
    )
    print(f"last status line: {status}")


if __name__ == "__main__":
    main()
