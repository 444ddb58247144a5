"""How to choose an activation, and which loss to train a classifier with: the numbers behind two
figures of unit 02.

* ``gradient_norms`` -- the size of the gradient at every layer of a deep stack at random
  initialisation, backpropagated from the top: sigmoid stacks lose a factor of four or more per
  layer (its slope is at most 1/4), tanh and ReLU keep it when the weights are scaled for them;
* ``dead_fraction`` -- the share of ReLU units that are off for every input of a batch (they pass
  no gradient back and so never recover) as their biases are pushed down;
* ``margin_losses`` -- the classification losses as functions of the margin ``m = y f(x)``.

Computed with ``nncourse.engine`` (activations by name); nothing here answers an exercise.
"""

from __future__ import annotations

import numpy as np

from nncourse.engine import unit, unit_slope


def gradient_norms(
    activation: str,
    depth: int = 20,
    width: int = 100,
    gain: float = 1.0,
    n_samples: int = 64,
    seed: int = 0,
) -> np.ndarray:
    """Mean norm of dL/dh at every layer of a random stack, for a random unit gradient on top.

    The stack is ``h_l = g(W_l h_(l-1))`` with ``W_l`` drawn from ``N(0, gain^2 / width)`` and no
    biases, on ``n_samples`` inputs drawn from ``N(0, I)``. At the top each example receives a
    gradient of norm 1 in a random direction; it is carried down by
    ``dL/dh_(l-1) = W_l^T (g'(z_l) * dL/dh_l)``.

    Parameters
    ----------
    activation : {"sigmoid", "tanh", "relu", "linear"}
    depth : int
        Number of layers.
    width : int
        Units per layer (the inputs have this dimension too).
    gain : float
        Weight scale: 1 is LeCun/Xavier scaling, sqrt(2) is He scaling for ReLU.
    n_samples : int
    seed : int

    Returns
    -------
    ndarray, shape (depth + 1,)
        Entry ``l`` is the mean over the batch of ``||dL/dh_l||``; entry 0 is the input,
        entry ``depth`` the top (1 by construction).
    """
    rng = np.random.default_rng(seed)
    h = rng.normal(size=(n_samples, width))
    weights, pre = [], []
    for _ in range(depth):
        W = rng.normal(0.0, gain / np.sqrt(width), size=(width, width))
        z = h @ W.T
        weights.append(W)
        pre.append(z)
        h = unit(activation, z)
    grad = rng.normal(size=h.shape)
    grad /= np.linalg.norm(grad, axis=1, keepdims=True)
    norms = [float(np.mean(np.linalg.norm(grad, axis=1)))]
    for W, z in zip(reversed(weights), reversed(pre)):
        grad = (grad * unit_slope(activation, z)) @ W
        norms.append(float(np.mean(np.linalg.norm(grad, axis=1))))
    return np.array(norms[::-1])


def dead_fraction(
    bias_shifts: np.ndarray,
    width: int = 200,
    n_in: int = 10,
    n_samples: int = 500,
    seed: int = 0,
) -> np.ndarray:
    """Share of a ReLU layer's units that are off (z <= 0) for every input, per bias shift.

    Inputs ``N(0, I)`` of dimension ``n_in``; weights ``N(0, 1 / n_in)``, so each unit's
    pre-activation over the inputs is roughly ``N(shift, 1)``. A unit off for every input has
    zero slope everywhere in the batch: no gradient reaches its weights, and it stays dead.

    Parameters
    ----------
    bias_shifts : ndarray, shape (S,)
        The bias given to every unit.

    Returns
    -------
    ndarray, shape (S,), values in [0, 1]
    """
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_samples, n_in))
    W = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(width, n_in))
    Z = X @ W.T
    shifts = np.asarray(bias_shifts, dtype=np.float64)
    return np.array([float(np.mean(np.all(Z + s <= 0, axis=0))) for s in shifts])


MARGIN_LOSSES = ("0-1", "perceptron", "hinge", "logistic", "squared")
"""The losses ``margin_losses`` returns, in the order the figure draws them."""


def margin_losses(m: np.ndarray) -> dict[str, np.ndarray]:
    """Classification losses of a score ``f(x)`` with label ``y`` in {-1, +1}, as functions of
    the margin ``m = y f(x)``.

    ``0-1``: 1 if m <= 0 else 0; ``perceptron``: max(0, -m); ``hinge``: max(0, 1 - m);
    ``logistic``: log2(1 + exp(-m)) (base 2, so it is 1 at m = 0 and bounds the 0-1 loss from
    above); ``squared``: (1 - m)^2, i.e. (f(x) - y)^2 written with the margin.

    Parameters
    ----------
    m : ndarray, shape (M,)

    Returns
    -------
    dict
        name -> ndarray of shape (M,), keys in the order of ``MARGIN_LOSSES``.
    """
    m = np.asarray(m, dtype=np.float64)
    return {
        "0-1": (m <= 0).astype(np.float64),
        "perceptron": np.maximum(0.0, -m),
        "hinge": np.maximum(0.0, 1.0 - m),
        "logistic": np.logaddexp(0.0, -m) / np.log(2.0),
        "squared": (1.0 - m) ** 2,
    }
