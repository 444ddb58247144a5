"""Losses with their gradients, averaged over a batch.

Conventions (used by every checker and notebook):

* squared loss: L = (1/N) sum_n 1/2 ||yhat_n - y_n||^2, so dL/dyhat = (yhat - y) / N;
* softmax cross-entropy on logits: L = -(1/N) sum_n log softmax(z_n)[y_n], so
  dL/dz = (softmax(z) - onehot(y)) / N.
"""

from __future__ import annotations

import numpy as np

from nncourse.key.activations import log_softmax, softmax


def onehot(y: np.ndarray, num_classes: int) -> np.ndarray:
    """One-hot rows: ``y`` integer labels of shape (N,) -> float array (N, num_classes)."""
    y = np.asarray(y, dtype=np.int64)
    out = np.zeros((y.shape[0], num_classes))
    out[np.arange(y.shape[0]), y] = 1.0
    return out


def squared_loss(yhat: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean half squared error and its gradient.

    Parameters
    ----------
    yhat : ndarray, shape (N, K)
        Predictions.
    y : ndarray, shape (N, K)
        Targets.

    Returns
    -------
    loss : float
        (1/N) sum_n 1/2 ||yhat_n - y_n||^2.
    grad : ndarray, shape (N, K)
        dL/dyhat = (yhat - y) / N.
    """
    yhat = np.asarray(yhat, dtype=np.float64)
    diff = yhat - np.asarray(y, dtype=np.float64)
    n = yhat.shape[0]
    return float(0.5 * np.sum(diff * diff) / n), diff / n


def softmax_cross_entropy(z: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean cross-entropy of softmax(z) against integer labels, and its gradient in z.

    Stable for large logits: uses log-softmax (log-sum-exp with the maximum subtracted).

    Parameters
    ----------
    z : ndarray, shape (N, C)
        Logits.
    y : ndarray of int, shape (N,)
        Class labels in 0..C-1.

    Returns
    -------
    loss : float
        -(1/N) sum_n log softmax(z_n)[y_n].
    grad : ndarray, shape (N, C)
        (softmax(z) - onehot(y)) / N.
    """
    z = np.asarray(z, dtype=np.float64)
    y = np.asarray(y, dtype=np.int64)
    n = z.shape[0]
    loss = -float(np.mean(log_softmax(z)[np.arange(n), y]))
    return loss, (softmax(z) - onehot(y, z.shape[1])) / n
