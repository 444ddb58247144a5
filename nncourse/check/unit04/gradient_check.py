"""04.gradient_check: one relative error per tensor of a small network's gradient.

Each case draws a small MLP, a batch and deliberate backprop bugs with the answer key
(``nncourse.key.buggy_grads``); the probe ``check_network`` hands the student a ``loss_fn`` and
a ``grad_fn`` that answers with those gradient tensors (plain data). The expected per-tensor
errors are computed in ``make_cases`` (``gradcheck.per_tensor_check``) and judged as data.
"""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, fail, ok
from nncourse.check.unit04.common import (
    COMBOS,
    NETWORK_ATOL,
    NETWORK_RTOL,
    describe_network,
    network_args,
    network_case,
    number_texts,
    unpack,
)
from nncourse.inside.guard import describe_value


def errors(got, *, names: list, expected: list, what: str) -> Verdict:
    """Judge the dict of per-tensor errors: keys ``names``, values close to ``expected``.

    ``expected[k]`` is the reference error of tensor ``names[k]`` (``inf`` for a wrong shape);
    ``what`` says in words which bugs the gradient has.
    """
    result, refusal = unpack(got, "gradient_check")
    if refusal is not None:
        return refusal
    if not isinstance(result, dict):
        return fail(
            "gradient_check should return a dict",
            expected="{'W1': 1e-10, ...}",
            got=describe_value(result),
            hint="one entry per tensor: errors['W1'] = relative_error(dW1, numeric)",
            wanted="a dict like {'W1': 1e-10, ...}",
        )
    missing = [k for k in names if k not in result]
    extra = [k for k in result if k not in names]
    if missing or extra:
        return fail(
            "the dict has the wrong keys",
            expected=f"keys {list(names)}",
            got=f"keys {list(result)}",
            hint="name tensors 'W1', 'b1', 'W2', ... counting layers from 1",
            wanted=f"keys {list(names)}",
        )
    for name, exp in zip(names, expected):
        exp = float(exp)
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
                wanted="inf",
            )
        if not abs(value - exp) <= NETWORK_ATOL + NETWORK_RTOL * exp:
            if exp == 0.0 and not np.isfinite(value):
                return fail(
                    f"the error reported for {name} is {value}: its gradient is exactly zero, "
                    "and so is the finite difference",
                    expected="0.0",
                    got=str(value),
                    hint="relative_error(0, 0) must be 0: divide by max(|a| + |b|, floor), "
                    "never by |a| + |b| alone",
                    wanted="a finite error",
                )
            e_text, g_text = number_texts(exp, value)
            return fail(
                f"the error reported for {name} is wrong ({what})",
                expected=e_text if exp > NETWORK_ATOL else f"below {NETWORK_ATOL:g}",
                got=g_text,
                hint="compare the whole tensor at once: relative_error(analytic, numeric) "
                "with norms, the numeric gradient from a two-sided difference of loss_fn "
                "in that tensor only",
            )
    return ok()


def params_unchanged(got) -> Verdict:
    """Judge the probe's second value: ``params`` still held its values after the call."""
    result, refusal = unpack(got, "gradient_check")
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
        wanted="params unchanged",
    )


MAIN = ("one layer's bug shows in its tensors", "softmax backward without -p p^T")
"""The cases whose errors are values no trivial answer has; the others count only with them."""


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key.buggy_grads import Bug

    layer_bug = [
        Bug("transposed_weight", 2),
        Bug("no_activation_grad", 2),
        Bug("bias_not_averaged", 2),
    ][int(rng.integers(3))]
    plans = [
        (MAIN[0], [3, 4, 4, 2], COMBOS[int(rng.integers(3))], (layer_bug,), 3.0, {}),
        (MAIN[1], [3, 4, 3], COMBOS[1], (Bug("softmax_no_outer"),), 1.0, {}),
        (
            "a correct gradient: every error tiny",
            [3, 4, 2],
            COMBOS[0],
            (),
            2.0,
            {"one_sided_gap": 2 * NETWORK_ATOL},
        ),
        (
            "a doubled gradient: 1/3 everywhere",
            [4, 5, 3],
            COMBOS[2],
            (Bug("loss_times_2"),),
            1.0,
            {},
        ),
        (
            "a gradient of the wrong shape reports inf",
            [3, 4, 2],
            COMBOS[0],
            (Bug("transposed_weight", 1),),
            1.0,
            {},
        ),
        (
            "exactly zero gradients (W2 = 0) report 0",
            [3, int(rng.integers(3, 6)), 2],
            COMBOS[0],
            (),
            1.0,
            {"zero_last": True},
        ),
        (
            "very large gradients (targets of order 1e3): every error tiny",
            [3, 4, 2],
            COMBOS[0],
            (),
            1.0,
            {"y_scale": float(rng.uniform(1e3, 3e3))},
        ),
    ]
    cases = []
    for name, sizes, combo, bugs, pts, draw in plans:
        net, params, X, y, grads, found, _ = network_case(rng, sizes, combo, bugs, **draw)
        what = "; ".join(b.describe() for b in bugs) or "the gradient is correct"
        cases.append(
            Case(
                name,
                f"gradient_check(loss_fn, grad_fn, params) for {describe_network(sizes, net)}"
                + (f", targets y of order {draw['y_scale']:.0f}" if "y_scale" in draw else "")
                + (", last W all zeros" if draw.get("zero_last") else ""),
                judge(
                    errors,
                    names=list(found),
                    expected=[float(e) for e in found.values()],
                    what=what,
                ),
                args=network_args(net, params, X, y, grads),
                probe="check_network",
                points=pts,
                needs=() if name in MAIN else MAIN,
            )
        )
    net, params, X, y, grads, _, _ = network_case(rng, [2, 3, 2], COMBOS[0], ())
    cases.append(
        Case(
            "leaves params unchanged",
            "gradient_check(loss_fn, grad_fn, params), then look at params",
            judge(params_unchanged),
            args=network_args(net, params, X, y, grads),
            probe="check_network",
            needs=MAIN,
        )
    )
    return cases


gradient_check = register(
    Exercise(
        "04.gradient_check",
        "Gradient check of a network, tensor by tensor",
        ("gradient_check",),
        _cases,
    )
)
