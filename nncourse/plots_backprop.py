"""Figures for unit 03: the cost of forward and backward passes (yours, measured).

Each function takes computed data and returns a matplotlib ``Figure``; nothing is computed here.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure


def plot_pass_times(
    times: dict[str, float],
    predicted: dict[str, float],
    title: str = "Matrix products of one pass, and your backprop",
    measured: dict[str, float] | None = None,
) -> Figure:
    """Bar chart of the passes' matrix-product times, with predicted ratios, and your backprop.

    Parameters
    ----------
    times : dict
        Seconds for ``"forward"``, ``"backward"``, ``"backward_to_input"`` (the matrix products
        alone, ``backprop_cost.time_products``) and, optionally, ``"yours"``: your
        ``mlp_loss_and_grads``, forward and backward together.
    predicted : dict
        Multiply-add ratios to the forward pass for ``"backward"`` and ``"backward_to_input"``.
    title : str
        Axes title (say which network was timed).
    measured : dict, optional
        Measured ratios to the forward pass to print on the bars (e.g. the median of per-round
        ratios from ``backprop_cost.measure_products``); by default the ratio of the times.
    """
    labels = ["forward", "backward", "backward_to_input"]
    names = ["forward\n(products)", "backward\n(products)", "backward + dL/dX\n(products)"]
    colors = ["#4c72b0", "#dd8452", "#c44e52"]
    if "yours" in times:
        labels.append("yours")
        names.append("your\nmlp_loss_and_grads")
        colors.append("#55a868")
    ms = [1e3 * times[k] for k in labels]
    fig, ax = plt.subplots(figsize=(6.8 if "yours" in times else 6, 3.4))
    bars = ax.bar(names, ms, color=colors)
    for bar, key in zip(bars, labels):
        ratio = (measured or {}).get(key, times[key] / times["forward"])
        text = f"{ratio:.2f}x measured"
        if key in predicted:
            text += f"\n{predicted[key]:.2f}x predicted"
        if key == "yours" and "backward" in predicted:
            text += f"\n{1 + predicted['backward']:.2f}x predicted\n(products only)"
        ax.annotate(
            text,
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize=8,
        )
    ax.set_ylabel("time (ms, one BLAS thread)")
    ax.set_ylim(0, max(ms) * 1.55)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_cost_scaling(
    depths: np.ndarray, depth_times: np.ndarray, widths: np.ndarray, width_times: np.ndarray
) -> Figure:
    """Two panels: time against depth (linear axes) and against width (log-log, slope 2 guide).

    Parameters
    ----------
    depths, depth_times : ndarray, shape (k,)
        Number of hidden layers and seconds of forward + backward (your
        ``mlp_loss_and_grads``, ``backprop_cost.scaling``).
    widths, width_times : ndarray, shape (m,)
        Hidden width and seconds of forward + backward.
    """
    fig, (a, b) = plt.subplots(1, 2, figsize=(9, 3.4))
    a.plot(depths, 1e3 * depth_times, "o-")
    slope = np.polyfit(depths, 1e3 * depth_times, 1)
    a.plot(depths, np.polyval(slope, depths), "--", color="grey", label="straight-line fit")
    a.set_xlabel("hidden layers")
    a.set_ylabel("forward + backward (ms)")
    a.set_title("linear in depth")
    a.legend()
    b.loglog(widths, 1e3 * width_times, "o-")
    guide = 1e3 * width_times[-1] * (widths / widths[-1]) ** 2
    b.loglog(widths, guide, "--", color="grey", label="slope 2 (quadratic)")
    b.set_xlabel("hidden width")
    b.set_title("quadratic in width")
    b.legend()
    fig.tight_layout()
    return fig
