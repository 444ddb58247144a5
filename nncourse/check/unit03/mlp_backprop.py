"""03.mlp_backprop: vectorised MLP backprop; the judge names the wrong tensor and the likely bug.

Tensors are named from the first layer: ``dW1, db1`` for the first layer, ``dW2, db2`` for the
second, and so on. Tensors are checked from the output back, because the first wrong one met in
that order is where the bug is; the ones below it are wrong only because they inherit it.

To say *why* a tensor is wrong, the judge compares it with what the usual bugs produce on the
same inputs, computed in ``make_cases`` with the answer key and passed as known mistakes: the
transpose, twice the value, N times or 1/N times the value, the gradient without the hidden
activation's derivative (``nncourse.key.buggy_grads``), and (softmax output with squared loss)
the softmax backward without its -y y^T term.
"""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import (
    ATOL,
    ATOL_FLOAT32,
    RTOL,
    RTOL_FLOAT32,
    Verdict,
    as_array,
    expect_scalar,
    expect_tuple,
    fail,
    match_mistake,
    mistake,
    ok,
)
from nncourse.check.unit03.common import inputs_unchanged
from nncourse.inside.guard import describe_value


def _close(a: np.ndarray, b: np.ndarray, rtol: float = RTOL * 10, atol: float = ATOL * 10) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))


def _tolerances(got: object) -> tuple[float, float]:
    """float64 tolerances (a little loose: sums over a batch), or float32 ones for float32."""
    if isinstance(got, np.ndarray) and got.dtype in (np.float32, np.float16):
        return RTOL_FLOAT32, ATOL_FLOAT32
    return RTOL * 10, ATOL * 10


def _check_tensor(name, got, expected, mistakes, n) -> Verdict | None:
    """None if ``got`` equals ``expected``; else a failing verdict saying what is wrong."""
    arr, refusal = as_array(got, name)
    if refusal is not None:
        return refusal
    rtol, atol = _tolerances(got)
    exp_text, got_text = describe_value(expected), describe_value(got)
    shapes = {
        "expected": f"shape {expected.shape}",
        "wanted": f"shape {expected.shape}",
        "got": f"shape {arr.shape}",
    }
    if arr.shape != expected.shape:
        if expected.ndim == 2 and arr.shape == expected.T.shape:
            if _close(arr, expected.T, rtol, atol):
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
    if _close(arr, expected, rtol, atol):
        return None
    known = match_mistake(arr, mistakes, rtol=rtol, atol=atol)
    if known is not None:
        return fail(
            f"{name} is wrong: it {known['label']}",
            exp_text,
            got_text,
            known["hint"],
            mistake=known["label"],
        )
    return fail(f"{name} is wrong (right shape, wrong values)", exp_text, got_text)


