"""Why depth needs nonlinearity: a stack of linear layers is one affine layer; and how a
logistic unit becomes a hard threshold when its weights are scaled up.

For layers ``h_l = W_l h_{l-1} + b_l`` (no activation) the whole stack computes
``W' x + b'`` with ``W' = W_L ... W_2 W_1`` and ``b' = W_L(...(W_2 b_1 + b_2)...) + b_L``.
"""

from __future__ import annotations

import numpy as np

from nncourse.key.activations import sigmoid

Params = list[tuple[np.ndarray, np.ndarray]]


def collapse_linear(params: Params) -> tuple[np.ndarray, np.ndarray]:
    """The single affine layer equal to a stack of linear layers.

    Parameters
    ----------
    params : list of (W, b)
        ``W_l`` of shape (n_l, n_{l-1}), ``b_l`` of shape (n_l,), first layer first.

    Returns
    -------
    W : ndarray, shape (n_L, n_0)
        ``W_L @ ... @ W_1``.
    b : ndarray, shape (n_L,)
        The stack's output at x = 0.
    """
    W = np.eye(np.asarray(params[0][0]).shape[1])
    b = np.zeros(W.shape[0])
    for W_l, b_l in params:
        W_l = np.asarray(W_l, dtype=np.float64)
        W = W_l @ W
        b = W_l @ b + np.asarray(b_l, dtype=np.float64).reshape(-1)
    return W, b


def linear_stack_forward(X: np.ndarray, params: Params) -> np.ndarray:
    """Apply each linear layer in turn, no activation.

    Parameters
    ----------
    X : ndarray, shape (N, n_0)
    params : list of (W, b)

    Returns
    -------
    ndarray, shape (N, n_L)
    """
    h = np.asarray(X, dtype=np.float64)
    for W, b in params:
        h = h @ np.asarray(W, dtype=np.float64).T + np.asarray(b, dtype=np.float64).reshape(-1)
    return h


def scaled_logistic(z: np.ndarray, scale: float) -> np.ndarray:
    """sigma(scale * z): a logistic unit with its weights and bias multiplied by ``scale``.

    As ``scale`` grows this tends to step(z) for every z != 0 (it stays 1/2 at z = 0).

    Parameters
    ----------
    z : ndarray, any shape
    scale : float

    Returns
    -------
    ndarray, same shape as ``z``
    """
    return sigmoid(scale * np.asarray(z, dtype=np.float64))


def distance_to_step(z: np.ndarray, scale: float) -> float:
    """Largest |sigma(scale z) - step(z)| over the points of ``z`` that are not 0.

    Parameters
    ----------
    z : ndarray, any shape
    scale : float

    Returns
    -------
    float
    """
    z = np.asarray(z, dtype=np.float64)
    z = z[z != 0]
    return float(np.max(np.abs(scaled_logistic(z, scale) - (z > 0)))) if z.size else 0.0
