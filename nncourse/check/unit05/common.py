"""Pieces shared by unit 05's checkers on parameter lists ``[(W, b), ...]``."""

from __future__ import annotations

import numpy as np

from nncourse.check.judge import Verdict, as_array, expect_unchanged, fail, ok
from nncourse.inside.guard import describe_value


def random_net(rng: np.random.Generator, sizes: list[int]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Gaussian weights and biases for layer sizes ``[n_in, hidden..., n_out]``."""
    return [(rng.normal(size=(o, i)), rng.normal(size=o)) for i, o in zip(sizes[:-1], sizes[1:])]


def tensor_names(n_layers: int) -> list[str]:
    return [f"{kind}{k + 1}" for k in range(n_layers) for kind in ("W", "b")]


def as_param_list(got, n_layers: int, fn_name: str) -> tuple[list | None, Verdict | None]:
    """Refuse anything but a list/tuple of ``n_layers`` (W, b) pairs; arrays cast to float64."""
    if not isinstance(got, list | tuple) or len(got) != n_layers:
        return None, fail(
            f"{fn_name} should return a list of {n_layers} (W, b) pairs",
            wanted=f"a list of {n_layers} (W, b) pairs",
            got=describe_value(got),
            hint="did you forget a `return`? build a new list: out = [(W.copy(), b.copy()) ...]",
        )
    out = []
    for k, pair in enumerate(got):
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            return None, fail(
                f"item {k} of the result is not a (W, b) pair",
                wanted="(W, b) pairs",
                got=describe_value(pair),
            )
        arrays = []
        for name, value in zip((f"W{k + 1}", f"b{k + 1}"), pair):
            arr, refusal = as_array(value, name)
            if refusal is not None:
                return None, refusal
            arrays.append(arr)
        out.append(tuple(arrays))
    return out, None


def is_low_precision(got) -> bool:
    """True when any array in a (W, b) list is float32/float16 (judged at that precision)."""
    try:
        return any(
            isinstance(t, np.ndarray) and t.dtype in (np.float32, np.float16)
            for pair in got
            for t in pair
        )
    except TypeError:
        return False


def compare_params(got_list, expected: list, mistakes: dict, tol: float = 1e-12) -> Verdict | None:
    """The first tensor that differs from ``expected``, named, with a known mistake if one
    matches that tensor (``mistakes``: name -> list of (label, value, hint)); None if all match."""
    names = tensor_names(len(expected))
    flat_got = [t for pair in got_list for t in pair]
    flat_exp = [np.asarray(t, dtype=np.float64) for pair in expected for t in pair]
    for name, g, e in zip(names, flat_got, flat_exp):
        if g.shape != e.shape:
            return fail(
                f"{name} has the wrong shape",
                wanted=f"shape {e.shape}",
                got=f"shape {g.shape}",
                hint="keep every array's shape",
            )
        if not np.all(np.isfinite(g)):
            return fail(f"{name} contains NaN or inf", got=describe_value(g))
        if np.allclose(g, e, rtol=tol, atol=tol):
            continue
        for label, value, hint in mistakes.get(name, ()):
            if np.allclose(g, np.asarray(value), rtol=tol, atol=tol):
                return fail(
                    f"{name} is wrong: {label}", got=describe_value(g), hint=hint, mistake=label
                )
        return fail(
            f"{name} has the right shape but wrong values",
            expected=describe_value(e),
            got=describe_value(g),
            hint=mistakes.get("_hint", [("", "", "")])[0][2],
        )
    return None


def unchanged_params(after, original: list) -> Verdict:
    """The caller's params after the call must equal the originals."""
    try:
        same = len(after) == len(original) and all(
            np.array_equal(np.asarray(x), np.asarray(y))
            for pa, po in zip(after, original)
            for x, y in zip(pa, po)
        )
    except (TypeError, ValueError):
        same = False
    if same:
        return ok()
    return fail(
        "the function changed the caller's params in place",
        wanted="params unchanged after the call",
        hint="work on copies: np.array(W) or W.copy(); never assign into W[...] of the input",
    )


def network_output(params, X) -> np.ndarray:
    """tanh MLP output for a (W, b) list (linear last layer)."""
    h = np.asarray(X, dtype=np.float64)
    for k, (W, b) in enumerate(params):
        h = h @ np.asarray(W).T + np.asarray(b)
        if k < len(params) - 1:
            h = np.tanh(h)
    return h


def arrays_unchanged(got, *, originals: list, name: str, fn_name: str) -> Verdict:
    """Judge a probe's list of one input array per call, as it was after the call: each must
    equal what the checker sent."""
    if not isinstance(got, list) or len(got) != len(originals):
        return fail(f"{fn_name} could not be called {len(originals)} times", got=str(got)[:120])
    for after, original in zip(got, originals):
        verdict = expect_unchanged(
            after,
            np.asarray(original, dtype=np.float64),
            name=name,
            message=f"{fn_name} changed the caller's {name} in place",
            hint=f"work on new arrays ({name} + step builds one); never write into {name}[...] "
            f"or use {name} += ...",
        )
        if not verdict.passed:
            return verdict
    return ok()
