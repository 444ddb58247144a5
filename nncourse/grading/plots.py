"""Summary figure of a grading run: the score distribution per exercise and of the totals."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def score_fractions(results: list[dict]) -> dict[str, np.ndarray]:
    """Fraction of the points each submission earned, per auto-graded ``grade_id``.

    Returns
    -------
    dict
        ``grade_id -> array of shape (n_submissions,)`` with values in [0, 1], in the order the
        grade ids first appear.
    """
    fractions: dict[str, list[float]] = {}
    for res in results:
        for row in res["rows"]:
            if row["points"] is None or row["max_points"] <= 0:
                continue
            fractions.setdefault(row["grade_id"], []).append(row["points"] / row["max_points"])
    return {k: np.asarray(v, dtype=np.float64) for k, v in fractions.items()}


def plot_scores(results: list[dict]):
    """Dots (one per submission) and the mean per exercise, plus a histogram of the totals.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.figure import Figure

    fractions = score_fractions(results)
    names = list(fractions)
    fig = Figure(figsize=(11, 0.45 * max(len(names), 4) + 1.5), layout="constrained")
    ax, ax_total = fig.subplots(1, 2, width_ratios=(2, 1))
    rng = np.random.default_rng(0)
    for i, name in enumerate(names):
        values = fractions[name]
        jitter = rng.uniform(-0.18, 0.18, size=values.size)
        ax.scatter(values, np.full(values.size, i) + jitter, s=14, alpha=0.6, color="#1a73e8")
        ax.plot([values.mean()] * 2, [i - 0.3, i + 0.3], color="#c5221f", lw=2)
    ax.set_yticks(range(len(names)), [n.removeprefix("test_") for n in names])
    ax.invert_yaxis()
    ax.set_xlim(-0.05, 1.05)
    ax.set_xlabel("fraction of the exercise's points (red: mean)")
    ax.set_title(f"Score per exercise ({len(results)} submissions)")
    totals = []
    for res in results:
        auto = [r for r in res["rows"] if r["points"] is not None]
        top = sum(r["max_points"] for r in auto)
        if top > 0:
            totals.append(100.0 * sum(r["points"] for r in auto) / top)
    ax_total.hist(totals, bins=np.linspace(0, 100, 11), color="#1a73e8", edgecolor="white")
    ax_total.set_xlabel("automatic score (%)")
    ax_total.set_ylabel("submissions")
    ax_total.set_title("Totals")
    return fig


def save_score_plot(results: list[dict], path: Path) -> Path:
    """Draw ``plot_scores`` and write it to ``path`` atomically (PNG)."""
    import io

    from nncourse.grading.gradebook import atomic_write

    buf = io.BytesIO()
    plot_scores(results).savefig(buf, format="png", dpi=110)
    return atomic_write(path, buf.getvalue())
