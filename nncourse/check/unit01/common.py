"""Pieces shared by unit 01's checkers: reading the weights students return, running threshold
networks on truth tables, and judging them row by row.

Students return plain weights; the checker evaluates them itself, with the course's threshold
convention, on every row of the truth table. Any weights that are correct under the convention
pass; nothing is compared with our own weights. The truth tables and targets are data that
``make_cases`` builds; nothing here answers an exercise.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from nncourse.check.exercise import Case, judge
from nncourse.check.judge import Verdict, fail, ok
from nncourse.inside.guard import Opaque, describe_value

CONVENTION = "step(z) = 1 if z >= 0 else 0, and sgn(z) = +1 if z >= 0 else -1"
"""The threshold convention at z = 0 used by every unit 01 check (a unit with z = 0 fires)."""


def threshold(unit: str, z: np.ndarray) -> np.ndarray:
    """A threshold unit at ``z``: ``"step"`` (step(0) = 1, values in {0., 1.}) or ``"sign"``
    (sgn(0) = +1, values in {-1., +1.}); same shape as ``z``.

    The unit's name comes first: the step function equals ReLU's derivative away from 0, and no
    student-edition function may have that exercise's calling form.
    """
    fires = np.asarray(z, dtype=np.float64) >= 0
    return np.where(fires, 1.0, -1.0) if unit == "sign" else fires.astype(np.float64)


def boolean_inputs(d: int, values: tuple[float, float] = (0.0, 1.0)) -> np.ndarray:
    """All 2^d input patterns in binary counting order, shape (2**d, d).

    ``values`` is the encoding (false, true): (0, 1) for step networks, (-1, 1) for sign ones.
    """
    bits = np.array(list(itertools.product((0, 1), repeat=d)), dtype=np.float64).reshape(-1, d)
    return np.where(bits > 0, values[1], values[0])


def threshold_forward(
    X: np.ndarray, params: list, unit: str = "step", linear_output: bool = False
) -> list[np.ndarray]:
    """Every layer's output ``[H1, ..., Y]`` of a threshold network on the rows of ``X``.

    ``unit`` ("step" or "sign") follows every layer, except the last when ``linear_output``.
    """
    h = np.asarray(X, dtype=np.float64)
    outputs = []
    for i, (W, b) in enumerate(params):
        z = h @ np.asarray(W, dtype=np.float64).T + np.asarray(b, dtype=np.float64)
        h = z if (linear_output and i == len(params) - 1) else threshold(unit, z)
        outputs.append(h)
    return outputs


def describe_rows(X: np.ndarray, wrong: np.ndarray, limit: int = 4) -> str:
    """``"x = (0, 1), x = (1, 1)"`` for the first ``limit`` rows where ``wrong`` is True."""
    rows = np.flatnonzero(np.asarray(wrong).reshape(-1))
    parts = ["x = (" + ", ".join(f"{v:g}" for v in X[i]) + ")" for i in rows[:limit]]
    more = f" and {len(rows) - limit} more" if len(rows) > limit else ""
    return ", ".join(parts) + more


def numeric(value: Any, name: str) -> tuple[np.ndarray | None, Verdict | None]:
    """A float64 array from a number, a numeric array or a (nested) list of numbers."""
    problem = fail(
        f"{name} is not numbers",
        expected="a number, a list of numbers or a numpy array",
        got=describe_value(value),
        hint="did you forget a `return`?" if value is None else "",
    )
    if value is None or isinstance(value, Opaque | str | dict):
        return None, problem
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None, problem
    if not np.all(np.isfinite(arr)):
        return None, fail(f"{name} contains NaN or infinite values", got=describe_value(value))
    return arr, None


def weights_and_bias(got: Any, d: int, name: str) -> tuple[tuple | None, Verdict | None]:
    """Read ``(w, b)``: ``w`` with ``d`` numbers (any 1-row/1-column shape), ``b`` one number."""
    if not isinstance(got, tuple | list) or len(got) != 2:
        return None, fail(
            f"{name} should be a pair (w, b)",
            expected=f"(w, b) with w of shape ({d},) and b a number",
            got=describe_value(got),
            hint="return w, b",
        )
    w, refusal = numeric(got[0], "w")
    if refusal is not None:
        return None, refusal
    b, refusal = numeric(got[1], "b")
    if refusal is not None:
        return None, refusal
    if w.size != d or (w.ndim > 1 and max(w.shape) != d):
        return None, fail(
            "w has the wrong shape",
            expected=f"{d} weights, shape ({d},)",
            got=f"shape {w.shape}",
            hint="one weight per input",
        )
    if b.size != 1:
        return None, fail(
            "b should be a single number", expected="a number", got=describe_value(got[1])
        )
    return (w.reshape(d), float(b.reshape(()))), None


def layers(got: Any, sizes: list[int | None], name: str) -> tuple[list | None, Verdict | None]:
    """Read a list of ``(W, b)`` pairs with the course's shapes.

    Parameters
    ----------
    got : plain student value
    sizes : list
        ``[n_in, n_1, ..., n_out]``; ``None`` means "any width" for a hidden layer.
    name : str

    Returns
    -------
    (params, None) or (None, Verdict). A 1-D output-layer ``W`` is read as one row, and a bias
    may be a number when the layer has one unit.
    """
    n_layers = len(sizes) - 1
    example = ", ".join(f"(W{i + 1}, b{i + 1})" for i in range(n_layers))
    if not isinstance(got, tuple | list) or len(got) != n_layers:
        return None, fail(
            f"{name} should be a list of {n_layers} (W, b) pairs, one per layer",
            expected=f"[{example}]",
            got=describe_value(got),
            hint=f"return [{example}]",
        )
    params, n_in = [], sizes[0]
    for i, pair in enumerate(got, start=1):
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            return None, fail(f"layer {i} should be a pair (W{i}, b{i})", got=describe_value(pair))
        W, refusal = numeric(pair[0], f"W{i}")
        if refusal is None:
            b, refusal = numeric(pair[1], f"b{i}")
        if refusal is not None:
            return None, refusal
        n_out = sizes[i] if sizes[i] is not None else (W.shape[0] if W.ndim == 2 else -1)
        if W.ndim == 1 and n_out == 1 and W.size == n_in:
            W = W.reshape(1, n_in)
        if W.shape != (n_out, n_in):
            wanted = f"({n_out}, {n_in})" if sizes[i] is not None else f"(n_hidden, {n_in})"
            return None, fail(
                f"W{i} has the wrong shape",
                expected=f"shape {wanted}: one row per unit of layer {i}, one column per input",
                got=f"shape {W.shape}",
                hint="the course's layer convention is z = W h + b with W of shape (n_out, n_in)",
            )
        if b.size != n_out:
            return None, fail(
                f"b{i} has the wrong shape",
                expected=f"{n_out} number(s), shape ({n_out},)",
                got=f"shape {b.shape}",
                hint="one bias per unit of the layer",
            )
        params.append((W, b.reshape(n_out)))
        n_in = n_out
    return params, None


def pre_activations(X: np.ndarray, params: list, unit: str) -> list[np.ndarray]:
    """z of every layer (thresholds applied in between), for "z is exactly 0" hints."""
    outs = threshold_forward(X, params, unit)
    inputs = [X, *outs[:-1]]
    return [h @ W.T + b for h, (W, b) in zip(inputs, params)]


def truth_table_verdict(
    X: np.ndarray,
    got_y: np.ndarray,
    want_y: np.ndarray,
    what: str,
    zs: list[np.ndarray] | None = None,
    hint: str = "",
) -> Verdict:
    """Pass when ``got_y`` equals ``want_y`` on every row; else name the wrong rows.

    If a wrong row has a pre-activation exactly 0 somewhere, the hint recalls the convention.
    """
    wrong = np.abs(got_y.reshape(len(X), -1) - want_y.reshape(len(X), -1)).max(axis=1) > 1e-9
    if not wrong.any():
        return ok()
    on_boundary = zs is not None and any(np.any(z.reshape(len(X), -1)[wrong] == 0) for z in zs)
    rows = np.flatnonzero(wrong)
    shown = "; ".join(
        f"x = ({', '.join(f'{v:g}' for v in X[i])}): "
        f"{', '.join(f'{v:g}' for v in np.ravel(got_y[i]))}"
        for i in rows[:4]
    )
    return fail(
        f"{what} is wrong on {len(rows)} of {len(X)} rows of the truth table "
        f"({describe_rows(X, wrong)})",
        expected="; ".join(
            f"x = ({', '.join(f'{v:g}' for v in X[i])}): "
            f"{', '.join(f'{v:g}' for v in np.ravel(want_y[i]))}"
            for i in rows[:4]
        ),
        got=shown,
        hint=(
            f"a unit has z = 0 exactly on a wrong row; our convention is {CONVENTION}. "
            if on_boundary
            else ""
        )
        + hint,
    )


# ----------------------------------------------------------------------------- judges as data
def shape_only(got: Any, *, sizes: list, fn: str) -> Verdict:
    """Judge that ``got`` is a list of (W, b) pairs with the layer sizes ``sizes``."""
    return layers(got, sizes, f"{fn}()")[1] or ok()


def shape_case(fn: str, sizes: list[int], needs: str) -> Case:
    """ "two layers of the right shapes" for a network-returning exercise; it counts only
    once the case named ``needs`` (the truth table) passes, as any shapes can be filled with
    zeros."""
    return Case(
        "two layers of the right shapes",
        f"{fn}()",
        judge(shape_only, sizes=list(sizes), fn=fn),
        hint="return [(W1, b1), (W2, b2)]",
        points=0.5,
        needs=(needs,),
    )


def network_on_table(
    got: Any, *, X: np.ndarray, want: np.ndarray, unit: str, what: str, fn: str
) -> Verdict:
    """Judge a 2-2-1 threshold network: its output on every row of ``X`` must be ``want``."""
    params, refusal = layers(got, [2, 2, 1], f"{fn}()")
    if refusal is not None:
        return refusal
    y = threshold_forward(X, params, unit)[-1]
    return truth_table_verdict(
        X,
        y,
        want,
        "the network's output",
        pre_activations(X, params, unit),
        hint=f"work out each hidden unit's truth table first ({what})",
    )


def xor_case_name(n_rows: int) -> str:
    """The name of the truth-table case that the other cases of a network exercise need."""
    return f"y = XOR on all {n_rows} rows"


def network_case(fn: str, X: np.ndarray, want: np.ndarray, unit: str, what: str) -> Case:
    """ "y = XOR on all rows": run the student's network on the truth table ``X``."""
    return Case(
        xor_case_name(len(X)),
        f"{fn}(), then run the network on every input",
        judge(network_on_table, X=X, want=want, unit=unit, what=what, fn=fn),
        points=3.0,
    )


