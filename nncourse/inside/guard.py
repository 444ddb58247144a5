"""Calling student code safely from a checker: copies in, plain data out, a real time limit.

``guarded_call`` is the only way checkers call into student code. It

* passes deep copies of the inputs, so a function that mutates its arguments cannot
  corrupt the checker's expected values;
* turns ``NotImplementedError`` (the stub left in the student release) into "not attempted";
* turns any other exception into a message naming the call and the exception;
* enforces a wall-clock limit that interrupts an endless Python loop (``SIGALRM`` in the main
  thread, re-armed every 50 ms so a bare ``except:`` cannot swallow it for good);
* converts the result with ``to_plain`` so no student-defined object (a numpy subclass with a
  lying ``__eq__``, a custom class) ever reaches the comparison code.

This module imports only numpy, so the sandboxed grading worker can use it too. Its limits
(``MAX_ELEMENTS``, ``MAX_STRING``, ``MAX_DEPTH``) are the only ones: ``wire`` uses the same.
"""

from __future__ import annotations

import contextlib
import copy
import io
import signal
import threading
import time
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

DEFAULT_TIMEOUT = 10.0
"""Seconds a single call into student code may take before it is interrupted."""

MAX_ELEMENTS = 2_000_000
"""Largest array (in elements) a student result may have; larger ones are refused."""

MAX_STRING = 10_000
"""Longest string kept from a student result."""

MAX_DEPTH = 6
"""Deepest nesting of lists/tuples/dicts kept from a student result."""

OK = "ok"
RAISED = "error"
TIMED_OUT = "timeout"
STUB = "not attempted"


class ResultTooLarge(ValueError):
    """Raised by ``to_plain`` for a result over the size limits."""


class CheckTimeout(BaseException):
    """Raised inside student code when its time limit is over (not an ``Exception``)."""


@dataclass(frozen=True)
class Opaque:
    """Stands in for a returned object that is not plain data (shown by its type name)."""

    type_name: str

    def __repr__(self) -> str:
        return f"<object of type {self.type_name}>"


@dataclass(frozen=True)
class Outcome:
    """What came back from one guarded call.

    Attributes
    ----------
    status : str
        ``"ok"``, ``"error"``, ``"timeout"`` or ``"not attempted"``.
    value : object
        The plain-data result (see ``to_plain``) when ``status == "ok"``.
    error : str
        ``"ValueError: shapes (3,) and (4,) not aligned"`` and the like, else ``""``.
    seconds : float
        Wall-clock time of the call.
    from_grader : bool
        True when ``error`` is the grader's own sentence (the worker exited, a reply could not be
        read), not an exception raised by student code.
    """

    status: str
    value: Any = None
    error: str = ""
    seconds: float = 0.0
    from_grader: bool = False


def stub_name(exc: BaseException) -> str:
    """The qualified name of the function that raised ``exc`` (``"Node.__pow__"``), or ""."""
    tb = exc.__traceback__
    if tb is None:
        return ""
    while tb.tb_next is not None:
        tb = tb.tb_next
    code = tb.tb_frame.f_code
    name = getattr(code, "co_qualname", code.co_name)
    name = name.rpartition("<locals>.")[2]
    return "" if name.startswith("<") else name


def to_plain(value: Any, depth: int = 0) -> Any:
    """Convert a student's return value to plain data the checker can trust.

    Arrays (including subclasses) become base-class ``np.ndarray`` copies of their own data,
    keeping their dtype; numpy scalars become Python numbers; lists, tuples and string-keyed
    dicts are converted element by element; anything else becomes an ``Opaque`` marker.

    Parameters
    ----------
    value : object
        Whatever the student's code returned.

    Returns
    -------
    object
        ``None``, ``bool``, ``int``, ``float``, ``complex``, ``str``, ``np.ndarray``, ``list``,
        ``tuple``, ``dict`` or ``Opaque``.

    Raises
    ------
    ValueError
        If an array has more than ``MAX_ELEMENTS`` elements.
    """
    if value is None or type(value) in (bool, int, float, complex):
        return value
    if isinstance(value, str):
        return str.__str__(value)[:MAX_STRING]
    if isinstance(value, np.ndarray):
        base = np.ndarray.view(value, np.ndarray)
        if base.size > MAX_ELEMENTS:
            raise ResultTooLarge(f"an array of {base.size} elements (the limit is {MAX_ELEMENTS})")
        if base.dtype.kind not in "biufc":
            return Opaque(f"numpy array of dtype {base.dtype}")
        return np.array(base, copy=True, order="C")
    if isinstance(value, np.generic):
        if value.dtype.kind in "biufc":
            return value.item()
        return Opaque(type(value).__name__)
    if isinstance(value, bool | int | float | complex):  # subclasses of builtins
        for base_type in (bool, int, float, complex):
            if isinstance(value, base_type):
                return base_type(value)
    if depth >= MAX_DEPTH:
        return Opaque(f"{type(value).__name__} nested too deeply")
    if isinstance(value, list | tuple):
        items = [to_plain(v, depth + 1) for v in list.__iter__(list(value))]
        return items if isinstance(value, list) else tuple(items)
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value):
            return {str(k): to_plain(v, depth + 1) for k, v in dict.items(value)}
    return Opaque(type(value).__name__)


