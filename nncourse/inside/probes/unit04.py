"""Probes for unit 04 (numpy and the standard library only).

The student's gradient-checking functions take Python callables, which cannot travel to the
grader's sandbox as plain data. These probes build the callables where the student's code runs:

* a test function ``f: R^n -> R`` from a name in ``TEST_FUNCTIONS`` and plain coefficients;
* a network loss ``loss_fn(params)`` from a batch and layer settings, and a ``grad_fn(params)``
  that answers with gradient tensors the checker computed (correct or deliberately wrong).
"""

from __future__ import annotations

import numpy as np

from . import probe


def _sin_cubic(coef):
    """f(x) = offset + sum(sin(a x) + c x^3), elementwise coefficients shaped like x."""
    a, c, offset = np.asarray(coef["a"]), np.asarray(coef["c"]), float(coef["offset"])
    return lambda x: offset + float(np.sum(np.sin(a * x) + c * x**3))


def _quadratic(coef):
    """f(x) = 1/2 x^T A x + b^T x for a vector x (A symmetric)."""
    A, b = np.asarray(coef["A"]), np.asarray(coef["b"])
    return lambda x: float(0.5 * x @ (A @ x) + b @ x)


def _logsumexp(coef):
    """f(x) = log sum exp(M x) for a vector x, computed stably."""
    M = np.asarray(coef["M"])

    def f(x):
        z = M @ x
        top = float(np.max(z))
        return top + float(np.log(np.sum(np.exp(z - top))))

    return f


def _matrix_tanh(coef):
    """f(X) = w^T tanh(X u) for a matrix X of shape (m, n)."""
    u, w = np.asarray(coef["u"]), np.asarray(coef["w"])
    return lambda X: float(w @ np.tanh(X @ u))


TEST_FUNCTIONS = {
    "sin_cubic": _sin_cubic,
    "quadratic": _quadratic,
    "logsumexp": _logsumexp,
    "matrix_tanh": _matrix_tanh,
}
"""Name -> builder ``builder(coef) -> f``; the checker builds the same functions."""


def build_function(name: str, coef: dict, shape: tuple):
    """``f(x) -> float`` that refuses an ``x`` whose shape is not ``shape`` (in words)."""
    inner = TEST_FUNCTIONS[name](coef)
    shape = tuple(shape)

    def f(x):
        got = np.shape(x)
        if got != shape:
            raise ValueError(f"f expects x of shape {shape}, it was called with shape {got}")
        return inner(np.asarray(x, dtype=np.float64))

    return f


@probe
def fd_calls(targets: tuple, name: str, coef: dict, x, calls: list) -> list:
    """Call ``numerical_gradient(f, x, **kwargs)`` once per kwargs dict in ``calls``."""
    f = build_function(name, coef, np.shape(x))
    return [targets[0](f, np.array(x, dtype=np.float64), **kwargs) for kwargs in calls]


@probe
def fd_x_after(targets: tuple, name: str, coef: dict, x, calls: list):
    """Call ``numerical_gradient(f, x, **kwargs)`` for each kwargs on one array; return that ``x``.

    A function that steps ``x[i] += h`` in place and forgets to step back changes its caller's
    array; the checker compares what comes back with the original.
    """
    x = np.array(x, dtype=np.float64)
    f = build_function(name, coef, x.shape)
    for kwargs in calls:
        targets[0](f, x, **kwargs)
    return x


def _hidden(name: str, z: np.ndarray) -> np.ndarray:
    """The hidden unit ``name`` at ``z`` (the name first: no exercise's calling form)."""
    if name == "tanh":
        return np.tanh(z)
    if name == "sigmoid":
        return 0.5 * (1.0 + np.tanh(0.5 * z))
    if name == "relu":
        return np.maximum(z, 0.0)
    return z


def _as_params(params, shapes) -> list:
    """Validate a params list against the network's shapes; float64 (W, b) pairs."""
    if not isinstance(params, list | tuple) or len(params) != len(shapes):
        raise ValueError(f"loss_fn expects a list of {len(shapes)} (W, b) pairs")
    out = []
    for layer, (pair, (w_shape, b_shape)) in enumerate(zip(params, shapes), start=1):
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise ValueError(
                f"loss_fn expects a list of {len(shapes)} (W, b) pairs; "
                f"item {layer - 1} is not a (W, b) pair"
            )
        W, b = (np.asarray(t, dtype=np.float64) for t in pair)
        if W.shape != tuple(w_shape) or b.shape != tuple(b_shape):
            raise ValueError(
                f"loss_fn expects W{layer} of shape {tuple(w_shape)} and b{layer} of shape "
                f"{tuple(b_shape)}, got {W.shape} and {b.shape}"
            )
        out.append((W, b))
    return out


def network_loss(params, X, y, net: dict) -> float:
    """Batch-mean loss of an MLP (``Z = H @ W.T + b``); ``net`` names activation, output, loss."""
    h = np.asarray(X, dtype=np.float64)
    for i, (W, b) in enumerate(params):
        z = h @ W.T + b
        h = _hidden(net["activation"], z) if i < len(params) - 1 else z
    n = z.shape[0]
    if net["output"] == "linear":
        return float(0.5 * np.sum((z - y) ** 2) / n)
    shifted = z - z.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    if net["loss"] == "cross_entropy":
        return float(-np.mean(log_p[np.arange(n), np.asarray(y, dtype=np.int64)]))
    return float(0.5 * np.sum((np.exp(log_p) - y) ** 2) / n)


