"""Probes for unit 02 (numpy and the standard library only)."""

from __future__ import annotations

import re

import numpy as np

from . import probe

_SHAPE_ERRORS = re.compile(r"matmul: Input operand|not aligned|could not be broadcast")


@probe
def output_and_args(targets: tuple, index: int, *args):
    """Call ``targets[index](*args)``; return ``(result, [args as they are afterwards])``.

    The arguments are the checker's copies; a function that works in place (``z -= z.max()``)
    changes them, and the judge compares them with what was sent. Returning the result too means
    a function that does nothing (returns None) earns no credit for leaving its input alone.
    """
    result = targets[index](*args)
    return result, list(args)


@probe
def mlp_call(targets: tuple, X, params, activation):
    """``targets[0](X, params, activation)``, with numpy's raw shape errors put in the course's
    words: weights are stored ``(n_out, n_in)``, so a layer is ``H @ W.T + b``.
    """
    try:
        return targets[0](X, params, activation)
    except ValueError as exc:
        if not _SHAPE_ERRORS.search(str(exc)):
            raise
        sizes = ", ".join(f"W{k + 1} {np.shape(W)}" for k, (W, _b) in enumerate(params))
        raise ValueError(
            "the shapes of a matrix product do not fit. Weights are stored (n_out, n_in) here "
            f"({sizes}), so a layer computes H @ W.T + b with H of shape (N, n_in); "
            f"numpy said: {str(exc).strip().splitlines()[0]}"
        ) from None
