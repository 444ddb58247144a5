"""Answer key, unit 05: permutation symmetry of hidden units.

Layer convention of the course: ``params`` is a list of ``(W, b)``, ``W`` of shape
(n_out, n_in); the hidden units of layer ``layer`` are the outputs of ``params[layer]``, so
they own row ``i`` of ``W_layer``, entry ``i`` of ``b_layer`` and column ``i`` of
``W_{layer+1}``.

Not part of the student edition. The checkers import this module only inside ``make_cases``.
"""

from __future__ import annotations

import math

import numpy as np

Params = list[tuple[np.ndarray, np.ndarray]]


def permute_hidden(params: Params, perm, layer: int = 0) -> Params:
    """The same network with the hidden units of ``layer`` reordered.

    New unit ``i`` is old unit ``perm[i]``: ``W_l[perm]``, ``b_l[perm]``, ``W_{l+1}[:, perm]``.

    Parameters
    ----------
    params : list of (W, b)
        At least ``layer + 2`` layers.
    perm : sequence of int, shape (K,)
        A permutation of ``range(K)``, ``K = len(b_layer)``.
    layer : int
        Which hidden layer (0 = the first).

    Returns
    -------
    list of (W, b)
        New arrays; ``params`` is not modified. Every other layer is copied unchanged.
    """
    perm = np.asarray(perm, dtype=np.int64)
    out = [(np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)) for W, b in params]
    W, b = out[layer]
    out[layer] = (W[perm], b[perm])
    W_next, b_next = out[layer + 1]
    out[layer + 1] = (W_next[:, perm], b_next)
    return out


def count_equivalent(hidden_sizes) -> int:
    """Number of parameter settings that permutations of hidden units map one point to.

    Parameters
    ----------
    hidden_sizes : sequence of int
        Width ``K_l`` of each hidden layer.

    Returns
    -------
    int
        ``prod_l K_l!``, an exact Python int.
    """
    total = 1
    for k in hidden_sizes:
        total *= math.factorial(int(k))
    return total


def average_permutations(params: Params, layer: int = 0) -> Params:
    """The mean of the network over all ``K!`` orderings of the hidden units of ``layer``.

    Over all permutations, each unit's incoming row is the mean of ``W_l``'s rows, its bias
    the mean of ``b_l`` and its outgoing column the mean of ``W_{l+1}``'s columns: every unit
    of the layer becomes the same. No loop over ``K!`` permutations is needed.

    Parameters
    ----------
    params : list of (W, b)
    layer : int

    Returns
    -------
    list of (W, b)
        New arrays of the same shapes; other layers copied unchanged; ``params`` not modified.
    """
    out = [(np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)) for W, b in params]
    W, b = out[layer]
    out[layer] = (
        np.broadcast_to(W.mean(axis=0), W.shape).copy(),
        np.full(b.shape, b.mean()),
    )
    W_next, b_next = out[layer + 1]
    out[layer + 1] = (
        np.broadcast_to(W_next.mean(axis=1, keepdims=True), W_next.shape).copy(),
        b_next,
    )
    return out
