"""What the playground draws besides the decision map, computed from the weights: the weights
as the network diagram shows them, and the points as the output layer sees them.

Plain numpy, no display; ``nncourse.playground`` re-exports both.
"""

from __future__ import annotations

import numpy as np


def diagram_weights(params: list[tuple[np.ndarray, np.ndarray]]) -> list[np.ndarray]:
    """The weights as the network diagram shows them: every layer's W, shape (n_out, n_in),
    except the output layer, replaced by the one row (1, n_in) that decides the class: the
    difference of its two rows (the logit gap z1 - z0 is linear in the last hidden layer)."""
    Ws = [W for W, _ in params]
    return [*Ws[:-1], (Ws[-1][1] - Ws[-1][0])[None, :]]


def output_view(H: np.ndarray, W_out: np.ndarray, b_out: np.ndarray) -> tuple[np.ndarray, float]:
    """The points as the output layer sees them, in two coordinates where its rule is a line.

    The output decides on the logit gap ``d = u . h + c`` with ``u = W_out[1] - W_out[0]`` and
    ``c = b_out[1] - b_out[0]``: linear in ``h``. The first coordinate is ``h`` along ``u``
    (unit length), so the boundary d = 0 is the vertical line at ``-c / |u|``; the second is
    ``h`` along the direction of largest spread orthogonal to ``u`` (0 when ``h`` has one
    component). When the points of the two classes fall on the two sides of that line, the
    hidden layer has made them linearly separable: it has learnt a feature map.

    Parameters
    ----------
    H : ndarray, shape (N, m)
        The last hidden layer's outputs (or the input features, without hidden layers).
    W_out : ndarray, shape (2, m)
    b_out : ndarray, shape (2,)

    Returns
    -------
    coords : ndarray, shape (N, 2)
    threshold : float
        Class 1 exactly where ``coords[:, 0] > threshold``.
    """
    H = np.asarray(H, dtype=np.float64)
    u, c = W_out[1] - W_out[0], float(b_out[1] - b_out[0])
    norm = float(np.linalg.norm(u))
    u_hat = u / norm if norm > 0 else np.eye(len(u))[0]
    along = H @ u_hat
    rest = H - np.outer(along, u_hat)
    if H.shape[1] > 1 and np.ptp(rest) > 0:
        v_hat = np.linalg.svd(rest - rest.mean(axis=0), full_matrices=False)[2][0]
        across = rest @ v_hat
    else:
        across = np.zeros(len(H))
    threshold = -c / norm if norm > 0 else 0.0
    return np.column_stack([along, across]), threshold
