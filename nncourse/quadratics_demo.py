"""Demo compute for unit 06 (learning rates on quadratics): no exercise is answered here.

Quadratics to play with, their losses, what a recorded run *did* (as opposed to what a rate
predicts), the condition-number prediction, and noisy gradient descent for the decay schedules.
Where a demo rests on a graded exercise it takes the student's function as an argument.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

ONE_STEP_TOL = 1e-12
"""A run "lands in one step" when the first error is below this fraction of the start's."""

STUCK_TOL = 1e-9
"""A run is "stuck" when its error's size stays within this fraction of the start's."""

NOISE_TOL = 1e-13
"""Errors below this fraction of ``|w*| + |e_0|`` are round-off; a run is read up to them."""

OBSERVE_STEPS = 20
"""Steps a run is observed for when its regime is read off."""


def rotated_matrix(lam1: float, lam2: float, theta: float) -> np.ndarray:
    """The symmetric 2x2 matrix with eigenvalues ``lam1, lam2`` and eigenvectors rotated by
    ``theta`` radians from the axes: ``R diag(lam1, lam2) R^T``.

    Returns
    -------
    ndarray, shape (2, 2)
    """
    c, s = np.cos(theta), np.sin(theta)
    rot = np.array([[c, -s], [s, c]])
    return rot @ np.diag([lam1, lam2]) @ rot.T


def quadratic_loss(A, b, c: float, ws) -> np.ndarray:
    """``E(w) = w A w / 2 + b w + c`` for each row of ``ws``.

    Parameters
    ----------
    A : array_like, shape (n, n)
    b : array_like, shape (n,)
    ws : array_like, shape (K, n)

    Returns
    -------
    ndarray, shape (K,)
    """
    ws = np.atleast_2d(np.asarray(ws, dtype=float))
    A = np.asarray(A, dtype=float)
    return 0.5 * np.einsum("ki,ij,kj->k", ws, A, ws) + ws @ np.asarray(b, dtype=float) + c


def minimum(A, b) -> np.ndarray:
    """The minimiser ``-A^-1 b`` of the quadratic, shape ``(n,)``."""
    return np.linalg.solve(np.asarray(A, dtype=float), -np.asarray(b, dtype=float))


def run_1d(a: float, b: float, w0: float, eta: float, steps: int = OBSERVE_STEPS) -> np.ndarray:
    """Iterates ``w_0 .. w_steps`` of ``w <- w - eta (a w + b)`` in float64, shape ``(steps+1,)``.

    The grader's own run: the regime checks compare a prediction with what this run did.
    """
    ws = [float(w0)]
    for _ in range(steps):
        ws.append(ws[-1] - eta * (a * ws[-1] + b))
    return np.array(ws)


def observe_regime(ws, w_star: float) -> str:
    """What a recorded 1-D run did: one of ``"monotone"``, ``"one step"``, ``"oscillating"``,
    ``"stuck oscillating"`` or ``"divergent"``.

    Read from the errors ``e_k = w_k - w*`` until they reach round-off (``NOISE_TOL``): the
    first error below ``ONE_STEP_TOL * |e_0|`` is one step; an error whose sign flips every
    step and whose size stays within ``STUCK_TOL`` of ``|e_0|`` is stuck; otherwise the sign
    pattern and the size trend decide.

    Parameters
    ----------
    ws : array_like, shape (K,)
        ``K >= 3`` iterates, ``ws[0] != w_star``.
    """
    e = np.asarray(ws, dtype=float) - w_star
    e0 = abs(e[0])
    if not np.all(np.isfinite(e)):
        return "divergent"
    if abs(e[1]) <= ONE_STEP_TOL * e0:
        return "one step"
    # once the error is down at round-off of w itself its sign is noise: stop reading there
    floor = NOISE_TOL * (abs(float(w_star)) + e0)
    small = np.nonzero(np.abs(e) <= floor)[0]
    e = e[: max(int(small[0]), 2)] if small.size else e
    flips = bool(np.all(np.sign(e[1:]) == -np.sign(e[:-1])))
    if flips and np.all(np.abs(np.abs(e) - e0) <= STUCK_TOL * e0):
        return "stuck oscillating"
    grows = abs(e[-1]) > e0
    if grows:
        return "divergent"
    return "oscillating" if flips else "monotone"


