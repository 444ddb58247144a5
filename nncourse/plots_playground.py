"""The playground's picture: network diagram with every unit's heat map, decision boundary,
the hidden layer's view of the data, and the training and test losses.

``PlaygroundFigure`` is built once per model and kept alive: axes, ticks, labels, the input
features' heat maps and the data points' places are rendered once into a cached background, and
each training step only repaints what changed (images' data, edge widths and colours, point
offsets, loss lines) over it before encoding the PNG (Agg blitting). ``plot_trainer`` returns
the same picture as a plain ``Figure`` for notebooks and the README. It reads a
``nncourse.playground.Trainer`` through its methods; no maths here.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from nncourse.playground import EXTENT, Trainer, diagram_weights
from nncourse.plots_xor import BOUNDARY_CMAP, NEGATIVE, POSITIVE

WEIGHT_POS, WEIGHT_NEG = "#1f6feb", "#e8590c"
"""Edge colours: a positive weight is blue, a negative one orange (as unit outputs below)."""
UNIT_CMAP = LinearSegmentedColormap.from_list("unit", [WEIGHT_NEG, "#ffffff", WEIGHT_POS])
MAX_SHOWN = 8
"""Units drawn per layer in the diagram (the rest are counted)."""


def _nice_ceiling(x: float) -> float:
    """The smallest of 10, 20, 50, 100, 200, ... that is at least ``x``."""
    top = 10.0
    while top < x:
        top *= 2.5 if str(int(top))[0] == "2" else 2.0
    return top


def png_bytes(rgb: np.ndarray) -> bytes:
    """Encode an RGB image (H, W, 3) of uint8 (any strides) as PNG: no row filter, fast zlib.
    Half the time of Pillow's encoder (which tries a filter per row) for a picture this flat."""
    h, w, _ = rgb.shape
    raw = np.zeros((h, 3 * w + 1), dtype=np.uint8)  # each row: filter type 0, then the pixels
    raw[:, 1:].reshape(h, w, 3)[:] = rgb

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)  # 8-bit RGB
    idat = zlib.compress(raw.tobytes(), 1)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def _resampling(n: int, m: int) -> np.ndarray:
    """The (m, n) matrix of linear interpolation from n samples to m pixel centres."""
    pos = np.clip((np.arange(m) + 0.5) * n / m - 0.5, 0, n - 1)
    low = np.minimum(pos.astype(int), n - 2) if n > 1 else np.zeros(m, int)
    frac = pos - low
    M = np.zeros((m, n))
    M[np.arange(m), low] = 1 - frac
    if n > 1:
        M[np.arange(m), low + 1] += frac
    return M


class _Pixels:
    """Paints an image artist's data straight into the canvas's pixels: upsampled linearly to
    its box, colour-mapped through a 256-entry table, copied. The heat maps are most of a
    step's drawing, and this costs a fraction of matplotlib's general resampling.

    Parameters
    ----------
    image : AxesImage
        Already drawn once (its place on the canvas is known), with ``origin="lower"``.
    height : int
        The canvas's height in pixels (display y runs up, buffer rows down).
    """

    def __init__(self, image, height: int) -> None:
        x0, y0, x1, y1 = image.get_window_extent().extents
        self.rows = slice(int(round(height - y1)), int(round(height - y0)))
        self.cols = slice(int(round(x0)), int(round(x1)))
        self.image = image
        self.lut = image.cmap(np.linspace(0.0, 1.0, 256), bytes=True)
        self.low, self.high = image.norm.vmin, image.norm.vmax
        n_rows, n_cols = image.get_array().shape
        self.down = _resampling(n_rows, self.rows.stop - self.rows.start)[::-1]
        self.across = _resampling(n_cols, self.cols.stop - self.cols.start).T

    def paint(self, pixels: np.ndarray) -> None:
        """Write the image's current data into ``pixels`` (H, W, 4), in place."""
        data = np.asarray(self.image.get_array(), dtype=float)
        values = self.down @ data @ self.across
        index = np.clip((values - self.low) * (255.0 / (self.high - self.low)), 0, 255)
        pixels[self.rows, self.cols] = self.lut[index.astype(np.intp)]


