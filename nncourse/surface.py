"""The loss surface of a small tanh network, seen through one-dimensional paths and 2-D slices.

Parameters live in one flat vector ``theta`` so that paths and slices are plain vector sums:
``theta + a d1 + b d2``. ``flatten``/``unflatten`` convert to the course's ``[(W, b), ...]``
form (``W`` of shape (n_out, n_in)), which is what the student's ``permute_hidden`` takes.

This module is compute only (figures are in ``nncourse.plots_surface``); what rests on a graded
exercise of unit 05 (the permuted twin) takes the student's function as an argument.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

Params = list[tuple[np.ndarray, np.ndarray]]

DIRECTIONS = ("random", "filter-normalised", "hessian")
"""Kinds of slice directions offered by ``slice_directions``."""


def flatten(params: Params) -> np.ndarray:
    """``[(W1, b1), (W2, b2), ...]`` -> one vector (each W row-major, then its b)."""
    return np.concatenate([np.concatenate([np.ravel(W), np.ravel(b)]) for W, b in params])


def unflatten(theta: np.ndarray, sizes: tuple[int, ...]) -> Params:
    """Inverse of ``flatten`` for layer sizes ``(n_in, hidden..., n_out)``; returns copies."""
    theta = np.asarray(theta, dtype=np.float64)
    out, at = [], 0
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        W = theta[at : at + n_out * n_in].reshape(n_out, n_in).copy()
        at += n_out * n_in
        out.append((W, theta[at : at + n_out].copy()))
        at += n_out
    return out


def batch_losses(thetas: np.ndarray, X: np.ndarray, y: np.ndarray, sizes) -> np.ndarray:
    """Mean squared loss ``0.5 mean |f(x) - y|^2`` of many parameter vectors at once.

    Parameters
    ----------
    thetas : ndarray, shape (M, P)
    X : ndarray, shape (N, n_in)
    y : ndarray, shape (N, n_out)
    sizes : tuple of int
        Layer sizes, tanh hidden layers, linear output.

    Returns
    -------
    ndarray, shape (M,)
    """
    thetas = np.atleast_2d(thetas)
    M = thetas.shape[0]
    H = None
    at = 0
    for k, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        W = thetas[:, at : at + n_out * n_in].reshape(M, n_out, n_in)
        at += n_out * n_in
        b = thetas[:, at : at + n_out]
        at += n_out
        if H is None:  # the inputs are shared: one matrix product for every parameter vector
            Z = (X @ W.reshape(M * n_out, n_in).T).reshape(X.shape[0], M, n_out)
            Z = Z.transpose(1, 0, 2) + b[:, None, :]
        else:
            Z = np.matmul(H, W.transpose(0, 2, 1)) + b[:, None, :]
        H = Z if k == len(sizes) - 2 else np.tanh(Z)
    return 0.5 * np.mean(np.sum((H - y) ** 2, axis=2), axis=1)


def loss_and_grad(theta: np.ndarray, X, y, sizes) -> tuple[float, np.ndarray]:
    """Loss of one parameter vector and its gradient (backward pass), shape (P,)."""
    params = unflatten(theta, sizes)
    hs, h = [np.asarray(X, dtype=np.float64)], np.asarray(X, dtype=np.float64)
    for k, (W, b) in enumerate(params):
        z = h @ W.T + b
        h = z if k == len(params) - 1 else np.tanh(z)
        hs.append(h)
    n = X.shape[0]
    delta = (h - y) / n
    grads = []
    for k in range(len(params) - 1, -1, -1):
        W, _ = params[k]
        grads.append((delta.T @ hs[k], delta.sum(axis=0)))
        if k:
            delta = (delta @ W) * (1.0 - hs[k] ** 2)
    loss = 0.5 * float(np.sum((h - y) ** 2)) / n
    return loss, flatten(grads[::-1])


def gradient_descent(theta0, X, y, sizes, lr: float, steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Full-batch gradient descent; returns the path (steps + 1, P) and losses (steps + 1,)."""
    theta = np.array(theta0, dtype=np.float64)
    path, losses = [theta.copy()], []
    for _ in range(steps):
        loss, g = loss_and_grad(theta, X, y, sizes)
        losses.append(loss)
        theta = theta - lr * g
        path.append(theta.copy())
    losses.append(loss_and_grad(theta, X, y, sizes)[0])
    return np.array(path), np.array(losses)


@dataclass
class Problem:
    """A small regression task and a net trained on it: the loss surface the widget explores.

    Attributes
    ----------
    X : ndarray, shape (N, 2)
    y : ndarray, shape (N, 1)
    sizes : tuple of int
        ``(2, K, 1)`` by default.
    theta : ndarray, shape (P,)
        Trained parameters.
    """

    seed: int = 0
    hidden: int = 6
    n_points: int = 80
    steps: int = 1500
    lr: float = 0.3
    X: np.ndarray = field(init=False, repr=False)
    y: np.ndarray = field(init=False, repr=False)
    theta: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        rng = np.random.default_rng(self.seed)
        self.X = rng.uniform(-2.0, 2.0, (self.n_points, 2))
        self.y = np.sin(1.5 * self.X[:, :1]) * np.cos(self.X[:, 1:]) + 0.3 * self.X[:, 1:]
        theta0 = flatten(
            [
                (rng.normal(0.0, 1.0, (self.hidden, 2)), rng.normal(0.0, 0.5, self.hidden)),
                (rng.normal(0.0, 0.5, (1, self.hidden)), np.zeros(1)),
            ]
        )
        self.theta = gradient_descent(theta0, self.X, self.y, self.sizes, self.lr, self.steps)[0][
            -1
        ]

    @property
    def sizes(self) -> tuple[int, ...]:
        return (2, self.hidden, 1)

    @property
    def params(self) -> Params:
        return unflatten(self.theta, self.sizes)

    def loss(self, theta: np.ndarray) -> float:
        return float(batch_losses(theta[None], self.X, self.y, self.sizes)[0])

    def grad(self, theta: np.ndarray) -> np.ndarray:
        return loss_and_grad(theta, self.X, self.y, self.sizes)[1]

    @cached_property
    def hessian(self) -> np.ndarray:
        """Hessian at ``theta`` from central differences of the exact gradient, (P, P),
        symmetrised. (Written here, not as a function of its own: a central-difference helper
        with the calling form of unit 04's exercise would be that exercise's answer.)"""
        h = 1e-5
        cols = [
            (self.grad(self.theta + e) - self.grad(self.theta - e)) / (2.0 * h)
            for e in np.eye(self.theta.size) * h
        ]
        J = np.array(cols)
        return 0.5 * (J + J.T)