def predicted_iterations(kappa, tol: float) -> np.ndarray:
    """Steps for the error to shrink by ``tol`` at the best fixed rate ``2 / (l_min + l_max)``,
    where each step multiplies the worst direction's error by ``(kappa - 1) / (kappa + 1)``.

    Returns
    -------
    ndarray, like ``kappa``: ``ceil(log tol / log((kappa - 1) / (kappa + 1)))`` (0 at kappa 1).
    """
    kappa = np.asarray(kappa, dtype=float)
    rho = (kappa - 1) / (kappa + 1)
    with np.errstate(divide="ignore"):
        steps = np.ceil(np.log(tol) / np.log(rho))
    return np.where(rho > 0, steps, 1.0)


def kappa_sweep(
    iterations_to_tol: Callable,
    kappas: Sequence[float],
    tol: float = 1e-6,
    theta: float = 0.0,
    max_iter: int = 100_000,
) -> np.ndarray:
    """Measured steps to ``tol`` against the condition number, with the student's function.

    For each ``kappa`` the quadratic has eigenvalues ``1`` and ``kappa`` (rotated by ``theta``),
    ``b`` puts the minimum at ``(1, -1)`` and the start is the origin; the rate is the best fixed
    one, ``2 / (1 + kappa)``.

    Returns
    -------
    ndarray, shape (len(kappas),)
    """
    counts = []
    for kappa in kappas:
        A = rotated_matrix(1.0, kappa, theta)
        b = -A @ np.array([1.0, -1.0])
        counts.append(iterations_to_tol(A, b, np.zeros(2), 2.0 / (1.0 + kappa), tol, max_iter))
    return np.array(counts, dtype=float)


def noisy_descent(
    A,
    b,
    w0,
    etas: Sequence[float],
    noise: float,
    seed: int = 0,
    rate_fn: Callable[[list, float], float] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Gradient descent whose gradients carry Gaussian noise (a stand-in for mini-batches).

    Parameters
    ----------
    A, b, w0 : the quadratic and the start, shapes (n, n), (n,), (n,)
    etas : sequence of float
        The rate of each step (its length is the number of steps). With ``rate_fn`` only
        ``etas[0]`` is used and ``rate_fn(losses_since_change, eta)`` picks every next rate.
    noise : float
        Standard deviation of the noise added to each gradient entry.

    Returns
    -------
    gaps : ndarray, shape (steps + 1,)
        ``E(w_k) - E(w*)`` along the run.
    rates : ndarray, shape (steps,)
        The rate used at each step.
    """
    A = np.asarray(A, dtype=float)
    b = np.asarray(b, dtype=float)
    rng = np.random.default_rng(seed)
    w = np.array(w0, dtype=float)
    f_star = quadratic_loss(A, b, 0.0, minimum(A, b)[None])[0]
    gaps = [quadratic_loss(A, b, 0.0, w[None])[0] - f_star]
    rates, since = [], [gaps[0]]
    eta = float(etas[0])
    for k in range(len(etas)):
        if rate_fn is None:
            eta = float(etas[k])
        elif k:
            new = float(rate_fn(list(since), eta))
            since = since[-1:] if new != eta else since
            eta = new
        w = w - eta * (A @ w + b + noise * rng.standard_normal(w.shape))
        rates.append(eta)
        gaps.append(quadratic_loss(A, b, 0.0, w[None])[0] - f_star)
        since.append(gaps[-1])
    return np.array(gaps), np.array(rates)


def overall_regime(names: Sequence[str]) -> str:
    """What a run in several directions does, from each direction's regime name.

    Divergent anywhere wins, then stuck anywhere; otherwise the run converges.
    """
    names = [str(n).lower() for n in names]
    if any("diverg" in n for n in names):
        return "diverges"
    if any("stuck" in n for n in names):
        return "never settles (stuck oscillating)"
    return "converges"
