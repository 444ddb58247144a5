"""Judging a plain student result against an expected value: type -> shape -> finite -> close.

Every helper returns a ``Verdict``; none raises. Tolerances are the named constants below, and
the notebooks quote the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from nncourse.inside.guard import Opaque, describe_value

RTOL = 1e-6
"""Relative tolerance for float64 results."""

ATOL = 1e-9
"""Absolute tolerance for float64 results (values near zero)."""

RTOL_FLOAT32 = 2e-4
"""Relative tolerance when the student returned float32 (cast to float64, then judged)."""

ATOL_FLOAT32 = 1e-6
"""Absolute tolerance when the student returned float32."""


@dataclass(frozen=True)
class Verdict:
    """Outcome of judging one value: passed, or why not (in words).

    The fields say what may be shown where. ``message``, ``wanted``, ``got``, ``hint`` and
    ``mistake`` never carry a value the reference computed, so the grader's feedback shows them for
    hidden inputs too; ``expected`` and ``detail`` may (an expected array, the size of a
    difference), so they are shown in the notebook only.

    Attributes
    ----------
    passed : bool
    message : str
        What happened, in one sentence.
    expected : str
        The expected value as text (computed by the reference: hidden in feedback).
    got : str
        What the student's code returned.
    hint : str
        How to fix it.
    wanted : str
        What was required, as a property ("shape (3,)", "a numpy array"): safe to show anywhere.
    detail : str
        More about the difference that reveals expected values ("largest difference 0.3").
    mistake : str
        Label of the known mistake the result matches (e.g. "softmax without the -y y^T term").
    """

    passed: bool
    message: str = ""
    expected: str = ""
    got: str = ""
    hint: str = ""
    wanted: str = ""
    detail: str = ""
    mistake: str = ""


def show(x: Any, limit: int = 90) -> str:
    """A short text of a value for a case's ``call`` ("[1.0, 2.0, ...]"), no type prefix."""
    return describe_value(np.asarray(x), limit=limit).split(": ", 1)[-1]


def ok(message: str = "") -> Verdict:
    return Verdict(True, message)


def fail(
    message: str,
    expected: str = "",
    got: str = "",
    hint: str = "",
    *,
    wanted: str = "",
    detail: str = "",
    mistake: str = "",
) -> Verdict:
    return Verdict(False, message, expected, got, hint, wanted, detail, mistake)


def mistake(label: str, value: Any, hint: str) -> dict:
    """A known mistake as data: what the buggy code returns on this case's input, and the hint.

    Parameters
    ----------
    label : str
        Names the bug in words, e.g. ``"the derivative 1 - tanh(z) instead of 1 - tanh(z)**2"``.
    value : ndarray or float
        What code with that bug returns on the case's input (computed with the answer key).
    hint : str
        How to fix it.
    """
    return {"label": label, "value": value, "hint": hint}


def match_mistake(arr: Any, mistakes: Any, rtol: float = RTOL, atol: float = ATOL) -> dict | None:
    """The first known mistake whose value ``arr`` matches (same shape, close), or None."""
    for m in mistakes or ():
        value = np.asarray(m["value"], dtype=np.float64)
        try:
            arr64 = np.asarray(arr, dtype=np.float64)
        except (TypeError, ValueError):
            return None
        if arr64.shape == value.shape and np.allclose(arr64, value, rtol=rtol, atol=atol):
            return m
    return None


def _kind_name(value: Any) -> str:
    if isinstance(value, Opaque):
        return value.type_name
    return type(value).__name__