def _same_point(params, base, *, at_their_precision: bool = False) -> bool:
    """Whether ``params`` holds the values of ``base`` (a list of float64 (W, b) pairs).

    With ``at_their_precision``, a float32 (or float16) tensor counts as the same when it is
    ``base``'s tensor rounded to its dtype: a caller's float32 copy of the same params.
    """
    try:
        for pair, ref in zip(params, base, strict=True):
            for p, q in zip(pair, ref, strict=True):
                arr = np.asarray(p)
                low = arr.dtype.kind == "f" and arr.dtype.itemsize < 8
                if at_their_precision and low:
                    same = np.array_equal(arr, q.astype(arr.dtype))
                else:
                    same = np.array_equal(np.asarray(arr, dtype=np.float64), q)
                if not same:
                    return False
        return True
    except (TypeError, ValueError):
        return False


@probe
def check_network(targets: tuple, net: dict, X, y, params: list, grads: list) -> tuple:
    """Call ``targets[0](loss_fn, grad_fn, params)`` on a small network.

    ``loss_fn(params)`` evaluates the network's loss anywhere; ``grad_fn(params)`` returns the
    checker's gradient tensors (``grads``, right or wrong) and only at the given ``params``
    (or a copy of them at a lower precision: float32 tensors equal to the given ones rounded).

    Returns
    -------
    (result, params_unchanged)
        The student's result, and whether ``params`` still holds its original values.
    """
    shapes = [(np.shape(W), np.shape(b)) for W, b in params]
    base = [(np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)) for W, b in params]
    answer = [(np.array(dW, dtype=np.float64), np.array(db, dtype=np.float64)) for dW, db in grads]

    def loss_fn(p):
        return network_loss(_as_params(p, shapes), X, y, net)

    def grad_fn(p):
        if not _same_point(p, base, at_their_precision=True):
            raise ValueError("grad_fn here only answers at the params the checker passed in")
        return [(dW.copy(), db.copy()) for dW, db in answer]

    student_params = [(W.copy(), b.copy()) for W, b in base]
    result = targets[0](loss_fn, grad_fn, student_params)
    return result, _same_point(student_params, base)


@probe
def re_args_after(targets: tuple, a, b) -> tuple:
    """Call ``relative_error(a, b)`` on float64 copies; return ``(result, a after, b after)``."""
    a, b = np.array(a, dtype=np.float64), np.array(b, dtype=np.float64)
    return targets[0](a, b), a, b


def _near(got, want: np.ndarray) -> bool:
    """``got`` equals ``want`` up to float32 rounding (an honest float32 copy still matches)."""
    if got is want:
        return True
    try:
        got = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return got.shape == want.shape and bool(
        np.all(np.abs(got - want) <= 1e-7 + 1e-6 * np.abs(want))
    )


@probe
def check_configs(
    targets: tuple, X, ys: dict, params: list, configs: list, grads_by_config: list
) -> list:
    """Call ``targets[0](loss_and_grads, X, ys, params, configs)`` (04.own_backprop).

    The ``loss_and_grads`` handed over stands for a student's unit 03 backprop: its loss is the
    network's, at any ``params``; its gradients are the checker's tensors for that configuration
    (right or deliberately wrong), known at the checker's ``params`` only (NaN elsewhere: a loss
    function built from it keeps working, as it only reads the loss). It answers for the
    checker's ``X`` and the target of the asked loss only, and says so in words otherwise.
    """
    X0 = np.array(X, dtype=np.float64)
    base = [(np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)) for W, b in params]
    shapes = [(W.shape, b.shape) for W, b in base]
    known = [dict(c) for c in configs]
    targets_64 = {k: np.asarray(v, dtype=np.float64) for k, v in ys.items()}
    answers = [[(np.array(dW), np.array(db)) for dW, db in g] for g in grads_by_config]

    def loss_and_grads(X, y, params, activation="relu", output="linear", loss="squared"):
        net = {"activation": activation, "output": output, "loss": loss}
        if net not in known:
            raise ValueError(f"this loss_and_grads is only asked for the configurations {known}")
        if not _near(X, X0):
            raise ValueError("this loss_and_grads answers for the X passed to your function")
        if loss not in targets_64 or not _near(y, targets_64[loss]):
            raise ValueError(f"for loss={loss!r} pass targets[{loss!r}] as y")
        p = _as_params(params, shapes)
        value = network_loss(p, X0, np.asarray(ys[loss]), net)
        here = all(_near(t, t0) for pair, ref in zip(p, base) for t, t0 in zip(pair, ref))
        grads = answers[known.index(net)]
        if not here:
            grads = [(np.full(dW.shape, np.nan), np.full(db.shape, np.nan)) for dW, db in grads]
        return value, [(dW.copy(), db.copy()) for dW, db in grads]

    student_params = [(W.copy(), b.copy()) for W, b in base]
    return targets[0](loss_and_grads, X0.copy(), dict(ys), student_params, [dict(c) for c in known])
