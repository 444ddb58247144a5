"""04.own_backprop: check a backprop function in every configuration it supports.

The student writes ``check_my_backprop(loss_and_grads, X, targets, params, configs, tol)``: for
each configuration ``{"activation", "output", "loss"}`` it gradient-checks the function's
gradients against the function's *own* loss and returns the names of the wrong tensors. In the
notebook it runs on the student's unit 03 ``mlp_loss_and_grads``; here it runs on stand-ins for a
unit 03 backprop that carry the classic bugs in some branches only (relu' forgotten, the softmax
Jacobian's ``-p p^T`` dropped on the squared-loss path, ...), built with the key inside
``make_cases`` and handed over by the probe ``check_configs`` as plain tensors.
"""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, fail, ok
from nncourse.check.unit04.common import CLEAR_BUG, GRADCHECK_TOL
from nncourse.inside.guard import describe_value

ACTIVATIONS = ("sigmoid", "tanh", "relu", "linear")
COMBOS = (("linear", "squared"), ("softmax", "squared"), ("softmax", "cross_entropy"))
SIZES = (3, 4, 4, 3)
"""Every case's network: W2 is square, so a transposed W2 gradient is no shape error."""

# (what the bug is, which configurations carry it, the bug: kind and layer)
BRANCH_BUGS = (
    ("relu' forgotten in layer 2", {"activation": "relu"}, ("no_activation_grad", 2)),
    ("sigmoid' forgotten in layer 1", {"activation": "sigmoid"}, ("no_activation_grad", 1)),
    ("W2's gradient transposed in tanh nets", {"activation": "tanh"}, ("transposed_weight", 2)),
    (
        "softmax backward without -p p^T",
        {"output": "softmax", "loss": "squared"},
        ("softmax_no_outer", 0),
    ),
    ("the squared loss's 1/2 forgotten", {"output": "linear"}, ("loss_times_2", 0)),
    (
        "b3 summed, not averaged, with cross-entropy",
        {"loss": "cross_entropy"},
        ("bias_not_averaged", 3),
    ),
)


def _name(net: dict) -> str:
    return f"{net['activation']}/{net['output']}/{net['loss']}"


def per_config(got, *, expected: list, configs: list, what: str) -> Verdict:
    """Judge the list of per-configuration lists of wrong tensor names."""
    shape_ok = isinstance(got, list | tuple) and len(got) == len(expected)
    if not shape_ok or not all(
        isinstance(r, list | tuple) and all(isinstance(n, str) for n in r) for r in got
    ):
        return fail(
            "check_my_backprop should return one list of tensor names per configuration",
            expected=f"a list of {len(expected)} lists, like {expected}",
            got=describe_value(got),
            hint="append one list per entry of configs, in order ([] when all is right)",
            wanted=f"a list of {len(expected)} lists of tensor names",
        )
    wrong = []
    for net, want, have in zip(configs, expected, got):
        missed = [n for n in want if n not in have]
        false = [n for n in have if n not in want]
        if missed or false:
            parts = ([f"missed {', '.join(missed)}"] if missed else []) + (
                [f"flagged {', '.join(false)} although its gradient is right"] if false else []
            )
            wrong.append(f"{_name(net)}: " + "; ".join(parts))
    if not wrong:
        return ok()
    return fail(
        "; ".join(wrong) + f" (this loss_and_grads: {what})",
        expected=str(list(expected)),
        got=str([list(r) for r in got]),
        hint="for each configuration use the target of its loss, build loss_fn from "
        "loss_and_grads(...)[0] and take the gradient at params; a tensor is wrong when its "
        f"relative error is not below tol ({GRADCHECK_TOL:g}) or its shape differs",
    )