def as_array(got: Any, name: str = "the result") -> tuple[np.ndarray | None, Verdict | None]:
    """Accept numbers as an array: an ndarray (bool/int/float, any precision), a list or tuple of
    numbers (nested evenly), or a single number (a 0-d array); refuse everything else in words.

    Returns
    -------
    (array, None) on success, with the array cast to float64; (None, Verdict) on refusal.
    """
    if got is None:
        return None, fail(
            f"{name} is None",
            expected="a numpy array",
            wanted="a numpy array",
            got="None",
            hint="did you forget a `return` statement?",
        )
    if isinstance(got, list | tuple | int | float | np.generic) and not isinstance(got, str):
        try:
            arr = np.asarray(got)
        except (TypeError, ValueError):
            arr = None
        if arr is None or arr.dtype.kind not in "biuf":
            return None, fail(
                f"{name} is a {type(got).__name__} that is not a grid of numbers",
                expected="a numpy array",
                wanted="a numpy array (or a list of numbers with one entry per position)",
                got=describe_value(got),
                hint="build the result with numpy operations, or wrap it in np.asarray(...)",
            )
        got = arr
    if not isinstance(got, np.ndarray):
        return None, fail(
            f"{name} has the wrong type ({_kind_name(got)})",
            expected="a numpy array",
            wanted="a numpy array",
            got=describe_value(got),
        )
    if got.dtype.kind == "c":
        return None, fail(
            f"{name} is complex",
            expected="real numbers",
            wanted="real numbers",
            got=describe_value(got),
        )
    if got.dtype.kind not in "biuf":
        return None, fail(
            f"{name} holds {got.dtype} values, not numbers",
            expected="a numpy array of numbers",
            wanted="a numpy array of numbers",
            got=describe_value(got),
        )
    return got.astype(np.float64), None


def first_difference(arr: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> str:
    """Where two same-shaped arrays first differ, in words, with both values at full precision.

    Reveals an expected value: for ``Verdict.detail`` only.
    """
    bad = ~np.isclose(arr, expected, rtol=rtol, atol=atol)
    if not bad.any():
        return ""
    idx = tuple(int(i) for i in np.argwhere(bad)[0]) if arr.ndim else ()
    return (
        f"first difference at index {idx}: expected {float(expected[idx])!r}, "
        f"got {float(arr[idx])!r}"
    )


def _tolerances(got: Any) -> tuple[float, float]:
    low_precision = isinstance(got, np.ndarray) and got.dtype in (np.float32, np.float16)
    return (RTOL_FLOAT32, ATOL_FLOAT32) if low_precision else (RTOL, ATOL)


def expect_array(
    got: Any,
    expected: np.ndarray,
    *,
    name: str = "the result",
    rtol: float | None = None,
    atol: float | None = None,
    hint: str = "",
    mistakes: Any = (),
) -> Verdict:
    """Judge an array result: type, then shape, then finite, then close to ``expected``.

    Parameters
    ----------
    got : object
        Plain student result (from ``to_plain``).
    expected : ndarray
        Reference value computed by the checker.
    name : str
        How to refer to the result in messages, e.g. ``"softmax(z)"``.
    rtol, atol : float, optional
        Tolerances; default ``RTOL``/``ATOL`` (float64) or the float32 ones.
    hint : str
        Added to a "values differ" failure.
    mistakes : sequence of dict
        Known mistakes (``mistake(...)``): a result that matches one is named by its label and
        gets its hint.
    """
    expected = np.asarray(expected, dtype=np.float64)
    if isinstance(got, int | float) and not isinstance(got, bool) and expected.ndim > 0:
        return fail(
            f"{name} is a single number, not an array",
            expected=f"an array of shape {expected.shape}",
            wanted=f"an array of shape {expected.shape}",
            got=describe_value(got),
            hint="return one value per entry of the input; np.ones_like, np.zeros_like and "
            "np.full_like keep the shape of their argument",
        )
    arr, refusal = as_array(got, name)
    if refusal is not None:
        return refusal
    if arr.shape != expected.shape:
        return fail(
            f"{name} has the wrong shape",
            expected=f"shape {expected.shape}",
            wanted=f"shape {expected.shape}",
            got=f"shape {arr.shape}",
            hint="check which axis you sum or index over, and keep the batch axis",
        )
    if not np.all(np.isfinite(arr)):
        bad = int(np.sum(~np.isfinite(arr)))
        first = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0]) if arr.ndim else ()
        counts = ", ".join(
            f"{int(m.sum())} {k}"
            for k, m in (("NaN", np.isnan(arr)), ("inf", np.isinf(arr)))
            if m.any()
        )
        return fail(
            f"{name} contains NaN or infinite values ({counts}), the first at index {first}",
            expected=describe_value(expected),
            got=describe_value(got),
            hint=hint,
        )
    d_rtol, d_atol = _tolerances(got)
    rtol = d_rtol if rtol is None else max(rtol, d_rtol)
    atol = d_atol if atol is None else max(atol, d_atol)
    if not np.allclose(arr, expected, rtol=rtol, atol=atol):
        err = np.abs(arr - expected)
        bad = ~np.isclose(arr, expected, rtol=rtol, atol=atol)
        first = tuple(int(i) for i in np.argwhere(bad)[0]) if arr.ndim else ()
        where_text = f" (the first wrong entry is at index {first})" if arr.ndim else ""
        known = match_mistake(arr, mistakes, rtol, atol)
        return fail(
            f"{name} has the right shape but wrong values{where_text}"
            + (f": it looks like {known['label']}" if known else ""),
            expected=describe_value(expected),
            got=describe_value(got),
            hint=known["hint"] if known else hint,
            detail=f"{first_difference(arr, expected, rtol, atol)}; "
            f"largest difference {err.max():.3g}",
            mistake=known["label"] if known else "",
        )
    return ok()


