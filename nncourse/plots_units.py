"""Figures for unit 02 (activations, approximation, linear regions). Each returns a Figure."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from nncourse.key.activations import ACTIVATIONS


def plot_activations(z: np.ndarray | None = None) -> Figure:
    """Each elementwise activation (solid) and its derivative (dashed) on one row of axes."""
    z = np.linspace(-5.0, 5.0, 401) if z is None else np.asarray(z)
    fig = Figure(figsize=(12, 2.8), layout="constrained")
    axes = fig.subplots(1, len(ACTIVATIONS), sharex=True)
    for ax, (name, (g, dg)) in zip(axes, ACTIVATIONS.items()):
        ax.plot(z, g(z), label=name)
        ax.plot(z, dg(z), "--", label=f"{name}'")
        ax.axhline(0, color="0.8", lw=0.8)
        ax.set_title(name)
        ax.legend(loc="upper left", fontsize=8)
    return fig


def plot_fits(x: np.ndarray, y: np.ndarray, fits: dict[int, np.ndarray]) -> Figure:
    """The target ``y(x)`` and one fitted curve per hidden-layer width."""
    fig = Figure(figsize=(6, 3.5), layout="constrained")
    ax = fig.subplots()
    ax.plot(x, y, "k", lw=3, alpha=0.3, label="target")
    for width, fit in fits.items():
        ax.plot(x, fit, label=f"{width} hidden units")
    ax.set_xlabel("x")
    ax.legend(fontsize=8)
    return fig


def plot_region_maps(maps: dict[str, tuple[int, np.ndarray]], lim: float = 3.0) -> Figure:
    """Side-by-side maps of linear regions; ``maps`` is title -> (count, labels)."""
    fig = Figure(figsize=(4 * len(maps), 4), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(maps)))
    for ax, (title, (count, labels)) in zip(axes, maps.items()):
        rng = np.random.default_rng(0)
        colours = rng.permutation(labels.max() + 1)
        ax.imshow(colours[labels], extent=(-lim, lim, -lim, lim), origin="lower", cmap="tab20")
        ax.set_title(f"{title}: {count} regions")
        ax.set_xticks([])
        ax.set_yticks([])
    return fig
