"""Answer key for unit 06 (learning rates on quadratics). Not shipped to students.

Every function here answers one graded exercise of ``solutions/06_learning_rates.ipynb``.
The quadratics are

* one dimension: ``E(w) = a w**2 / 2 + b w + c`` with ``a > 0``, minimum at ``w* = -b / a``;
* n dimensions: ``E(w) = w @ A @ w / 2 + b @ w + c`` with ``A`` symmetric positive definite,
  gradient ``A w + b``, minimum at ``w* = -A^-1 b``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

REGIMES = ("monotone", "one step", "oscillating", "stuck oscillating", "divergent")
"""Names of the five regimes of gradient descent on a 1-D quadratic, by growing rate."""

DECAY_KINDS = ("linear", "quadratic", "exponential")
"""The decay schedules of exercise 6.7."""


def gradient_descent(
    grad: Callable[[np.ndarray], np.ndarray], w0, eta: float, steps: int
) -> np.ndarray:
    """Plain gradient descent ``w <- w - eta * grad(w)`` with a fixed rate (exercise 6.1).

    Parameters
    ----------
    grad : callable
        ``grad(w)`` returns the gradient at ``w``, shape ``(n,)``.
    w0 : array_like, shape (n,)
        Start; not modified.
    eta : float
        Learning rate.
    steps : int
        Number of updates.

    Returns
    -------
    ndarray, shape (steps + 1, n)
        Row ``k`` is ``w_k``; row 0 is ``w0``.
    """
    w = np.array(w0, dtype=float)
    path = [w.copy()]
    for _ in range(steps):
        w = w - eta * np.asarray(grad(w), dtype=float)
        path.append(w.copy())
    return np.array(path)


def regime_1d(a: float, eta: float) -> tuple[float, str]:
    """Optimal rate and the regime of gradient descent on ``a w**2 / 2 + b w + c`` (exercise 6.2).

    Each step multiplies the error ``w - w*`` by ``1 - eta * a``. Ties are decided by the
    product ``q = eta * a`` as float64 computes it: ``q == 1`` is one step, ``q == 2`` is stuck.

    Parameters
    ----------
    a : float
        Curvature, ``a > 0``.
    eta : float
        Learning rate, ``eta > 0``.

    Returns
    -------
    (eta_opt, regime) : (float, str)
        ``eta_opt = 1 / a`` and one of ``REGIMES``.
    """
    q = eta * a
    if q < 1:
        name = "monotone"
    elif q == 1:
        name = "one step"
    elif q < 2:
        name = "oscillating"
    elif q == 2:
        name = "stuck oscillating"
    else:
        name = "divergent"
    return 1.0 / a, name


def direction_rates(A) -> tuple[np.ndarray, float, float]:
    """Per-direction optimal rates, largest stable rate and condition number (exercise 6.3).

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric positive definite.

    Returns
    -------
    etas : ndarray, shape (n,)
        ``1 / lambda_i`` for the eigenvalues of ``A`` in ascending order (``np.linalg.eigvalsh``).
    eta_max : float
        ``2 / lambda_max``: every larger fixed rate diverges.
    kappa : float
        ``lambda_max / lambda_min``.
    """
    lam = np.linalg.eigvalsh(np.asarray(A, dtype=float))
    return 1.0 / lam, float(2.0 / lam[-1]), float(lam[-1] / lam[0])


def iterations_to_tol(A, b, w0, eta: float, tol: float, max_iter: int) -> int:
    """Gradient-descent steps until ``|w_k - w*| <= tol * |w_0 - w*|`` (exercise 6.4).

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric positive definite.
    b, w0 : array_like, shape (n,)
    eta, tol : float
    max_iter : int

    Returns
    -------
    int
        The smallest ``k >= 0`` that meets the tolerance, or ``-1`` if none up to ``max_iter``.
    """
    A = np.asarray(A, dtype=float)
    b = np.asarray(b, dtype=float)
    w = np.array(w0, dtype=float)
    w_star = np.linalg.solve(A, -b)
    limit = tol * np.linalg.norm(w - w_star)
    for k in range(max_iter + 1):
        with np.errstate(over="ignore", invalid="ignore"):
            err = np.linalg.norm(w - w_star)
        if err <= limit:
            return k
        if not np.isfinite(err):  # diverged: it will never come back
            return -1
        w = w - eta * (A @ w + b)
    return -1


def newton_step(A, b, w, eta: float = 1.0) -> np.ndarray:
    """The normalised update ``w - eta * A^-1 (A w + b)`` (exercise 6.5).

    Parameters
    ----------
    A : array_like, shape (n, n)
    b, w : array_like, shape (n,)
    eta : float

    Returns
    -------
    ndarray, shape (n,)
        At ``eta = 1`` this is the minimum ``-A^-1 b``.
    """
    A = np.asarray(A, dtype=float)
    w = np.asarray(w, dtype=float)
    return w - eta * np.linalg.solve(A, A @ w + np.asarray(b, dtype=float))


def convergence_rate(losses, f_star: float) -> np.ndarray:
    """Measured rates ``R_k = |f_{k+1} - f*| / |f_k - f*|`` of a run (exercise 6.6).

    Parameters
    ----------
    losses : array_like, shape (K,)
        ``f(w_0), ..., f(w_{K-1})``, none equal to ``f_star``.
    f_star : float
        The minimum value.

    Returns
    -------
    ndarray, shape (K - 1,)
    """
    gap = np.abs(np.asarray(losses, dtype=float) - f_star)
    return gap[1:] / gap[:-1]


def decay(kind: str, eta0: float, steps: int, beta: float = 0.1) -> np.ndarray:
    """A decaying learning-rate schedule ``eta_0, ..., eta_{steps-1}`` (exercise 6.7).

    ``"linear"``: ``eta0 / (k + 1)``; ``"quadratic"``: ``eta0 / (k + 1)**2``;
    ``"exponential"``: ``eta0 * exp(-beta * k)``.

    Returns
    -------
    ndarray, shape (steps,)
    """
    k = np.arange(steps, dtype=float)
    if kind == "linear":
        return eta0 / (k + 1)
    if kind == "quadratic":
        return eta0 / (k + 1) ** 2
    if kind == "exponential":
        return eta0 * np.exp(-beta * k)
    raise ValueError(f"unknown schedule {kind!r}; expected one of {DECAY_KINDS}")


def plateau_decay(
    losses, eta: float, alpha: float = 0.1, patience: int = 5, rel_tol: float = 1e-3
) -> float:
    """Step decay on a plateau: the rate for the next step (exercise 6.8).

    ``losses`` are the losses recorded since the rate last changed. It is a plateau when there
    are more than ``patience`` of them and the best of the last ``patience`` is not below
    ``(1 - rel_tol)`` times the best loss before them.

    Returns
    -------
    float
        ``alpha * eta`` on a plateau, else ``eta``.
    """
    losses = np.asarray(losses, dtype=float)
    if losses.size <= patience:
        return float(eta)
    before, recent = losses[:-patience].min(), losses[-patience:].min()
    return float(alpha * eta) if recent >= (1 - rel_tol) * before else float(eta)