def _draw(rng: np.random.Generator):
    """A network, a batch and both targets, with no hidden pre-activation near relu's kink."""
    from nncourse.key import backprop

    while True:
        params = [
            (rng.normal(0.0, 0.9, (o, i)), rng.normal(0.0, 0.3, o))
            for i, o in zip(SIZES[:-1], SIZES[1:])
        ]
        n = int(rng.integers(4, 7))
        X = rng.normal(size=(n, SIZES[0]))
        _, cache = backprop.forward(X, params, "relu", "linear")
        if min(np.min(np.abs(z)) for z in cache.pre_activations[:-1]) > 1e-3:
            break
    ys = {
        "squared": rng.uniform(0.0, 1.0, size=(n, SIZES[-1])),
        "cross_entropy": rng.integers(0, SIZES[-1], size=n),
    }
    return X, ys, params


def _grads_and_wrong(X, ys, params, net, bug):
    """The (possibly buggy) gradient for ``net`` and its wrong tensors, confirmed numerically."""
    from nncourse.key import buggy_grads as bg
    from nncourse.key import gradcheck as gc

    bugs = (bg.Bug(*bug),) if bug else ()
    y = ys[net["loss"]]
    grads = bg.buggy_loss_and_grads(X, y, params, bugs, **net)[1]
    errors = gc.per_tensor_check(bg.make_loss_fn(X, y, **net), params, grads)
    wrong = bg.affected_tensors(bugs, len(params))
    clear = all(
        e > CLEAR_BUG if name in wrong else e < GRADCHECK_TOL / 10 for name, e in errors.items()
    )
    return grads, wrong, clear


def _carries(net: dict, where: dict) -> bool:
    return all(net[k] == v for k, v in where.items())


def _case(rng, name, bugs, points, needs=()):
    every = [{"activation": a, "output": o, "loss": lo} for a in ACTIVATIONS for o, lo in COMBOS]
    for _ in range(20):
        X, ys, params = _draw(rng)
        hit = [c for c in every if any(_carries(c, w) for _, w, _ in bugs)]
        clean = [c for c in every if c not in hit]
        pick = [hit[int(i)] for i in rng.choice(len(hit), min(2 * len(bugs), len(hit)), False)]
        pick += [clean[int(i)] for i in rng.choice(len(clean), 6 - len(pick), False)]
        configs = [pick[int(i)] for i in rng.permutation(len(pick))]
        grads, expected, all_clear = [], [], True
        for net in configs:
            bug = next((b for _, w, b in bugs if _carries(net, w)), None)
            g, wrong, clear = _grads_and_wrong(X, ys, params, net, bug)
            grads.append(g)
            expected.append(list(wrong))
            all_clear = all_clear and clear
        if all_clear:
            break
    else:  # pragma: no cover
        raise RuntimeError(f"could not draw a clear case for {name}")
    what = "; ".join(f"{label} ({_name_where(w)})" for label, w, _ in bugs) or "correct"
    return Case(
        name,
        f"check_my_backprop(loss_and_grads, X, targets, params, configs) for "
        f"{len(configs)} configurations of a {'-'.join(map(str, SIZES))} net",
        judge(per_config, expected=expected, configs=configs, what=what),
        args=(
            X,
            ys,
            [(np.asarray(W), np.asarray(b)) for W, b in params],
            configs,
            [[(np.asarray(dW), np.asarray(db)) for dW, db in g] for g in grads],
        ),
        probe="check_configs",
        points=points,
        needs=needs,
    )


def _name_where(where: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in where.items())


def _cases(rng: np.random.Generator) -> list[Case]:
    picks = [BRANCH_BUGS[int(i)] for i in rng.choice(len(BRANCH_BUGS), 4, replace=False)]
    buggy = [
        _case(rng, "one branch wrong", picks[:1], 1.0),
        _case(rng, "another branch wrong", picks[1:2], 1.0),
        _case(rng, "two branches wrong", picks[2:4], 1.0),
    ]
    correct = _case(
        rng, "a correct backprop: nothing flagged", (), 1.0, needs=tuple(c.name for c in buggy)
    )
    return [correct, *buggy]


own_backprop = register(
    Exercise(
        "04.own_backprop",
        "Check a backprop in every configuration",
        ("check_my_backprop",),
        _cases,
    )
)