# ----------------------------------------------------------------------------- inputs unchanged
def result_and_after(got: Any, n_inputs: int) -> tuple[Any, list | None]:
    """Split the ``result_and_inputs`` probe's ``(result, inputs after the call)``."""
    if isinstance(got, tuple | list) and len(got) == 2:
        after = got[1]
        if isinstance(after, tuple | list) and len(after) == n_inputs:
            return got[0], list(after)
    return got, None


def _leaves(value: Any) -> list:
    """The arrays and numbers of nested lists/tuples, in order."""
    if isinstance(value, tuple | list):
        return [leaf for v in value for leaf in _leaves(v)]
    return [value]


def inputs_unchanged(after: list | None, originals: list, names: list[str], fn: str) -> Verdict:
    """Pass when every input the student's function received still equals what was sent.

    ``originals`` are the inputs as sent (arrays, or lists of ``(W, b)`` pairs); ``names`` their
    names in the student's function, e.g. ``["X", "y"]``.
    """
    if after is None:
        return fail(f"{fn}: the inputs after the call could not be read")
    for name, before, now in zip(names, originals, after):
        old, new = _leaves(before), _leaves(now)
        same = len(old) == len(new)
        for a, b in zip(old, new):
            try:
                b_arr = np.asarray(b, dtype=np.float64)
            except (TypeError, ValueError):
                same = False
                break
            if not (b_arr.shape == np.shape(a) and np.array_equal(b_arr, a)):
                same = False
                break
        if not same:
            return fail(
                f"{fn} changed its argument {name} in place",
                expected=f"{name} as it was passed in",
                got=f"{name} after the call: {describe_value(now, 120)}",
                hint=f"work on a copy ({name} = {name}.copy(), or `a = a + ...` instead of "
                "`a += ...`): the caller's arrays belong to the caller",
            )
    return ok()
