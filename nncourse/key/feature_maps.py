"""Feature maps: fixed nonlinear functions of the input that make a linear classifier enough.

XOR is not linearly separable in (x1, x2), but it is in psi(x) = (x1, x2, x1 x2): with 0/1
inputs the product is 1 only at (1, 1), which lets a plane cut that corner off.

The playground's input features (``PLAYGROUND_FEATURES``) are the ones TensorFlow Playground
offers: x1, x2, x1^2, x2^2, x1 x2, sin x1, sin x2.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nncourse import playground_data

XOR_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
"""The four XOR inputs (0/1 encoding), one per row."""

XOR_TARGETS = np.array([0.0, 1.0, 1.0, 0.0])
"""x1 XOR x2 for the rows of ``XOR_INPUTS``."""


def xor_features(X: np.ndarray) -> np.ndarray:
    """psi(x) = (x1, x2, x1 * x2) for every row.

    Parameters
    ----------
    X : ndarray, shape (N, 2)

    Returns
    -------
    ndarray, shape (N, 3)
    """
    X = np.asarray(X, dtype=np.float64)
    return np.column_stack([X[:, 0], X[:, 1], X[:, 0] * X[:, 1]])


def xor_feature_weights() -> tuple[np.ndarray, float]:
    """Weights that classify XOR through ``xor_features``: y = step(w . psi(x) + b).

    w = (1, 1, -2), b = -0.5 gives z = -0.5, 0.5, 0.5, -0.5 on the four inputs.

    Returns
    -------
    (w, b) with ``w`` of shape (3,)
    """
    return np.array([1.0, 1.0, -2.0]), -0.5


PLAYGROUND_FEATURES = playground_data.FEATURES
"""Name -> feature of a 2-D input batch (N, 2) -> (N,); the playground's own table."""


def feature_matrix(X: np.ndarray, names: Sequence[str]) -> np.ndarray:
    """Stack the named playground features of a batch of 2-D points.

    Parameters
    ----------
    X : ndarray, shape (N, 2)
    names : sequence of str
        Keys of ``PLAYGROUND_FEATURES``, in the order wanted.

    Returns
    -------
    ndarray, shape (N, len(names))

    Raises
    ------
    ValueError
        For an empty selection or an unknown name.
    """
    return playground_data.feature_matrix(names, X)
