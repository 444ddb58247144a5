"""Figures for unit 06 (learning rates on quadratics). Each function takes data, returns a Figure.

Nothing here computes a descent: the runs come from the caller (the student's own functions in
the notebook, ``nncourse.quadratics_demo`` for the demos).
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.image import imsave
from matplotlib.ticker import FixedFormatter, FixedLocator, FuncFormatter, LogLocator, NullLocator

LOSS_TICKS = (1e-12, 1e-8, 1e-4, 1.0, 1e4)
"""Tick marks of the widget's loss axis."""

COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")


def _plain_log(axis) -> None:
    """Log-scale ticks every few decades with plain labels ("1e-04"): mathtext labels and
    minor ticks are most of the drawing time of a small log plot."""
    axis.set_major_locator(LogLocator(base=10, numticks=6))
    axis.set_major_formatter(FuncFormatter(_exp_label))
    axis.set_minor_locator(NullLocator())


def _exp_label(value: float, _pos: int) -> str:
    return f"{value:.0e}" if value < 0.01 or value >= 1e4 else f"{value:g}"


def _figure(width: float, height: float, bottom: float = 0.15, left: float = 0.1) -> Figure:
    """A figure with a fixed layout (constrained layout costs seconds on a busy machine)."""
    fig = Figure(figsize=(width, height))
    fig.subplots_adjust(left=left, right=0.97, bottom=bottom, top=0.9, wspace=0.3)
    return fig


def plot_regimes_1d(a: float, b: float, runs: Mapping[str, np.ndarray]) -> Figure:
    """One panel per run: the parabola ``a w**2 / 2 + b w`` and the iterates on it.

    Parameters
    ----------
    a, b : float
        The quadratic (``c`` only shifts it and is left out).
    runs : mapping of title -> ndarray, shape (K,)
        Iterates of each run.
    """
    fig = _figure(2.6 * len(runs), 2.8, bottom=0.18, left=0.06)
    axes = fig.subplots(1, len(runs), squeeze=False)[0]
    w_star = -b / a
    for ax, (title, ws) in zip(axes, runs.items()):
        ws = np.asarray(ws, dtype=float)
        shown = ws[np.abs(ws - w_star) < 4 * max(abs(ws[0] - w_star), 1e-9)]
        span = 1.3 * max(np.max(np.abs(shown - w_star)), 1e-9)
        grid = np.linspace(w_star - span, w_star + span, 200)
        ax.plot(grid, 0.5 * a * grid**2 + b * grid, color="#999", lw=1)
        ax.plot(shown, 0.5 * a * shown**2 + b * shown, "o-", color=COLORS[0], ms=3, lw=0.8)
        ax.plot(shown[:1], 0.5 * a * shown[:1] ** 2 + b * shown[:1], "s", color=COLORS[1])
        ax.set_title(title, fontsize=9)
        ax.set_xlabel("w")
    axes[0].set_ylabel("E(w)")
    return fig


def _contours(ax, A, b, center, radius: float, n: int = 50):
    xs = np.linspace(center[0] - radius, center[0] + radius, n)
    ys = np.linspace(center[1] - radius, center[1] + radius, n)
    X, Y = np.meshgrid(xs, ys)
    P = np.stack([X.ravel(), Y.ravel()], axis=1)
    E = 0.5 * np.einsum("ki,ij,kj->k", P, A, P) + P @ b
    E = (E - E.min()).reshape(X.shape)
    levels = np.quantile(E, np.linspace(0.005, 0.95, 12) ** 2)
    contours = ax.contour(X, Y, E, levels=np.unique(levels), colors="#aaa", linewidths=0.7)
    ax.set_xlim(xs[0], xs[-1])
    ax.set_ylim(ys[0], ys[-1])
    ax.set_aspect("equal")
    return contours


