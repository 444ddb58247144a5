"""Figures of unit 07: the optimizer race, training curves, first-layer weights, a confusion
matrix, the ravine that normalisation removes. Each function takes data and returns a
matplotlib ``Figure``; none computes anything it could be handed.
"""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

COLORS = ("#444444", "#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")
"""Racer colours in order; the baseline takes the first (grey)."""


def figure_png(fig: Figure, dpi: int = 72) -> bytes:
    """The figure as PNG bytes (then closed)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    plt.close(fig)
    return buf.getvalue()


def plot_race(
    grid: tuple[np.ndarray, np.ndarray, np.ndarray],
    paths: dict,
    upto: int | None = None,
    minimum: float = 0.0,
    title: str = "",
    minima: list | None = None,
) -> Figure:
    """Paths drawn together on the contours, and each racer's loss curve.

    Parameters
    ----------
    grid : (X, Y, E)
        Contour grid, each (n, n).
    paths : dict of str -> Path
        ``Path.points`` (T + 1, 2) and ``Path.losses`` (T + 1,), NaN after a divergence.
    upto : int, optional
        Draw the paths up to this step (all steps by default); marked on the loss axes.
    minimum : float
        The surface's lowest value; loss curves show ``E - minimum`` on a log scale.
    title : str
    minima : list of (x, y), optional
        Marked with a star.

    Returns
    -------
    Figure
    """
    X, Y, E = grid
    fig, (ax, ax_loss) = plt.subplots(1, 2, figsize=(10, 4), width_ratios=(1.3, 1))
    gap = E - minimum
    levels = np.quantile(gap, np.linspace(0.0, 0.95, 14) ** 2) + minimum + 1e-9
    ax.contour(X, Y, E, levels=np.unique(levels), colors="#bbbbbb", linewidths=0.7)
    for xy in minima or []:
        ax.plot(*xy, marker="*", color="k", markersize=11, linestyle="none")
    n_total = max((len(p.losses) for p in paths.values()), default=1) - 1
    k = n_total if upto is None else int(np.clip(upto, 0, n_total))
    for (name, path), color in zip(paths.items(), COLORS):
        pts = path.points[: k + 1]
        label = name if path.diverged_at is None else f"{name} (diverged at {path.diverged_at})"
        ax.plot(pts[:, 0], pts[:, 1], "-", color=color, lw=1.4, label=label)
        ok = pts[np.all(np.isfinite(pts), axis=1)]
        if len(ok):
            ax.plot(*ok[-1], "o", color=color, markersize=5)
        steps = np.arange(len(path.losses))
        ax_loss.semilogy(steps, np.maximum(path.losses - minimum, 1e-12), color=color, lw=1.2)
    ax.plot(*next(iter(paths.values())).points[0], "s", color="k", markersize=5)
    ax.set_xlim(X.min(), X.max())
    ax.set_ylim(Y.min(), Y.max())
    ax.set_title(title or "paths", fontsize=10)
    ax.legend(fontsize=8, loc="best")
    ax_loss.axvline(k, color="k", lw=0.8, ls=":")
    ax_loss.set_xlabel("step")
    ax_loss.set_ylabel("E - E_min")
    ax_loss.set_title(f"loss (step {k} of {n_total})", fontsize=10)
    fig.tight_layout()
    return fig


def plot_training(histories: dict, title: str = "") -> Figure:
    """Training and validation loss and accuracy per epoch for one or more runs.

    Parameters
    ----------
    histories : dict of str -> History
        ``train_loss``, ``val_loss``, ``train_acc``, ``val_acc`` lists (epoch 0 first).
    """
    fig, (ax_l, ax_a) = plt.subplots(1, 2, figsize=(10, 3.6))
    for (name, h), color in zip(histories.items(), COLORS[1:]):
        ep = np.arange(len(h.train_loss))
        ax_l.plot(ep, h.train_loss, color=color, label=f"{name} train")
        ax_l.plot(ep, h.val_loss, color=color, ls="--", label=f"{name} validation")
        ax_a.plot(ep, h.train_acc, color=color)
        ax_a.plot(ep, h.val_acc, color=color, ls="--")
    ax_l.set_yscale("log")
    ax_l.set(xlabel="epoch", ylabel="cross-entropy", title="loss")
    ax_a.set(xlabel="epoch", ylabel="accuracy", title="accuracy (dashed: validation)")
    ax_l.legend(fontsize=8)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_first_layer(W1: np.ndarray, n: int = 16, shape=(8, 8)) -> Figure:
    """The first ``n`` hidden units' incoming weights drawn as images.

    Parameters
    ----------
    W1 : ndarray, shape (H, 64)
    """
    n = min(n, W1.shape[0])
    cols = min(8, n)
    rows = int(np.ceil(n / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(1.3 * cols, 1.3 * rows))
    for i, ax in enumerate(np.atleast_1d(axes).ravel()):
        ax.axis("off")
        if i < n:
            lim = np.abs(W1[i]).max() or 1.0
            ax.imshow(W1[i].reshape(shape), cmap="RdBu_r", vmin=-lim, vmax=lim)
    fig.suptitle("first-layer weights (red +, blue -)", fontsize=10)
    fig.tight_layout()
    return fig


def plot_confusion(C: np.ndarray, names: list) -> Figure:
    """A confusion matrix ``C`` (K, K): rows true class, columns predicted."""
    k = len(names)
    fig, ax = plt.subplots(figsize=(0.45 * k + 2.2, 0.45 * k + 1.8))
    ax.imshow(C, cmap="Blues")
    for i in range(k):
        for j in range(k):
            if C[i, j]:
                ax.text(
                    j,
                    i,
                    str(C[i, j]),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if C[i, j] > C.max() / 2 else "black",
                )
    ax.set_xticks(range(k), names)
    ax.set_yticks(range(k), names)
    ax.set(xlabel="predicted", ylabel="true", title="confusion matrix (validation)")
    fig.tight_layout()
    return fig


def plot_ravine(results: dict) -> Figure:
    """Hessian eigenvalues and gradient-descent curves for raw and normalised inputs.

    Parameters
    ----------
    results : dict of str -> dict
        ``eigenvalues``, ``condition``, ``losses`` as returned by
        ``digits_demo.linear_ravine``.
    """
    fig, (ax_e, ax_l) = plt.subplots(1, 2, figsize=(10, 3.5))
    for (name, r), color in zip(results.items(), COLORS[1:]):
        lam = r["eigenvalues"]
        lam = lam[lam > 1e-9 * lam[-1]]
        ax_e.semilogy(
            lam[::-1], "o-", ms=3, color=color, label=f"{name}: condition {r['condition']:.3g}"
        )
        ax_l.semilogy(r["losses"], color=color, label=name)
    ax_e.set(xlabel="index", ylabel="eigenvalue of XᵀX/N", title="curvatures of the loss")
    ax_l.set(xlabel="step", ylabel="E - E*", title="gradient descent at rate 1/λ_max")
    ax_e.legend(fontsize=8)
    ax_l.legend(fontsize=8)
    fig.tight_layout()
    return fig


def plot_curves(curves: dict, xlabel: str, ylabel: str, title: str = "", logy=True) -> Figure:
    """Several named 1-D curves on one axis."""
    fig, ax = plt.subplots(figsize=(6, 3.4))
    for (name, ys), color in zip(curves.items(), COLORS[1:]):
        ax.plot(np.arange(len(ys)), ys, color=color, label=name)
    if logy:
        ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
