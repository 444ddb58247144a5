"""Compute for unit 05's demos: saddles, symmetric initialisation, Baldi-Hornik critical points
of a linear network, the perceptron-vs-backprop spoiler, plateaux and ravines.

Compute only (figures are in ``nncourse.plots_surface``). Demos that need a graded exercise of
unit 05 (the finite-difference Hessian) take the student's function as an argument.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from nncourse.surface import flatten, loss_and_grad, unflatten

# ------------------------------------------------------------------------------- saddle escape


def saddle_function(w: np.ndarray) -> float:
    """``f(x, y) = x^2 / 2 + (y^2 - 1)^2 / 4``: a saddle at (0, 0), minima at (0, +-1)."""
    x, y = np.asarray(w, dtype=np.float64)
    return float(0.5 * x**2 + 0.25 * (y**2 - 1.0) ** 2)


def saddle_gradient(w: np.ndarray) -> np.ndarray:
    x, y = np.asarray(w, dtype=np.float64)
    return np.array([x, y**3 - y])


def saddle_path(start, steps: int = 200, lr: float = 0.1) -> np.ndarray:
    """Gradient descent on the saddle of ``saddle_gradient`` from ``start``, shape (steps + 1, 2).

    (Only this surface: unit 06 asks students to write gradient descent itself.)
    """
    w = np.array(start, dtype=np.float64)
    path = [w.copy()]
    for _ in range(steps):
        w = w - lr * saddle_gradient(w)
        path.append(w.copy())
    return np.array(path)


# ------------------------------------------------------------------------ symmetric start


def train_from(init: str, X, y, hidden: int = 4, lr: float = 0.3, steps: int = 400, seed=0):
    """Train a (n_in, hidden, 1) tanh net from a given start; follow how different units are.

    Parameters
    ----------
    init : {"zeros", "constant", "random"}
        All weights 0; all weights 0.5; small Gaussian weights (std 0.5).

    Returns
    -------
    losses : ndarray, shape (steps + 1,)
    spread : ndarray, shape (steps + 1,)
        Largest distance between two hidden units' incoming weight rows (0: all identical).
    """
    sizes = (X.shape[1], hidden, y.shape[1])
    rng = np.random.default_rng(seed)
    shapes = [((o, i), (o,)) for i, o in zip(sizes[:-1], sizes[1:])]
    if init == "random":
        params = [(rng.normal(0, 0.5, ws), np.zeros(bs)) for ws, bs in shapes]
    else:
        value = 0.0 if init == "zeros" else 0.5
        params = [(np.full(ws, value), np.full(bs, value)) for ws, bs in shapes]
    theta = flatten(params)
    losses, spread = [], []
    for step in range(steps + 1):
        loss, g = loss_and_grad(theta, X, y, sizes)
        W1 = unflatten(theta, sizes)[0][0]
        losses.append(loss)
        spread.append(float(np.max(np.linalg.norm(W1[:, None] - W1[None], axis=2))))
        if step < steps:
            theta = theta - lr * g
    return np.array(losses), np.array(spread)


# ------------------------------------------------------------------------------ Baldi-Hornik


@dataclass(frozen=True)
class LinearNetProblem:
    """Data of a linear net ``Y_hat = W2 W1 X`` (columns are examples, as in Baldi-Hornik).

    ``X`` of shape (d_x, m), ``Y`` of shape (d_y, m), hidden width ``p``.
    """

    X: np.ndarray
    Y: np.ndarray
    p: int

    @property
    def sigma(self) -> np.ndarray:
        """``Sigma = Y X^T (X X^T)^{-1} X Y^T``, shape (d_y, d_y)."""
        X, Y = self.X, self.Y
        return Y @ X.T @ np.linalg.solve(X @ X.T, X @ Y.T)

    def loss(self, theta: np.ndarray) -> float:
        """``sum_i |Y_i - W2 W1 X_i|^2`` for ``theta = [W1.ravel(), W2.ravel()]``."""
        W1, W2 = self.split(theta)
        return float(np.sum((self.Y - W2 @ W1 @ self.X) ** 2))

    def split(self, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        d_x, d_y, p = self.X.shape[0], self.Y.shape[0], self.p
        theta = np.asarray(theta, dtype=np.float64)
        return theta[: p * d_x].reshape(p, d_x), theta[p * d_x :].reshape(d_y, p)


def make_linear_problem(d: int = 4, p: int = 2, m: int = 60, seed: int = 0) -> LinearNetProblem:
    """Random data with ``d_x = d_y = d`` whose Sigma has distinct eigenvalues."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(d, m))
    L = rng.normal(size=(d, d)) * np.linspace(2.0, 0.5, d)
    return LinearNetProblem(X, L @ X + 0.3 * rng.normal(size=(d, m)), p)


