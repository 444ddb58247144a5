"""Activation functions, their derivatives, and the vector activations softmax and sparsemax.

Elementwise functions accept arrays of any shape and return the same shape. Vector activations
act on the last axis: ``z`` of shape ``(C,)`` or ``(N, C)``.
"""

from __future__ import annotations

import numpy as np

HIDDEN_ACTIVATIONS = ("linear", "sigmoid", "tanh", "relu")


def linear(z: np.ndarray) -> np.ndarray:
    """Identity g(z) = z; shape preserved (a new float64 array)."""
    return np.array(z, dtype=np.float64)


def linear_grad(z: np.ndarray) -> np.ndarray:
    """g'(z) = 1 for every entry; same shape as ``z``."""
    return np.ones_like(np.asarray(z, dtype=np.float64))


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic sigma(z) = 1 / (1 + exp(-z)), stable for any |z|.

    For z >= 0 it uses 1 / (1 + exp(-z)); for z < 0 the equal form exp(z) / (1 + exp(z)), so
    exp() only ever sees non-positive arguments and cannot overflow.

    Parameters
    ----------
    z : ndarray, any shape

    Returns
    -------
    ndarray, same shape as ``z``, values in [0, 1]
    """
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_grad(z: np.ndarray) -> np.ndarray:
    """sigma'(z) = sigma(z) (1 - sigma(z)); same shape as ``z``."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z: np.ndarray) -> np.ndarray:
    """Hyperbolic tangent; same shape as ``z``."""
    return np.tanh(np.asarray(z, dtype=np.float64))


def tanh_grad(z: np.ndarray) -> np.ndarray:
    """tanh'(z) = 1 - tanh(z)^2; same shape as ``z``."""
    t = np.tanh(np.asarray(z, dtype=np.float64))
    return 1.0 - t * t


def relu(z: np.ndarray) -> np.ndarray:
    """relu(z) = max(0, z); same shape as ``z``."""
    return np.maximum(np.asarray(z, dtype=np.float64), 0.0)


def relu_grad(z: np.ndarray) -> np.ndarray:
    """relu'(z) = 1 where z > 0, else 0 (we take 0 at z = 0); same shape as ``z``."""
    return (np.asarray(z, dtype=np.float64) > 0).astype(np.float64)


ACTIVATIONS = {
    "linear": (linear, linear_grad),
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "relu": (relu, relu_grad),
}
"""Name -> (function, derivative) for the elementwise activations."""


def softmax(z: np.ndarray) -> np.ndarray:
    """Stable softmax over the last axis: exp(z - max z) / sum exp(z - max z).

    Parameters
    ----------
    z : ndarray, shape (C,) or (N, C)

    Returns
    -------
    ndarray, same shape; each row is positive and sums to 1.
    """
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(z: np.ndarray) -> np.ndarray:
    """log softmax(z) over the last axis, computed as (z - max) - log sum exp(z - max)."""
    z = np.asarray(z, dtype=np.float64)
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def softmax_jacobian(z: np.ndarray) -> np.ndarray:
    """Jacobian of softmax at ``z``: J[i, j] = d y_i / d z_j = y_i (delta_ij - y_j).

    Parameters
    ----------
    z : ndarray, shape (C,)

    Returns
    -------
    ndarray, shape (C, C), equal to diag(y) - y y^T (symmetric).
    """
    y = softmax(z)
    return np.diag(y) - np.outer(y, y)


def softmax_vjp(z: np.ndarray, g: np.ndarray) -> np.ndarray:
    """Vector-Jacobian product g^T J without building J: y * (g - <g, y>).

    Parameters
    ----------
    z : ndarray, shape (C,) or (N, C)
        Softmax input.
    g : ndarray, same shape as ``z``
        Upstream gradient dL/dy.

    Returns
    -------
    ndarray, same shape: dL/dz.
    """
    y = softmax(z)
    g = np.asarray(g, dtype=np.float64)
    return y * (g - np.sum(g * y, axis=-1, keepdims=True))


def sparsemax(z: np.ndarray) -> np.ndarray:
    """Sparsemax: the Euclidean projection of ``z`` onto the probability simplex (last axis).

    Sort z descending, find the support size k(z) = max{k : 1 + k z_(k) > sum_{j<=k} z_(j)},
    set tau = (sum_{j<=k} z_(j) - 1) / k, and return max(z - tau, 0).

    Parameters
    ----------
    z : ndarray, shape (C,) or (N, C)

    Returns
    -------
    ndarray, same shape; non-negative, each row sums to 1, often with exact zeros.
    """
    z = np.asarray(z, dtype=np.float64)
    flat = z.reshape(-1, z.shape[-1])
    zs = -np.sort(-flat, axis=1)
    k = np.arange(1, flat.shape[1] + 1)
    cums = np.cumsum(zs, axis=1)
    support = 1.0 + k * zs > cums
    k_z = support.sum(axis=1)
    tau = (cums[np.arange(flat.shape[0]), k_z - 1] - 1.0) / k_z
    return np.maximum(flat - tau[:, None], 0.0).reshape(z.shape)
