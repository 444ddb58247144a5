"""Answer key, unit 05: Jensen's inequality along random segments, and critical points from a
finite-difference Hessian.

Not part of the student edition. The checkers import this module only inside ``make_cases``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

JENSEN_TOL = 1e-9
"""A Jensen violation must exceed ``JENSEN_TOL * (1 + |chord|)``: smaller gaps are round-off."""

HESSIAN_STEP = 1e-4
"""Default step of the finite-difference Hessian (error O(h^2) against round-off eps |f| / h^2)."""

EIGEN_TOL = 1e-4
"""Eigenvalues with absolute value below this count as zero when classifying."""

GRAD_TOL = 1e-5
"""A point whose finite-difference gradient norm exceeds this is not a critical point."""

LABELS = ("minimum", "maximum", "saddle", "degenerate", "not critical")
"""The answers of ``classify_critical_point``."""


def find_jensen_violation(
    f: Callable[[np.ndarray], float],
    center: np.ndarray,
    radius: float = 1.0,
    n_segments: int = 200,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray, float] | None:
    """Look for a segment along which ``f`` lies above its chord.

    Draws ``n_segments`` segments with both ends uniformly in the cube ``center +/- radius`` and
    tests ``f(t a + (1 - t) b) <= t f(a) + (1 - t) f(b)`` at t = 1/4, 1/2, 3/4.

    Parameters
    ----------
    f : callable
        ``f(w) -> float`` for ``w`` of the shape of ``center``.
    center : ndarray, shape (n,) or any shape
    radius : float
    n_segments : int
    seed : int
        Seed of the random segments.

    Returns
    -------
    (a, b, t) or None
        The first segment and fraction found with a gap above ``JENSEN_TOL * (1 + |chord|)``
        (evidence that ``f`` is not convex), or None when no violation was found.
    """
    center = np.asarray(center, dtype=np.float64)
    rng = np.random.default_rng(seed)
    for _ in range(n_segments):
        a = center + rng.uniform(-radius, radius, center.shape)
        b = center + rng.uniform(-radius, radius, center.shape)
        fa, fb = float(f(a)), float(f(b))
        for t in (0.25, 0.5, 0.75):
            chord = t * fa + (1.0 - t) * fb
            if float(f(t * a + (1.0 - t) * b)) - chord > JENSEN_TOL * (1.0 + abs(chord)):
                return a, b, t
    return None


def jensen_gap(f: Callable[[np.ndarray], float], a, b, t: float) -> float:
    """``f(t a + (1 - t) b) - (t f(a) + (1 - t) f(b))``: positive means a violation."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(f(t * a + (1.0 - t) * b)) - (t * float(f(a)) + (1.0 - t) * float(f(b)))


def fd_hessian(
    f: Callable[[np.ndarray], float], w: np.ndarray, h: float = HESSIAN_STEP
) -> np.ndarray:
    """Hessian of ``f`` at a vector ``w`` from function values only (central differences).

    ``H[i, j] = (f(w + h e_i + h e_j) - f(w + h e_i - h e_j) - f(w - h e_i + h e_j)
    + f(w - h e_i - h e_j)) / (4 h^2)``, error O(h^2); the result is exactly symmetric.

    Parameters
    ----------
    f : callable
        ``f(w) -> float``.
    w : ndarray, shape (n,)
    h : float

    Returns
    -------
    ndarray, shape (n, n)
    """
    w = np.asarray(w, dtype=np.float64)
    n = w.size
    eye = np.eye(n) * h
    H = np.empty((n, n))
    for i in range(n):
        for j in range(i, n):
            pp = f(w + eye[i] + eye[j])
            pm = f(w + eye[i] - eye[j])
            mp = f(w - eye[i] + eye[j])
            mm = f(w - eye[i] - eye[j])
            H[i, j] = H[j, i] = (pp - pm - mp + mm) / (4.0 * h * h)
    return H


def fd_gradient(f: Callable[[np.ndarray], float], w: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central-difference gradient of ``f`` at a vector ``w``; shape (n,)."""
    w = np.asarray(w, dtype=np.float64)
    eye = np.eye(w.size) * h
    return np.array([(f(w + e) - f(w - e)) / (2.0 * h) for e in eye])


def classify_critical_point(
    f: Callable[[np.ndarray], float], w: np.ndarray, h: float = HESSIAN_STEP
) -> str:
    """Classify ``w`` by the gradient and the Hessian's eigenvalues.

    Parameters
    ----------
    f : callable
    w : ndarray, shape (n,)
    h : float
        Step of the Hessian.

    Returns
    -------
    str
        One of ``LABELS``: "not critical" when ``|grad| > GRAD_TOL``; otherwise "minimum" (all
        eigenvalues > EIGEN_TOL), "maximum" (all < -EIGEN_TOL), "saddle" (some of each sign
        beyond the tolerance) or "degenerate" (one sign only, and some eigenvalue within the
        tolerance of zero).
    """
    eig = np.linalg.eigvalsh(fd_hessian(f, w, h))
    if np.linalg.norm(fd_gradient(f, w)) > GRAD_TOL:
        return "not critical"
    pos, neg = bool(np.any(eig > EIGEN_TOL)), bool(np.any(eig < -EIGEN_TOL))
    if pos and neg:
        return "saddle"
    if np.all(np.abs(eig) > EIGEN_TOL):
        return "minimum" if pos else "maximum"
    return "degenerate"