def permutation(k: int, index: int) -> np.ndarray:
    """Permutation number ``index`` of ``range(k)``: 0 is the reversal, others are random."""
    if index == 0:
        return np.arange(k)[::-1].copy()
    return np.random.default_rng(1000 + index).permutation(k)


def twin_path(problem: Problem, permute_fn, perm, n: int = 61) -> tuple[np.ndarray, np.ndarray]:
    """Loss along ``(1 - t) theta + t theta_twin`` for t in [0, 1].

    Parameters
    ----------
    problem : Problem
    permute_fn : callable
        ``permute_fn(params, perm) -> params`` (the student's ``permute_hidden``).
    perm : sequence of int, shape (K,)
    n : int
        Points on the path.

    Returns
    -------
    ts : ndarray, shape (n,)
    losses : ndarray, shape (n,)
    """
    twin = flatten(permute_fn(problem.params, perm))
    ts = np.linspace(0.0, 1.0, n)
    thetas = (1.0 - ts)[:, None] * problem.theta + ts[:, None] * twin
    return ts, batch_losses(thetas, problem.X, problem.y, problem.sizes)


def slice_directions(problem: Problem, kind: str, seed: int = 0) -> np.ndarray:
    """Two directions in parameter space for a 2-D slice, shape (2, P).

    ``random``: Gaussian, scaled to the norm of ``theta``; ``filter-normalised`` (Li et al.,
    2018): each unit's incoming weights (with its bias) rescaled to the norm of that unit's
    weights in ``theta``; ``hessian``: the eigenvectors of the two largest Hessian eigenvalues,
    scaled to the norm of ``theta``.
    """
    if kind not in DIRECTIONS:
        raise ValueError(f"unknown directions {kind!r}; choose one of {DIRECTIONS}")
    scale = float(np.linalg.norm(problem.theta))
    if kind == "hessian":
        _, vecs = np.linalg.eigh(problem.hessian)
        return scale * vecs[:, [-1, -2]].T
    rng = np.random.default_rng(seed)
    dirs = rng.normal(size=(2, problem.theta.size))
    if kind == "random":
        return scale * dirs / np.linalg.norm(dirs, axis=1, keepdims=True)
    out = []
    for d in dirs:
        layers = unflatten(d, problem.sizes)
        scaled = []
        for (W, b), (W0, b0) in zip(layers, problem.params):
            rows = np.hstack([W, b[:, None]])
            rows0 = np.hstack([W0, b0[:, None]])
            rows *= (np.linalg.norm(rows0, axis=1) / np.linalg.norm(rows, axis=1))[:, None]
            scaled.append((rows[:, :-1], rows[:, -1]))
        out.append(flatten(scaled))
    return np.array(out)


@dataclass(frozen=True)
class Slice:
    """A 2-D slice ``L(center + a d1 + b d2)`` on a grid, and a descent path inside it."""

    a: np.ndarray  # shape (n,)
    b: np.ndarray  # shape (n,)
    loss: np.ndarray  # shape (n, n), loss[i, j] at (a[j], b[i])
    path: np.ndarray  # shape (steps + 1, 2), (a, b) of gradient descent in the slice
    center_loss: float


def loss_slice(
    problem: Problem,
    center: np.ndarray,
    dirs: np.ndarray,
    extent: float,
    n: int = 41,
    start=(-0.8, 0.7),
    lr: float = 0.3,
    steps: int = 60,
) -> Slice:
    """Evaluate the loss on an ``n`` x ``n`` grid of ``center + a d1 + b d2``, |a|, |b| <= extent.

    The path is gradient descent on the 2-D function ``(a, b) -> L(center + a d1 + b d2)``
    (its gradient is ``(d1 . g, d2 . g)``), started at ``start * extent``, with step ``lr``
    divided by the slice's curvature scale so that every direction kind gives a visible path.
    """
    a = np.linspace(-extent, extent, n)
    A, B = np.meshgrid(a, a)
    thetas = center + A.reshape(-1, 1) * dirs[0] + B.reshape(-1, 1) * dirs[1]
    Z = batch_losses(thetas, problem.X, problem.y, problem.sizes).reshape(n, n)
    curvature = max(float(np.sum(dirs**2, axis=1).max()), 1e-12)
    point = np.array(start, dtype=np.float64) * extent
    path = [point.copy()]
    for _ in range(steps):
        g = problem.grad(center + point[0] * dirs[0] + point[1] * dirs[1])
        point = point - (lr / curvature) * (dirs @ g)
        point = np.clip(point, -extent, extent)
        path.append(point.copy())
    return Slice(a, a, Z, np.array(path), problem.loss(center))
