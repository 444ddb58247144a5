"""Test graphs and the judge for the unit 03 graph-engine exercise (checker side only).

A test graph is an op list (see ``nncourse.inside.probes.unit03``). The judge

1. compares every node's forward value with the reference engine's;
2. compares the gradient of every input (leaf) with central finite differences of the
   output, computed here by rebuilding the graph with perturbed inputs;
3. on a wrong gradient, finds the node nearest the output whose gradient differs from the
   reference engine's, and says which backward rule or which fan-out sum went wrong.
"""

from __future__ import annotations

import math

import numpy as np

from nncourse.check.judge import Verdict, fail, ok
from nncourse.inside.guard import describe_value
from nncourse.inside.probes.unit03 import build_graph
from nncourse.key.graph import Node

FD_STEP = 1e-6
"""Step of the central finite differences used for input gradients."""

GRAD_RTOL = 1e-5
"""Relative tolerance for gradients compared with finite differences."""

GRAD_ATOL = 1e-7
"""Absolute tolerance for gradients compared with finite differences."""

VALUE_RTOL = 1e-9
"""Relative tolerance for forward values (they are computed the same way)."""

_SYMBOL = {"add": "+", "sub": "-", "mul": "*"}


def describe_op(ops: list, k: int) -> str:
    """``"n3 = cos(n1)"``, ``"n0 = input 0.5"`` and the like, for messages."""
    op = ops[k]
    name = op[0]
    if name == "leaf":
        return f"n{k} = input {op[1]:g}"
    if name in _SYMBOL:
        return f"n{k} = n{op[1]} {_SYMBOL[name]} n{op[2]}"
    if name == "neg":
        return f"n{k} = -n{op[1]}"
    if name == "pow":
        return f"n{k} = n{op[1]} ** {op[2]:g}"
    if name in ("addc", "raddc"):
        return f"n{k} = n{op[1]} + {op[2]:g}"
    if name in ("mulc", "rmulc"):
        return f"n{k} = {op[2]:g} * n{op[1]}"
    return f"n{k} = n{op[1]}.{name}()"


def reference(ops: list) -> tuple[list[float], list[float]]:
    """Values and gradients (d output / d node) of every node, by the reference engine."""
    nodes = build_graph(Node, ops)
    nodes[-1].backward()
    return [n.value for n in nodes], [n.grad for n in nodes]


def leaf_gradients_fd(ops: list, step: float = FD_STEP) -> dict[int, float]:
    """d output / d leaf for every leaf, by central differences (leaf index -> derivative)."""
    out = {}
    for k, op in enumerate(ops):
        if op[0] != "leaf":
            continue
        values = []
        for sign in (1.0, -1.0):
            shifted = list(ops)
            shifted[k] = ("leaf", op[1] + sign * step)
            values.append(build_graph(Node, shifted)[-1].value)
        out[k] = (values[0] - values[1]) / (2.0 * step)
    return out


def _uses(ops: list, k: int) -> list[tuple[int, int]]:
    """(child index, argument position) for every use of node k as an operand."""
    found = []
    for j, op in enumerate(ops):
        if op[0] == "leaf":
            continue
        if op[0] in _SYMBOL:
            found += [(j, pos) for pos in (0, 1) if op[1 + pos] == k]
        elif op[1] == k:
            found.append((j, 0))
    return found


def _number(x) -> float | None:
    if isinstance(x, np.ndarray) and x.size == 1 and x.dtype.kind in "biuf":
        x = float(x.reshape(()))
    if isinstance(x, bool) or not isinstance(x, int | float):
        return None
    return float(x)


def _close(a: float, b: float, rtol: float = GRAD_RTOL, atol: float = GRAD_ATOL) -> bool:
    return math.isfinite(a) and abs(a - b) <= atol + rtol * abs(b)


