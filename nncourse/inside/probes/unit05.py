"""Probes for unit 05 (numpy and the standard library only).

The convexity tester, the Hessian and the classifier take Python callables, which cannot travel
to the grader's sandbox as plain data; these probes build them where the student's code runs,
from a family name and plain coefficients (``build_function``). The checkers build the same
functions to verify what comes back (a claimed Jensen violation, for instance).
"""

from __future__ import annotations

import numpy as np

from . import probe


def _squared(coef):
    """0.5 mean (X w - y)^2: convex in w."""
    X, y = np.asarray(coef["X"]), np.asarray(coef["y"])
    return lambda w: float(0.5 * np.mean((X @ w - y) ** 2))


def _logistic(coef):
    """mean log(1 + exp(-s X w)), labels s in {-1, +1}: convex in w."""
    X, s = np.asarray(coef["X"]), np.asarray(coef["s"])
    return lambda w: float(np.mean(np.logaddexp(0.0, -s * (X @ w))))


def _affine(coef):
    """c . w + d: convex and concave, Jensen holds with equality (up to round-off)."""
    c, d = np.asarray(coef["c"]), float(coef["d"])
    return lambda w: float(c @ w + d)


def _double_well(coef):
    """sum_i (w_i^2 - 1)^2 * a_i: not convex near 0."""
    a = np.asarray(coef["a"])
    return lambda w: float(np.sum(a * (w**2 - 1.0) ** 2))


def mlp_output(theta, X, sizes) -> np.ndarray:
    """Output of a tanh MLP (linear last layer) with flat parameters (each W row-major, then b)."""
    h, at = np.asarray(X, dtype=np.float64), 0
    for k, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        W = theta[at : at + n_in * n_out].reshape(n_out, n_in)
        at += n_in * n_out
        h = h @ W.T + theta[at : at + n_out]
        at += n_out
        if k < len(sizes) - 2:
            h = np.tanh(h)
    return h


def _mlp(coef):
    """0.5 mean |f_theta(X) - Y|^2 of a tanh MLP, in all its weights: not convex."""
    X, Y, sizes = np.asarray(coef["X"]), np.asarray(coef["Y"]), [int(s) for s in coef["sizes"]]
    return lambda w: float(0.5 * np.mean(np.sum((mlp_output(w, X, sizes) - Y) ** 2, axis=1)))


def _separable(coef):
    """sum_i phi_i(z_i) with z = Q^T (w - c); phi is x^3/3 - s x (critical at +-sqrt(s)) or,
    for s = 0, (x^4/4 + x^3) / 9 (critical at 0, where phi'' = 0, and at -3)."""
    Q, c, s = np.asarray(coef["Q"]), np.asarray(coef["c"]), np.asarray(coef["s"])

    def f(w):
        z = Q.T @ (w - c)
        cubic = z**3 / 3.0 - s * z
        quartic = (z**4 / 4.0 + z**3) / 9.0
        return float(np.sum(np.where(s > 0, cubic, quartic)))

    return f


def _poly(coef):
    """0.5 v^T A v + sum c_i v_i^3 + q |v|^4 with v = w - w0."""
    A, w0, c, q = (np.asarray(coef[k]) for k in ("A", "w0", "c", "q"))

    def f(w):
        v = w - w0
        return float(0.5 * v @ A @ v + np.sum(c * v**3) + q * (v @ v) ** 2)

    return f


def _trig(coef):
    """sum_i sin(a_i w_i) + log sum exp(M w)."""
    a, M = np.asarray(coef["a"]), np.asarray(coef["M"])

    def f(w):
        z = M @ w
        top = float(np.max(z))
        return float(np.sum(np.sin(a * w)) + top + np.log(np.sum(np.exp(z - top))))

    return f


TEST_FUNCTIONS = {
    "squared": _squared,
    "logistic": _logistic,
    "affine": _affine,
    "double_well": _double_well,
    "mlp": _mlp,
    "separable": _separable,
    "poly": _poly,
    "trig": _trig,
}
"""Family name -> builder ``builder(coef) -> f``."""


def build_function(name: str, coef: dict, shape: tuple):
    """``f(w) -> float`` for ``w`` of ``shape``; any other shape is refused in words."""
    inner = TEST_FUNCTIONS[name](coef)
    shape = tuple(shape)

    def f(w):
        got = np.shape(w)
        if got != shape:
            raise ValueError(f"f expects w of shape {shape}, it was called with shape {got}")
        return inner(np.asarray(w, dtype=np.float64))

    return f


@probe
def jensen_runs(targets: tuple, runs: list) -> list:
    """Call ``find_jensen_violation(f, center, radius=r, seed=s)`` once per run dict."""
    out = []
    for run in runs:
        center = np.array(run["center"], dtype=np.float64)
        f = build_function(run["name"], run["coef"], center.shape)
        out.append(targets[0](f, center, radius=run["radius"], seed=run["seed"]))
    return out


@probe
def params_call(targets: tuple, params: list, *args) -> tuple:
    """``targets[0](params, *args)`` on a copy; returns (result, params as they are after)."""
    mine = [(np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)) for W, b in params]
    result = targets[0](mine, *args)
    return result, mine


@probe
def hessian_call(targets: tuple, name: str, coef: dict, w, kwargs: dict) -> tuple:
    """``fd_hessian(f, w, **kwargs)``; returns (result, w as it is after the call)."""
    w = np.array(w, dtype=np.float64)
    f = build_function(name, coef, w.shape)
    result = targets[0](f, w, **kwargs)
    return result, w


@probe
def classify_points(targets: tuple, name: str, coef: dict, points: list) -> list:
    """``classify_critical_point(f, w)`` at each point; the list of answers."""
    out = []
    for w in points:
        w = np.array(w, dtype=np.float64)
        out.append(targets[0](build_function(name, coef, w.shape), w))
    return out


@probe
def jensen_centers_after(targets: tuple, runs: list) -> list:
    """``find_jensen_violation`` once per run, as ``jensen_runs``; returns each ``center`` as
    it is after the call."""
    after = []
    for run in runs:
        center = np.array(run["center"], dtype=np.float64)
        f = build_function(run["name"], run["coef"], center.shape)
        targets[0](f, center, radius=run["radius"], seed=run["seed"])
        after.append(center)
    return after


@probe
def classify_points_after(targets: tuple, name: str, coef: dict, points: list) -> list:
    """``classify_critical_point(f, w)`` at each point, as ``classify_points``; returns each
    ``w`` as it is after the call."""
    after = []
    for w in points:
        w = np.array(w, dtype=np.float64)
        targets[0](build_function(name, coef, w.shape), w)
        after.append(w)
    return after
