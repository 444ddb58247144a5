"""Figures of unit 07: the optimizer race, training curves, first-layer weights, a confusion
matrix, the ravine that normalisation removes. Each function takes data and returns a
matplotlib ``Figure``; none computes anything it could be handed.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

COLORS = ("#444444", "#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")
"""Racer colours in order; the baseline takes the first (grey)."""

LOSS_FLOOR = 1e-10
"""Loss gaps below this are drawn at this value (log axes)."""


def _log_y(ax) -> None:
    """A log y axis with a few plain-text labels (mathtext labels cost ~1 s per figure)."""
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(numticks=6))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0e}"))


def figure_png(fig: Figure, dpi: int = 72) -> bytes:
    """The figure as PNG bytes."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


class RaceDrawing:
    """The race figure kept alive between redraws, for the widget.

    The contours, axes and labels are drawn once per surface and cached; the paths, the loss
    curves and the step marker are "animated" artists repainted over that background (Agg
    blitting). So :meth:`show_step` (the step slider) and :meth:`set_paths` (a re-run after a
    rate change or a racer ticked out) cost milliseconds of drawing plus the PNG encoding.

    Parameters
    ----------
    grid : (X, Y, E)
        Contour grid, each (n, n).
    names : list of str
        Every racer that may appear, in colour order (``COLORS``).
    n_steps : int
        Length of the runs (the loss axis spans 0..n_steps).
    minimum, title, minima
        As in :func:`plot_race`.
    start : pair of float
        Marked with a square.
    live : bool
        Blitting for the widget (True), or a plain figure with a legend (False).
    """

    def __init__(
        self, grid, names, n_steps, minimum=0.0, title="", minima=None, start=None, live=True
    ):
        X, Y, E = grid
        self.names, self.n_total, self.minimum, self.live = list(names), int(n_steps), minimum, live
        fig = Figure(figsize=(10, 4))  # not pyplot: nothing to close, nothing global
        ax, ax_loss = fig.subplots(1, 2, width_ratios=(1.3, 1))
        fig.subplots_adjust(left=0.06, right=0.98, bottom=0.12, top=0.92, wspace=0.22)
        levels = np.quantile(E - minimum, np.linspace(0.0, 0.95, 14) ** 2) + minimum + 1e-9
        ax.contour(X, Y, E, levels=np.unique(levels), colors="#bbbbbb", linewidths=0.7)
        for xy in minima or []:
            ax.plot(*xy, marker="*", color="k", markersize=11, linestyle="none")
        if start is not None:
            ax.plot(*start, "s", color="k", markersize=5)
        self.lines, self.heads, self.curves = {}, {}, {}
        for name, color in zip(self.names, COLORS):
            self.lines[name] = ax.plot([], [], "-", color=color, lw=1.4, animated=live)[0]
            self.heads[name] = ax.plot([], [], "o", color=color, markersize=5, animated=live)[0]
            self.curves[name] = ax_loss.plot([], [], color=color, lw=1.2, animated=live)[0]
        ax.set_xlim(X.min(), X.max())
        ax.set_ylim(Y.min(), Y.max())
        ax.set_title(title or "paths", fontsize=10)
        _log_y(ax_loss)
        top = float(np.nanmax(E - minimum))
        ax_loss.set_ylim(LOSS_FLOOR / 2, 10 ** np.ceil(np.log10(max(top, 1e-9))))
        ax_loss.set_xlim(-1, self.n_total + 1)
        ax_loss.set_xlabel("step")
        ax_loss.set_title("E - E_min (dotted: the step shown)", fontsize=10)
        self.marker = ax_loss.axvline(0, color="k", lw=0.8, ls=":", animated=live)
        self.ax, self.fig, self.paths, self.step_shown = ax, fig, {}, self.n_total
        self._background = None

    def set_paths(self, paths: dict) -> None:
        """Show these runs (name -> Path); racers not in ``paths`` are hidden."""
        self.paths = {n: p for n, p in paths.items() if n in self.lines}
        for name in self.names:
            path = self.paths.get(name)
            gaps = np.clip(path.losses - self.minimum, LOSS_FLOOR, None) if path else []
            self.curves[name].set_data(np.arange(len(gaps)), gaps)
        self.show_step(self.step_shown)

    def show_step(self, upto: int | None = None) -> int:
        """Draw the paths up to step ``upto`` (all by default); returns the step shown."""
        k = self.n_total if upto is None else int(np.clip(upto, 0, self.n_total))
        for name in self.names:
            path = self.paths.get(name)
            pts = path.points[: k + 1] if path else np.empty((0, 2))
            self.lines[name].set_data(pts[:, 0], pts[:, 1])
            ok = pts[np.all(np.isfinite(pts), axis=1)]
            self.heads[name].set_data(ok[-1:, 0], ok[-1:, 1])
        self.marker.set_xdata([k, k])
        self.step_shown = k
        return k

    def png(self, dpi: int = 72) -> bytes:
        """The figure at the step shown, as PNG bytes (background drawn once, then cached)."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from PIL import Image

        canvas = self.fig.canvas
        if not isinstance(canvas, FigureCanvasAgg) or self.fig.dpi != dpi:
            self.fig.set_dpi(dpi)
            canvas = FigureCanvasAgg(self.fig)
            self._background = None
        if self._background is None:
            canvas.draw()  # everything except the animated artists
            self._background = canvas.copy_from_bbox(self.fig.bbox)
        canvas.restore_region(self._background)
        for group in (self.curves, self.lines, self.heads):
            for artist in group.values():
                artist.axes.draw_artist(artist)
        self.marker.axes.draw_artist(self.marker)
        buf = io.BytesIO()
        Image.fromarray(np.asarray(canvas.buffer_rgba())).save(buf, format="png", compress_level=1)
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
    n_steps = max((len(p.losses) for p in paths.values()), default=1) - 1
    start = next(iter(paths.values())).points[0] if paths else None
    drawing = RaceDrawing(grid, list(paths), n_steps, minimum, title, minima, start, live=False)
    drawing.set_paths(paths)
    drawing.show_step(upto)
    for name, path in paths.items():
        label = name if path.diverged_at is None else f"{name} (diverged at {path.diverged_at})"
        drawing.lines[name].set_label(label)
    drawing.ax.legend(fontsize=8, loc="upper right")
    return drawing.fig


def plot_training(histories: dict, title: str = "") -> Figure:
    """Training and validation loss and accuracy per epoch for one or more runs.

    Parameters
    ----------
    histories : dict of str -> History
        ``train_loss``, ``val_loss``, ``train_acc``, ``val_acc`` lists (epoch 0 first).
    """
    fig = Figure(figsize=(10, 3.6), layout="constrained")
    ax_l, ax_a = fig.subplots(1, 2)
    for (name, h), color in zip(histories.items(), COLORS[1:]):
        ep = np.arange(len(h.train_loss))
        ax_l.plot(ep, h.train_loss, color=color, label=f"{name} train")
        ax_l.plot(ep, h.val_loss, color=color, ls="--", label=f"{name} validation")
        ax_a.plot(ep, h.train_acc, color=color)
        ax_a.plot(ep, h.val_acc, color=color, ls="--")
    _log_y(ax_l)
    ax_l.set(xlabel="epoch", ylabel="cross-entropy", title="loss")
    ax_a.set(xlabel="epoch", ylabel="accuracy", title="accuracy (dashed: validation)")
    ax_l.legend(fontsize=8)
    if title:
        fig.suptitle(title)
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
    fig = Figure(figsize=(1.3 * cols, 1.3 * rows + 0.3), layout="constrained")
    axes = fig.subplots(rows, cols)
    for i, ax in enumerate(np.atleast_1d(axes).ravel()):
        ax.axis("off")
        if i < n:
            lim = np.abs(W1[i]).max() or 1.0
            ax.imshow(W1[i].reshape(shape), cmap="RdBu_r", vmin=-lim, vmax=lim)
    fig.suptitle("first-layer weights (red +, blue -)", fontsize=10)
    return fig


def plot_confusion(C: np.ndarray, names: list) -> Figure:
    """A confusion matrix ``C`` (K, K): rows true class, columns predicted."""
    k = len(names)
    fig = Figure(figsize=(0.45 * k + 2.2, 0.45 * k + 1.8), layout="constrained")
    ax = fig.subplots()
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
    return fig


def plot_ravine(results: dict) -> Figure:
    """Hessian eigenvalues and gradient-descent curves for raw and normalised inputs.

    Parameters
    ----------
    results : dict of str -> dict
        ``eigenvalues``, ``condition``, ``losses`` as returned by
        ``digits_demo.linear_ravine``.
    """
    fig = Figure(figsize=(10, 3.5), layout="constrained")
    ax_e, ax_l = fig.subplots(1, 2)
    for (name, r), color in zip(results.items(), COLORS[1:]):
        lam = r["eigenvalues"]
        lam = lam[lam > 1e-9 * lam[-1]]
        ax_e.plot(
            lam[::-1], "o-", ms=3, color=color, label=f"{name}: condition {r['condition']:.3g}"
        )
        ax_l.plot(r["losses"], color=color, label=name)
    _log_y(ax_e)
    _log_y(ax_l)
    ax_e.set(xlabel="index", ylabel="eigenvalue of XᵀX/N", title="curvatures of the loss")
    ax_l.set(xlabel="step", ylabel="E - E*", title="gradient descent at rate 1/λ_max")
    ax_e.legend(fontsize=8)
    ax_l.legend(fontsize=8)
    return fig


def plot_curves(curves: dict, xlabel: str, ylabel: str, title: str = "", logy=True) -> Figure:
    """Several named 1-D curves on one axis."""
    fig = Figure(figsize=(6, 3.4), layout="constrained")
    ax = fig.subplots()
    for (name, ys), color in zip(curves.items(), COLORS[1:]):
        ax.plot(np.arange(len(ys)), ys, color=color, label=name)
    if logy:
        _log_y(ax)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend(fontsize=8)
    return fig