def plot_paths_2d(A, b, paths: Mapping[str, np.ndarray], radius: float | None = None) -> Figure:
    """Contours of ``w A w / 2 + b w`` with one or more descent paths (rows are iterates)."""
    A, b = np.asarray(A, dtype=float), np.asarray(b, dtype=float)
    center = np.linalg.solve(A, -b)
    if radius is None:
        starts = [np.linalg.norm(np.asarray(p)[0] - center) for p in paths.values()]
        radius = 1.2 * max(starts)
    fig = _figure(4.6, 4.2)
    ax = fig.subplots()
    _contours(ax, A, b, center, radius)
    styles = (("o-", 3), ("^-", 5), ("s-", 7), ("v-", 5))
    for color, (marker, size), (label, path) in zip(COLORS, styles, paths.items()):
        path = np.asarray(path, dtype=float)
        ax.plot(path[:, 0], path[:, 1], marker, ms=size, lw=1, color=color, label=label)
    ax.plot(*center, "*", color="k", ms=10)
    ax.legend(fontsize=8, loc="upper left")
    return fig


def plot_iterations_vs_kappa(
    kappas, measured: Mapping[str, np.ndarray], predicted, tol: float
) -> Figure:
    """Steps to shrink the error by ``tol`` against the condition number (log-log)."""
    fig = _figure(5.6, 3.8, bottom=0.15, left=0.12)
    ax = fig.subplots()
    ax.loglog(
        kappas,
        predicted,
        "-",
        color="#555",
        label=r"prediction $\lceil \log tol / \log\frac{\kappa-1}{\kappa+1}\rceil$",
    )
    for color, marker, (label, counts) in zip(COLORS, "ox+", measured.items()):
        ax.loglog(kappas, counts, marker, color=color, ms=8, label=label, mfc="none")
    ax.set_xlabel(r"condition number $\kappa = \lambda_{max} / \lambda_{min}$")
    ax.set_ylabel(f"steps to tol = {tol:g}")
    ax.legend(fontsize=8)
    ax.grid(True, which="major", alpha=0.3)
    _plain_log(ax.xaxis)
    _plain_log(ax.yaxis)
    return fig


def plot_convergence_rate(measured: Mapping[str, np.ndarray], predicted: Mapping[str, float]):
    """Measured ``R_k`` of several runs, each with its predicted constant as a dashed line."""
    fig = _figure(5.6, 3.6, bottom=0.15, left=0.14)
    ax = fig.subplots()
    for color, (label, r) in zip(COLORS, measured.items()):
        ax.plot(np.arange(len(r)), r, "o", ms=4, color=color, label=f"measured, {label}")
        ax.axhline(predicted[label], color=color, ls="--", lw=1)
    ax.set_xlabel("step k")
    ax.set_ylabel(r"$R_k = |f_{k+1}-f^*| \,/\, |f_k-f^*|$")
    ax.set_ylim(0, 1.05)
    ax.legend(fontsize=8)
    return fig


def plot_schedules(rates: Mapping[str, np.ndarray], gaps: Mapping[str, np.ndarray]) -> Figure:
    """Left: each schedule's rates; right: the loss gap of each noisy run (both log scale)."""
    fig = _figure(10.0, 3.6, bottom=0.15, left=0.08)
    ax_rate, ax_gap = fig.subplots(1, 2)
    for color, label in zip(COLORS, rates):
        ax_rate.semilogy(rates[label], color=color, label=label, lw=1.2)
        ax_gap.semilogy(gaps[label], color=color, label=label, lw=1)
    ax_rate.set_xlabel("step k")
    ax_rate.set_ylabel(r"$\eta_k$")
    ax_gap.set_xlabel("step k")
    ax_gap.set_ylabel(r"$E(w_k) - E(w^*)$")
    ax_gap.legend(fontsize=8)
    _plain_log(ax_rate.yaxis)
    _plain_log(ax_gap.yaxis)
    return fig


