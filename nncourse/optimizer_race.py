"""The optimizer race: test surfaces in 2-D and an engine that runs update rules it is given.

Student edition. The engine holds no optimizer of the exercises: it runs whatever update rules
the notebook hands it (the student's own), each with the interface
``step(w, grad, state, **hyper) -> (w, state)`` on the one-tensor dict ``{"xy": array (2,)}``.
The only built-in racer is the baseline, a fixed-rate gradient step written inline in
:func:`run_baseline`.

    surface = SURFACES["ravine"]
    path = run_rule(my_adam, surface, n_steps=100, hyper={"lr": 0.1})
    path.points.shape, path.losses.shape   # (101, 2), (101,)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

ESCAPE_RADIUS = 1e3
"""A run that leaves this distance from the origin (or hits NaN) is stopped: it diverged."""


@dataclass(frozen=True)
class Surface:
    """A loss surface E(x, y) with its gradient, a start point and a view box.

    Attributes
    ----------
    name, blurb : str
    f : callable
        ``f(x, y)`` on arrays of any (same) shape -> array of that shape.
    grad : callable
        ``grad(x, y)`` for scalars -> ndarray (2,).
    start : tuple of float
    xlim, ylim : tuple of float
        The contour plot's box.
    minimum : float
        The lowest value (for log-scaled loss curves: E - minimum).
    minima : tuple of (x, y)
        Where the minima are (marked on the contours).
    """

    name: str
    blurb: str
    f: Callable
    grad: Callable
    start: tuple[float, float]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    minimum: float = 0.0
    minima: tuple = ((0.0, 0.0),)


def _ravine_f(x, y):
    return 0.5 * (x**2 + 25.0 * y**2)


def _ravine_grad(x, y):
    return np.array([x, 25.0 * y])


def _valley_f(x, y):
    return (1.0 - x) ** 2 + 10.0 * (y - x**2) ** 2


def _valley_grad(x, y):
    return np.array([-2.0 * (1.0 - x) - 40.0 * x * (y - x**2), 20.0 * (y - x**2)])


def _saddle_f(x, y):
    return 0.5 * x**2 - 0.5 * y**2 + 0.25 * y**4


def _saddle_grad(x, y):
    return np.array([x, y**3 - y])


SURFACES: dict[str, Surface] = {
    "ravine": Surface(
        "ravine",
        "E = (x² + 25 y²) / 2: curvatures 1 and 25, condition number 25",
        _ravine_f,
        _ravine_grad,
        (-4.5, 1.2),
        (-5.0, 5.0),
        (-2.0, 2.0),
    ),
    "valley": Surface(
        "valley",
        "E = (1 - x)² + 10 (y - x²)²: a curved Rosenbrock-like valley, minimum (1, 1)",
        _valley_f,
        _valley_grad,
        (-1.2, 1.4),
        (-1.6, 1.6),
        (-0.6, 2.0),
        minima=((1.0, 1.0),),
    ),
    "saddle": Surface(
        "saddle",
        "E = x²/2 - y²/2 + y⁴/4: a saddle at 0, minima at (0, ±1)",
        _saddle_f,
        _saddle_grad,
        (2.0, 1e-3),
        (-2.5, 2.5),
        (-1.6, 1.6),
        minimum=-0.25,
        minima=((0.0, 1.0), (0.0, -1.0)),
    ),
}
"""The race tracks by name."""


@dataclass
class Path:
    """One racer's run: the points visited and the loss at each.

    Attributes
    ----------
    points : ndarray, shape (n_steps + 1, 2)
        Start first; rows after a divergence are NaN.
    losses : ndarray, shape (n_steps + 1,)
    diverged_at : int or None
        The first step whose point was non-finite or escaped, if any.
    """

    points: np.ndarray
    losses: np.ndarray
    diverged_at: int | None = None
    info: dict = field(default_factory=dict)


def _finish(points: list, n_steps: int, surface: Surface, diverged: int | None) -> Path:
    out = np.full((n_steps + 1, 2), np.nan)
    out[: len(points)] = points
    with np.errstate(all="ignore"):
        losses = surface.f(out[:, 0], out[:, 1])
    return Path(out, losses, diverged)


def _escaped(p: np.ndarray) -> bool:
    return not np.all(np.isfinite(p)) or float(np.hypot(*p)) > ESCAPE_RADIUS


def run_rule(
    step: Callable, surface: Surface, n_steps: int, hyper: dict | None = None, start=None
) -> Path:
    """Run an update rule from the surface's start for ``n_steps`` steps.

    Parameters
    ----------
    step : callable
        ``step(w, grad, state, **hyper) -> (w, state)`` on ``{"xy": ndarray (2,)}``.
    surface : Surface
    n_steps : int
    hyper : dict, optional
        Keyword arguments for ``step`` (e.g. ``{"lr": 0.05}``).
    start : pair of float, optional
        Overrides ``surface.start``.

    Returns
    -------
    Path
        Exceptions raised by ``step`` propagate (the caller decides how to show them).
    """
    hyper = dict(hyper or {})
    p = np.array(start if start is not None else surface.start, dtype=np.float64)
    points, state, diverged = [p.copy()], None, None
    for k in range(1, n_steps + 1):
        w, state = step({"xy": p.copy()}, {"xy": surface.grad(*p)}, state, **hyper)
        p = np.asarray(w["xy"], dtype=np.float64).reshape(2)
        if _escaped(p):
            diverged = k
            break
        points.append(p.copy())
    return _finish(points, n_steps, surface, diverged)


def run_baseline(surface: Surface, n_steps: int, lr: float, start=None) -> Path:
    """The built-in racer: a fixed-rate gradient step ``p <- p - lr grad E(p)`` on the point.

    Parameters
    ----------
    surface : Surface
    n_steps : int
    lr : float
    start : pair of float, optional

    Returns
    -------
    Path
    """
    p = np.array(start if start is not None else surface.start, dtype=np.float64)
    points, diverged = [p.copy()], None
    for k in range(1, n_steps + 1):
        p = p - lr * surface.grad(*p)
        if _escaped(p):
            diverged = k
            break
        points.append(p.copy())
    return _finish(points, n_steps, surface, diverged)


def contour_grid(surface: Surface, n: int = 120) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(X, Y, E) on an ``n x n`` grid over the surface's view box, for contour plots."""
    xs = np.linspace(*surface.xlim, n)
    ys = np.linspace(*surface.ylim, n)
    X, Y = np.meshgrid(xs, ys)
    return X, Y, surface.f(X, Y)


def steps_to_reach(path: Path, surface: Surface, tol: float = 1e-3) -> int | None:
    """The first step at which ``E - minimum < tol``, or None if the run never gets there."""
    gap = path.losses - surface.minimum
    hits = np.flatnonzero(np.isfinite(gap) & (gap < tol))
    return int(hits[0]) if hits.size else None
