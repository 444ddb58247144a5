"""A wrong gradient still trains: gradient descent with a known bug injected into a gradient.

Unit 04 opens with the claim that a backprop bug rarely shows in the loss curve. This demo trains
the same small network twice or more from the same start: once with the gradient your
``loss_and_grads`` returns, and once per bug with that gradient corrupted in one tensor (the bugs
act on the returned tensors, so they work on anyone's backprop). Nothing here computes a
gradient: the gradient is always the function passed in.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Params = list[tuple[np.ndarray, np.ndarray]]


def transpose_weight(layer: int) -> Callable[[Params], Params]:
    """A bug: the weight gradient of ``layer`` (from 1, a square ``W``) is transposed."""

    def bug(grads: Params) -> Params:
        out = list(grads)
        dW, db = out[layer - 1]
        out[layer - 1] = (dW.T.copy(), db)
        return out

    return bug


def flip_sign(layer: int, slot: int = 0) -> Callable[[Params], Params]:
    """A bug: the gradient of one tensor (``slot`` 0 = W, 1 = b) points uphill."""

    def bug(grads: Params) -> Params:
        out = list(grads)
        pair = list(out[layer - 1])
        pair[slot] = -pair[slot]
        out[layer - 1] = (pair[0], pair[1])
        return out

    return bug


def scale_tensor(layer: int, slot: int, factor: float) -> Callable[[Params], Params]:
    """A bug: the gradient of one tensor is ``factor`` times too big (e.g. a missing 1/N)."""

    def bug(grads: Params) -> Params:
        out = list(grads)
        pair = list(out[layer - 1])
        pair[slot] = factor * pair[slot]
        out[layer - 1] = (pair[0], pair[1])
        return out

    return bug


def two_moons(n: int, rng: np.random.Generator, noise: float = 0.15):
    """``(X, y)``: two interleaved half circles, ``X`` of shape (n, 2), labels 0/1 of shape (n,)."""
    t = rng.uniform(0.0, np.pi, size=n)
    y = rng.integers(0, 2, size=n)
    X = np.stack([np.cos(t) + y * 1.0 - 0.5 * y, np.sin(t) * (1 - 2 * y) + 0.25 * y], axis=1)
    X += noise * rng.normal(size=X.shape)
    return X - X.mean(axis=0), y


def init(sizes: list[int], rng: np.random.Generator) -> Params:
    """Small random weights (scale 1/sqrt(n_in)), zero biases."""
    return [
        (rng.normal(0.0, 1.0 / np.sqrt(a), size=(b, a)), np.zeros(b))
        for a, b in zip(sizes[:-1], sizes[1:])
    ]


def train(
    loss_and_grads: Callable,
    X: np.ndarray,
    y: np.ndarray,
    params: Params,
    net: dict,
    lr: float,
    steps: int,
    bug: Callable[[Params], Params] | None = None,
) -> tuple[np.ndarray, Params]:
    """Full-batch gradient descent with ``loss_and_grads``'s gradient, optionally corrupted.

    Parameters
    ----------
    loss_and_grads : callable
        ``loss_and_grads(X, y, params, activation, output, loss) -> (loss, [(dW, db), ...])``,
        e.g. your unit 03 ``mlp_loss_and_grads``.
    X, y : ndarray
        The training batch.
    params : list of (W, b)
        The start (not modified).
    net : dict
        ``activation``, ``output``, ``loss``.
    lr, steps : float, int
        Step size and number of steps.
    bug : callable, optional
        ``bug(grads) -> grads``, applied to every gradient before the step.

    Returns
    -------
    losses : ndarray, shape (steps + 1,)
        The loss before each step and after the last.
    params : list of (W, b)
        Where training ended.
    """
    params = [(np.array(W, dtype=float), np.array(b, dtype=float)) for W, b in params]
    losses = []
    for _ in range(steps):
        loss, grads = loss_and_grads(X, y, params, **net)
        losses.append(float(loss))
        if bug is not None:
            grads = bug(grads)
        params = [(W - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(params, grads)]
    losses.append(float(loss_and_grads(X, y, params, **net)[0]))
    return np.array(losses), params