class ExplorerFigure:
    """The learning-rate widget's picture: the path on the contours, and the loss gap.

    The widget redraws on every slider move, so the picture is blitted: axes, ticks and labels
    are rendered once into a background, and each ``draw`` restores that background and renders
    only what changed (contours, path, title, loss curve) before encoding the PNG.

    Parameters
    ----------
    center : array_like, shape (2,)
        The minimum; the view is ``center +- radius`` (fixed).
    radius : float
        Half-width of the view.
    max_steps : int
        Fixed x-range of the loss panel.
    dpi : int
        Resolution of the PNG.
    """

    def __init__(self, center, radius: float = 3.0, max_steps: int = 40, dpi: int = 80) -> None:
        self.center, self.radius = np.asarray(center, dtype=float), radius
        self.fig = Figure(figsize=(8.4, 3.7), dpi=dpi)
        self.fig.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.92, wspace=0.25)
        self.ax_path, self.ax_loss = self.fig.subplots(1, 2, width_ratios=(1, 1.2))
        ax = self.ax_path
        ax.set_xlim(self.center[0] - radius, self.center[0] + radius)
        ax.set_ylim(self.center[1] - radius, self.center[1] + radius)
        ax.set_aspect("equal")
        (self.star,) = ax.plot(*self.center, "*", color="k", ms=10, animated=True)
        (self.path_line,) = ax.plot([], [], "o-", ms=2.5, lw=0.9, color=COLORS[0], animated=True)
        (self.start,) = ax.plot([], [], "s", color=COLORS[1], ms=6, animated=True)
        ax.title.set_animated(True)
        ax = self.ax_loss
        ax.set_yscale("log")
        ax.set_xlim(0, max_steps)
        ax.set_ylim(1e-12, 1e6)
        ax.yaxis.set_major_locator(FixedLocator(LOSS_TICKS))
        ax.yaxis.set_major_formatter(FixedFormatter([f"{t:.0e}" for t in LOSS_TICKS]))
        ax.yaxis.set_minor_locator(NullLocator())
        ax.set_xlabel("step k")
        ax.set_ylabel("E(w_k) - E(w*)")
        ax.grid(True, which="major", alpha=0.3)
        (self.loss_line,) = ax.plot([], [], color=COLORS[0], lw=1.2, animated=True)
        self.canvas = FigureCanvasAgg(self.fig)
        self.canvas.draw()
        self._background = self.canvas.copy_from_bbox(self.fig.bbox)

    def draw(self, A, b, path, gaps, title: str) -> bytes:
        """Render the contours of ``A``, ``b``, the path, the loss gap and the title; PNG bytes.

        Parameters
        ----------
        A : array_like, shape (2, 2)
        b : array_like, shape (2,)
            The quadratic; its minimum must be ``center``.
        path : ndarray, shape (K, 2)
            Iterates; those far outside the view are cut off.
        gaps : ndarray, shape (K,)
            ``E(w_k) - E(w*)``, drawn on a log scale.
        title : str
        """
        A, b = np.asarray(A, dtype=float), np.asarray(b, dtype=float)
        path, gaps = np.asarray(path, dtype=float), np.asarray(gaps, dtype=float)
        with np.errstate(invalid="ignore"):
            inside = np.all(np.abs(path - self.center) < 3 * self.radius, axis=1)
            finite = np.isfinite(gaps) & (gaps > 0)
        shown = path[: len(path) if inside.all() else int(np.argmin(inside))]
        self.path_line.set_data(shown[:, 0], shown[:, 1])
        self.start.set_data(path[:1, 0], path[:1, 1])
        self.ax_path.set_title(title, fontsize=10)
        steps = np.arange(len(gaps))
        self.loss_line.set_data(steps[finite], gaps[finite])
        self.canvas.restore_region(self._background)
        contours = _contours(self.ax_path, A, b, self.center, self.radius)
        contours.set_animated(True)
        for artist in (contours, self.path_line, self.start, self.star, self.ax_path.title):
            self.ax_path.draw_artist(artist)
        self.ax_loss.draw_artist(self.loss_line)
        contours.remove()
        buffer = io.BytesIO()
        pixels = np.asarray(self.canvas.buffer_rgba())[:, :, :3]
        imsave(buffer, pixels, format="png", pil_kwargs={"compress_level": 1})
        return buffer.getvalue()
