"""Probes for unit 01 (numpy and the standard library only)."""

from __future__ import annotations

from typing import Any

import numpy as np

from . import probe


def _copy(value: Any) -> Any:
    """A fresh copy of plain data: arrays as float64 copies, lists and tuples rebuilt."""
    if isinstance(value, np.ndarray):
        return np.array(value, dtype=np.float64)
    if isinstance(value, list | tuple):
        return type(value)(_copy(v) for v in value)
    return value


@probe
def result_and_inputs(targets: tuple, index: int, *args: Any) -> tuple:
    """Call ``targets[index]`` on fresh copies of ``args``; return ``(result, the copies after)``.

    The copies are what the student's function received, so a function that works in place
    (``X -= X.mean(0)``, ``y[y == 0] = -1``) shows the change; the result comes back too, so a
    function that does nothing earns no credit for leaving its inputs alone.
    """
    copies = [_copy(a) for a in args]
    result = targets[index](*copies)
    return result, copies
