"""Probes for unit 06 (numpy and the standard library only).

``gradient_descent`` takes a gradient *function*, which cannot travel to the grader's sandbox
as plain data; these probes build it where the student's code runs, from plain coefficients,
and hand back the path together with the start array as it was after the call. ``decay`` must
refuse an unknown schedule with ``ValueError``; a probe turns that refusal into plain data.
"""

from __future__ import annotations

import numpy as np

from . import probe

REFUSED = "raised ValueError"
"""What ``call_or_refusal`` returns when the call raised ``ValueError``."""


def gradient_fn(kind: str, coef: dict):
    if kind == "quadratic":
        A, b = np.asarray(coef["A"], dtype=float), np.asarray(coef["b"], dtype=float)
        return lambda w: A @ np.asarray(w, dtype=float) + b
    if kind == "logcosh":  # E(w) = sum log cosh(s (w - c)) / s: a bowl that is not quadratic
        c, s = np.asarray(coef["c"], dtype=float), float(coef["s"])
        return lambda w: np.tanh(s * (np.asarray(w, dtype=float) - c))
    raise ValueError(f"unknown gradient kind {kind!r}")


@probe
def descend(targets: tuple, kind: str, coef: dict, w0, eta: float, steps: int):
    """``gradient_descent(grad, w0, eta, steps)`` on the gradient ``kind`` built from ``coef``;
    returns ``(path, w0 after the call)``."""
    w0 = np.array(w0, dtype=np.float64)
    path = targets[0](gradient_fn(kind, coef), w0, eta, steps)
    return path, w0


@probe
def call_or_refusal(targets: tuple, calls: list) -> list:
    """``targets[0](*args)`` for each ``args`` in ``calls``; ``REFUSED`` where it raised
    ``ValueError`` (any other exception propagates)."""
    results = []
    for args in calls:
        try:
            results.append(targets[0](*args))
        except ValueError:
            results.append(REFUSED)
    return results


@probe
def quadratic_inputs_after(targets: tuple, calls: list) -> list:
    """``targets[0](*args)`` for each ``args`` in ``calls``, on copies of its arrays; returns,
    per call, each argument as it is after the call (the result itself is not kept)."""
    after = []
    for args in calls:
        mine = [np.array(a, dtype=np.float64) if isinstance(a, np.ndarray) else a for a in args]
        targets[0](*mine)
        after.append(mine)
    return after
