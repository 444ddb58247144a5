"""Pieces shared by unit 03's checkers: exact scalar comparison and known mistakes on numbers."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from nncourse.inside.guard import describe_value

EXACT_RTOL = 1e-12
"""Backward code computes derivatives exactly, up to rounding: finite differences fail this."""

EXACT_ATOL = 1e-12


def number(x: Any) -> float | None:
    """``x`` as a float when it is a real number (or a numeric size-1 array), else None."""
    if isinstance(x, np.ndarray) and x.size == 1 and x.dtype.kind in "biuf":
        x = float(x.reshape(()))
    if isinstance(x, bool) or not isinstance(x, int | float):
        return None
    return float(x)


def scalar_problem(got: Any, expected: float, name: str) -> str | None:
    """None if ``got`` is a real number equal to ``expected`` up to rounding, else why not.

    The words never quote ``expected`` (a reference value): they are safe for hidden inputs.
    """
    value = number(got)
    if value is None:
        return f"{name} is not a single real number (got {describe_value(got)})"
    if not math.isfinite(value):
        return f"{name} is {value}"
    if abs(value - expected) <= EXACT_ATOL + EXACT_RTOL * abs(expected):
        return None
    return f"{name} is {value:.12g}"


def matching_mistake(value: float | None, mistakes: Any) -> dict | None:
    """The first known mistake (``mistake(label, number, hint)``) whose number ``value`` matches."""
    if value is None:
        return None
    for m in mistakes or ():
        candidate = float(m["value"])
        if abs(value - candidate) <= 1e-9 * max(1.0, abs(candidate)):
            return m
    return None
