"""Pieces shared by unit 04's checkers: short value texts, shape verdicts, network cases."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nncourse.check.judge import Verdict, as_array, expect_unchanged, fail
from nncourse.inside.guard import describe_value

EPS64 = float(np.finfo(np.float64).eps)
"""Machine epsilon of float64, the precision the checks are calibrated in."""

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


def precision_of(got) -> tuple[str, float]:
    """``(dtype name, machine epsilon)`` the student's result was computed in.

    A float array of less than 64 bits (float32, float16) names its own precision; anything
    else (float64 arrays, lists, Python floats) is judged as float64.
    """
    if isinstance(got, np.ndarray) and got.dtype.kind == "f" and got.dtype.itemsize < 8:
        return str(got.dtype), float(np.finfo(got.dtype).eps)
    return "float64", EPS64


def precision_note(dtype: str) -> str:
    """The words a message adds when a result is judged at a lower precision than float64."""
    return "" if dtype == "float64" else f" (judged at {dtype} precision, the dtype returned)"


def differing_texts(expected, got) -> tuple[str, str]:
    """Short texts of two arrays that differ; never the same text for different values.

    When the short forms print alike (a difference past the fourth digit), both texts name the
    first differing entry at full precision.
    """
    e, g = np.asarray(expected, dtype=np.float64), np.asarray(got, dtype=np.float64)
    e_text, g_text = show(e), show(g)
    if e_text != g_text or e.shape != g.shape:
        return e_text, g_text
    bad = np.argwhere(e != g)
    if not len(bad):
        return e_text, g_text
    idx = tuple(int(i) for i in bad[0])
    where = f"entry {idx}: " if e.ndim else ""
    return f"{where}{float(e[idx])!r}", f"{where}{float(g[idx])!r}"


def number_texts(expected: float, got: float, digits: int = 3) -> tuple[str, str]:
    """Two numbers as text with ``digits`` significant digits, more when they would print alike."""
    for d in range(digits, 18):
        e_text, g_text = f"{expected:.{d}g}", f"{got:.{d}g}"
        if e_text != g_text:
            return e_text, g_text
    return repr(float(expected)), repr(float(got))


def unchanged_verdict(got, original, *, name: str, message: str, hint: str) -> Verdict:
    """``expect_unchanged``, with the first changed entry at full precision when the short
    texts of the array before and after would print alike."""
    original = np.asarray(original, dtype=np.float64)
    verdict = expect_unchanged(got, original, name=name, message=message, hint=hint)
    if verdict.passed:
        return verdict
    arr, refusal = as_array(got, name)
    if refusal is not None or arr.shape != original.shape:
        return verdict
    changed = np.argwhere(arr != original)
    if not len(changed):
        return verdict
    idx = tuple(int(i) for i in changed[0])
    return fail(
        message,
        expected=f"{name}{list(idx)} unchanged: {float(original[idx])!r}",
        got=f"{name}{list(idx)} = {float(arr[idx])!r} after the call",
        hint=hint,
        detail=f"{len(changed)} entries changed",
    )


def exact_gradient(name: str, coef: dict, x: np.ndarray) -> np.ndarray:
    """The true gradient of the probe's test function ``name`` at ``x``."""
    if name == "sin_cubic":
        return coef["a"] * np.cos(coef["a"] * x) + 3.0 * coef["c"] * x**2
    if name == "quadratic":
        return coef["A"] @ x + coef["b"]
    if name == "logsumexp":
        z = coef["M"] @ x
        p = np.exp(z - z.max())
        return coef["M"].T @ (p / p.sum())
    t = np.tanh(x @ coef["u"])
    return np.outer(coef["w"] * (1.0 - t * t), coef["u"])


def probe_function(name: str, coef: dict, x: np.ndarray):
    """The probe's test function ``name`` for an ``x`` of this shape."""
    from nncourse.inside.probes.unit04 import build_function

    return build_function(name, coef, x.shape)


