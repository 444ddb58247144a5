"""Linear separability: find a separating hyperplane, or prove there is none.

A labelled set ``X`` of shape (N, D) with labels ``y`` in {-1, +1} is *linearly separable* when
some ``(w, b)`` puts every point strictly on its own side::

    y_i (w . x_i + b) > 0   for every i.

By the theorem of the alternative (Farkas/Gordan) exactly one of two things holds:

* a separating ``(w, b)`` exists; or
* the convex hulls of the two classes meet: there are weights ``lam_i >= 0`` with
  ``sum over positives = 1``, ``sum over negatives = 1`` and
  ``sum_{y_i=+1} lam_i x_i = sum_{y_i=-1} lam_i x_i`` (a common point ``p``).

The second is a *certificate*: half-spaces are convex, so ``p`` would have to be on both sides.
For XOR the certificate is the crossing point (0.5, 0.5) of the two diagonals. ``separate``
solves one small linear program for each alternative (scipy's HiGHS); ``perceptron`` is the
classic algorithm, which finds a separator after at most ``(R / gamma)^2`` updates
(``perceptron_bound``) when one exists and can only give up when none is found in time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CERTIFICATE_TOL = 1e-7
"""Largest |sum lam_i y_i x_i| (relative to the data's scale) accepted for a certificate."""


@dataclass(frozen=True)
class Separation:
    """The answer to "is (X, y) linearly separable?", with the evidence either way.

    Attributes
    ----------
    separable : bool
    w : ndarray, shape (D,) or None
        A separating weight vector when ``separable``.
    b : float or None
        Its bias.
    weights : ndarray, shape (N,) or None
        When not separable: convex weights ``lam`` (non-negative, summing to 1 over each class)
        whose weighted positive points and weighted negative points meet at ``point``.
    point : ndarray, shape (D,) or None
        The common point of the two convex hulls.
    """

    separable: bool
    w: np.ndarray | None = None
    b: float | None = None
    weights: np.ndarray | None = None
    point: np.ndarray | None = None


def _as_data(X, y) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(X, dtype=np.float64)
    if X.ndim == 1:
        X = X[:, None]
    y = np.where(np.asarray(y, dtype=np.float64).reshape(-1) > 0, 1.0, -1.0)
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"X has {X.shape[0]} rows but y has {y.shape[0]} labels")
    return X, y


