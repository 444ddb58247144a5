"""Backpropagation through a fully connected network, batched, any depth.

Same conventions as :mod:`nncourse.mlp` and :mod:`nncourse.losses`:

* ``params`` is a list of ``(W, b)`` pairs, ``W`` of shape (n_out, n_in), ``b`` of shape (n_out,);
* a batch ``X`` has shape (N, n_in); a layer computes ``Z = H @ W.T + b``;
* hidden layers apply ``activation`` in {"linear", "sigmoid", "tanh", "relu"}; the output layer
  applies ``output`` in {"linear", "softmax"};
* losses are batch means.

Valid (output, loss) pairs and the targets they take:

==========  ===============  =====================================
output      loss             y
==========  ===============  =====================================
"linear"    "squared"        float array (N, K)
"softmax"   "squared"        float array (N, K)  (full softmax VJP)
"softmax"   "cross_entropy"  int labels (N,)     (dL/dz = (p - onehot) / N)
==========  ===============  =====================================

For each layer l with input H_{l-1}, pre-activation Z_l and upstream error dZ_l = dL/dZ_l::

    dW_l = dZ_l.T @ H_{l-1}          (n_out, n_in), same shape as W_l
    db_l = dZ_l.sum(axis=0)          (n_out,)
    dH_{l-1} = dZ_l @ W_l            (N, n_in)
    dZ_{l-1} = dH_{l-1} * g'(Z_{l-1})

The batch mean lives in ``dout`` (the loss gradient already carries the 1/N), so the sums above
are plain sums.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from nncourse.key.activations import ACTIVATIONS, softmax, softmax_vjp
from nncourse.key.losses import softmax_cross_entropy, squared_loss

Params = list[tuple[np.ndarray, np.ndarray]]
Grads = list[tuple[np.ndarray, np.ndarray]]

OUTPUTS = ("linear", "softmax")
LOSSES = ("squared", "cross_entropy")
VALID_COMBINATIONS = (("linear", "squared"), ("softmax", "squared"), ("softmax", "cross_entropy"))


@dataclass
class Cache:
    """What the forward pass keeps for the backward pass.

    Attributes
    ----------
    inputs : list of ndarray
        ``inputs[l]`` is the input H of layer l, shape (N, n_in of layer l); ``inputs[0]`` is X.
    pre_activations : list of ndarray
        ``pre_activations[l]`` is Z of layer l, shape (N, n_out of layer l).
    weights : list of ndarray
        The float64 weight matrices, ``weights[l]`` of shape (n_out, n_in).
    activation : str
        Hidden activation name.
    output : str
        Output activation name.
    """

    inputs: list[np.ndarray] = field(default_factory=list)
    pre_activations: list[np.ndarray] = field(default_factory=list)
    weights: list[np.ndarray] = field(default_factory=list)
    activation: str = "relu"
    output: str = "linear"


def _check_names(activation: str, output: str, loss: str | None = None) -> None:
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {tuple(ACTIVATIONS)}, got {activation!r}")
    if output not in OUTPUTS:
        raise ValueError(f"output must be one of {OUTPUTS}, got {output!r}")
    if loss is not None and (output, loss) not in VALID_COMBINATIONS:
        raise ValueError(
            f"(output, loss) = ({output!r}, {loss!r}) is not one of {VALID_COMBINATIONS}"
        )


def forward(
    X: np.ndarray, params: Params, activation: str = "relu", output: str = "linear"
) -> tuple[np.ndarray, Cache]:
    """Network output and the cache the backward pass needs.

    Parameters
    ----------
    X : ndarray, shape (N, n_in)
    params : list of (W, b)
        ``W`` of shape (n_out, n_in), ``b`` of shape (n_out,) per layer.
    activation : {"linear", "sigmoid", "tanh", "relu"}
        Hidden-layer activation.
    output : {"linear", "softmax"}
        Output activation (softmax over each row).

    Returns
    -------
    out : ndarray, shape (N, n_out of the last layer)
        The network output (probabilities if ``output="softmax"``).
    cache : Cache
        Layer inputs, pre-activations and weights for :func:`backward`.
    """
    _check_names(activation, output)
    g = ACTIVATIONS[activation][0]
    cache = Cache(activation=activation, output=output)
    h = np.asarray(X, dtype=np.float64)
    last = len(params) - 1
    for i, (W, b) in enumerate(params):
        W = np.asarray(W, dtype=np.float64)
        z = h @ W.T + np.asarray(b, dtype=np.float64)
        cache.inputs.append(h)
        cache.pre_activations.append(z)
        cache.weights.append(W)
        if i < last:
            h = g(z)
        else:
            h = softmax(z) if output == "softmax" else z
    return h, cache


def backward(cache: Cache, dout: np.ndarray) -> Grads:
    """Gradients of a scalar loss for every weight and bias, given dL/d(output).

    Parameters
    ----------
    cache : Cache
        From :func:`forward`.
    dout : ndarray, shape (N, n_out of the last layer)
        dL/d(network output). For a softmax output this is the gradient with respect to the
        probabilities; it is passed back through the full softmax Jacobian
        (diag(p) - p p^T) by :func:`nncourse.key.activations.softmax_vjp`.

    Returns
    -------
    list of (dW, db)
        One pair per layer, first layer first, ``dW`` shaped like ``W`` (n_out, n_in) and ``db``
        like ``b`` (n_out,).
    """
    g_prime = ACTIVATIONS[cache.activation][1]
    dz = np.asarray(dout, dtype=np.float64)
    if cache.output == "softmax":
        dz = softmax_vjp(cache.pre_activations[-1], dz)
    return _backward_from_logits(cache, dz, g_prime)


def backward_to_input(cache: Cache, dout: np.ndarray) -> tuple[Grads, np.ndarray]:
    """Like :func:`backward`, and also dL/dX, the gradient for the network's input.

    Training never needs dL/dX (X is data, not a parameter), so :func:`backward` skips that
    last product ``dZ_1 @ W_1``; this variant computes it, which is what a layer inside a
    bigger model would have to do.

    Returns
    -------
    grads : list of (dW, db)
    dX : ndarray, shape (N, n_in)
    """
    g_prime = ACTIVATIONS[cache.activation][1]
    dz = np.asarray(dout, dtype=np.float64)
    if cache.output == "softmax":
        dz = softmax_vjp(cache.pre_activations[-1], dz)
    grads, dx = _backward_from_logits(cache, dz, g_prime, input_grad=True)
    return grads, dx


def _backward_from_logits(cache: Cache, dz: np.ndarray, g_prime, input_grad: bool = False):
    """Backward pass from dL/dZ of the last layer (shape (N, n_out)).

    Returns the list of (dW, db); with ``input_grad`` also dL/dX as a second value.
    """
    grads: Grads = []
    dx = None
    for i in range(len(cache.weights) - 1, -1, -1):
        h = cache.inputs[i]
        grads.append((dz.T @ h, dz.sum(axis=0)))
        if i > 0:
            dz = (dz @ cache.weights[i]) * g_prime(cache.pre_activations[i - 1])
        elif input_grad:
            dx = dz @ cache.weights[0]
    grads.reverse()
    return (grads, dx) if input_grad else grads


def softmax_backward(y: np.ndarray, dy: np.ndarray) -> np.ndarray:
    """Backward through softmax given its *output*: dz = J^T dy = y * (dy - <dy, y>).

    The Jacobian diag(y) - y y^T is symmetric; its second term gives the subtracted inner
    product. Dropping it (``dz = y * dy``) is the classic bug.

    Parameters
    ----------
    y : ndarray, shape (C,) or (N, C)
        softmax(z), as saved by the forward pass.
    dy : ndarray, same shape
        dL/dy.

    Returns
    -------
    ndarray, same shape: dL/dz.
    """
    y = np.asarray(y, dtype=np.float64)
    dy = np.asarray(dy, dtype=np.float64)
    return y * (dy - np.sum(dy * y, axis=-1, keepdims=True))


def max_forward(z: np.ndarray) -> np.ndarray:
    """Maximum over the last axis: shape (C,) -> (), (N, C) -> (N,)."""
    return np.max(np.asarray(z, dtype=np.float64), axis=-1)


def max_backward(z: np.ndarray, dy: np.ndarray | float) -> np.ndarray:
    """Backward through ``y = max(z)`` over the last axis: the whole gradient goes to the arg-max.

    dy/dz_i is 1 for the (first) largest entry and 0 for the others. At a tie any split of
    ``dy`` among the tied entries with non-negative weights is a valid subgradient; this
    function gives it all to the first one, as ``np.argmax`` does.

    Parameters
    ----------
    z : ndarray, shape (C,) or (N, C)
    dy : float or ndarray, shape () or (N,)
        dL/dy for each row.

    Returns
    -------
    ndarray, shape of ``z``: dL/dz, zero except at each row's arg-max.
    """
    z = np.asarray(z, dtype=np.float64)
    flat = z.reshape(-1, z.shape[-1])
    dz = np.zeros_like(flat)
    dz[np.arange(flat.shape[0]), np.argmax(flat, axis=1)] = np.asarray(dy, dtype=np.float64).ravel()
    return dz.reshape(z.shape)


def loss_and_grads(
    X: np.ndarray,
    y: np.ndarray,
    params: Params,
    activation: str = "relu",
    output: str = "linear",
    loss: str = "squared",
) -> tuple[float, Grads]:
    """Batch-mean loss and its gradient for every weight and bias.

    Parameters
    ----------
    X : ndarray, shape (N, n_in)
    y : ndarray
        Shape (N, K) floats for ``loss="squared"``; shape (N,) integer labels for
        ``loss="cross_entropy"``.
    params : list of (W, b)
    activation : {"linear", "sigmoid", "tanh", "relu"}
    output : {"linear", "softmax"}
    loss : {"squared", "cross_entropy"}
        Valid pairs: (linear, squared), (softmax, squared), (softmax, cross_entropy).

    Returns
    -------
    loss : float
    grads : list of (dW, db)
        Shapes as in ``params``.
    """
    _check_names(activation, output, loss)
    out, cache = forward(X, params, activation, output)
    g_prime = ACTIVATIONS[activation][1]
    if loss == "cross_entropy":
        value, dz = softmax_cross_entropy(cache.pre_activations[-1], y)
        return value, _backward_from_logits(cache, dz, g_prime)
    value, dout = squared_loss(out, y)
    return value, backward(cache, dout)
