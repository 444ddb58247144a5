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