def signed_margins(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """``y_i (w . x_i + b)`` for every point: all positive means ``(w, b)`` separates.

    Parameters
    ----------
    X : ndarray, shape (N, D)
    y : ndarray, shape (N,), labels in {-1, +1}
    w : ndarray, shape (D,)
    b : float

    Returns
    -------
    ndarray, shape (N,)
    """
    X, y = _as_data(X, y)
    return y * (X @ np.asarray(w, dtype=np.float64).reshape(-1) + float(b))


def hull_certificate(X: np.ndarray, y: np.ndarray) -> np.ndarray | None:
    """Convex weights proving that no hyperplane separates ``(X, y)``, or None if there are none.

    Solves the feasibility LP ``lam >= 0``, ``sum_{pos} lam = 1``, ``sum_{neg} lam = 1``,
    ``sum_i lam_i y_i x_i = 0``.

    Parameters
    ----------
    X : ndarray, shape (N, D)
    y : ndarray, shape (N,), labels in {-1, +1}

    Returns
    -------
    ndarray, shape (N,) or None
    """
    from scipy.optimize import linprog

    X, y = _as_data(X, y)
    pos = y > 0
    if pos.all() or not pos.any():
        return None
    scale = max(1.0, float(np.abs(X).max()))
    a_eq = np.vstack([(y[:, None] * X / scale).T, pos.astype(float), (~pos).astype(float)])
    b_eq = np.concatenate([np.zeros(X.shape[1]), [1.0, 1.0]])
    res = linprog(np.zeros(len(y)), A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    if res.status != 0:
        return None
    lam = np.maximum(res.x, 0.0)
    lam[pos] /= lam[pos].sum()
    lam[~pos] /= lam[~pos].sum()
    return lam if certificate_residual(X, y, lam) <= CERTIFICATE_TOL else None


def certificate_residual(X: np.ndarray, y: np.ndarray, lam: np.ndarray) -> float:
    """How far ``lam`` is from a valid certificate (0 for an exact one).

    The largest of: any negative weight, the class sums' distance from 1, and the distance
    between the two weighted means relative to the data's scale.

    Parameters
    ----------
    X : ndarray, shape (N, D)
    y : ndarray, shape (N,)
    lam : ndarray, shape (N,)

    Returns
    -------
    float
    """
    X, y = _as_data(X, y)
    lam = np.asarray(lam, dtype=np.float64).reshape(-1)
    pos = y > 0
    scale = max(1.0, float(np.abs(X).max()))
    gap = np.linalg.norm((lam * y) @ X) / scale
    return float(max(-lam.min(), abs(lam[pos].sum() - 1), abs(lam[~pos].sum() - 1), gap))


def separating_hyperplane(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float] | None:
    """A ``(w, b)`` with ``y_i (w . x_i + b) >= 1`` for all i (an LP), or None if infeasible.

    Parameters
    ----------
    X : ndarray, shape (N, D)
    y : ndarray, shape (N,), labels in {-1, +1}

    Returns
    -------
    (w, b) with ``w`` of shape (D,), or None
    """
    from scipy.optimize import linprog

    X, y = _as_data(X, y)
    n, d = X.shape
    if (y > 0).all() or (y < 0).all():
        return np.zeros(d), (float(y[0]) if n else 1.0)
    scale = max(1.0, float(np.abs(X).max()))
    a_ub = -y[:, None] * np.hstack([X / scale, np.ones((n, 1))])
    res = linprog(np.zeros(d + 1), A_ub=a_ub, b_ub=-np.ones(n), bounds=(None, None), method="highs")
    if res.status != 0:
        return None
    w, b = res.x[:d] / scale, float(res.x[d])
    return (w, b) if signed_margins(X, y, w, b).min() > 0 else None


def separate(X: np.ndarray, y: np.ndarray) -> Separation:
    """Decide linear separability of ``(X, y)`` and return the evidence.

    Parameters
    ----------
    X : ndarray, shape (N, D) (a 1-D array is read as N points in one dimension)
    y : ndarray, shape (N,), labels in {-1, +1} (any positive value counts as +1)

    Returns
    -------
    Separation
        ``separable=True`` with ``(w, b)``, or ``separable=False`` with the hull certificate.

    Raises
    ------
    RuntimeError
        If neither LP gives a verified answer (numerically degenerate data).
    """
    X, y = _as_data(X, y)
    lam = hull_certificate(X, y)
    if lam is not None:
        return Separation(False, weights=lam, point=(lam * (y > 0)) @ X)
    found = separating_hyperplane(X, y)
    if found is None:
        raise RuntimeError("neither a separator nor a certificate could be verified")
    return Separation(True, w=found[0], b=found[1])


def perceptron(
    X: np.ndarray, y: np.ndarray, max_epochs: int = 1000
) -> tuple[np.ndarray, float] | None:
    """Rosenblatt's perceptron with a bias, stopped after ``max_epochs`` passes.

    On every mistake (``y_i (w . x_i + b) <= 0``) it adds ``y_i x_i`` to ``w`` and ``y_i`` to
    ``b``, starting from zero.

    Parameters
    ----------
    X : ndarray, shape (N, D)
    y : ndarray, shape (N,), labels in {-1, +1}
    max_epochs : int
        Passes over the data before giving up.

    Returns
    -------
    (w, b) that separates the data, or None if a pass without mistakes never happened (which
    is proof of nothing unless ``max_epochs`` exceeds ``perceptron_bound``).
    """
    X, y = _as_data(X, y)
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(max_epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            if y_i * (x_i @ w + b) <= 0:
                w = w + y_i * x_i
                b += y_i
                mistakes += 1
        if mistakes == 0:
            return w, b
    return None


def perceptron_bound(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> float:
    """Novikoff's bound (R / gamma)^2 on the perceptron's number of updates.

    ``R`` is the largest norm of an augmented point (x_i, 1) and ``gamma`` the margin of the
    separator ``(w, b)`` after scaling (w, b) to unit norm. Any separator gives a valid bound;
    a better separator gives a smaller one.

    Parameters
    ----------
    X : ndarray, shape (N, D)
    y : ndarray, shape (N,)
    w : ndarray, shape (D,)
    b : float

    Returns
    -------
    float
        ``inf`` if ``(w, b)`` does not separate the data.
    """
    X, y = _as_data(X, y)
    margins = signed_margins(X, y, w, b)
    norm = np.sqrt(np.sum(np.square(w)) + b * b)
    if margins.min() <= 0 or norm == 0:
        return float("inf")
    radius = np.sqrt(np.max(np.sum(X * X, axis=1) + 1.0))
    return float((radius * norm / margins.min()) ** 2)


def cyclic_translations(pattern: np.ndarray) -> np.ndarray:
    """Every wrap-around shift of a 1-D pattern, one per row.

    Parameters
    ----------
    pattern : ndarray, shape (P,)

    Returns
    -------
    ndarray, shape (P, P); row k is ``pattern`` rolled right by k pixels.
    """
    pattern = np.asarray(pattern, dtype=np.float64).reshape(-1)
    return np.stack([np.roll(pattern, k) for k in range(pattern.size)])


def translation_average(pattern: np.ndarray) -> np.ndarray:
    """Mean of all wrap-around translations of ``pattern``.

    Every pixel is covered by every "on" pixel exactly once, so the result is constant:
    (number of on pixels) / P in every entry.

    Parameters
    ----------
    pattern : ndarray, shape (P,)

    Returns
    -------
    ndarray, shape (P,)
    """
    return cyclic_translations(pattern).mean(axis=0)


PATTERN_A = np.array([1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], dtype=np.float64)
"""A 16-pixel wrap-around pattern: a solid bar of four on pixels."""

PATTERN_B = np.array([1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], dtype=np.float64)
"""A 16-pixel wrap-around pattern: two pairs of on pixels with a gap (also four on pixels)."""