@dataclass(frozen=True)
class CriticalPoint:
    subset: tuple[int, ...]  # indices of the chosen eigenvalues (0 = the largest)
    theta: np.ndarray  # [W1.ravel(), W2.ravel()]
    predicted_loss: float  # tr(Y Y^T) - sum of the chosen eigenvalues


def baldi_hornik_points(problem: LinearNetProblem, seed: int = 0) -> list[CriticalPoint]:
    """One critical point per subset of ``p`` eigenvectors of Sigma.

    ``W2 = U_G C`` and ``W1 = C^{-1} U_G^T Y X^T (X X^T)^{-1}``, with a random invertible ``C``
    (any ``C`` gives a critical point of the same loss).
    """
    lam, U = np.linalg.eigh(problem.sigma)
    lam, U = lam[::-1], U[:, ::-1]
    X, Y, p = problem.X, problem.Y, problem.p
    ols = np.linalg.solve(X @ X.T, X @ Y.T).T  # Y X^T (X X^T)^-1
    C = np.random.default_rng(seed).normal(size=(p, p)) + 2.0 * np.eye(p)
    out = []
    for subset in itertools.combinations(range(len(lam)), p):
        U_g = U[:, list(subset)]
        W2, W1 = U_g @ C, np.linalg.solve(C, U_g.T @ ols)
        predicted = float(np.trace(Y @ Y.T) - lam[list(subset)].sum())
        out.append(CriticalPoint(subset, np.concatenate([W1.ravel(), W2.ravel()]), predicted))
    return out


def scaled_loss(problem: LinearNetProblem):
    """The loss divided by ``m`` (same critical points; Hessian entries of order 1)."""
    m = problem.X.shape[1]
    return lambda theta: problem.loss(theta) / m


def gradient_norm(f, w, h: float = 1e-6) -> float:
    """Length of ``f``'s gradient at ``w`` by central differences: to show a point is critical.

    (A number, not the gradient: unit 04 asks students to write the numerical gradient.)
    """
    w = np.asarray(w, dtype=np.float64)
    steps = np.eye(w.size) * h
    return float(np.linalg.norm([(f(w + e) - f(w - e)) / (2 * h) for e in steps]))


# ------------------------------------------------------------------------------ the spoiler


def spoiler_data(t: float) -> tuple[np.ndarray, np.ndarray]:
    """Three points that a horizontal line separates, plus a far spoiler at (0, -t).

    Returns ``X`` of shape (4, 2) and labels ``y`` in {0, 1} of shape (4,); the spoiler (last)
    is labelled 1 like the upper points, and the four points stay linearly separable.
    """
    X = np.array([[-1.0, 1.0], [1.0, 1.0], [1.0, -1.0], [0.0, -t]])
    y = np.array([1, 1, 0, 1])
    return X, y


def perceptron(X, y, epochs: int = 1000) -> tuple[np.ndarray, float, int]:
    """Rosenblatt's rule on labels in {0, 1} (step(0) = 1); stops after an error-free epoch.

    Returns ``(w, b, updates)``.
    """
    w, b, updates = np.zeros(X.shape[1]), 0.0, 0
    for _ in range(epochs):
        errors = 0
        for x, target in zip(X, y):
            pred = 1 if x @ w + b >= 0 else 0
            if pred != target:
                sign = 1.0 if target == 1 else -1.0
                w, b, updates, errors = w + sign * x, b + sign, updates + 1, errors + 1
        if errors == 0:
            break
    return w, b, updates


def sigmoid_squared_fit(
    X, y, bound: float = 4.0, lr: float = 0.5, steps: int = 1500, start=None
) -> tuple[np.ndarray, float, float]:
    """One sigmoid unit trained by gradient descent on ``0.5 mean (sigma(w.x + b) - y)^2``,
    with the weights projected back onto ``|(w, b)| <= bound`` after each step.

    ``start`` is an initial ``(w, b)`` (zeros by default). Returns the final ``(w, b)`` and the
    final loss.
    """
    w, b = (np.zeros(X.shape[1]), 0.0) if start is None else (np.array(start[0]), start[1])
    for _ in range(steps):
        s = 1.0 / (1.0 + np.exp(-(X @ w + b)))
        delta = (s - y) * s * (1.0 - s) / len(y)
        w, b = w - lr * (X.T @ delta), b - lr * float(delta.sum())
        norm = float(np.sqrt(w @ w + b * b))
        if norm > bound:
            w, b = w * bound / norm, b * bound / norm
    s = 1.0 / (1.0 + np.exp(-(X @ w + b)))
    return w, b, float(0.5 * np.mean((s - y) ** 2))


