"""Figures for unit 01 (XOR, separability, feature maps, the playground). Each returns a Figure.

Drawing only: every function takes data computed elsewhere (``separability``, ``threshold``,
``linear_collapse``, ``playground``) and returns a matplotlib ``Figure`` without touching
pyplot's global state.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

POSITIVE, NEGATIVE = "#1a7f37", "#cf222e"
BOUNDARY_CMAP = ListedColormap(
    ["#f4a6a6", "#f7c1b9", "#f9ddd5", "#dcefe0", "#b9e1c3", "#93d1a3"], name="playground"
)


def plot_xor_convexity(X: np.ndarray, t: np.ndarray, crossing: np.ndarray | None = None) -> Figure:
    """The four XOR points, the segment joining each class's points, and where they cross.

    Parameters
    ----------
    X : ndarray, shape (4, 2)
    t : ndarray, shape (4,), labels (positive > 0)
    crossing : ndarray, shape (2,), optional
        The common point of the two segments (from ``separability.separate``).
    """
    fig = Figure(figsize=(4.2, 4.2), layout="constrained")
    ax = fig.subplots()
    pos = np.asarray(t) > 0
    for mask, colour, label in ((pos, POSITIVE, "positive (t = 1)"), (~pos, NEGATIVE, "negative")):
        pts = X[mask]
        ax.plot(pts[:, 0], pts[:, 1], "-", color=colour, lw=2, alpha=0.6)
        ax.scatter(pts[:, 0], pts[:, 1], s=120, color=colour, zorder=3, label=label)
    if crossing is not None:
        ax.scatter(
            *crossing,
            s=160,
            marker="*",
            color="k",
            zorder=4,
            label=f"common point ({crossing[0]:.2g}, {crossing[1]:.2g})",
        )
    ax.set_xlim(-0.3, 1.3)
    ax.set_ylim(-0.3, 1.5)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(loc="upper center", fontsize=8, ncol=1)
    ax.set_title("XOR: the two segments cross")
    return fig


def plot_patterns(translations: dict[str, np.ndarray], averages: dict[str, np.ndarray]) -> Figure:
    """Every wrap-around translation of each pattern as an image, with its average beneath.

    Parameters
    ----------
    translations : dict name -> ndarray, shape (P, P)
        Row k is the pattern shifted by k (``separability.cyclic_translations``).
    averages : dict name -> ndarray, shape (P,)
    """
    names = list(translations)
    fig = Figure(figsize=(4.2 * len(names), 5.2), layout="constrained")
    grid = fig.add_gridspec(2, len(names), height_ratios=[8, 1])
    for col, name in enumerate(names):
        ax = fig.add_subplot(grid[0, col])
        ax.imshow(translations[name], cmap="Greys", vmin=0, vmax=1)
        ax.set_title(f"pattern {name}: all {len(translations[name])} translations")
        ax.set_ylabel("shift")
        ax.set_xticks([])
        ax_avg = fig.add_subplot(grid[1, col])
        ax_avg.imshow(averages[name][None, :], cmap="Greys", vmin=0, vmax=1)
        values = np.unique(np.round(averages[name], 12))
        ax_avg.set_title(
            f"average of the translations: every pixel = {values[0]:g}"
            if len(values) == 1
            else "average of the translations",
            fontsize=9,
        )
        ax_avg.set_xticks([])
        ax_avg.set_yticks([])
    return fig


def plot_boundary(
    X: np.ndarray,
    t: np.ndarray,
    score: np.ndarray,
    extent: tuple[float, float, float, float],
    title: str = "",
) -> Figure:
    """Labelled 2-D points over the sign of a score computed on a grid.

    Parameters
    ----------
    X : ndarray, shape (N, 2)
    t : ndarray, shape (N,), labels (positive > 0)
    score : ndarray, shape (n, n)
        Classifier score on the grid; rows follow x2, columns x1. The boundary is score = 0.
    extent : (x1_min, x1_max, x2_min, x2_max)
    """
    fig = Figure(figsize=(4.2, 4.2), layout="constrained")
    ax = fig.subplots()
    x1 = np.linspace(extent[0], extent[1], score.shape[1])
    x2 = np.linspace(extent[2], extent[3], score.shape[0])
    ax.contourf(
        x1, x2, (score >= 0).astype(float), levels=[-0.5, 0.5, 1.5], colors=["#f9ddd5", "#dcefe0"]
    )
    ax.contour(x1, x2, score, levels=[0.0], colors="k", linewidths=1)
    pos = np.asarray(t) > 0
    ax.scatter(X[pos, 0], X[pos, 1], color=POSITIVE, s=60, edgecolor="k", label="positive")
    ax.scatter(X[~pos, 0], X[~pos, 1], color=NEGATIVE, s=60, edgecolor="k", label="negative")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(title)
    ax.legend(fontsize=8, loc="upper right")
    return fig


def plot_scaled_logistic(z: np.ndarray, curves: dict[float, np.ndarray]) -> Figure:
    """sigma(k z) for several scales k, and the step function they approach.

    Parameters
    ----------
    z : ndarray, shape (M,)
    curves : dict scale -> ndarray, shape (M,)
    """
    fig = Figure(figsize=(6, 3.2), layout="constrained")
    ax = fig.subplots()
    for scale, values in curves.items():
        ax.plot(z, values, label=f"$\\sigma({scale:g}\\,z)$")
    ax.step(z, (z >= 0).astype(float), "k--", where="post", lw=1, label="step(z)")
    ax.set_xlabel("z")
    ax.legend(fontsize=8)
    ax.set_title("scaling weights and bias turns a logistic unit into a threshold")
    return fig


def plot_playground(
    grid: tuple[np.ndarray, np.ndarray, np.ndarray],
    X: np.ndarray,
    t: np.ndarray,
    losses: Sequence[float],
    title: str = "",
) -> Figure:
    """The playground's view: decision boundary as a filled contour, data, and the loss curve.

    Parameters
    ----------
    grid : (x1, x2, prob)
        From ``playground.Trainer.decision_grid``: axes of shape (n,) and P(class 1) (n, n).
    X : ndarray, shape (N, 2)
    t : ndarray, shape (N,), labels 0/1
    losses : sequence of float
        Training loss after each epoch (first entry: before training).
    title : str
    """
    x1, x2, prob = grid
    fig = Figure(figsize=(8.4, 4.0))  # fixed margins: a layout engine would double the cost
    fig.subplots_adjust(left=0.06, right=0.98, bottom=0.12, top=0.92, wspace=0.28)
    ax, ax_loss = fig.subplots(1, 2)
    ax.contourf(x1, x2, prob, levels=np.linspace(0.0, 1.0, 7), cmap=BOUNDARY_CMAP)
    ax.contour(x1, x2, prob, levels=[0.5], colors="k", linewidths=1.2)
    pos = np.asarray(t) == 1
    ax.scatter(X[pos, 0], X[pos, 1], s=14, color=POSITIVE, edgecolor="white", linewidth=0.5)
    ax.scatter(X[~pos, 0], X[~pos, 1], s=14, color=NEGATIVE, edgecolor="white", linewidth=0.5)
    ax.set_xlim(x1[0], x1[-1])
    ax.set_ylim(x2[0], x2[-1])
    ax.set_aspect("equal")
    ax.set_title(title, fontsize=10)
    epochs = np.arange(len(losses))
    ax_loss.plot(epochs, losses, color="#0969da")
    ax_loss.set_ylim(0.0, max(0.75, float(np.max(losses)) * 1.05))
    ax_loss.set_xlabel("epoch")
    ax_loss.set_ylabel("training loss (cross-entropy)")
    ax_loss.set_xlim(0, max(10, len(losses) - 1))
    ax_loss.grid(alpha=0.3)
    return fig


def figure_png(fig: Figure, dpi: int = 80) -> bytes:
    """Render a Figure to PNG bytes (for image widgets)."""
    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
