"""Pieces shared by unit 04's checkers: short value texts, shape verdicts, network cases."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nncourse.check.judge import Verdict, as_array, fail
from nncourse.inside.guard import describe_value

GRADCHECK_TOL = 1e-6
"""A gradient passes a check when its relative error is below this (the notebook's number)."""

NETWORK_ATOL = 1e-6
"""Absolute tolerance on a reported per-tensor relative error (all tiny errors are equal)."""

NETWORK_RTOL = 1e-3
"""Relative tolerance on a reported per-tensor relative error of a wrong gradient."""

CLEAR_BUG = 1e-3
"""A case is used only if every wrong tensor's error is above this and every right one's is
below ``GRADCHECK_TOL / 10``."""

COMBOS = (("linear", "squared"), ("softmax", "squared"), ("softmax", "cross_entropy"))
"""The (output, loss) pairs a case's network may have."""


def show(x) -> str:
    """A short text of a value for a case's ``call``."""
    return describe_value(np.asarray(x), limit=70).split(": ", 1)[-1]


def shape_verdict(got, shape, name) -> tuple[np.ndarray | None, Verdict | None]:
    """``(array, None)`` for a finite array of ``shape``; ``(None, refusal)`` otherwise."""
    arr, refusal = as_array(got, name)
    if refusal is not None:
        return None, refusal
    if arr.shape != tuple(shape):
        return None, fail(
            f"{name} has the wrong shape",
            expected=f"shape {tuple(shape)}, the shape of x",
            got=f"shape {arr.shape}",
            hint="build the gradient with np.zeros(x.shape) and fill one entry per step "
            "(loop over np.ndindex(x.shape)); do not flatten it",
            wanted=f"shape {tuple(shape)}, the shape of x",
        )
    if not np.all(np.isfinite(arr)):
        return None, fail(f"{name} contains NaN or inf", got=describe_value(got))
    return arr, None


def unpack(got, fn_name: str):
    """The student's result from a ``check_network`` probe's ``(result, params_unchanged)``."""
    if not isinstance(got, tuple | list) or len(got) != 2:
        return None, fail(f"{fn_name} could not be run", got=describe_value(got))
    return got[0], None


def draw_network(rng: np.random.Generator, sizes: Sequence[int], combo: tuple[str, str]):
    """A random small MLP: ``(net settings, params, X, y)``."""
    activation = str(rng.choice(["tanh", "sigmoid"]))
    params = [
        (rng.normal(0.0, 0.9, (o, i)), rng.normal(0.0, 0.3, o))
        for i, o in zip(sizes[:-1], sizes[1:])
    ]
    n = int(rng.integers(4, 7))
    X = rng.normal(size=(n, sizes[0]))
    if combo[1] == "cross_entropy":
        y = rng.integers(0, sizes[-1], size=n)
    else:
        y = rng.uniform(0.0, 1.0, size=(n, sizes[-1]))
    return {"activation": activation, "output": combo[0], "loss": combo[1]}, params, X, y


def network_case(rng, sizes, combo, bugs):
    """A network, its buggy gradient, the per-tensor errors and the wrong tensors.

    Built with the answer key (``bugs`` are ``nncourse.key.buggy_grads.Bug``); redraws the
    network until the bugs are unambiguous (see ``CLEAR_BUG``).
    """
    from nncourse.key import buggy_grads as bg
    from nncourse.key import gradcheck as gc

    for _ in range(20):
        net, params, X, y = draw_network(rng, sizes, combo)
        grads = bg.buggy_loss_and_grads(X, y, params, bugs, **net)[1]
        loss_fn = bg.make_loss_fn(X, y, **net)
        errors = gc.per_tensor_check(loss_fn, params, grads)
        wrong = bg.affected_tensors(bugs, len(params))
        if all(
            e > CLEAR_BUG if name in wrong else e < GRADCHECK_TOL / 10 for name, e in errors.items()
        ):
            return net, params, X, y, grads, errors, wrong
    raise RuntimeError(f"could not draw a clear case for {bugs}")  # pragma: no cover


def describe_network(sizes, net) -> str:
    widths = "-".join(str(s) for s in sizes)
    out = "softmax" if net["output"] == "softmax" else "linear"
    return f"a {widths} {net['activation']} net, {out} output, {net['loss']} loss"


def network_args(net, params, X, y, grads) -> tuple:
    """The ``check_network`` probe's arguments: plain data only."""
    return (
        dict(net),
        np.asarray(X, dtype=np.float64),
        np.asarray(y),
        [tuple(np.asarray(t, dtype=np.float64) for t in p) for p in params],
        [tuple(np.asarray(t, dtype=np.float64) for t in g) for g in grads],
    )