def loss_and_grads_result(
    got: object, *, loss: float, grads: list, mistakes: list, n: int, factor_hint: str
) -> Verdict:
    """Judge ``mlp_loss_and_grads(...)``: ``(loss, [(dW1, db1), ...])``, from the output back.

    Parameters
    ----------
    loss : float
        The expected loss.
    grads : list of (ndarray, ndarray)
        The expected ``(dW, db)`` of every layer, first layer first.
    mistakes : list of (list, list)
        Per layer, the known mistakes (``mistake(label, wrong tensor, hint)``) for dW and db.
    n : int
        The batch size N.
    factor_hint : str
        Hint for a wrong loss (it depends on the loss function).
    """
    bad = expect_tuple(got, 2, name="mlp_loss_and_grads(...)")
    if bad is not None:
        return bad
    loss_verdict = expect_scalar(got[0], loss, name="the loss", hint=factor_hint)
    if not loss_verdict.passed:
        return loss_verdict
    n_layers = len(grads)
    got_grads = got[1]
    if not isinstance(got_grads, list | tuple) or len(got_grads) != n_layers:
        return fail(
            f"the gradients should be a list of {n_layers} pairs (dW, db), one per layer",
            expected=f"a list of {n_layers} (dW, db) pairs",
            got=describe_value(got_grads),
            hint="return loss, [(dW1, db1), (dW2, db2), ...] with the first layer first",
            wanted=f"a list of {n_layers} (dW, db) pairs",
        )
    problems: list[tuple[str, Verdict]] = []
    for layer in range(n_layers - 1, -1, -1):
        pair = got_grads[layer]
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            return fail(
                f"gradient entry {layer} (layer {layer + 1}) is not a pair (dW, db)",
                got=describe_value(pair),
                wanted="a pair (dW, db)",
            )
        for which, prefix in ((0, "dW"), (1, "db")):
            name = f"{prefix}{layer + 1}"
            expected = np.asarray(grads[layer][which], dtype=np.float64)
            problem = _check_tensor(name, pair[which], expected, mistakes[layer][which], n)
            if problem is not None:
                problems.append((name, problem))
    if not problems:
        return ok()
    first = problems[0][1]
    wrong = [name for name, _ in problems]
    right = [
        f"{p}{k}" for k in range(n_layers, 0, -1) for p in ("dW", "db") if f"{p}{k}" not in wrong
    ]
    extra = f" (wrong: {', '.join(wrong)}" + (f"; right: {', '.join(right)})" if right else ")")
    return fail(
        first.message + extra,
        first.expected,
        first.got,
        first.hint,
        wanted=first.wanted,
        detail=first.detail,
        mistake=first.mistake,
    )


def _factor_hint(loss: str) -> str:
    if loss == "squared":
        return (
            "loss = (1/N) sum 1/2 ||yhat - y||^2, so dL/dyhat = (yhat - y) / N: the 1/2 cancels "
            "the 2 of the square"
        )
    return "dL/dz = (softmax(z) - onehot(y)) / N"


def _known_mistakes(X, y, params, activation: str, output: str, loss: str, grads) -> list:
    """Per layer, [dW mistakes, db mistakes]: what the usual bugs return (if it differs)."""
    from nncourse.key.buggy_grads import Bug, buggy_loss_and_grads

    n, n_layers = X.shape[0], len(params)
    hidden = [Bug("no_activation_grad", layer) for layer in range(1, n_layers)]
    no_act = buggy_loss_and_grads(X, y, params, hidden, activation, output, loss)[1]
    no_outer = (
        buggy_loss_and_grads(X, y, params, [Bug("softmax_no_outer")], activation, output, loss)[1]
        if (output, loss) == ("softmax", "squared")
        else None
    )
    factor_hint = _factor_hint(loss)
    out = []
    for layer in range(n_layers):
        pair = []
        for which in (0, 1):
            e = grads[layer][which]
            candidates = []
            if e.ndim == 2 and e.shape[0] == e.shape[1]:
                candidates.append(
                    mistake(
                        "equals the transpose of the right gradient (W is square here, so the "
                        "shape cannot tell)",
                        e.T,
                        "W has shape (n_out, n_in), so dW = dZ.T @ H, not H.T @ dZ",
                    )
                )
            candidates.append(mistake("is twice the right value", 2.0 * e, factor_hint))
            if n > 1:
                bias_hint = (
                    "the 1/N of the batch mean is already in dL/dZ; then db = dZ.sum(axis=0)"
                    if which == 1
                    else "divide by the batch size N exactly once (in dL/dyhat)"
                )
                candidates += [
                    mistake(
                        f"is N = {n} times the right value: it was not divided by the batch size",
                        n * e,
                        bias_hint,
                    ),
                    mistake(
                        f"is 1/N = 1/{n} of the right value: the batch size was divided twice",
                        e / n,
                        "the 1/N enters once, in dL/dyhat; after that sum, do not average",
                    ),
                ]
            candidates.append(
                mistake(
                    "matches the gradient computed without the activation derivative g'(Z)",
                    no_act[layer][which],
                    "passing back through a hidden layer: dZ = (dZ_above @ W_above) * g'(Z)",
                )
            )
            if no_outer is not None:
                candidates.append(
                    mistake(
                        "matches a softmax backward without the -y y^T term of its Jacobian",
                        no_outer[layer][which],
                        "softmax's Jacobian is diag(y) - y y^T, so "
                        "dz = y * (dy - sum(dy * y, axis=1))",
                    )
                )
            # a "mistake" that gives the right tensor here cannot be told apart: leave it out
            pair.append([m for m in candidates if not _close(np.asarray(m["value"]), e)])
        out.append(pair)
    return out


