"""Figures for unit 02 (activations, probability maps, approximation, linear regions).

Each returns a Figure. The figures of graded material draw the functions they are given (the
student's own): a function that still raises ``NotImplementedError`` is left out and named in one
printed line, and with nothing to draw they print that line and return None.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from matplotlib.figure import Figure


def plot_activations(
    units: dict[str, tuple[Callable, Callable]],
    z: np.ndarray | None = None,
    exercises: str = "the exercises above",
) -> Figure | None:
    """Each activation (solid) and its derivative (dashed), one axes per entry of ``units``.

    Parameters
    ----------
    units : dict
        name -> ``(g, g_prime)``, the functions to draw (in the notebook: your own).
    z : ndarray, shape (n,), optional
        Where to draw them; 401 points on [-5, 5] by default.
    exercises : str
        What brings a missing pair to life, for the one line printed about it.

    Returns
    -------
    Figure, or None when no pair can be drawn yet
        A pair whose call still raises ``NotImplementedError`` (the stub) is left out and named
        in one printed line.
    """
    z = np.linspace(-5.0, 5.0, 401) if z is None else np.asarray(z, dtype=np.float64)
    curves, missing = {}, []
    for name, (g, dg) in units.items():
        try:
            curves[name] = (np.asarray(g(z), dtype=float), np.asarray(dg(z), dtype=float))
        except NotImplementedError:
            missing.append(name)
    if missing:
        print(f"Not drawn yet: {', '.join(missing)} ({exercises} bring this plot to life).")
    if not curves:
        return None
    fig = Figure(figsize=(min(9.0, 2.3 * len(curves)), 2.6), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(curves), sharex=True))
    for ax, (name, (values, slopes)) in zip(axes, curves.items()):
        ax.plot(z, values, label=name)
        ax.plot(z, slopes, "--", label=f"{name}'")
        ax.axhline(0, color="0.8", lw=0.8)
        ax.set_title(name)
        ax.legend(loc="upper left", fontsize=8)
    return fig


def compare_probabilities(
    maps: dict[str, Callable],
    scores: np.ndarray,
    exercises: str = "the exercises above",
) -> Figure | None:
    """Maps from scores to probabilities, side by side: their values, and a two-class sweep.

    Prints each map's probabilities for ``scores`` (rounded to 3 decimals), then draws
    ``p_1`` for the scores ``(t, 0)`` as ``t`` sweeps [-3, 3]: softmax gives the sigmoid of ``t``,
    sparsemax reaches exactly 0 and 1.

    Parameters
    ----------
    maps : dict
        name -> ``f``, each mapping scores of shape (N, C) to probabilities of that shape (in the
        notebook: your own softmax and sparsemax).
    scores : ndarray, shape (C,)
    exercises : str
        What brings a missing map to life, for the one line printed about it.

    Returns
    -------
    Figure, or None when no map can be drawn yet
    """
    scores = np.asarray(scores, dtype=np.float64)
    t = np.linspace(-3.0, 3.0, 241)
    sweep = np.column_stack([t, np.zeros_like(t)])
    width = max(len(name) for name in maps)
    curves, missing = {}, []
    for name, f in maps.items():
        try:
            values = np.asarray(f(scores), dtype=float)
            curves[name] = np.asarray(f(sweep), dtype=float)[:, 0]
        except NotImplementedError:
            missing.append(name)
            continue
        print(f"{name:<{width}} : {np.round(values, 3)}")
    if missing:
        print(f"Not shown yet: {', '.join(missing)} ({exercises} bring this comparison to life).")
    if not curves:
        return None
    fig = Figure(figsize=(5, 3), layout="constrained")
    ax = fig.subplots()
    for name, p1 in curves.items():
        ax.plot(t, p1, label=name)
    ax.set_xlabel("t  (scores (t, 0))")
    ax.set_ylabel("probability of class 1")
    ax.legend(fontsize=8)
    return fig


def plot_fits(x: np.ndarray, y: np.ndarray, fits: dict[int, np.ndarray]) -> Figure:
    """The target ``y(x)`` and one fitted curve per hidden-layer width."""
    fig = Figure(figsize=(6, 3.2), layout="constrained")
    ax = fig.subplots()
    ax.plot(x, y, "k", lw=3, alpha=0.3, label="target")
    for width, fit in fits.items():
        ax.plot(x, fit, label=f"{width} hidden units")
    ax.set_xlabel("x")
    ax.legend(fontsize=8)
    return fig


def plot_region_maps(maps: dict[str, tuple[int, np.ndarray]], lim: float = 3.0) -> Figure:
    """Side-by-side maps of linear regions; ``maps`` is title -> (count, labels)."""
    fig = Figure(figsize=(min(9.0, 3.0 * len(maps)), 3.2), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(maps)))
    for ax, (title, (count, labels)) in zip(axes, maps.items()):
        rng = np.random.default_rng(0)
        colours = rng.permutation(labels.max() + 1)
        ax.imshow(colours[labels], extent=(-lim, lim, -lim, lim), origin="lower", cmap="tab20")
        ax.set_title(f"{title}: {count} regions", fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
    return fig
