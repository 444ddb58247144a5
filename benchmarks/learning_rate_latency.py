"""Benchmark: slider-to-redrawn-figure latency of the learning-rate widget in real JupyterLab.

Issue 14 asks for under 200 ms from moving a slider to the new figure on screen. This script
opens JupyterLab in headless Chromium (``tests/labdriver.py``), builds the widget on the
answer-key functions, and presses an arrow key on each slider in turn. In the page, a keydown
listener stamps the press and a MutationObserver stamps the image's new ``src``: the difference
is the latency (kernel round trip, gradient descent, matplotlib, PNG, transfer, decode). It
prints the median and the worst against the goal, and the kernel-side draw time from the label.
Run: ``python benchmarks/learning_rate_latency.py [presses per slider]``.
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from labdriver import lab_page, run_cell_until  # noqa: E402

GOAL_MS = 200.0
SLIDERS = ("eta", "lam1", "lam2", "rotation")
CELL = """\
from nncourse.key.quadratics import gradient_descent, regime_1d
from nncourse.widgets import LearningRateExplorer
LearningRateExplorer(gradient_descent, regime_1d)"""

WATCH = """() => {
  window.__lat = []; window.__key = 0;
  document.addEventListener('keydown', () => { window.__key = performance.now(); }, true);
  const img = document.querySelector('.nncourse-lr-plot');
  new MutationObserver(() => {
    if (window.__key) { window.__lat.push(performance.now() - window.__key); window.__key = 0; }
  }).observe(img, {attributes: true, attributeFilter: ['src']});
}"""


def measure(presses: int) -> tuple[list[float], list[float]]:
    """Browser latencies and kernel draw times (ms), one per key press."""
    with tempfile.TemporaryDirectory() as tmp, lab_page(Path(tmp), [CELL]) as page:
        run_cell_until(page, ".nncourse-lr-plot")
        page.wait_for_function(
            "() => document.querySelector('.nncourse-lr-label').innerText.includes('converges')"
        )
        page.evaluate(WATCH)
        draws = []
        for i in range(presses):
            for name in SLIDERS:
                key = "ArrowRight" if i % 2 == 0 else "ArrowLeft"
                page.locator(f".nncourse-lr-{name} .noUi-handle").first.focus()
                count = page.evaluate("() => window.__lat.length")
                page.keyboard.press(key)
                page.wait_for_function(f"() => window.__lat.length > {count}", timeout=10_000)
                page.wait_for_timeout(50)
                match = re.search(r"(\d+) ms", page.inner_text(".nncourse-lr-label"))
                draws.append(float(match.group(1)) if match else float("nan"))
        return page.evaluate("() => window.__lat"), draws


def main() -> None:
    presses = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    latencies, draws = measure(presses)
    median, worst = statistics.median(latencies), max(latencies)
    print(f"learning-rate widget, {len(latencies)} slider moves in JupyterLab (Chromium)")
    print(
        f"  slider -> redrawn figure: median {median:.0f} ms, worst {worst:.0f} ms "
        f"(goal < {GOAL_MS:.0f} ms: {'met' if median < GOAL_MS else 'NOT met'})"
    )
    print(f"  of which kernel compute + draw: median {statistics.median(draws):.0f} ms")


if __name__ == "__main__":
    main()
