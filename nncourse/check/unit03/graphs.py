"""The unit 03 graph-engine exercise's test graphs, and what the checker knows about them.

A test graph is an op list (see ``nncourse.inside.probes.unit03``). For each graph,
``graph_engine.make_cases`` computes with the answer key's engine, and passes to the judge as
plain data: every node's value and gradient, each input's gradient by central finite
differences, and for a node used several times the contribution each use sends back. The
functions here that need the reference engine import it inside their bodies (the student edition
has no ``nncourse.key``).
"""

from __future__ import annotations

import numpy as np

from nncourse.inside.probes.unit03 import build_graph

FD_STEP = 1e-6
"""Step of the central finite differences used for input gradients."""

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


def uses(ops: list, k: int) -> list[tuple[int, int]]:
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


def _evaluate(ops: list) -> list:
    """The nodes of ``ops`` built with the answer key's engine."""
    from nncourse.key.graph import Node

    return build_graph(Node, ops)


def reference(ops: list) -> tuple[list[float], list[float]]:
    """Values and gradients (d output / d node) of every node, by the reference engine."""
    nodes = _evaluate(ops)
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
            values.append(_evaluate(shifted)[-1].value)
        out[k] = (values[0] - values[1]) / (2.0 * step)
    return out


def local_derivative(ops: list, values: list[float], j: int, pos: int) -> float:
    """d node j / d (its operand at position pos), at ``values``, by the reference engine.

    Op ``j`` is applied to fresh inputs holding its operands' values, and differentiated.
    """
    op = ops[j]
    if op[0] in _SYMBOL:
        mini = [("leaf", values[op[1]]), ("leaf", values[op[2]]), (op[0], 0, 1)]
    else:
        mini = [("leaf", values[op[1]]), (op[0], 0, *op[2:])]
    nodes = _evaluate(mini)
    nodes[-1].backward()
    return float(nodes[pos].grad)


def use_contributions(ops: list, values: list[float], grads: list[float]) -> list[list[float]]:
    """For each node used more than once: what each use sends back (child grad x local).

    Returns
    -------
    list of list of float
        Entry ``k`` holds one number per use of node ``k``, or is empty when k is used once
        or not at all.
    """
    out = []
    for k in range(len(ops)):
        found = uses(ops, k)
        out.append(
            [grads[j] * local_derivative(ops, values, j, pos) for j, pos in found]
            if len(found) > 1
            else []
        )
    return out


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
    """A random DAG over a few inputs; values stay moderate so exp() cannot overflow.

    Built with the reference engine's values (so only on the instructor's side).
    """
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
        values.append(_evaluate(ops)[-1].value)
        if abs(values[-1]) > 20.0:  # keep the graph tame: squash large values
            ops.append(("sigmoid", len(ops) - 1))
            values.append(_evaluate(ops)[-1].value)
    # the output adds the last few nodes, so several branches meet at the end
    k = len(ops)
    ops += [("add", k - 1, k - 2), ("add", k, k - 3), ("add", k + 1, 0)]
    return ops


def _draw(rng: np.random.Generator, low: float, high: float) -> float:
    return float(np.round(rng.uniform(low, high), 3))


def operation_graphs(rng: np.random.Generator) -> list[tuple[str, str, list]]:
    """(operation, method, op list) for each operation alone on fresh inputs.

    Each graph uses one operation and nothing else, so a case built on it needs only that
    method (and ``backward``): a stub elsewhere does not hide it. Inputs avoid each operation's
    fixed points (an operation that returns its input cannot pass).
    """
    a, b = _draw(rng, 0.3, 1.8), _draw(rng, -1.8, -0.3)
    return [
        ("a + b", "__add__", [("leaf", a), ("leaf", b), ("add", 0, 1)]),
        ("a * b", "__mul__", [("leaf", a), ("leaf", b), ("mul", 0, 1)]),
        ("-a", "__neg__", [("leaf", a), ("neg", 0)]),
        ("a - b", "__sub__", [("leaf", a), ("leaf", b), ("sub", 0, 1)]),
        ("a ** p", "__pow__", [("leaf", round(a + 0.1, 3)), ("pow", 0, _draw(rng, 1.5, 3.5))]),
        ("a.exp()", "exp", [("leaf", b), ("exp", 0)]),
        ("a.cos()", "cos", [("leaf", _draw(rng, 1.0, 2.5)), ("cos", 0)]),
        ("a.sigmoid()", "sigmoid", [("leaf", _draw(rng, -2.0, -0.3)), ("sigmoid", 0)]),
    ]


def checker_graphs(rng: np.random.Generator) -> list[tuple[str, list]]:
    """(name, op list) of the graphs that combine operations: the worked examples, fan-out,
    and a random graph; every input drawn from ``rng``."""
    t = _draw(rng, 0.3, 1.7)
    shared = [
        ("leaf", _draw(rng, -1, 1)),
        ("leaf", _draw(rng, 0.3, 1.2)),
        ("mul", 0, 1),
        ("exp", 2),
        ("cos", 2),
        ("mul", 4, 2),
        ("add", 3, 5),
    ]
    three = [
        ("leaf", _draw(rng, -2, 2)),
        ("sigmoid", 0),
        ("mul", 1, 1),
        ("add", 2, 1),
    ]  # s * s + s: s used three times
    r_at = _draw(rng, -2.5, 2.5)
    logistic = (
        _draw(rng, -1.5, 1.5),
        _draw(rng, -1.0, 1.0),
        _draw(rng, -2.0, 2.0),
        float(rng.integers(0, 2)),
        _draw(rng, 0.05, 1.0),
    )
    return [
        (f"r = u v with u = t^2, v = 3t + 1 at t = {r_at:g}", _r_example(r_at)),
        (f"f = y + exp(xy), x = cos t, y = t^2 at t = {t:g}", _f_example(t)),
        ("logistic least squares with an L2 term", _logistic_example(*logistic)),
        ("a shared subexpression s = a b used in three places", shared),
        ("a node used three times: s * s + s", three),
        ("a random graph it has not seen", _random_graph(rng)),
    ]
