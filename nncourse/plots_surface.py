"""Figures for unit 05 (convexity, symmetry and the loss surface).

Each function takes computed data (from ``nncourse.surface`` or ``nncourse.landscape_demos``)
and returns a matplotlib ``Figure``; nothing here computes a loss.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure


def plot_jensen(ts, values, chord, title: str = "") -> Figure:
    """A function along a segment against its chord; the gap above the chord shaded."""
    fig = Figure(figsize=(4.6, 3.2), layout="constrained")
    ax = fig.subplots()
    ax.plot(ts, values, color="C0", label="f((1-t) a + t b)")
    ax.plot(ts, chord, "--", color="0.4", label="chord (1-t) f(a) + t f(b)")
    ax.fill_between(
        ts,
        chord,
        values,
        where=values > chord,
        color="C3",
        alpha=0.3,
        label="above the chord: not convex",
    )
    ax.set_xlabel("t along the segment from a to b")
    ax.set_title(title)
    ax.legend(fontsize=8)
    return fig


def plot_saddle(f_grid, paths: dict) -> Figure:
    """Contours of a 2-D function ``(x, y, Z)`` with labelled descent paths."""
    x, y, Z = f_grid
    fig = Figure(figsize=(4.6, 3.8), layout="constrained")
    ax = fig.subplots()
    ax.contour(x, y, Z, levels=20, cmap="Greys", linewidths=0.8)
    for (label, path), colour, width in zip(paths.items(), ("C0", "C3", "C2"), (5, 1.5, 1.5)):
        ax.plot(path[:, 0], path[:, 1], ".-", ms=3, lw=width, color=colour, label=label, alpha=0.8)
        ax.plot(path[-1, 0], path[-1, 1], "o", color=colour)
    ax.plot(0, 0, "kx", ms=8)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend(fontsize=8)
    ax.set_title("descent from near a saddle")
    return fig


def plot_symmetry_training(curves: dict) -> Figure:
    """Loss and spread between hidden units, per initialisation, against the step."""
    fig = Figure(figsize=(8.6, 3.2), layout="constrained")
    ax_loss, ax_spread = fig.subplots(1, 2)
    for label, (losses, spread) in curves.items():
        ax_loss.plot(losses, label=label)
        ax_spread.plot(spread, label=label)
    ax_loss.set_yscale("log")
    ax_loss.set_title("training loss")
    ax_spread.set_title("largest distance between two hidden units")
    for ax in (ax_loss, ax_spread):
        ax.set_xlabel("step")
        ax.legend(fontsize=8)
    return fig


def plot_baldi_hornik(rows) -> Figure:
    """Bar chart: loss of each critical point, coloured by its class. ``rows`` are
    ``(subset, loss, label)``."""
    fig = Figure(figsize=(6.0, 3.2), layout="constrained")
    ax = fig.subplots()
    colours = {"minimum": "C2", "degenerate": "C2", "saddle": "C1"}
    for i, (_subset, loss, label) in enumerate(rows):
        ax.bar(i, loss, color=colours.get(label, "0.5"))
        ax.text(i, loss, label, ha="center", va="bottom", fontsize=7)
    ax.set_xticks(
        range(len(rows)), [str(tuple(int(s) + 1 for s in r[0])) for r in rows], fontsize=8
    )
    ax.set_xlabel("eigenvectors chosen (1 = largest eigenvalue)")
    ax.set_ylabel("loss")
    ax.set_title("critical points of a linear net")
    return fig


def plot_spoiler(X, y, lines: dict, t: float) -> Figure:
    """The four points and the decision line of each method (``{label: (w, b)}``)."""
    fig = Figure(figsize=(4.6, 4.0), layout="constrained")
    ax = fig.subplots()
    for target, marker in ((1, "o"), (0, "s")):
        pts = X[y == target]
        ax.scatter(
            pts[:, 0],
            pts[:, 1],
            marker=marker,
            s=50,
            label=f"class {target}",
            edgecolor="k",
            color="C0" if target else "C1",
            zorder=3,
        )
    xs = np.array([-3.0, 3.0])
    for (label, (w, b)), colour in zip(lines.items(), ("C3", "C2")):
        if abs(w[1]) > 1e-12:
            ax.plot(xs, -(w[0] * xs + b) / w[1], color=colour, label=label)
        else:
            ax.axvline(-b / w[0], color=colour, label=label)
    ax.set_xlim(-3, 3)
    ax.set_ylim(-t - 1, 2.5)
    ax.set_title(f"three points and a spoiler at (0, -{t:g})")
    ax.legend(fontsize=8)
    return fig


def plot_plateau(scales, norms) -> Figure:
    fig = Figure(figsize=(4.6, 3.2), layout="constrained")
    ax = fig.subplots()
    ax.loglog(scales, norms, "o-", ms=3)
    ax.set_xlabel("scale of the first layer's weights")
    ax.set_ylabel("|gradient| of the first layer")
    ax.set_title("saturated tanh units: a plateau")
    return fig


def plot_ravines(grids: dict, paths: dict | None = None) -> Figure:
    """Loss contours, one panel per ``{title: (a, b, Z)}``, with equal axis scales; optional
    descent paths ``{title: (steps + 1, 2) array}`` drawn in white."""
    fig = Figure(figsize=(4.3 * len(grids), 3.8), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(grids)))
    for ax, (title, (a, b, Z)) in zip(axes, grids.items()):
        ax.contourf(
            a,
            b,
            Z,
            levels=np.geomspace(0.99 * max(Z.min(), 1e-6), Z.max(), 14),
            cmap="viridis",
            norm=LogNorm(),
        )
        if paths and title in paths:
            path = paths[title]
            ax.plot(path[:, 0], path[:, 1], ".-", color="w", ms=3, lw=1)
        ax.set_aspect("equal")
        ax.set_title(title, fontsize=9)
        ax.set_xlabel("w1")
        ax.set_ylabel("w2")
    return fig


class SurfaceFigure:
    """The widget's picture, kept between updates: only the data are redrawn on each update.

    Re-creating a figure with its axes and tick labels costs several times more than drawing
    new data, and text dominates the drawing. So the curves, the filled contours and the descent
    path are *animated* artists: when an update leaves the axes limits and titles as they were
    (a new centre or new directions), the static background (axes, ticks, labels) is restored
    from a cache and only those artists are drawn on it (blitting).
    """

    def __init__(self, dpi: int = 72) -> None:
        from matplotlib.ticker import MaxNLocator

        self.dpi = dpi
        self.fig = Figure(figsize=(8.6, 3.5), dpi=dpi)
        self.canvas = FigureCanvasAgg(self.fig)
        self.left, self.right = self.fig.subplots(1, 2)
        self.fig.subplots_adjust(left=0.08, right=0.98, bottom=0.14, top=0.9, wspace=0.25)
        for ax in (self.left, self.right):
            ax.xaxis.set_major_locator(MaxNLocator(5))
            ax.yaxis.set_major_locator(MaxNLocator(5))
        (self.path_line,) = self.left.plot([], [], color="C3", animated=True)
        (self.chord,) = self.left.plot([], [], "o--", color="0.4", ms=4, animated=True)
        self.left.set_xlabel("t: (1 - t) net + t twin")
        self.left.set_ylabel("loss")
        self.right.set_xlabel("a (direction 1)")
        self.right.set_ylabel("b (direction 2)")
        (self.descent,) = self.right.plot([], [], ".-", color="w", ms=2, lw=1, animated=True)
        (self.start,) = self.right.plot([], [], "o", color="w", ms=4, animated=True)
        (self.centre,) = self.right.plot([0.0], [0.0], "*", color="C3", ms=10, animated=True)
        self.filled = None
        self._background = None
        self._layout_key: tuple | None = None

    def png(self, ts, losses, sl, title: str = "") -> bytes:
        """Draw the twin path and the slice ``sl`` and return the PNG bytes."""
        from PIL import Image

        self.path_line.set_data(ts, losses)
        self.chord.set_data([ts[0], ts[-1]], [losses[0], losses[-1]])
        low, high = float(np.min(losses)), float(np.max(losses))
        span = (high - low) or 1.0
        if self.filled is not None:
            self.filled.remove()
        Z = np.maximum(sl.loss, 1e-6)
        levels = np.geomspace(Z.min(), max(Z.max(), Z.min() * 1.0001), 16)
        self.filled = self.right.contourf(
            sl.a, sl.b, Z, levels=levels, norm=LogNorm(), cmap="viridis", zorder=0
        )
        self.filled.set_animated(True)
        self.descent.set_data(sl.path[:, 0], sl.path[:, 1])
        self.start.set_data(sl.path[:1, 0], sl.path[:1, 1])
        key = (ts[0], ts[-1], low, high, sl.a[0], sl.a[-1], sl.b[0], sl.b[-1], title)
        if key != self._layout_key:  # limits or titles changed: draw the background anew
            self.left.set_xlim(ts[0], ts[-1])
            self.left.set_ylim(low - 0.05 * span, high + 0.08 * span)
            self.left.set_title(f"the bump: max loss {high:.3g}", fontsize=10)
            self.right.set_xlim(sl.a[0], sl.a[-1])
            self.right.set_ylim(sl.b[0], sl.b[-1])
            self.right.set_title(title, fontsize=10)
            self.canvas.draw()  # animated artists are skipped
            self._background = self.canvas.copy_from_bbox(self.fig.bbox)
            self._layout_key = key
        else:
            self.canvas.restore_region(self._background)
        for artist, ax in (
            (self.path_line, self.left),
            (self.chord, self.left),
            (self.filled, self.right),
            (self.descent, self.right),
            (self.start, self.right),
            (self.centre, self.right),
        ):
            ax.draw_artist(artist)
        image = Image.frombuffer(
            "RGBA", self.canvas.get_width_height(), self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1
        )
        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=1)
        return buffer.getvalue()
