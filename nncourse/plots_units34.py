"""Figures for units 03 and 04: a computation graph, risk curves, slopes, training curves.

Each function takes computed data and returns a matplotlib ``Figure``; nothing is computed here.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from nncourse.graph_view import GraphView


def plot_graph(view: GraphView, title: str = "") -> Figure:
    """Draw a computation graph: inputs on the left, the output on the right.

    Each node shows its label, value and grad (what your ``backward()`` left there); each edge
    shows its local derivative. Nodes used more than once (fan-out) are drawn in orange: their
    grad is the sum over their outgoing edges of (child's grad) x (local derivative).
    """
    xs = [p[0] for p in view.positions]
    ys = [p[1] for p in view.positions]
    width = 2.3 * (max(xs) + 1)
    fig, ax = plt.subplots(figsize=(min(width, 12), 1.6 + 1.1 * (max(ys) - min(ys) + 1)))
    for parent, child, local in view.edges:
        (x0, y0), (x1, y1) = view.positions[parent], view.positions[child]
        long = x1 - x0 > 1  # skips a column: bend it below the boxes in between
        ax.annotate(
            "",
            (x1 - 0.22, y1),
            (x0 + 0.22, y0),
            arrowprops={
                "arrowstyle": "->",
                "color": "0.45",
                "lw": 1.2,
                "connectionstyle": f"arc3,rad={0.25 if long else 0.0}",
            },
        )
        ax.text(
            (x0 + x1) / 2,
            (y0 + y1) / 2 + 0.08 - (0.25 * (x1 - x0) * 0.5 if long else 0.0),
            f"{local:.3g}",
            fontsize=8,
            color="#4c72b0",
            ha="center",
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none"},
        )
    for i, (x, y) in enumerate(view.positions):
        shared = view.fan_out[i] > 1
        ax.text(
            x,
            y,
            f"{view.labels[i]}\nvalue {view.values[i]:.4g}\ngrad {view.grads[i]:.4g}",
            ha="center",
            va="center",
            fontsize=8.5,
            bbox={
                "boxstyle": "round,pad=0.35",
                "fc": "#fde0c5" if shared else "#e8eef7",
                "ec": "#dd8452" if shared else "#4c72b0",
            },
        )
    ax.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
    ax.set_ylim(min(ys) - 1.0, max(ys) + 0.7)
    ax.axis("off")
    ax.set_title(title or "computation graph (blue numbers: local derivatives on the edges)")
    fig.tight_layout()
    return fig


def plot_risk(ws: np.ndarray, curves: dict[str, np.ndarray], title: str = "") -> Figure:
    """Empirical risk (and its regularised version) as a function of one weight."""
    fig, ax = plt.subplots(figsize=(6, 3.4))
    for label, values in curves.items():
        ax.plot(ws, values, label=label)
        k = int(np.argmin(values))
        ax.plot(ws[k], values[k], "o", color=ax.lines[-1].get_color())
    ax.set_xlabel("w")
    ax.set_ylabel("average loss over the data")
    ax.legend(fontsize=8)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_slopes(
    ws: np.ndarray,
    loss: np.ndarray,
    points: Sequence[float],
    values: Sequence[float],
    slopes: Sequence[float],
    title: str = "",
) -> Figure:
    """A loss curve with a short tangent of the given slope at each point."""
    fig, ax = plt.subplots(figsize=(6, 3.4))
    ax.plot(ws, loss, color="#4c72b0", label="loss")
    span = 0.12 * (ws.max() - ws.min())
    for w0, v0, s in zip(points, values, slopes):
        dw = np.array([-span, span])
        ax.plot(w0 + dw, v0 + s * dw, color="#c44e52", lw=2)
        ax.plot([w0], [v0], "o", color="#c44e52")
    ax.plot([], [], color="#c44e52", lw=2, label="slope = w_bar from your function")
    ax.set_xlabel("w")
    ax.set_ylabel("loss")
    ax.legend(fontsize=8)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_training_curves(curves: dict[str, np.ndarray], title: str = "") -> Figure:
    """Training loss against step, one line per gradient (correct or with a bug)."""
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    for label, losses in curves.items():
        ax.plot(np.arange(len(losses)), losses, label=label)
    ax.set_xlabel("gradient-descent step")
    ax.set_ylabel("training loss")
    ax.set_yscale("log")
    ax.legend(fontsize=8)
    ax.set_title(title)
    fig.tight_layout()
    return fig
