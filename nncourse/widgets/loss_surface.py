"""The loss-surface explorer: the bump between a net and its permuted twin, and a 2-D slice.

Controls choose the permutation of the hidden units, the slice's centre (the trained net, its
twin, or the midpoint between them), the kind of directions (random, filter-normalised, the
Hessian's top eigenvectors) and the slice's extent. Compute is ``nncourse.surface``, drawing
``nncourse.plots_surface``; this module holds no maths. The twin is made by the student's own
``permute_hidden(params, perm)`` (exercise 5.2), passed in.

    from nncourse.widgets import LossSurface
    LossSurface(permute_hidden)
"""

from __future__ import annotations

import time

import ipywidgets as w

from nncourse.plots_surface import SurfaceFigure
from nncourse.surface import (
    DIRECTIONS,
    Problem,
    flatten,
    loss_slice,
    permutation,
    slice_directions,
    twin_path,
)

CENTRES = ("trained net", "midpoint", "permuted twin")
"""Where the slice is centred."""

N_PERMUTATIONS = 8
"""Permutation 0 reverses the units; 1.. are random."""


class LossSurface:
    """Controls, picture and status line of the loss-surface explorer, ready to display.

    Parameters
    ----------
    permute_fn : callable
        ``permute_fn(params, perm) -> params``: the student's ``permute_hidden``.
    problem : Problem, optional
        The trained net and its data (``nncourse.surface.Problem()`` by default).
    grid : int
        Slice resolution (``grid`` x ``grid`` losses).

    Attributes
    ----------
    widget : ipywidgets.Box
    compute_seconds, draw_seconds : float
        Time of the last update's compute and of its drawing.
    """

    def __init__(self, permute_fn, problem: Problem | None = None, grid: int = 41) -> None:
        self.permute_fn = permute_fn
        self.problem = problem or Problem()
        self.grid = grid
        self.compute_seconds = self.draw_seconds = 0.0
        self.picture = SurfaceFigure()
        self.perm = w.IntSlider(
            value=0,
            min=0,
            max=N_PERMUTATIONS - 1,
            description="perm.",
            continuous_update=False,
        )
        self.centre = w.Dropdown(options=CENTRES, value=CENTRES[0], description="centre")
        self.directions = w.Dropdown(
            options=DIRECTIONS, value="filter-normalised", description="directions"
        )
        self.extent = w.FloatSlider(
            value=0.5, min=0.05, max=1.5, step=0.05, description="extent", continuous_update=False
        )
        self.status = w.HTML()
        self.image = w.Image(format="png")
        for widget, name in (
            (self.perm, "perm"),
            (self.centre, "centre"),
            (self.directions, "directions"),
            (self.extent, "extent"),
            (self.status, "status"),
            (self.image, "plot"),
        ):
            widget.add_class(f"nncourse-surface-{name}")
        self.widget = w.VBox(
            [
                w.HBox([w.VBox([self.perm, self.extent]), w.VBox([self.centre, self.directions])]),
                self.status,
                self.image,
            ]
        )
        for control in (self.perm, self.centre, self.directions, self.extent):
            control.observe(lambda change: self.redraw(), names="value")
        self.redraw()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def redraw(self) -> None:
        """Recompute the path and the slice for the current controls and redraw."""
        start = time.perf_counter()
        pb = self.problem
        perm = permutation(pb.hidden, self.perm.value)
        ts, losses = twin_path(pb, self.permute_fn, perm)
        twin = flatten(self.permute_fn(pb.params, perm))
        centre = {
            "trained net": pb.theta,
            "permuted twin": twin,
            "midpoint": 0.5 * (pb.theta + twin),
        }[self.centre.value]
        dirs = slice_directions(pb, self.directions.value)
        sl = loss_slice(pb, centre, dirs, self.extent.value, n=self.grid)
        mid = time.perf_counter()
        title = "2-D slice of the loss (log colours)"
        self.image.value = self.picture.png(ts, losses, sl, title)
        end = time.perf_counter()
        self.compute_seconds, self.draw_seconds = mid - start, end - mid
        self.status.value = (
            "<span style='font-family:monospace'>"
            f"permutation {list(int(i) for i in perm)} &middot; bump {losses.max():.4f} "
            f"over {losses[0]:.4f} &middot; {self.directions.value} slice around the "
            f"{self.centre.value}, loss there {sl.center_loss:.4f}"
            f"<span style='color:#888'> &middot; compute {self.compute_seconds * 1e3:.0f} ms"
            f" &middot; draw {self.draw_seconds * 1e3:.0f} ms</span></span>"
        )