def quotient_forms(name: str, coef: dict, x: np.ndarray, h: float) -> dict:
    """Difference quotients a student might have computed, with the answer key."""
    from nncourse.key import gradcheck as gc

    f = probe_function(name, coef, x)
    forward = gc.numerical_gradient(f, x, h, "one-sided")
    central = gc.numerical_gradient(f, x, h, "two-sided")
    return {
        "one-sided": forward,
        "two-sided": central,
        "backward": 2.0 * central - forward,
        "double": 2.0 * central,
    }


def f_bound(name: str, coef: dict, x: np.ndarray, h: float) -> float:
    """A bound on |f| at the points a quotient at step h evaluates."""
    exact = exact_gradient(name, coef, x)
    return abs(float(probe_function(name, coef, x)(x))) + h * float(np.sum(np.abs(exact))) + h


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


def draw_network(
    rng: np.random.Generator,
    sizes: Sequence[int],
    combo: tuple[str, str],
    *,
    y_scale: float = 1.0,
    zero_last: bool = False,
):
    """A random small MLP: ``(net settings, params, X, y)``.

    ``y_scale`` multiplies the regression targets (large targets, large gradients);
    ``zero_last`` zeroes the last weight matrix, so every tensor below it has an exactly zero
    gradient (the output no longer depends on them).
    """
    activation = str(rng.choice(["tanh", "sigmoid"]))
    params = [
        (rng.normal(0.0, 0.9, (o, i)), rng.normal(0.0, 0.3, o))
        for i, o in zip(sizes[:-1], sizes[1:])
    ]
    if zero_last:
        params[-1] = (np.zeros_like(params[-1][0]), params[-1][1])
    n = int(rng.integers(4, 7))
    X = rng.normal(size=(n, sizes[0]))
    if combo[1] == "cross_entropy":
        y = rng.integers(0, sizes[-1], size=n)
    else:
        y = y_scale * rng.uniform(0.0, 1.0, size=(n, sizes[-1]))
    return {"activation": activation, "output": combo[0], "loss": combo[1]}, params, X, y


def _one_sided_errors(loss_fn, params, grads, h: float) -> list[float]:
    """Relative error of each weight matrix's gradient against a one-sided difference."""
    from nncourse.key import gradcheck as gc

    out = []
    for k, (W, b) in enumerate(params):

        def f(value, k=k, b=b):
            trial = list(params)
            trial[k] = (value, b)
            return loss_fn(trial)

        out.append(gc.relative_error(grads[k][0], gc.numerical_gradient(f, W, h, "one-sided")))
    return out


def network_case(rng, sizes, combo, bugs, *, one_sided_gap: float = 0.0, **draw):
    """A network, its buggy gradient, the per-tensor errors and the wrong tensors.

    Built with the answer key (``bugs`` are ``nncourse.key.buggy_grads.Bug``); redraws the
    network until the bugs are unambiguous (see ``CLEAR_BUG``), also at the params rounded to
    float32 (a caller's float32 copy of them finds the same tensors right and wrong). With
    ``one_sided_gap``, also until a one-sided difference at h = 1e-5 puts some weight matrix's
    error above it (a check that uses one is caught). ``draw`` goes to ``draw_network``.
    """
    from nncourse.key import buggy_grads as bg
    from nncourse.key import gradcheck as gc

    for _ in range(50):
        net, params, X, y = draw_network(rng, sizes, combo, **draw)
        grads = bg.buggy_loss_and_grads(X, y, params, bugs, **net)[1]
        loss_fn = bg.make_loss_fn(X, y, **net)
        errors = gc.per_tensor_check(loss_fn, params, grads)
        rounded = [tuple(t.astype(np.float32) for t in pair) for pair in params]
        errors32 = gc.per_tensor_check(loss_fn, rounded, grads)
        wrong = bg.affected_tensors(bugs, len(params))
        if not all(
            e > CLEAR_BUG and e32 > CLEAR_BUG
            if name in wrong
            else e < GRADCHECK_TOL / 10 and e32 < GRADCHECK_TOL / 10
            for (name, e), e32 in zip(errors.items(), errors32.values())
        ):
            continue
        if one_sided_gap and max(_one_sided_errors(loss_fn, params, grads, 1e-5)) < one_sided_gap:
            continue
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
