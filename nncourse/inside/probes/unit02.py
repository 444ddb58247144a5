"""Probes for unit 02 (numpy and the standard library only)."""

from __future__ import annotations

import numpy as np

from . import probe


@probe
def output_and_input(targets: tuple, z):
    """Call ``targets[0](z)`` on a float64 array; return ``(result, z afterwards)``.

    A function that works in place (``z -= z.max()``) changes its caller's array; returning the
    result too means a function that does nothing (returns None) earns no credit for leaving
    its input alone.
    """
    z = np.array(z, dtype=np.float64)
    result = targets[0](z)
    return result, z
