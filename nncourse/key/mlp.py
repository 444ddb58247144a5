"""A fully connected network's forward pass, batched, any depth.

Conventions used across the course:

* a layer computes z = W h + b with ``W`` of shape (n_out, n_in) and ``b`` of shape (n_out,);
* a batch is a matrix ``X`` of shape (N, n_in) with one example per row, so a layer computes
  ``Z = H @ W.T + b``;
* ``params`` is a list of ``(W, b)`` pairs, first layer first;
* every layer but the last applies the hidden activation; the last layer is linear.
"""

from __future__ import annotations

import numpy as np

from nncourse.key.activations import ACTIVATIONS


def init_params(
    sizes: list[int], rng: np.random.Generator, scale: str = "he"
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Random weights for layer sizes ``[n_in, n_hidden..., n_out]``.

    Parameters
    ----------
    sizes : list of int
        Width of each layer including input and output, length L + 1.
    rng : np.random.Generator
    scale : {"he", "xavier"}
        He: std sqrt(2 / n_in) (ReLU); Xavier: std sqrt(1 / n_in) (sigmoid/tanh).

    Returns
    -------
    list of (W, b)
        ``W`` of shape (sizes[l+1], sizes[l]), ``b`` zeros of shape (sizes[l+1],).
    """
    gain = 2.0 if scale == "he" else 1.0
    return [
        (rng.normal(0.0, np.sqrt(gain / n_in), size=(n_out, n_in)), np.zeros(n_out))
        for n_in, n_out in zip(sizes[:-1], sizes[1:])
    ]


def mlp_forward(
    X: np.ndarray, params: list[tuple[np.ndarray, np.ndarray]], activation: str = "relu"
) -> np.ndarray:
    """Output of the network for a batch of inputs.

    Parameters
    ----------
    X : ndarray, shape (N, n_in)
    params : list of (W, b)
        ``W`` of shape (n_out, n_in), ``b`` of shape (n_out,) per layer.
    activation : {"linear", "sigmoid", "tanh", "relu"}
        Hidden-layer activation; the output layer is linear.

    Returns
    -------
    ndarray, shape (N, n_out of the last layer)
    """
    g = ACTIVATIONS[activation][0]
    h = np.asarray(X, dtype=np.float64)
    for i, (W, b) in enumerate(params):
        z = h @ np.asarray(W, dtype=np.float64).T + np.asarray(b, dtype=np.float64)
        h = z if i == len(params) - 1 else g(z)
    return h


def forward_with_mistake(X, params, activation, *, transpose=True, act_last=False):
    """The forward pass with one known student mistake switched on (for naming it in checks).

    Parameters
    ----------
    X : ndarray, shape (N, n_in)
    params : list of (W, b)
        ``W`` of shape (n_out, n_in), ``b`` of shape (n_out,).
    activation : str
        ``"relu"``, ``"tanh"``, ``"sigmoid"`` or ``"linear"``.
    transpose : bool
        False gives the ``H @ W`` mistake (only runs for square weights).
    act_last : bool
        True applies the activation on the output layer too.

    Returns
    -------
    ndarray, shape (N, n_out)
    """
    from nncourse.key import activations as act

    g, h = getattr(act, activation), X
    for i, (W, b) in enumerate(params):
        z = h @ (W.T if transpose else W) + b
        h = g(z) if act_last or i < len(params) - 1 else z
    return h
