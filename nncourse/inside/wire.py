"""Plain data over a pipe: one JSON object per line, arrays as tagged base64 bytes.

Only these values travel: ``None``, ``bool``, ``int``, ``float`` (NaN/inf included), ``complex``,
``str``, numeric numpy arrays, lists, tuples, string-keyed dicts and an opaque marker naming a type
that is not plain data. Arrays are sent as ``{"$a": dtype, "shape": [...], "b64": ...}`` with a
little-endian dtype from a short whitelist, so decoding is ``np.frombuffer`` on checked bytes:
nothing is ever unpickled or evaluated.

``decode`` is written for the grader, which does not trust the sender: every size, type, shape and
byte count is checked and any violation raises ``WireError``.
"""

from __future__ import annotations

import base64
import json
import math
from typing import Any

import numpy as np

from . import guard as _guard

MAX_LINE_BYTES = 48 * 1024 * 1024
"""Longest message accepted (bytes of one JSON line)."""

# One set of limits for everything that crosses from student code: ``guard.to_plain`` keeps at most
# this much of a result, and a wire message may carry at most as much (MAX_DEPTH + 2 leaves room for
# the message's own envelope around a result).
MAX_ELEMENTS = _guard.MAX_ELEMENTS
"""Most array elements one message may carry (all arrays together)."""

MAX_STRING = _guard.MAX_STRING
"""Longest string kept (longer ones are cut)."""

MAX_DEPTH = _guard.MAX_DEPTH + 2
"""Deepest nesting of lists/tuples/dicts."""

MAX_ITEMS = 100_000
"""Most items in one message's lists, tuples and dicts together."""

DTYPES = {
    "<f8",
    "<f4",
    "<f2",
    "<i8",
    "<i4",
    "<i2",
    "|i1",
    "<u8",
    "<u4",
    "<u2",
    "|u1",
    "|b1",
    "<c16",
    "<c8",
}
"""Array dtypes that may travel (little-endian numeric and bool)."""


class WireError(ValueError):
    """A message is malformed, too large or of a kind that may not travel."""


class _Budget:
    def __init__(self) -> None:
        self.elements = MAX_ELEMENTS
        self.items = MAX_ITEMS

    def take(self, elements: int = 0, items: int = 0) -> None:
        self.elements -= elements
        self.items -= items
        if self.elements < 0:
            raise WireError(f"the data has more than {MAX_ELEMENTS} array elements")
        if self.items < 0:
            raise WireError(f"the data has more than {MAX_ITEMS} items")


def _encode(value: Any, budget: _Budget, depth: int) -> Any:
    if value is None or type(value) in (bool, int, str):
        if type(value) is str:
            return value[:MAX_STRING]
        return value
    if type(value) is float:
        return value
    if type(value) is complex:
        return {"$c": [value.real, value.imag]}
    if type(value) is np.ndarray:
        dtype = value.dtype.newbyteorder("<") if value.dtype.byteorder == ">" else value.dtype
        if dtype.str not in DTYPES:
            return {"$o": f"numpy array of dtype {value.dtype}"}
        budget.take(elements=int(value.size))
        data = np.ascontiguousarray(value, dtype=dtype).tobytes()
        return {"$a": dtype.str, "shape": list(value.shape), "b64": base64.b64encode(data).decode()}
    if depth >= MAX_DEPTH:
        return {"$o": f"{type(value).__name__} nested too deeply"}
    if type(value) in (list, tuple):
        budget.take(items=len(value))
        items = [_encode(v, budget, depth + 1) for v in value]
        return items if type(value) is list else {"$t": items}
    if type(value) is dict and all(type(k) is str for k in value):
        budget.take(items=len(value))
        return {"$d": [[k[:MAX_STRING], _encode(v, budget, depth + 1)] for k, v in value.items()]}
    name = getattr(value, "type_name", None)
    return {"$o": str(name if isinstance(name, str) else type(value).__name__)[:200]}