def describe_value(value: Any, limit: int = 120) -> str:
    """Short human description of a plain value, e.g. ``array of shape (3,) float64 [1. 2. 3.]``."""
    if isinstance(value, np.ndarray):
        with np.printoptions(precision=4, threshold=8, edgeitems=2, linewidth=limit):
            body = np.array2string(value, separator=", ")
        text = f"array of shape {value.shape}, dtype {value.dtype}: {body}"
    elif isinstance(value, Opaque):
        text = repr(value)
    elif isinstance(value, list | tuple):
        kind = "list" if isinstance(value, list) else "tuple"
        text = f"{kind} of length {len(value)}: {value!r}"
    else:
        text = repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


@contextlib.contextmanager
def _alarm(seconds: float):
    """Raise ``CheckTimeout`` in the main thread after ``seconds``, then every 50 ms."""

    def on_alarm(signum, frame):
        raise CheckTimeout()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    outer_delay, outer_interval = signal.setitimer(signal.ITIMER_REAL, max(seconds, 1e-3), 0.05)
    start = time.monotonic()
    try:
        yield
    finally:
        while True:  # an alarm may land between the call's end and this line: retry, then restore
            try:
                signal.setitimer(signal.ITIMER_REAL, 0, 0)
                break
            except CheckTimeout:
                continue
        signal.signal(signal.SIGALRM, previous)
        if outer_delay > 0:  # re-arm a caller's timer (pytest-timeout, a grader's own limit)
            left = outer_delay - (time.monotonic() - start)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3), outer_interval)


def _call_in_thread(fn, args, kwargs, timeout):
    box: dict[str, Any] = {}

    def target():
        try:
            box["value"] = fn(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - reported to the caller
            box["exc"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise CheckTimeout()
    if "exc" in box:
        raise box["exc"]
    return box.get("value")


def _call_plain(fn, args, kwargs):
    """``to_plain(fn(*args, **kwargs))``: the conversion may run student code too (``__iter__``,
    ``__float__`` of a returned object), so it stays under the same time limit."""
    return to_plain(fn(*args, **kwargs))


def guarded_call(
    fn: Any,
    args: tuple = (),
    kwargs: dict | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    quiet: bool = False,
) -> Outcome:
    """Call ``fn(*args, **kwargs)`` on deep copies of the inputs, under a time limit.

    Parameters
    ----------
    fn : callable
        Student code (or a probe that calls student code).
    args : tuple
        Positional arguments; deep-copied before the call.
    kwargs : dict, optional
        Keyword arguments; deep-copied before the call.
    timeout : float
        Wall-clock seconds before the call is interrupted.
    quiet : bool
        If True, anything the call prints to stdout/stderr is discarded (used when grading, so
        a stray ``print`` cannot change the grade).

    Returns
    -------
    Outcome
        Never raises for problems in student code.
    """
    if not callable(fn):
        return Outcome(RAISED, error=f"expected a function, got {describe_value(to_plain(fn))}")
    args = copy.deepcopy(tuple(args))
    kwargs = copy.deepcopy(dict(kwargs or {}))
    sink = io.StringIO()
    start = time.perf_counter()
    in_main = threading.current_thread() is threading.main_thread()
    try:
        with contextlib.ExitStack() as stack:
            stack.enter_context(warnings.catch_warnings())
            warnings.simplefilter("ignore")
            stack.enter_context(np.errstate(all="ignore"))
            if quiet:
                stack.enter_context(contextlib.redirect_stdout(sink))
                stack.enter_context(contextlib.redirect_stderr(sink))
            if in_main:
                stack.enter_context(_alarm(timeout))
                value = _call_plain(fn, args, kwargs)
            else:
                value = _call_in_thread(_call_plain, (fn, args, kwargs), {}, timeout)
    except CheckTimeout:
        return Outcome(
            TIMED_OUT,
            error=f"did not finish within {timeout:g} s (endless loop?)",
            seconds=time.perf_counter() - start,
        )
    except NotImplementedError as exc:
        where = stub_name(exc)
        error = f"NotImplementedError in {where}" if where else "NotImplementedError"
        return Outcome(STUB, error=error, seconds=time.perf_counter() - start)
    except ResultTooLarge as exc:
        return Outcome(RAISED, error=f"returned {exc}", seconds=time.perf_counter() - start)
    except RecursionError:
        return Outcome(RAISED, error="RecursionError: maximum recursion depth exceeded")
    except SystemExit as exc:
        return Outcome(RAISED, error=f"SystemExit: the code called exit({exc.code!r})")
    except MemoryError:
        return Outcome(RAISED, error="MemoryError: the call ran out of memory")
    except Exception as exc:  # noqa: BLE001 - student code may raise anything
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        error = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
        return Outcome(RAISED, error=error[:500], seconds=time.perf_counter() - start)
    return Outcome(OK, value=value, seconds=time.perf_counter() - start)
