"""Pieces shared by unit 03's checkers: exact scalar comparison, known mistakes on numbers, and
the check that a function left its caller's arrays alone."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from nncourse.check.judge import ATOL_FLOAT32, RTOL_FLOAT32, Verdict, expect_unchanged, ok
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


def tolerances(x: Any) -> tuple[float, float]:
    """(rtol, atol) for a number: exact up to rounding, or float32 precision for a float32 one.

    The unit 03 probes keep a returned numpy scalar's precision (as a 0-d array), so a value
    computed in float32 is judged at float32 precision.
    """
    if isinstance(x, np.ndarray) and x.dtype in (np.float32, np.float16):
        return RTOL_FLOAT32, ATOL_FLOAT32
    return EXACT_RTOL, EXACT_ATOL


def scalar_problem(got: Any, expected: float, name: str) -> str | None:
    """None if ``got`` is a real number equal to ``expected`` up to rounding, else why not.

    The words never quote ``expected`` (a reference value): they are safe for hidden inputs.
    """
    value = number(got)
    if value is None:
        return f"{name} is not a single real number (got {describe_value(got)})"
    if not math.isfinite(value):
        return f"{name} is {value}"
    rtol, atol = tolerances(got)
    if abs(value - expected) <= atol + rtol * abs(expected):
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


def inputs_unchanged(got: Any, *, originals: dict, fn_name: str) -> Verdict:
    """Judge ``{argument name: the argument after the call}`` from a probe: each must equal
    the array the checker sent (``originals``, same keys, arrays or lists of arrays)."""
    if not isinstance(got, dict) or set(got) != set(originals):
        return expect_unchanged(got, np.zeros(0), name="the inputs", message="", hint="")
    for name, original in originals.items():
        after = got[name]
        pieces = original if isinstance(original, list) else [original]
        seen = after if isinstance(original, list) else [after]
        if not isinstance(seen, list) or len(seen) != len(pieces):
            seen = [None] * len(pieces)
        for k, (a, o) in enumerate(zip(seen, pieces)):
            label = f"{name}[{k}]" if isinstance(original, list) else name
            verdict = expect_unchanged(
                a,
                np.asarray(o),
                name=label,
                message=f"{fn_name} changed its argument {label} in place",
                hint=f"the caller still needs {name}: work on new arrays (`a = a - m`, not "
                "`a -= m`), or on a copy",
            )
            if not verdict.passed:
                return verdict
    return ok()
