"""Unit 04 checkers that gradient-check small networks: ``gradient_check`` and ``find_buggy``.

Imported by :mod:`nncourse.check.unit04` (use ``unit04.gradient_check``, ``unit04.find_buggy``).
Each case draws a small MLP, a batch and a set of deliberate backprop bugs
(:mod:`nncourse.buggy_grads`); the probe ``check_network`` hands the student a ``loss_fn`` and
a ``grad_fn`` answering with those gradients. Expected answers are computed here: per-tensor
relative errors against a finite difference (``gradcheck.per_tensor_check``) and the set of
wrong tensors, which is confirmed numerically before a case is used.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nncourse.check.exercise import Case, Exercise, register
from nncourse.check.judge import Verdict, fail, ok
from nncourse.inside.guard import describe_value
from nncourse.key import buggy_grads as bg
from nncourse.key import gradcheck as gc
from nncourse.key.buggy_grads import Bug

NETWORK_ATOL = 1e-6
"""Absolute tolerance on a reported per-tensor relative error (all tiny errors are equal)."""

NETWORK_RTOL = 1e-3
"""Relative tolerance on a reported per-tensor relative error of a wrong gradient."""

CLEAR_BUG = 1e-3
"""A case is used only if every wrong tensor's error is above this and every right one's is
below ``gradcheck.GRADCHECK_TOL / 10``."""

COMBOS = (("linear", "squared"), ("softmax", "squared"), ("softmax", "cross_entropy"))


def _draw_network(rng: np.random.Generator, sizes: Sequence[int], combo: tuple[str, str]):
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


def _network_case(rng, sizes, combo, bugs: tuple[Bug, ...]):
    """A network, its buggy gradient, the per-tensor errors and the wrong tensors.

    Redraws the network until the bugs are unambiguous (see ``CLEAR_BUG``).
    """
    for _ in range(20):
        net, params, X, y = _draw_network(rng, sizes, combo)
        grads = bg.buggy_loss_and_grads(X, y, params, bugs, **net)[1]
        loss_fn = bg.make_loss_fn(X, y, **net)
        errors = gc.per_tensor_check(loss_fn, params, grads)
        wrong = bg.affected_tensors(bugs, len(params))
        if all(
            e > CLEAR_BUG if name in wrong else e < gc.GRADCHECK_TOL / 10
            for name, e in errors.items()
        ):
            return net, params, X, y, grads, errors, wrong
    raise RuntimeError(f"could not draw a clear case for {bugs}")  # pragma: no cover


def _describe(sizes, net) -> str:
    widths = "-".join(str(s) for s in sizes)
    out = "softmax" if net["output"] == "softmax" else "linear"
    return f"a {widths} {net['activation']} net, {out} output, {net['loss']} loss"


def _args(net, params, X, y, grads) -> tuple:
    return (net, X, y, [tuple(p) for p in params], [tuple(g) for g in grads])


def _unpack(got, fn_name: str):
    if not isinstance(got, tuple | list) or len(got) != 2:
        return None, fail(f"{fn_name} could not be run", got=describe_value(got))
    return got[0], None


def _errors_judge(expected: dict[str, float], what: str):
    def judge(got) -> Verdict:
        result, refusal = _unpack(got, "gradient_check")
        if refusal is not None:
            return refusal
        if not isinstance(result, dict):
            return fail(
                "gradient_check should return a dict",
                expected="{'W1': 1e-10, ...}",
                got=describe_value(result),
                hint="one entry per tensor: errors['W1'] = relative_error(dW1, numeric)",
            )
        missing = [k for k in expected if k not in result]
        extra = [k for k in result if k not in expected]
        if missing or extra:
            return fail(
                "the dict has the wrong keys",
                expected=f"keys {list(expected)}",
                got=f"keys {list(result)}",
                hint="name tensors 'W1', 'b1', 'W2', ... counting layers from 1",
            )
        for name, exp in expected.items():
            value = result[name]
            if isinstance(value, np.ndarray) and value.size == 1:
                value = float(value.reshape(()))
            if isinstance(value, bool) or not isinstance(value, int | float):
                return fail(
                    f"the error for {name} is not a number",
                    got=describe_value(value),
                    hint="one float per tensor: the relative error of the whole tensor",
                )
            if np.isinf(exp):
                if value == float("inf"):
                    continue
                return fail(
                    f"the gradient for {name} has the wrong shape, so its error is inf",
                    expected="inf",
                    got=f"{value:.3g}",
                    hint="compare np.shape(grad) with np.shape(tensor) first and report "
                    "float('inf') when they differ",
                )
            if not abs(value - exp) <= NETWORK_ATOL + NETWORK_RTOL * exp:
                return fail(
                    f"the error reported for {name} is wrong ({what})",
                    expected=f"{exp:.3g}" if exp > NETWORK_ATOL else f"below {NETWORK_ATOL:g}",
                    got=f"{value:.3g}",
                    hint="compare the whole tensor at once: relative_error(analytic, numeric) "
                    "with norms, the numeric gradient from a two-sided difference of loss_fn "
                    "in that tensor only",
                )
        return ok()

    return judge


def _unchanged_judge(got) -> Verdict:
    result, refusal = _unpack(got, "gradient_check")
    if refusal is not None:
        return refusal
    if got[1] is True:
        return ok()
    return fail(
        "gradient_check changed params (a tensor or the list itself)",
        expected="params unchanged",
        got="params changed after the call",
        hint="build a new list for each trial point, e.g. trial = list(params); "
        "trial[k] = (W_new, b), and step a copy of the tensor",
    )


def _gradient_check_cases(rng: np.random.Generator) -> list[Case]:
    layer_bug = [
        Bug("transposed_weight", 2),
        Bug("no_activation_grad", 2),
        Bug("bias_not_averaged", 2),
    ][int(rng.integers(3))]
    plans = [
        ("a correct gradient: every error tiny", [3, 4, 2], COMBOS[0], (), 2.0),
        ("a doubled gradient: 1/3 everywhere", [4, 5, 3], COMBOS[2], (Bug("loss_times_2"),), 1.0),
        (
            "one layer's bug shows in its tensors",
            [3, 4, 4, 2],
            COMBOS[int(rng.integers(3))],
            (layer_bug,),
            2.0,
        ),
        ("softmax backward without -p p^T", [3, 4, 3], COMBOS[1], (Bug("softmax_no_outer"),), 1.0),
        (
            "a gradient of the wrong shape reports inf",
            [3, 4, 2],
            COMBOS[0],
            (Bug("transposed_weight", 1),),
            1.0,
        ),
    ]
    cases = []
    for name, sizes, combo, bugs, pts in plans:
        net, params, X, y, grads, errors, _ = _network_case(rng, sizes, combo, bugs)
        what = "; ".join(b.describe() for b in bugs) or "the gradient is correct"
        cases.append(
            Case(
                name,
                f"gradient_check(loss_fn, grad_fn, params) for {_describe(sizes, net)}",
                _errors_judge(errors, what),
                args=_args(net, params, X, y, grads),
                probe="check_network",
                points=pts,
            )
        )
    net, params, X, y, grads, _, _ = _network_case(rng, [2, 3, 2], COMBOS[0], ())
    cases.append(
        Case(
            "leaves params unchanged",
            "gradient_check(loss_fn, grad_fn, params), then look at params",
            _unchanged_judge,
            args=_args(net, params, X, y, grads),
            probe="check_network",
        )
    )
    return cases


def _verdict_judge(expected: list[str], names: list[str], what: str):
    def judge(got) -> Verdict:
        result, refusal = _unpack(got, "find_buggy")
        if refusal is not None:
            return refusal
        if not isinstance(result, list | tuple) or not all(isinstance(r, str) for r in result):
            return fail(
                "find_buggy should return a list of tensor names",
                expected=f"a list like {expected or ['W2', 'b2']}",
                got=describe_value(result),
                hint="return a list (sorted(...) turns a set into one); [] if all is well",
            )
        unknown = sorted(set(result) - set(names))
        if unknown:
            return fail(
                f"{unknown} are not tensors of this network",
                expected=f"names from {names}",
                got=describe_value(result),
            )
        missed = [n for n in expected if n not in result]
        false = [n for n in names if n in result and n not in expected]
        if not missed and not false:
            return ok()
        parts = ([f"missed {', '.join(missed)}"] if missed else []) + (
            [f"flagged {', '.join(false)} although its gradient is right"] if false else []
        )
        return fail(
            "; ".join(parts) + f" (this grad_fn: {what})",
            expected=str(expected),
            got=str(list(result)),
            hint=f"a tensor is wrong when its relative error against a two-sided difference is "
            f"above {gc.GRADCHECK_TOL:g}, or when its gradient has the wrong shape",
        )

    return judge


def _find_buggy_cases(rng: np.random.Generator) -> list[Case]:
    pool = [
        ([3, 4, 4, 2], (Bug("transposed_weight", 2),)),
        ([3, 4, 4, 2], (Bug("no_activation_grad", int(rng.integers(1, 3))),)),
        ([3, 4, 3], (Bug("loss_times_2"),)),
        ([2, 3, 4, 2], (Bug("bias_not_averaged", int(rng.integers(1, 4))),)),
        ([3, 5, 2], (Bug("bias_wrong_axis", int(rng.integers(1, 3))),)),
        ([3, 4, 2], (Bug("transposed_weight", 1),)),
        ([3, 4, 3], (Bug("softmax_no_outer"),)),
    ]
    picks = rng.choice(len(pool), size=4, replace=False)
    plans = [([3, 4, 3], ())] + [pool[int(i)] for i in picks]
    plans.append(([3, 4, 4, 2], (Bug("bias_not_averaged", 1), Bug("transposed_weight", 2))))
    cases = []
    for k, (sizes, bugs) in enumerate(plans, start=1):
        needs_softmax = any(b.kind == "softmax_no_outer" for b in bugs)
        combo = COMBOS[int(rng.integers(1, 3))] if needs_softmax else COMBOS[int(rng.integers(3))]
        net, params, X, y, grads, _, wrong = _network_case(rng, sizes, combo, bugs)
        what = "; ".join(b.describe() for b in bugs) or "a correct gradient"
        cases.append(
            Case(
                f"suspect {k}",
                f"find_buggy(loss_fn, grad_fn, params) for {_describe(sizes, net)}",
                _verdict_judge(wrong, gc.tensor_names(len(params)), what),
                args=_args(net, params, X, y, grads),
                probe="check_network",
                points=2.0 if len(bugs) != 1 else 1.0,
            )
        )
    return cases


gradient_check = register(
    Exercise(
        "04.gradient_check",
        "Gradient check of a network, tensor by tensor",
        ("gradient_check",),
        _gradient_check_cases,
    )
)

find_buggy = register(
    Exercise("04.find_buggy", "Find the buggy gradient tensors", ("find_buggy",), _find_buggy_cases)
)