def classify(X, w, b) -> np.ndarray:
    """Labels in {0, 1} of a linear unit, step(0) = 1."""
    return (X @ w + b >= 0).astype(int)


# ------------------------------------------------------------------------ plateaux, ravines


def gradient_norm_vs_scale(scales, X, y, hidden: int = 8, seed: int = 0) -> np.ndarray:
    """Norm of the first layer's gradient when all weights are multiplied by ``scale``.

    Big weights saturate tanh units (``1 - tanh^2`` near 0): the gradient vanishes, a plateau.
    Returns shape (len(scales),).
    """
    rng = np.random.default_rng(seed)
    sizes = (X.shape[1], hidden, y.shape[1])
    base = flatten(
        [
            (rng.normal(size=(hidden, X.shape[1])), rng.normal(size=hidden)),
            (rng.normal(size=(y.shape[1], hidden)), np.zeros(y.shape[1])),
        ]
    )
    n_first = hidden * X.shape[1] + hidden
    out = []
    for s in scales:
        theta = base * s
        theta[n_first:] = base[n_first:]  # scale only the first layer: saturation
        out.append(float(np.linalg.norm(loss_and_grad(theta, X, y, sizes)[1][:n_first])))
    return np.array(out)


def ravine_problem(seed: int = 0, n: int = 100):
    """Linear regression with two inputs in different units and an offset mean.

    Returns raw ``X`` (n, 2), targets ``y`` (n,) and the normalised inputs (zero mean, unit
    variance per column).
    """
    rng = np.random.default_rng(seed)
    X = np.column_stack([rng.normal(3.0, 1.0, n), rng.normal(0.0, 0.2, n)])
    y = 0.8 * X[:, 0] - 2.0 * X[:, 1] + rng.normal(0.0, 0.2, n)
    Xn = (X - X.mean(axis=0)) / X.std(axis=0)
    return X, y - y.mean(), Xn


def quadratic_loss_grid(X, y, w_center, extent: float, n: int = 60):
    """Mean squared loss of ``y ~ X w`` on a grid around ``w_center``; axes and (n, n) loss."""
    a = np.linspace(w_center[0] - extent[0], w_center[0] + extent[0], n)
    b = np.linspace(w_center[1] - extent[1], w_center[1] + extent[1], n)
    A, B = np.meshgrid(a, b)
    W = np.stack([A.ravel(), B.ravel()], axis=1)
    R = X @ W.T - y[:, None]
    return a, b, 0.5 * np.mean(R**2, axis=0).reshape(n, n)


def condition_number(X) -> float:
    """``lambda_max / lambda_min`` of ``X^T X / n``: the ravine's aspect ratio squared."""
    lam = np.linalg.eigvalsh(X.T @ X / len(X))
    return float(lam[-1] / lam[0])


def descent_steps(X, y, tol: float = 1e-8, max_steps: int = 100_000) -> int:
    """Steps of gradient descent on ``0.5 mean (X w - y)^2`` from ``w = 0``, with the largest
    safe step ``1 / lambda_max(X^T X / n)``, until the loss is within ``tol`` of its minimum."""
    n = len(X)
    A, b = X.T @ X / n, X.T @ y / n
    lr = 1.0 / float(np.linalg.eigvalsh(A)[-1])
    w_star = np.linalg.solve(A, b)

    def loss(w):
        return 0.5 * float(np.mean((X @ w - y) ** 2))

    best = loss(w_star)
    w = np.zeros(X.shape[1])
    for step in range(max_steps):
        if loss(w) - best <= tol * (1.0 + best):
            return step
        w = w - lr * (A @ w - b)
    return max_steps


def descent_path(X, y, start, steps: int = 40) -> np.ndarray:
    """Gradient descent on ``0.5 mean (X w - y)^2`` from ``start`` with step
    ``1 / lambda_max(X^T X / n)``; the path, shape (steps + 1, 2)."""
    n = len(X)
    A, b = X.T @ X / n, X.T @ y / n
    lr = 1.0 / float(np.linalg.eigvalsh(A)[-1])
    w = np.array(start, dtype=np.float64)
    path = [w.copy()]
    for _ in range(steps):
        w = w - lr * (A @ w - b)
        path.append(w.copy())
    return np.array(path)
