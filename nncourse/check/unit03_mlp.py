"""The judge for the unit 03 MLP-backprop exercise: names the wrong tensor and the likely bug.

Tensors are named from the first layer: ``dW1, db1`` for the first layer, ``dW2, db2`` for the
second, and so on. Tensors are checked from the output back, because the first wrong one met in
that order is where the bug is; the ones below it are wrong only because they inherit it.

To say *why* a tensor is wrong, the judge compares it with what the usual bugs produce, all
computed here from the same inputs: the transpose, twice the value, N times or 1/N times the
value, the gradient without the hidden activation's derivative, and (softmax output with
squared loss) the softmax backward without its -y y^T term.
"""

from __future__ import annotations

import numpy as np

from nncourse.check.judge import (
    ATOL,
    RTOL,
    Verdict,
    as_array,
    expect_scalar,
    expect_tuple,
    fail,
    ok,
)
from nncourse.inside.guard import describe_value
from nncourse.key import backprop as bp
from nncourse.key.activations import ACTIVATIONS, softmax


def variant_grads(
    X: np.ndarray,
    y: np.ndarray,
    params: list,
    activation: str,
    output: str,
    loss: str,
    *,
    act_derivative: bool = True,
    softmax_outer: bool = True,
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Gradients as a buggy backprop computes them (both flags True gives the right ones).

    Parameters
    ----------
    act_derivative : bool
        False: pass back through hidden layers without multiplying by g'(Z).
    softmax_outer : bool
        False: softmax backward as ``p * dp`` (diagonal Jacobian only), for the squared loss.
    """
    _, cache = bp.forward(X, params, activation, output)
    z_last = cache.pre_activations[-1]
    n = X.shape[0]
    if loss == "cross_entropy":
        dz = bp.softmax_cross_entropy(z_last, y)[1]
    elif output == "softmax":
        p = softmax(z_last)
        dp = (p - y) / n
        dz = p * (dp - np.sum(dp * p, axis=1, keepdims=True)) if softmax_outer else p * dp
    else:
        dz = (z_last - y) / n
    g_prime = ACTIVATIONS[activation][1]
    grads = []
    for i in range(len(params) - 1, -1, -1):
        grads.append((dz.T @ cache.inputs[i], dz.sum(axis=0)))
        if i > 0:
            dz = dz @ cache.weights[i]
            if act_derivative:
                dz = dz * g_prime(cache.pre_activations[i - 1])
    return grads[::-1]


def _close(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=RTOL * 10, atol=ATOL * 10))


def _check_tensor(name, got, expected, variants, n) -> Verdict | None:
    """None if ``got`` equals ``expected``; else a failing verdict saying what is wrong."""
    arr, refusal = as_array(got, name)
    if refusal is not None:
        return refusal
    exp_text, got_text = describe_value(expected), describe_value(got)
    shapes = {"expected": f"shape {expected.shape}", "got": f"shape {arr.shape}"}
    if arr.shape != expected.shape:
        if expected.ndim == 2 and arr.shape == expected.T.shape:
            if _close(arr, expected.T):
                return fail(
                    f"{name} looks transposed: it has shape {arr.shape} and equals the "
                    "transpose of the right gradient",
                    hint="W has shape (n_out, n_in), so dW = dZ.T @ H (shape (n_out, n_in)), "
                    "not H.T @ dZ",
                    **shapes,
                )
            return fail(
                f"{name} has the transposed shape {arr.shape}",
                hint="dW must have the shape of W: (n_out, n_in)",
                **shapes,
            )
        if expected.ndim == 1 and arr.shape == (n,):
            return fail(
                f"{name} has shape ({n},): it was summed over the units instead of the batch",
                hint="db = dZ.sum(axis=0): sum over the batch axis (the rows)",
                **shapes,
            )
        if expected.ndim == 1 and arr.shape == (1, expected.shape[0]):
            return fail(
                f"{name} has shape {arr.shape}; b has shape {expected.shape}",
                hint="sum with axis=0 and without keepdims=True",
                **shapes,
            )
        return fail(
            f"{name} has the wrong shape",
            hint="each gradient has the shape of its parameter",
            **shapes,
        )
    if not np.all(np.isfinite(arr)):
        return fail(f"{name} contains NaN or infinite values", exp_text, got_text)
    if _close(arr, expected):
        return None
    for label, candidate, hint in variants:
        if candidate is not None and not _close(candidate, expected) and _close(arr, candidate):
            return fail(f"{name} is wrong: it {label}", exp_text, got_text, hint)
    return fail(f"{name} is wrong (right shape, wrong values)", exp_text, got_text)


def mlp_judge(X, y, params, activation: str, output: str, loss: str):
    """A judge for ``mlp_loss_and_grads(X, y, params, activation, output, loss)``."""
    exp_loss, exp_grads = bp.loss_and_grads(X, y, params, activation, output, loss)
    n, n_layers = X.shape[0], len(params)
    no_act = variant_grads(X, y, params, activation, output, loss, act_derivative=False)
    no_outer = (
        variant_grads(X, y, params, activation, output, loss, softmax_outer=False)
        if (output, loss) == ("softmax", "squared")
        else None
    )
    factor_hint = (
        "loss = (1/N) sum 1/2 ||yhat - y||^2, so dL/dyhat = (yhat - y) / N: the 1/2 cancels "
        "the 2 of the square"
        if loss == "squared"
        else "dL/dz = (softmax(z) - onehot(y)) / N"
    )

    def variants(layer: int, which: int):
        e = exp_grads[layer][which]
        out = [
            (
                "equals the transpose of the right gradient (W is square here, so the shape "
                "cannot tell)",
                e.T if e.ndim == 2 and e.shape[0] == e.shape[1] else None,
                "W has shape (n_out, n_in), so dW = dZ.T @ H, not H.T @ dZ",
            ),
            ("is twice the right value", 2.0 * e, factor_hint),
        ]
        if n > 1:
            bias_hint = (
                "the 1/N of the batch mean is already in dL/dZ; then db = dZ.sum(axis=0)"
                if which == 1
                else "divide by the batch size N exactly once (in dL/dyhat)"
            )
            out += [
                (
                    f"is N = {n} times the right value: it was not divided by the batch size",
                    n * e,
                    bias_hint,
                ),
                (
                    f"is 1/N = 1/{n} of the right value: the batch size was divided twice",
                    e / n,
                    "the 1/N enters once, in dL/dyhat; after that sum, do not average",
                ),
            ]
        out.append(
            (
                "matches the gradient computed without the activation derivative g'(Z)",
                no_act[layer][which],
                "passing back through a hidden layer: dZ = (dZ_above @ W_above) * g'(Z)",
            )
        )
        if no_outer is not None:
            out.append(
                (
                    "matches a softmax backward without the -y y^T term of its Jacobian",
                    no_outer[layer][which],
                    "softmax's Jacobian is diag(y) - y y^T, so dz = y * (dy - sum(dy * y, axis=1))",
                )
            )
        return out

    def judge(got) -> Verdict:
        bad = expect_tuple(got, 2, name="mlp_loss_and_grads(...)")
        if bad is not None:
            return bad
        loss_verdict = expect_scalar(got[0], exp_loss, name="the loss", hint=factor_hint)
        if not loss_verdict.passed:
            return loss_verdict
        grads = got[1]
        if not isinstance(grads, list | tuple) or len(grads) != n_layers:
            return fail(
                f"the gradients should be a list of {n_layers} pairs (dW, db), one per layer",
                expected=f"a list of {n_layers} (dW, db) pairs",
                got=describe_value(grads),
                hint="return loss, [(dW1, db1), (dW2, db2), ...] with the first layer first",
            )
        problems: list[tuple[str, Verdict]] = []
        for layer in range(n_layers - 1, -1, -1):
            pair = grads[layer]
            if not isinstance(pair, list | tuple) or len(pair) != 2:
                return fail(
                    f"gradient entry {layer} (layer {layer + 1}) is not a pair (dW, db)",
                    got=describe_value(pair),
                )
            for which, prefix in ((0, "dW"), (1, "db")):
                name = f"{prefix}{layer + 1}"
                problem = _check_tensor(
                    name, pair[which], exp_grads[layer][which], variants(layer, which), n
                )
                if problem is not None:
                    problems.append((name, problem))
        if not problems:
            return ok()
        first = problems[0][1]
        wrong = [name for name, _ in problems]
        right = [
            f"{p}{k}"
            for k in range(n_layers, 0, -1)
            for p in ("dW", "db")
            if f"{p}{k}" not in wrong
        ]
        extra = f" (wrong: {', '.join(wrong)}" + (f"; right: {', '.join(right)})" if right else ")")
        return fail(first.message + extra, first.expected, first.got, first.hint)

    return judge