def expect_scalar(
    got: Any,
    expected: float,
    *,
    name: str = "the result",
    rtol: float = RTOL,
    atol: float = ATOL,
    hint: str = "",
) -> Verdict:
    """Judge a real number: a Python/numpy number or a 0-d/size-1 array is accepted."""
    if isinstance(got, np.generic) and got.dtype.kind in "iuf":
        got = np.asarray(got)
    if isinstance(got, np.ndarray) and got.size == 1 and got.dtype.kind in "biuf":
        rtol, atol = max(rtol, _tolerances(got)[0]), max(atol, _tolerances(got)[1])
        got = float(got.reshape(()))
    if isinstance(got, bool) or not isinstance(got, int | float):
        return fail(
            f"{name} should be a single real number",
            expected=f"a float like {float(expected):.6g}",
            got=describe_value(got),
            hint="did you forget a `return`, or return an array where a number was asked for?"
            if got is None or isinstance(got, np.ndarray)
            else "",
        )
    got = float(got)
    if not np.isfinite(got):
        return fail(
            f"{name} is {got}",
            expected=f"{float(expected):.6g}",
            got=str(got),
            hint="an intermediate value overflowed; use a numerically stable formula",
        )
    if not np.isclose(got, expected, rtol=rtol, atol=atol):
        shown_e, shown_g = f"{float(expected):.8g}", f"{got:.8g}"
        if shown_e == shown_g:
            shown_e, shown_g = repr(float(expected)), repr(got)
        return fail(f"{name} has the wrong value", expected=shown_e, got=shown_g, hint=hint)
    return ok()


def expect_tuple(got: Any, length: int, *, name: str = "the result") -> Verdict | None:
    """Refuse anything that is not a tuple/list of ``length`` items; None means fine."""
    if not isinstance(got, tuple | list) or len(got) != length:
        return fail(
            f"{name} should be a tuple of {length} items",
            expected=f"a tuple of {length} items",
            wanted=f"a tuple of {length} items",
            got=describe_value(got),
            hint="return all the values together, e.g. `return loss, grad`",
        )
    return None


def expect_unchanged(
    got: Any, original: np.ndarray, *, name: str, message: str, hint: str
) -> Verdict:
    """Judge an input array as it was after the student's call: it must equal ``original``.

    Parameters
    ----------
    got : object
        The input as the probe saw it after the call (plain data).
    original : ndarray
        The input as the checker sent it.
    name : str
        The argument's name in the student's function, e.g. ``"z"``.
    message, hint : str
        What to say when it changed, e.g. "softmax changed its input array in place".
    """
    arr, refusal = as_array(got, f"{name} after the call")
    if refusal is None and arr.shape == original.shape and np.array_equal(arr, original):
        return ok()
    with np.printoptions(precision=4, threshold=8, edgeitems=2):
        before = np.array2string(np.asarray(original), separator=", ")
    return fail(message, expected=f"{name} unchanged: {before}", got=describe_value(got), hint=hint)


def all_of(*verdicts: Verdict) -> Verdict:
    """The first failing verdict, or a pass when all pass."""
    for v in verdicts:
        if not v.passed:
            return v
    return ok()