CONFIGS = [
    ("one layer, linear output, squared loss", 5, [3, 2], "relu", "linear", "squared"),
    ("two layers, sigmoid, squared loss", 6, [4, 5, 3], "sigmoid", "linear", "squared"),
    (
        "square weights (a transposed dW has the right shape)",
        7,
        [4, 4, 4],
        "tanh",
        "linear",
        "squared",
    ),
    ("tanh, softmax + cross-entropy", 8, [5, 4, 6, 3], "tanh", "softmax", "cross_entropy"),
    (
        "ReLU, softmax + squared loss (full softmax backward)",
        5,
        [4, 6, 3],
        "relu",
        "softmax",
        "squared",
    ),
    ("four ReLU layers", 4, [3, 5, 6, 5, 2], "relu", "linear", "squared"),
    ("a batch of one example", 1, [4, 3, 2], "sigmoid", "softmax", "cross_entropy"),
]
"""(name, N, layer sizes, activation, output, loss) of every case."""

UNCHANGED_AFTER = "two layers, sigmoid, squared loss"
"""The case whose inputs the "leaves X, y and params unchanged" check sends again."""


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key import backprop as bp

    cases = []
    for name, n, sizes, act, out, loss in CONFIGS:
        params = [
            (rng.normal(0, 1 / np.sqrt(i), size=(o, i)), rng.normal(0, 0.5, size=o))
            for i, o in zip(sizes, sizes[1:])
        ]
        X = rng.normal(size=(n, sizes[0]))
        y = (
            rng.integers(0, sizes[-1], size=n)
            if loss == "cross_entropy"
            else (
                rng.dirichlet(np.ones(sizes[-1]), size=n)
                if out == "softmax"
                else rng.normal(size=(n, sizes[-1]))
            )
        )
        call = (
            f"mlp_loss_and_grads(X of shape {X.shape}, y, params for sizes {sizes}, "
            f"activation={act!r}, output={out!r}, loss={loss!r})"
        )
        value, grads = bp.loss_and_grads(X, y, params, act, out, loss)
        cases.append(
            Case(
                name,
                call,
                judge(
                    loss_and_grads_result,
                    loss=float(value),
                    grads=[(dW, db) for dW, db in grads],
                    mistakes=_known_mistakes(X, y, params, act, out, loss, grads),
                    n=n,
                    factor_hint=_factor_hint(loss),
                ),
                args=(0, X, y, params, act, out, loss),
                probe="call_keeping_precision",
            )
        )
    X, y, params, *rest = _args_of(cases, UNCHANGED_AFTER)
    cases.append(
        Case(
            "leaves X, y and params unchanged",
            f"the call of {UNCHANGED_AFTER!r} again, then X, y and every W and b",
            judge(
                inputs_unchanged,
                originals={"X": X, "y": y, "params": [a for pair in params for a in pair]},
                fn_name="mlp_loss_and_grads",
            ),
            args=(0, ["X", "y", "params"], X, y, params, *rest),
            probe="inputs_after",
            points=0.5,
            needs=(UNCHANGED_AFTER,),
        )
    )
    return cases


def _args_of(cases: list[Case], name: str) -> tuple:
    """The student's arguments of the case called ``name`` (without the target index)."""
    return next(c.args[1:] for c in cases if c.name == name)


mlp_backprop = register(
    Exercise("03.mlp_backprop", "Vectorised MLP backprop", ("mlp_loss_and_grads",), _cases)
)