class PlaygroundFigure:
    """The playground's figure for one model (one ``Trainer``), redrawn step after step.

    Parameters
    ----------
    trainer : Trainer
        Its data, split, features and layer sizes fix the background.
    grid_size : int
        Resolution of the decision map and of every unit's heat map.
    dpi : int
    live : bool
        Blitting for the widget (True), or a plain figure (False).
    """

    def __init__(self, trainer: Trainer, grid_size: int = 32, dpi: int = 72, live=True) -> None:
        self.grid_size, self.live, self._background = grid_size, live, None
        self._loss_axis_stale = False
        self.fig = Figure(figsize=(9.6, 6.0), dpi=dpi)
        grid = self.fig.add_gridspec(2, 3, height_ratios=(0.85, 1.25), width_ratios=(1, 1, 1.25))
        self.fig.subplots_adjust(left=0.06, right=0.98, bottom=0.08, top=0.95, hspace=0.3)
        self.ax_net = self.fig.add_subplot(grid[0, :])
        self.ax_map = self.fig.add_subplot(grid[1, 0])
        self.ax_view = self.fig.add_subplot(grid[1, 1])
        self.ax_loss = self.fig.add_subplot(grid[1, 2])
        self.canvas = FigureCanvasAgg(self.fig)
        self._diagram(trainer)
        self._decision_panel(trainer)
        self._view_panel(trainer)
        self._loss_panel(trainer)
        self.update(trainer)

    # ------------------------------------------------------------------ building
    @staticmethod
    def _node_centres(sizes: list[int], spacing: float) -> list[np.ndarray]:
        """Centres (k, 2) of the nodes shown per layer, in the diagram's data coordinates."""
        centres = []
        for layer, size in enumerate(sizes):
            k = min(size, MAX_SHOWN)
            ys = 0.5 + (np.arange(k) - (k - 1) / 2) * spacing
            centres.append(np.column_stack([np.full(k, float(layer)), ys[::-1]]))
        return centres

    def _diagram(self, trainer: Trainer) -> None:
        ax, cfg = self.ax_net, trainer.config
        sizes = [len(cfg.features), *cfg.hidden, 1]
        ax.set_xlim(-0.7, len(sizes) - 0.3)
        ax.set_ylim(-0.02, 1.02)
        ax.axis("off")
        box = ax.get_position()
        w_px = box.width * self.fig.get_figwidth() / (len(sizes) + 0.4)
        h_px = box.height * self.fig.get_figheight() / 1.04
        tallest = max(min(s, MAX_SHOWN) for s in sizes)
        hy = min(0.36 / tallest, 0.16)
        self._half = (hy * h_px / w_px, hy)  # square boxes: half-size along x and y
        self._centres = self._node_centres(sizes, 0.9 / max(tallest, 3))
        hx, hy = self._half
        features = trainer.feature_grids(self.grid_size)
        for (x, y), name, fmap in zip(self._centres[0], cfg.features, features):
            ax.imshow(
                fmap / max(np.abs(fmap).max(), 1e-12), cmap=UNIT_CMAP, vmin=-1, vmax=1,
                extent=(x - hx, x + hx, y - hy, y + hy), origin="lower", zorder=3,
            )  # fmt: skip
            ax.text(x - hx - 0.03, y, name, ha="right", va="center", fontsize=8)
        self._unit_images = []
        for layer, centres in enumerate(self._centres[1:], start=1):
            images = []
            for x, y in centres:
                images.append(
                    ax.imshow(
                        np.zeros((2, 2)),
                        cmap=UNIT_CMAP,
                        vmin=-1,
                        vmax=1,
                        origin="lower",
                        extent=(x - hx, x + hx, y - hy, y + hy),
                        zorder=3,
                        animated=self.live,
                    )  # fmt: skip
                )
            self._unit_images.append(images)
            if sizes[layer] > MAX_SHOWN:
                ax.text(x, y - 2 * hy, f"+{sizes[layer] - MAX_SHOWN} more", ha="center", fontsize=7)
            label = "output" if layer == len(sizes) - 1 else f"hidden {layer}"
            ax.text(layer, 1.0, label, ha="center", va="bottom", fontsize=8)
        self._unit_images[-1][0].set(cmap=BOUNDARY_CMAP, clim=(0, 1))
        ax.text(0, 1.0, "features", ha="center", va="bottom", fontsize=8)
        segments = []
        for left, right in zip(self._centres[:-1], self._centres[1:]):
            for x1, y1 in right:
                for x0, y0 in left:
                    segments.append([(x0 + hx, y0), (x1 - hx, y1)])
        self._edges = LineCollection(segments, zorder=2, animated=self.live)
        ax.add_collection(self._edges)

    def _decision_panel(self, trainer: Trainer) -> None:
        ax = self.ax_map
        ext = (-EXTENT, EXTENT, -EXTENT, EXTENT)
        self._map = ax.imshow(
            np.zeros((2, 2)), cmap=BOUNDARY_CMAP, vmin=0, vmax=1, extent=ext, origin="lower",
            animated=self.live,
        )  # fmt: skip
        self._points = []  # markers of a Line2D: the cheapest way matplotlib draws many points
        for test, edge in ((False, "white"), (True, "black")):
            for label, colour in ((1, POSITIVE), (0, NEGATIVE)):
                part = (trainer.is_test == test) & (trainer.t == label)
                self._points += ax.plot(
                    *trainer.X[part].T, "o", ms=4, mfc=colour, mec=edge, mew=0.6,
                    animated=self.live,
                )  # fmt: skip
        ax.set_xlim(-EXTENT, EXTENT)
        ax.set_ylim(-EXTENT, EXTENT)
        ax.set_title("decision: P(class 1); test points ringed", fontsize=9)
        ax.set_xlabel("$x_1$", labelpad=1)
        ax.set_ylabel("$x_2$", labelpad=1)

    def _view_panel(self, trainer: Trainer) -> None:
        ax = self.ax_view
        self._sides = [
            ax.add_patch(Rectangle((-1.1, -1.1), 1, 2.2, color=c, alpha=0.18, lw=0,
                                   animated=self.live))
            for c in (NEGATIVE, POSITIVE)
        ]  # fmt: skip
        self._line = ax.axvline(0.0, color="k", lw=1, animated=self.live)
        self._classes = [trainer.t == 1, trainer.t == 0]
        self._view = [
            ax.plot([], [], "o", ms=3.2, mfc=c, mec="white", mew=0.4, animated=self.live)[0]
            for c in (POSITIVE, NEGATIVE)
        ]
        ax.set_xlim(-1.1, 1.1)
        ax.set_ylim(-1.1, 1.1)
        ax.set_xticks([])
        ax.set_yticks([])
        layer = "last hidden layer" if trainer.config.hidden else "input features"
        ax.set_title(f"what the output sees ({layer})", fontsize=9)
        ax.set_xlabel("along the output's weights (line: its boundary)", fontsize=8)
        ax.set_ylabel("largest spread across", fontsize=8)

    def _loss_panel(self, trainer: Trainer) -> None:
        ax = self.ax_loss
        (self._train_line,) = ax.plot([], [], color="#0969da", label="training", animated=self.live)
        (self._test_line,) = ax.plot(
            [], [], color="#6e7781", ls="--", label="test", animated=self.live
        )
        top = max(0.8, 1.1 * max(trainer.losses[0], np.nan_to_num(trainer.test_losses[0])))
        ax.set_ylim(0.0, top)
        ax.set_xlim(0, 10)
        ax.set_xlabel("epoch", labelpad=1)
        ax.set_title("loss (cross-entropy)", fontsize=9)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="upper right")

    # ------------------------------------------------------------------ redrawing
    def update(self, trainer: Trainer) -> None:
        """Set every changing artist from the trainer's current weights and history."""
        axis, prob, hidden = trainer.grids(self.grid_size)
        self._map.set_data(prob)
        for images, outputs in zip(self._unit_images, hidden):
            for image, out in zip(images, outputs):
                image.set_data(out / max(float(np.abs(out).max()), 1e-12))
        self._unit_images[-1][0].set_data(prob)
        widths, colours = [], []
        for W, left, right in zip(
            diagram_weights(trainer.params), self._centres, self._centres[1:]
        ):
            shown = W[: len(right), : len(left)].ravel()
            widths.append(np.clip(0.3 + 1.2 * np.abs(shown), 0.3, 6.0))
            colours.append(np.where(shown >= 0, WEIGHT_POS, WEIGHT_NEG))
        self._edges.set_linewidths(np.concatenate(widths))
        self._edges.set_colors(np.concatenate(colours))
        coords, threshold = trainer.hidden_view()
        scale = 1.05 * max(float(np.abs(coords).max()), abs(threshold), 1e-9)
        for points, mask in zip(self._view, self._classes):
            points.set_data(*(coords[mask] / scale).T)
        x = threshold / scale
        self._line.set_xdata([x, x])
        self._sides[0].set_width(x + 1.1)
        self._sides[1].set_x(x)
        self._sides[1].set_width(1.1 - x)
        epochs = np.arange(len(trainer.losses))
        self._train_line.set_data(epochs, trainer.losses)
        self._test_line.set_data(epochs, trainer.test_losses)
        right = _nice_ceiling(len(epochs) - 1)
        if right != self.ax_loss.get_xlim()[1]:
            self.ax_loss.set_xlim(0, right)
            self._loss_axis_stale = True

    def _redraw_loss_axis(self) -> None:
        """New epoch ticks: repaint only the loss panel's corner of the background (a tenth of
        a full draw), from the hidden-view panel's right edge to the figure's, below the
        panels' titles."""
        self.canvas.restore_region(self._background)
        pixels = np.asarray(self.canvas.buffer_rgba())
        height, renderer = pixels.shape[0], self.canvas.get_renderer()
        label = self.ax_view.xaxis.label.get_window_extent(renderer)
        left = int(np.ceil(max(self.ax_view.bbox.x1, label.x1))) + 1
        top = height - int(self.ax_loss.bbox.y1) - 5  # the top tick label; titles stay
        pixels[max(top, 0) :, left:] = 255  # the figure's white
        self.ax_loss.title.set_visible(False)  # kept, not painted twice
        self.ax_loss.draw(renderer)
        self.ax_loss.title.set_visible(True)
        self._background = self.canvas.copy_from_bbox(self.fig.bbox)

    def _animated(self):
        yield from self._points
        yield from self._sides
        yield self._line
        yield from self._view
        yield self._edges
        yield self._train_line
        yield self._test_line

    def png(self) -> bytes:
        """The figure as PNG bytes: the cached background plus the changing artists."""
        if self._background is None:
            self.canvas.draw()  # everything except the animated artists
            self._background = self.canvas.copy_from_bbox(self.fig.bbox)
            height = int(self.fig.bbox.height)
            images = [self._map, *(i for layer in self._unit_images for i in layer)]
            self._pixels = [_Pixels(image, height) for image in images]
        elif self._loss_axis_stale:
            self._redraw_loss_axis()
        self._loss_axis_stale = False
        self.canvas.restore_region(self._background)
        pixels = np.asarray(self.canvas.buffer_rgba())
        self._pixels[0].paint(pixels)  # the decision map, under the points
        for artist in self._animated():
            artist.axes.draw_artist(artist)
        for painter in self._pixels[1:]:  # the units' heat maps, over the edges
            painter.paint(pixels)
        return png_bytes(pixels[:, :, :3])


def plot_trainer(trainer: Trainer, grid_size: int = 48) -> Figure:
    """The playground's picture of a trainer as a plain Figure (no blitting)."""
    return PlaygroundFigure(trainer, grid_size=grid_size, dpi=100, live=False).fig
