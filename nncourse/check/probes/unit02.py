"""Probes for unit 02 (numpy and the standard library only)."""

from __future__ import annotations

import numpy as np

from . import probe


@probe
def input_after_call(targets: tuple, z):
    """Call ``targets[0](z)`` on a float64 array and return ``z`` afterwards.

    A function that works in place (``z -= z.max()``) changes its caller's array; the checker
    compares what comes back with the original input.
    """
    z = np.array(z, dtype=np.float64)
    targets[0](z)
    return z


@probe
def output_and_input(targets: tuple, z):
    """Call ``targets[0](z)`` on a float64 array; return ``(result, z afterwards)``.

    Like ``input_after_call``, but the checker also sees the result, so a function that does
    nothing (returns None) earns no credit for leaving its input alone.
    """
    z = np.array(z, dtype=np.float64)
    result = targets[0](z)
    return result, z