def encode(value: Any) -> Any:
    """Turn plain data (see module docstring) into a JSON-ready structure.

    Anything that is not plain data becomes an opaque marker naming its type.

    Raises
    ------
    WireError
        If the value carries more than ``MAX_ELEMENTS`` array elements or ``MAX_ITEMS`` items.
    """
    return _encode(value, _Budget(), 0)


def dumps(message: dict) -> bytes:
    """One message as a JSON line (bytes ending in a newline)."""
    return json.dumps(message, separators=(",", ":"), allow_nan=True).encode() + b"\n"


def _array(obj: dict, budget: _Budget) -> np.ndarray:
    dtype_str, shape, b64 = obj.get("$a"), obj.get("shape"), obj.get("b64")
    if dtype_str not in DTYPES:
        raise WireError(f"array dtype {str(dtype_str)[:40]!r} may not travel")
    if (
        not isinstance(shape, list)
        or len(shape) > 32
        or not all(type(n) is int and 0 <= n <= MAX_ELEMENTS for n in shape)
    ):
        raise WireError("malformed array shape")
    size = math.prod(shape)
    budget.take(elements=size)
    dtype = np.dtype(dtype_str)
    if not isinstance(b64, str) or len(b64) > 4 * (size * dtype.itemsize // 3 + 2):
        raise WireError("malformed array data")
    try:
        raw = base64.b64decode(b64.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError) as exc:
        raise WireError("malformed array data") from exc
    if len(raw) != size * dtype.itemsize:
        raise WireError("array data does not match its shape")
    if dtype.kind == "b":
        return (np.frombuffer(raw, dtype=np.uint8) != 0).reshape(shape)
    return np.frombuffer(raw, dtype=dtype).reshape(shape).astype(dtype.newbyteorder("="))


def _decode(obj: Any, budget: _Budget, depth: int, opaque) -> Any:
    if obj is None or type(obj) in (bool, int, float):
        return obj
    if type(obj) is str:
        return obj[:MAX_STRING]
    if depth > MAX_DEPTH + 1:
        raise WireError("the data is nested too deeply")
    if type(obj) is list:
        budget.take(items=len(obj))
        return [_decode(v, budget, depth + 1, opaque) for v in obj]
    if type(obj) is not dict or len(obj) not in (1, 3):
        raise WireError("malformed value")
    if "$a" in obj and len(obj) == 3:
        return _array(obj, budget)
    ((tag, body),) = obj.items()
    if tag == "$t" and type(body) is list:
        budget.take(items=len(body))
        return tuple(_decode(v, budget, depth + 1, opaque) for v in body)
    if tag == "$d" and type(body) is list:
        budget.take(items=len(body))
        out = {}
        for pair in body:
            if type(pair) is not list or len(pair) != 2 or type(pair[0]) is not str:
                raise WireError("malformed dict entry")
            out[pair[0][:MAX_STRING]] = _decode(pair[1], budget, depth + 1, opaque)
        return out
    if tag == "$c" and type(body) is list and len(body) == 2:
        if all(type(x) in (int, float) for x in body):
            return complex(float(body[0]), float(body[1]))
    if tag == "$o" and type(body) is str:
        return opaque(body[:200])
    raise WireError("malformed value")


def decode(obj: Any, opaque=str) -> Any:
    """Rebuild plain data from ``encode``'s output, checking everything.

    Parameters
    ----------
    obj : object
        A structure from ``json.loads``.
    opaque : callable
        Called with a type name for values that were not plain data (the grader passes
        ``nncourse.inside.guard.Opaque``).

    Raises
    ------
    WireError
        On any malformed, oversized or disallowed content.
    """
    return _decode(obj, _Budget(), 0, opaque)


def loads(line: bytes) -> dict:
    """Parse one JSON line into a dict; raises ``WireError`` if it is not one."""
    if len(line) > MAX_LINE_BYTES:
        raise WireError(f"message longer than {MAX_LINE_BYTES} bytes")
    try:
        message = json.loads(line)
    except (ValueError, RecursionError) as exc:
        raise WireError(f"not a JSON message ({type(exc).__name__})") from exc
    if type(message) is not dict:
        raise WireError("a message must be a JSON object")
    return message
