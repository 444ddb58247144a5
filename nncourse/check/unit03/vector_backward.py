"""03.vector_backward: backward through softmax (from its output) and through max."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import (
    Verdict,
    as_array,
    expect_array,
    fail,
    match_mistake,
    mistake,
    ok,
)
from nncourse.check.unit03.common import inputs_unchanged
from nncourse.inside.guard import describe_value


def softmax_result(got: object, *, expected: np.ndarray, mistakes: list) -> Verdict:
    """Judge ``softmax_backward(y, dy)``: name the missing -y y^T term, else compare values.

    Parameters
    ----------
    expected : ndarray
        dL/dz computed with the answer key.
    mistakes : list of dict
        ``mistake(label, wrong value, hint)``; here the diagonal-only backward ``y * dy`` when it
        differs from the right one.
    """
    arr, refusal = as_array(got, "softmax_backward(y, dy)")
    if refusal is None and arr.shape == np.shape(expected):
        known = match_mistake(arr, mistakes, rtol=1e-5, atol=1e-8)
        if known is not None:
            return fail(
                f"softmax_backward(y, dy) {known['label']}",
                describe_value(expected),
                describe_value(got),
                known["hint"],
                mistake=known["label"],
            )
    return expect_array(
        got,
        expected,
        name="softmax_backward(y, dy)",
        hint="dz = y * (dy - <dy, y>), the inner product taken per row",
    )


def max_result(got: object, *, expected: np.ndarray, is_max: np.ndarray, dy: np.ndarray) -> Verdict:
    """Judge ``max_backward(z, dy)``: any valid subgradient at a tie is right.

    Parameters
    ----------
    expected : ndarray
        The answer key's dL/dz (all of dy to the first arg-max), shape of z.
    is_max : ndarray of bool, shape (rows, C)
        Where each row of z reaches its maximum.
    dy : ndarray, shape (rows,)
        The upstream gradient of each row.
    """
    arr, refusal = as_array(got, "max_backward(z, dy)")
    if refusal is not None or arr.shape != np.shape(expected) or not np.all(np.isfinite(arr)):
        return expect_array(got, expected, name="max_backward(z, dy)")
    is_max = np.asarray(is_max, dtype=bool)
    flat_dy = np.asarray(dy, dtype=np.float64).reshape(-1)
    flat = arr.reshape(is_max.shape)
    everywhere = np.broadcast_to(flat_dy[:, None], flat.shape)
    if np.allclose(flat, everywhere) and flat.shape[1] > 1:
        return fail(
            "max_backward sent the gradient to every input",
            describe_value(expected),
            describe_value(got),
            "only the arg-max influences max(z): dz is dy there and 0 elsewhere",
        )
    if np.any(np.abs(flat[~is_max]) > 1e-12):
        return fail(
            "max_backward gave gradient to entries that are not the maximum",
            describe_value(expected),
            describe_value(got),
            "use np.argmax per row; every other entry gets 0",
        )
    weights = np.divide(
        flat, flat_dy[:, None], out=np.zeros_like(flat), where=flat_dy[:, None] != 0
    )
    row_ok = np.isclose(flat.sum(axis=1), flat_dy) & np.all(weights > -1e-12, axis=1)
    if not np.all(row_ok):
        return fail(
            "at a tie the gradient must be split among the largest entries with "
            "non-negative weights that add up to 1",
            describe_value(expected),
            describe_value(got),
            "give all of dy to one arg-max (np.argmax picks the first)",
        )
    return ok()


NO_OUTER = (
    "misses the -y y^T term: it returned y * dy",
    "J = diag(y) - y y^T, so dz = y * (dy - sum(dy * y, axis=-1, keepdims=True))",
)


def _ties(rng: np.random.Generator) -> np.ndarray:
    """Two rows with tied maxima: one with its maximum at two drawn places, one constant."""
    row = np.round(rng.normal(size=5), 3)
    i, j = rng.choice(5, size=2, replace=False)
    row[[i, j]] = np.round(np.abs(row).max() + rng.uniform(0.1, 1.0), 3)
    return np.stack([row, np.full(5, np.round(rng.normal(), 3))])


SOFTMAX_ROWS = "softmax backward, one row per example"
MAX_ROWS = "max backward, one row per example"


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key import backprop as bp
    from nncourse.key.activations import softmax

    z1, g1 = rng.normal(size=5), rng.normal(size=5)
    Z, G = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    zm, dym = rng.normal(size=(3, 5)), rng.normal(size=3)
    neg = -np.abs(rng.normal(size=(2, 4))) - 0.5
    constant = float(np.round(rng.uniform(0.5, 2.0), 3))
    cases = []
    for name, y, dy, needs in [
        ("softmax backward on a vector", softmax(z1), g1, ()),
        (SOFTMAX_ROWS, softmax(Z), G, ()),
        (
            "a constant upstream gradient gives dz = 0",
            softmax(Z),
            np.full((4, 3), constant),
            (SOFTMAX_ROWS,),
        ),
    ]:
        expected = bp.softmax_backward(y, dy)
        diagonal_only = y * dy
        label, hint = NO_OUTER
        mistakes = (
            [] if np.allclose(expected, diagonal_only) else [mistake(label, diagonal_only, hint)]
        )
        cases.append(
            Case(
                name,
                f"softmax_backward(y, dy) with y of shape {y.shape}",
                judge(softmax_result, expected=expected, mistakes=mistakes),
                args=(0, y, dy),
                probe="call_target",
                needs=needs,
                part="softmax_backward",
            )
        )
    y_rows = softmax(Z)
    cases.append(
        Case(
            "softmax_backward leaves y and dy unchanged",
            f"softmax_backward(y, dy) with y of shape {y_rows.shape}, then y and dy",
            judge(inputs_unchanged, originals={"y": y_rows, "dy": G}, fn_name="softmax_backward"),
            args=(0, ["y", "dy"], y_rows, G),
            probe="inputs_after",
            points=0.5,
            needs=(SOFTMAX_ROWS,),
            part="softmax_backward",
        )
    )
    for name, z, dy in [
        ("max backward on a vector", rng.normal(size=6), float(np.round(rng.uniform(0.5, 2), 3))),
        (MAX_ROWS, zm, dym),
        ("all entries negative", neg, np.round(rng.normal(size=2), 3)),
        ("ties: any valid subgradient", _ties(rng), np.round(rng.uniform(0.5, 2, size=2), 3)),
    ]:
        z = np.asarray(z)
        flat_z = z.reshape(-1, z.shape[-1])
        cases.append(
            Case(
                name,
                f"max_backward(z, dy) with z of shape {np.shape(z)}",
                judge(
                    max_result,
                    expected=bp.max_backward(z, dy),
                    is_max=flat_z == flat_z.max(axis=1, keepdims=True),
                    dy=np.asarray(dy, dtype=np.float64).reshape(-1),
                ),
                args=(1, z, dy),
                probe="call_target",
                part="max_backward",
            )
        )
    cases.append(
        Case(
            "max_backward leaves z and dy unchanged",
            f"max_backward(z, dy) with z of shape {zm.shape}, then z and dy",
            judge(inputs_unchanged, originals={"z": zm, "dy": dym}, fn_name="max_backward"),
            args=(1, ["z", "dy"], zm, dym),
            probe="inputs_after",
            points=0.5,
            needs=(MAX_ROWS,),
            part="max_backward",
        )
    )
    return cases


vector_backward = register(
    Exercise(
        "03.vector_backward",
        "Backward through softmax and max",
        ("softmax_backward", "max_backward"),
        _cases,
    )
)
