"""04.own_backprop: gradient-check a ``loss_and_grads`` function in every configuration it has.

A backprop function of unit 03 has branches (the hidden activation, the output, the loss), and a
bug usually lives in one branch: relu' written wrong, the softmax Jacobian's ``-p p^T`` dropped
only on the squared-loss path. A check of one configuration misses the others. This reference
checks each configuration against the function's *own* loss, which is what a gradient check can
promise: the gradient agrees with the loss the same code computes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from nncourse.key.gradcheck import GRADCHECK_TOL, failing, per_tensor_check

Params = list[tuple[np.ndarray, np.ndarray]]


def check_my_backprop(
    loss_and_grads: Callable,
    X: np.ndarray,
    targets: dict,
    params: Params,
    configs: Sequence[dict],
    tol: float = GRADCHECK_TOL,
) -> list[list[str]]:
    """For each configuration, the tensors whose gradient disagrees with the function's loss.

    Parameters
    ----------
    loss_and_grads : callable
        ``loss_and_grads(X, y, params, activation, output, loss) -> (loss, [(dW, db), ...])``,
        e.g. ``mlp_loss_and_grads`` of unit 03.
    X : ndarray, shape (N, n_0)
        The batch.
    targets : dict
        ``{"squared": Y of shape (N, K), "cross_entropy": integer labels of shape (N,)}``; a
        configuration uses the target of its loss.
    params : list of (W, b)
        ``W`` of shape ``(n_out, n_in)``, ``b`` of shape ``(n_out,)``; not modified.
    configs : sequence of dict
        Each ``{"activation": ..., "output": ..., "loss": ...}``.
    tol : float
        A tensor is wrong when its relative error is not below ``tol`` (or its shape is wrong).

    Returns
    -------
    list of list of str
        One list per configuration, in order, of names ``"W1", "b1", ...`` (``[]``: all right).
    """
    report = []
    for net in configs:
        y = targets[net["loss"]]

        def loss_fn(p, y=y, net=net):
            return loss_and_grads(X, y, p, **net)[0]

        grads = loss_and_grads(X, y, params, **net)[1]
        report.append(failing(per_tensor_check(loss_fn, params, grads), tol))
    return report
