"""04.find_buggy: name the tensors a gradient function gets wrong.

Each case draws a small MLP with a set of deliberate backprop bugs (``nncourse.key.buggy_grads``,
in ``make_cases``); the wrong tensors are known from the bugs and confirmed numerically before a
case is used. The probe ``check_network`` hands the student a ``grad_fn`` that answers with the
buggy gradient tensors, passed as plain data.
"""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, fail, ok
from nncourse.check.unit04.common import (
    COMBOS,
    GRADCHECK_TOL,
    describe_network,
    network_args,
    network_case,
    unpack,
)
from nncourse.inside.guard import describe_value


def flagged(got, *, expected: list, names: list, what: str) -> Verdict:
    """Judge the list of flagged tensors: exactly ``expected``, out of the network's ``names``."""
    result, refusal = unpack(got, "find_buggy")
    if refusal is not None:
        return refusal
    if not isinstance(result, list | tuple) or not all(isinstance(r, str) for r in result):
        return fail(
            "find_buggy should return a list of tensor names",
            expected=f"a list like {expected or ['W2', 'b2']}",
            got=describe_value(result),
            hint="return a list (sorted(...) turns a set into one); [] if all is well",
            wanted="a list of tensor names like ['W2', 'b2']",
        )
    unknown = sorted(set(result) - set(names))
    if unknown:
        return fail(
            f"{unknown} are not tensors of this network",
            expected=f"names from {names}",
            got=describe_value(result),
            wanted=f"names from {names}",
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
        expected=str(list(expected)),
        got=str(list(result)),
        hint=f"a tensor is wrong when its relative error against a two-sided difference is "
        f"above {GRADCHECK_TOL:g}, or when its gradient has the wrong shape",
    )


def params_kept(got) -> Verdict:
    """Judge the probe's second value: ``params`` still held its values after the call."""
    result, refusal = unpack(got, "find_buggy")
    if refusal is not None:
        return refusal
    if got[1] is True:
        return ok()
    return fail(
        "find_buggy changed params (a tensor or the list itself)",
        expected="params unchanged",
        got="params changed after the call",
        hint="build a new list for each trial point, e.g. trial = list(params); "
        "trial[k] = (W_new, b), and step a copy of the tensor",
        wanted="params unchanged",
    )


def _tensor_names(n_layers: int) -> list[str]:
    return [f"{kind}{layer}" for layer in range(1, n_layers + 1) for kind in ("W", "b")]


def _sizes(rng: np.random.Generator, layers: int, square_w2: bool = False) -> list[int]:
    """Random widths of a ``layers``-layer net; ``square_w2`` makes W2 square (a transposed W2
    then has the right shape, and only its values give it away)."""
    hidden = [int(rng.integers(3, 8)) for _ in range(layers - 1)]
    if square_w2:
        hidden[1] = hidden[0]
    return [int(rng.integers(2, 7)), *hidden, int(rng.integers(2, 5))]


CORRECT, FIRST_BUG, TWO_BUGS = "suspect 1", "suspect 2", "suspect 6"
"""A correct gradient (flagging nothing passes it) counts only with suspect 2 (one bug) and
suspect 6 (two bugs), and every other suspect only with the correct one: a fixed answer, or a
table of the visible answers, cannot pass all three."""


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key.buggy_grads import Bug

    pool = [
        (_sizes(rng, 3, square_w2=True), (Bug("transposed_weight", 2),)),
        (_sizes(rng, 3), (Bug("no_activation_grad", int(rng.integers(1, 3))),)),
        (_sizes(rng, 2), (Bug("loss_times_2"),)),
        (_sizes(rng, 3), (Bug("bias_not_averaged", int(rng.integers(1, 4))),)),
        (_sizes(rng, 2), (Bug("bias_wrong_axis", int(rng.integers(1, 3))),)),
        (_sizes(rng, 2), (Bug("transposed_weight", 1),)),
        (_sizes(rng, 2), (Bug("softmax_no_outer"),)),
    ]
    picks = rng.choice(len(pool), size=4, replace=False)
    plans = [(_sizes(rng, 2), ())] + [pool[int(i)] for i in picks]
    bias_layer = int(rng.integers(1, 4))
    second = [
        Bug("transposed_weight", 2),
        Bug("bias_wrong_axis", 1 + bias_layer % 3),
        Bug("no_activation_grad", 1),
    ][int(rng.integers(3))]
    two = (Bug("bias_not_averaged", bias_layer), second)
    plans.append((_sizes(rng, 3, square_w2=True), two))
    cases = []
    for k, (sizes, bugs) in enumerate(plans, start=1):
        needs_softmax = any(b.kind == "softmax_no_outer" for b in bugs)
        combo = COMBOS[int(rng.integers(1, 3))] if needs_softmax else COMBOS[int(rng.integers(3))]
        net, params, X, y, grads, _, wrong = network_case(rng, sizes, combo, bugs)
        what = "; ".join(b.describe() for b in bugs) or "a correct gradient"
        name = f"suspect {k}"
        cases.append(
            Case(
                name,
                f"find_buggy(loss_fn, grad_fn, params) for {describe_network(sizes, net)}",
                judge(
                    flagged,
                    expected=list(wrong),
                    names=_tensor_names(len(params)),
                    what=what,
                ),
                args=network_args(net, params, X, y, grads),
                probe="check_network",
                points=2.0 if len(bugs) != 1 else 1.0,
                needs=(FIRST_BUG, TWO_BUGS) if name == CORRECT else (CORRECT,),
            )
        )
    net, params, X, y, grads, _, _ = network_case(rng, _sizes(rng, 2), COMBOS[0], ())
    cases.append(
        Case(
            "leaves params unchanged",
            "find_buggy(loss_fn, grad_fn, params), then look at params",
            judge(params_kept),
            args=network_args(net, params, X, y, grads),
            probe="check_network",
            needs=(CORRECT, TWO_BUGS),
        )
    )
    return cases


find_buggy = register(
    Exercise("04.find_buggy", "Find the buggy gradient tensors", ("find_buggy",), _cases)
)