def _diagnose(ops: list, grads: list[float], ref_grads: list[float]) -> tuple[str, str]:
    """(message, hint) about the node nearest the output whose gradient is wrong."""
    n = len(ops)
    if not _close(grads[-1], 1.0):
        return (
            f"the output's own gradient is {grads[-1]:.6g} after backward()",
            "backward() must start by setting the output's grad to 1 (d out / d out = 1)",
        )
    wrong = [k for k in range(n) if not _close(grads[k], ref_grads[k], 1e-6, 1e-9)]
    if not wrong:
        return "the input gradients are wrong although every node's gradient looks right", ""
    k = max(wrong)
    uses = _uses(ops, k)
    where = f"the gradient first goes wrong at {describe_op(ops, k)}"
    numbers = f"(expected {ref_grads[k]:.6g}, got {grads[k]:.6g})"
    consumers = sorted({j for j, _ in uses})
    used_in = ", ".join(describe_op(ops, j) for j in consumers)
    rules = ", ".join(sorted({f"`{ops[j][0]}`" for j in consumers}))
    fanned = [j for j in consumers if len(_uses(ops, j)) > 1]
    early = (
        f"n{fanned[0]} is itself used {len(_uses(ops, fanned[0]))} times: a node must collect "
        "all of its gradient before passing it on (visit nodes once each, in reverse "
        "topological order)"
        if fanned
        else ""
    )
    if len(uses) > 1:
        # contributions each use should send back: child grad * local derivative
        values, _ = reference(ops)
        contributions = [ref_grads[j] * _local(ops, values, j, pos) for j, pos in uses]
        if any(_close(grads[k], c, 1e-6, 1e-9) for c in contributions):
            return (
                f"{where} {numbers}: it is used {len(uses)} times ({used_in}) but its gradient "
                "holds only one of the contributions",
                "fan-out: a node's grad is the SUM over every use, so accumulate with "
                "`parent.grad += ...`, never `parent.grad = ...`",
            )
        ratio = grads[k] / ref_grads[k] if ref_grads[k] != 0 else 0.0
        if round(ratio) >= 2 and _close(ratio, round(ratio)):
            return (
                f"{where} {numbers}: that is {ratio:.0f} times the right value; it is used "
                f"{len(uses)} times ({used_in})",
                "a node was processed more than once: visit each node once, in reverse "
                "topological order built with a `visited` set",
            )
        return (
            f"{where} {numbers}; it is used {len(uses)} times ({used_in})",
            f"its grad must be the sum over its uses of (child's grad) x (d child / d it): "
            f"check the backward rules of {rules}" + (f"; or else {early}" if early else ""),
        )
    if len(uses) == 1:
        if early:
            return (
                f"{where} {numbers}; it is used once, by {used_in}, whose final grad is right",
                f"either the backward rule of {rules} is wrong, or {early}",
            )
        return (
            f"{where} {numbers}; it is used once, by {used_in}, whose grad is right",
            f"so the backward rule of {rules} is wrong: check the local derivative it "
            "multiplies by",
        )
    return f"{where} {numbers}", ""


def _local(ops: list, values: list[float], j: int, pos: int) -> float:
    """d node j / d (its operand at position pos), at the reference values."""
    op = ops[j]
    name, a = op[0], values[op[1]]
    b = values[op[2]] if name in _SYMBOL else None
    if name == "add":
        return 1.0
    if name == "sub":
        return 1.0 if pos == 0 else -1.0
    if name == "mul":
        return b if pos == 0 else a
    if name == "neg":
        return -1.0
    if name == "pow":
        return op[2] * a ** (op[2] - 1)
    if name == "exp":
        return math.exp(a)
    if name == "cos":
        return -math.sin(a)
    if name == "sigmoid":
        s = 1.0 / (1.0 + math.exp(-a))
        return s * (1.0 - s)
    if name in ("addc", "raddc"):
        return 1.0
    return float(op[2])  # mulc, rmulc


def graph_judge(ops: list):
    """A judge for one test graph: forward values, then input gradients vs finite differences."""
    ref_values, ref_grads = reference(ops)
    fd = leaf_gradients_fd(ops)

    def judge(got) -> Verdict:
        if not isinstance(got, dict) or set(got) != {"values", "grads"}:
            return fail("the probe did not get node values and grads back", got=describe_value(got))
        for attr, items in (("value", got["values"]), ("grad", got["grads"])):
            for k, item in enumerate(items):
                if _number(item) is None:
                    return fail(
                        f"node.{attr} of {describe_op(ops, k)} is not a real number",
                        expected="a float",
                        got=describe_value(item),
                        hint=f"store a Python float in self.{attr} (missing attribute: None)",
                    )
        values = [_number(v) for v in got["values"]]
        grads = [_number(g) for g in got["grads"]]
        for k, (v, e) in enumerate(zip(values, ref_values)):
            if not _close(v, e, VALUE_RTOL, 1e-12):
                return fail(
                    f"the forward value of {describe_op(ops, k)} is wrong",
                    expected=f"{e:.10g}",
                    got=f"{v:.10g}",
                    hint=f"check the forward rule of `{ops[k][0]}`",
                )
        bad = [k for k, g in fd.items() if not _close(grads[k], g)]
        if not bad:
            return ok()
        message, hint = _diagnose(ops, grads, ref_grads)
        return fail(
            message,
            expected="input grads (finite differences): "
            + ", ".join(f"n{k}: {fd[k]:.6g}" for k in bad),
            got="input grads: " + ", ".join(f"n{k}: {grads[k]:.6g}" for k in bad),
            hint=hint,
        )

    return judge


def _r_example(t: float) -> list:
    # t, u = t**2, 3*t, v = 3t + 1, r = u * v
    return [("leaf", t), ("pow", 0, 2.0), ("rmulc", 0, 3.0), ("addc", 2, 1.0), ("mul", 1, 3)]


def _f_example(t: float) -> list:
    # t, x = cos t, y = t**2, p = x * y, e = exp(p), f = y + e
    return [("leaf", t), ("cos", 0), ("pow", 0, 2.0), ("mul", 1, 2), ("exp", 3), ("add", 2, 4)]


