"""Probes for unit 07 (numpy and the standard library only): run the student's optimizer.

``optimizer_run`` calls ``step(w, grad, state, **hyper)`` again and again, handing back the state
it returned, and records the weights after each call. The gradient of call ``k`` is
``a * (w - m) + e[k]`` per tensor, with ``w`` the weights the student returned last: ``a = 0``
gives a fixed gradient sequence chosen by the checker (open loop), ``a > 0`` a separable
quadratic pulling toward ``m`` (closed loop). It also notes whether a call changed the caller's
``w``, ``grad`` or ``state`` and whether the same call repeated on copies gives the same weights.

``sgd_epoch_run`` calls ``sgd_epoch`` with a least-squares ``grad_fn`` built here and records
which rows each batch held.
"""

from __future__ import annotations

import copy

import numpy as np

from . import probe

MAX_REPORTED = 3
"""How many in-place changes a run lists (the first ones)."""


def _same(a, b) -> bool:
    """Deep equality for plain data and arrays (NaN equals NaN, dtype ignored)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        try:
            a_arr, b_arr = np.asarray(a), np.asarray(b)
            return a_arr.shape == b_arr.shape and bool(np.array_equal(a_arr, b_arr, equal_nan=True))
        except (TypeError, ValueError):
            return False
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    try:
        return bool(a == b) or (a != a and b != b)
    except Exception:  # noqa: BLE001 - an object with a strange __eq__ is simply "not the same"
        return False


def _copy(tensors: dict) -> dict:
    return {k: np.array(v, copy=True) for k, v in tensors.items()}


def _describe(value) -> str:
    if isinstance(value, dict):
        return "a dict with keys " + ", ".join(repr(k) for k in value)
    return f"a {type(value).__name__}"


def _numbers_like(value, shape: tuple):
    """``value`` as a float64 array when it is a list/tuple of numbers of ``shape``, else as is."""
    if isinstance(value, list | tuple):
        try:
            arr = np.asarray(value)
        except (TypeError, ValueError):
            return value
        if arr.dtype.kind in "biuf" and arr.shape == shape:
            return arr.astype(np.float64)
    return value


def arrays_in_state(state, w0: dict):
    """The state with its per-weight lists turned back into arrays.

    A dict keyed like ``w`` (at any depth of dicts, lists and tuples) whose entry is a list or
    tuple of numbers of that weight's shape gets a float64 array in its place; nothing else
    changes. A student may return ``v.tolist()`` in the state; the next call then computes with
    arrays, as the student's code would if it had kept the arrays.
    """
    if isinstance(state, dict):
        like_w = set(state) == set(w0)
        out = {}
        for k, v in state.items():
            if like_w and isinstance(v, list | tuple):
                out[k] = _numbers_like(v, np.shape(w0[k]))
            else:
                out[k] = arrays_in_state(v, w0)
        return out
    if isinstance(state, list | tuple):
        return type(state)(arrays_in_state(v, w0) for v in state)
    return state


@probe
def optimizer_run(targets: tuple, w0: dict, a: dict, m: dict, noise: list, hyper: dict) -> dict:
    """Run ``targets[0]`` for ``len(noise)`` calls; see the module docstring.

    Returns
    -------
    dict
        ``path``: list of dicts of arrays (the weights after each call, as returned);
        ``error``: "" or what went wrong with a return value (the run stops there);
        ``changed``: descriptions of in-place changes to the caller's arguments;
        ``repeat_differs``: the calls (1-based) whose repetition on copies gave other weights.
    """
    step = targets[0]
    w = _copy(w0)
    state = None
    out = {"path": [], "error": "", "changed": [], "repeat_differs": []}
    for k, e in enumerate(noise, start=1):
        grad = {
            key: np.asarray(a[key]) * (np.asarray(w[key], dtype=np.float64) - np.asarray(m[key]))
            + np.asarray(e[key])
            for key in w0
        }
        w_before, g_before = _copy(w), _copy(grad)
        try:
            state_before = copy.deepcopy(state)
        except Exception:  # noqa: BLE001 - a state that cannot be copied is not checked
            state_before = None
        result = step(w, grad, state, **hyper)
        if not isinstance(result, tuple | list) or len(result) != 2:
            out["error"] = f"call {k} returned {_describe(result)}, not a pair (w_new, state)"
            break
        new_w, new_state = result
        if not isinstance(new_w, dict) or set(new_w) != set(w0):
            keys = ", ".join(repr(key) for key in w0)
            out["error"] = (
                f"call {k} returned {_describe(new_w)} as the weights; expected a "
                f"dict with the keys {keys}"
            )
            break
        for name, now, before in (("w", w, w_before), ("grad", grad, g_before)):
            if not _same(now, before) and len(out["changed"]) < MAX_REPORTED:
                out["changed"].append(f"call {k} changed the caller's {name} in place")
        if state_before is not None and not _same(state, state_before):
            if len(out["changed"]) < MAX_REPORTED:
                out["changed"].append(f"call {k} changed the state it was given in place")
        if state_before is not None:
            again = step(_copy(w_before), _copy(g_before), state_before, **hyper)
            if not (isinstance(again, tuple | list) and len(again) == 2 and _same(again[0], new_w)):
                out["repeat_differs"].append(k)
        try:
            w = {key: np.asarray(new_w[key]) for key in w0}
        except Exception as exc:  # noqa: BLE001 - an entry that is not array-like
            out["error"] = f"call {k} returned weights numpy cannot read ({exc})"
            break
        out["path"].append(w)
        state = arrays_in_state(new_state, w0)
    return out


@probe
def sgd_epoch_run(targets: tuple, w0: dict, X, Y, order, lr: float, batch_size: int) -> dict:
    """Call ``targets[0](w0, grad_fn, X, Y, order, lr=lr, batch_size=batch_size)``.

    ``grad_fn(w, Xb, Yb)`` is the mean-squared-error gradient of the linear model
    ``Xb @ w["W"].T + w["b"]``, i.e. ``{"W": dZ.T @ Xb, "b": dZ.sum(0)}`` with
    ``dZ = (pred - Yb) / len(Xb)``.

    Returns
    -------
    dict
        ``w``: what the function returned; ``batches``: the row numbers of each batch it asked
        about, in order (-1 for a row that is not one of X's); ``w_unchanged``: whether the
        caller's ``w0`` survived; ``inputs_changed``: which of ``X``, ``Y``, ``order`` the call
        changed in place.
    """
    X, Y = np.asarray(X, dtype=np.float64), np.asarray(Y, dtype=np.float64)
    rows = {X[i].tobytes(): i for i in range(len(X))}
    batches = []

    def grad_fn(w, Xb, Yb):
        Xb = np.asarray(Xb, dtype=np.float64)
        Yb = np.asarray(Yb, dtype=np.float64)
        batches.append([rows.get(np.ascontiguousarray(r).tobytes(), -1) for r in Xb])
        dz = (Xb @ np.asarray(w["W"], dtype=np.float64).T + np.asarray(w["b"]) - Yb) / len(Xb)
        return {"W": dz.T @ Xb, "b": dz.sum(axis=0)}

    w_in = _copy(w0)
    sent = {"X": X.copy(), "Y": Y.copy(), "order": np.asarray(order).copy()}
    got = targets[0](
        w_in, grad_fn, sent["X"], sent["Y"], sent["order"], lr=lr, batch_size=batch_size
    )
    originals = {"X": X, "Y": Y, "order": np.asarray(order)}
    changed = [name for name in sent if not _same(sent[name], originals[name])]
    return {
        "w": got,
        "batches": batches,
        "w_unchanged": _same(w_in, w0),
        "inputs_changed": changed,
    }
