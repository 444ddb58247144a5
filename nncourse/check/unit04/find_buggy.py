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


def _tensor_names(n_layers: int) -> list[str]:
    return [f"{kind}{layer}" for layer in range(1, n_layers + 1) for kind in ("W", "b")]


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key.buggy_grads import Bug

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
        net, params, X, y, grads, _, wrong = network_case(rng, sizes, combo, bugs)
        what = "; ".join(b.describe() for b in bugs) or "a correct gradient"
        cases.append(
            Case(
                f"suspect {k}",
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
            )
        )
    return cases


find_buggy = register(
    Exercise("04.find_buggy", "Find the buggy gradient tensors", ("find_buggy",), _cases)
)