def _logistic_example(w: float, b: float, x: float, t: float, lam: float) -> list:
    return [
        ("leaf", w),
        ("leaf", b),
        ("mulc", 0, x),
        ("add", 2, 1),  # z = w x + b
        ("sigmoid", 3),
        ("addc", 4, -t),  # y, y - t
        ("pow", 5, 2.0),
        ("rmulc", 6, 0.5),  # L = 1/2 (y - t)^2
        ("pow", 0, 2.0),
        ("rmulc", 8, 0.5 * lam),  # lam R = lam/2 w^2
        ("add", 7, 9),  # L_reg
    ]


def _random_graph(rng: np.random.Generator, n_leaves: int = 3, n_ops: int = 14) -> list:
    """A random DAG over a few inputs; values stay moderate so exp() cannot overflow."""
    ops: list = [("leaf", float(np.round(rng.uniform(-1.5, 1.5), 3))) for _ in range(n_leaves)]
    values = [op[1] for op in ops]
    for _ in range(n_ops):
        i, j = (int(k) for k in rng.integers(0, len(ops), size=2))
        kind = str(rng.choice(["add", "sub", "mul", "cos", "sigmoid", "exp", "mulc", "neg"]))
        if kind == "exp" and abs(values[i]) > 2.0:
            kind = "sigmoid"
        if kind == "mul" and abs(values[i] * values[j]) > 10.0:
            kind = "add"
        op = {
            "add": ("add", i, j),
            "sub": ("sub", i, j),
            "mul": ("mul", i, j),
            "mulc": ("mulc", i, float(np.round(rng.uniform(-1.5, 1.5), 2))),
        }.get(kind, (kind, i))
        ops.append(op)
        values.append(build_graph(Node, ops)[-1].value)
        if abs(values[-1]) > 20.0:  # keep the graph tame: squash large values
            ops.append(("sigmoid", len(ops) - 1))
            values.append(build_graph(Node, ops)[-1].value)
    # the output adds the last few nodes, so several branches meet at the end
    k = len(ops)
    ops += [("add", k - 1, k - 2), ("add", k, k - 3), ("add", k + 1, 0)]
    return ops


def checker_graphs(rng: np.random.Generator) -> list[tuple[str, list]]:
    """(name, op list) for every graph the checker tries.

    The last two have exponentially many paths from output to input: an engine that sums over
    paths instead of visiting each node once in topological order does not finish.
    """
    t = float(np.round(rng.uniform(0.3, 1.7), 3))
    shared = [
        ("leaf", float(np.round(rng.uniform(-1, 1), 3))),
        ("leaf", 0.7),
        ("mul", 0, 1),
        ("exp", 2),
        ("cos", 2),
        ("mul", 4, 2),
        ("add", 3, 5),
    ]
    three = [
        ("leaf", float(np.round(rng.uniform(-2, 2), 3))),
        ("sigmoid", 0),
        ("mul", 1, 1),
        ("add", 2, 1),
    ]  # s * s + s: s used three times
    chain: list = [("leaf", 0.4)]
    for _ in range(100):  # x <- x + 0.01 cos(x): 300 nodes, x used twice per step
        k = len(chain) - 1
        chain += [("cos", k), ("mulc", k + 1, 0.01), ("add", k, k + 2)]
    ladder: list = [("leaf", 0.6)]
    for _ in range(26):  # x <- cos(x) + sigmoid(x): 2^26 paths from the output to the input
        k = len(ladder) - 1
        ladder += [("cos", k), ("sigmoid", k), ("add", k + 1, k + 2)]
    every_op = [  # each op once, each node used once: a wrong rule is named exactly
        ("leaf", float(np.round(rng.uniform(0.2, 0.9), 3))),
        ("cos", 0),
        ("sigmoid", 1),
        ("exp", 2),
        ("pow", 3, 3.0),
        ("mulc", 4, 0.5),
        ("addc", 5, -1.0),
        ("neg", 6),
        ("leaf", 1.3),
        ("mul", 7, 8),
        ("leaf", -0.4),
        ("add", 9, 10),
        ("leaf", 0.25),
        ("sub", 11, 12),
        ("rmulc", 13, 2.0),
        ("raddc", 14, 0.5),
    ]
    return [
        ("every operation once, in a chain", every_op),
        ("r = u v with u = t^2, v = 3t + 1 at t = 2 (dr/dt = 40)", _r_example(2.0)),
        (f"f = y + exp(xy), x = cos t, y = t^2 at t = {t:g}", _f_example(t)),
        ("logistic least squares with an L2 term", _logistic_example(0.8, -0.3, 1.5, 1.0, 0.1)),
        ("a shared subexpression s = a b used in three places", shared),
        ("a node used three times: s * s + s", three),
        ("a random graph it has not seen", _random_graph(rng)),
        ("a deep chain of 100 steps (301 nodes)", chain),
        ("a 26-level ladder: each node visited once (2^26 paths)", ladder),
    ]
