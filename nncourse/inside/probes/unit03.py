"""Probes for unit 03 (numpy and the standard library only).

The graph-engine exercise asks for a class, not a function, so the checker describes each test
graph as a list of plain-data operations and ``graph_probe`` builds it with the student's class.

An op list is a list of tuples; entry ``k`` defines node ``k`` from earlier nodes:

==================  =====================  ==================  =====================
op                  builds                 op                  builds
==================  =====================  ==================  =====================
("leaf", v)         Node(v)                ("exp", i)          n[i].exp()
("add", i, j)       n[i] + n[j]            ("cos", i)          n[i].cos()
("sub", i, j)       n[i] - n[j]            ("sigmoid", i)      n[i].sigmoid()
("mul", i, j)       n[i] * n[j]            ("addc", i, c)      n[i] + c
("neg", i)          -n[i]                  ("raddc", i, c)     c + n[i]
("pow", i, p)       n[i] ** p              ("mulc", i, c)      n[i] * c
                                           ("rmulc", i, c)     c * n[i]
==================  =====================  ==================  =====================

The last node is the output; ``graph_probe`` calls its ``backward()``.
"""

from __future__ import annotations

import contextlib
import sys

import numpy as np

from . import probe

_BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
}
_UNARY = {
    "neg": lambda a: -a,
    "exp": lambda a: a.exp(),
    "cos": lambda a: a.cos(),
    "sigmoid": lambda a: a.sigmoid(),
}
_WITH_CONST = {
    "pow": lambda a, c: a**c,
    "addc": lambda a, c: a + c,
    "raddc": lambda a, c: c + a,
    "mulc": lambda a, c: a * c,
    "rmulc": lambda a, c: c * a,
}

OPS = ("leaf", *_BINARY, *_UNARY, *_WITH_CONST)
"""Every op name an op list may use."""


def build_graph(node_class, ops: list) -> list:
    """Build the graph described by ``ops`` with ``node_class``; return the list of nodes.

    Parameters
    ----------
    node_class : type
        A class with ``node_class(value)``, the arithmetic operators and ``exp``, ``cos``,
        ``sigmoid`` methods.
    ops : list of tuple
        See the module docstring.

    Returns
    -------
    list
        ``nodes[k]`` is the object op ``k`` produced.
    """
    nodes: list = []
    for op in ops:
        name = op[0]
        if name == "leaf":
            nodes.append(node_class(float(op[1])))
        elif name in _BINARY:
            nodes.append(_BINARY[name](nodes[op[1]], nodes[op[2]]))
        elif name in _UNARY:
            nodes.append(_UNARY[name](nodes[op[1]]))
        elif name in _WITH_CONST:
            nodes.append(_WITH_CONST[name](nodes[op[1]], float(op[2])))
        else:
            raise ValueError(f"unknown op {name!r}")
    return nodes


def _read(node, attr: str):
    """``node.<attr>`` as returned, or None when the attribute is missing."""
    return getattr(node, attr, None)


@probe
def graph_probe(targets: tuple, ops: list) -> dict:
    """Build ``ops`` with the student's class ``targets[0]``, run ``backward()`` on the output.

    Returns
    -------
    dict
        ``{"values": [node.value ...], "grads": [node.grad ...]}`` for every node in op order
        (None where the attribute does not exist).
    """
    nodes = build_graph(targets[0], ops)
    nodes[-1].backward()
    return {
        "values": [_read(n, "value") for n in nodes],
        "grads": [_read(n, "grad") for n in nodes],
    }


@probe
def graph_values(targets: tuple, ops: list) -> list:
    """Build ``ops`` with the student's class and return every node's value (no backward)."""
    return [_read(n, "value") for n in build_graph(targets[0], ops)]


def _keep_precision(value):
    """``value`` with numpy floating scalars as 0-d arrays, so their precision reaches the judge
    (``to_plain`` turns a numpy scalar into a Python float)."""
    if isinstance(value, np.floating):
        return np.asarray(value)
    if type(value) in (list, tuple):
        return type(value)(_keep_precision(v) for v in value)
    if type(value) is dict:
        return {k: _keep_precision(v) for k, v in value.items()}
    return value


@probe
def call_keeping_precision(targets: tuple, index: int, *args):
    """``targets[index](*args)``, with numpy float scalars kept as 0-d arrays (a float32 result
    is then judged at float32 precision)."""
    return _keep_precision(targets[index](*args))


def _flat_arrays(value) -> list:
    """Every array in a nested list/tuple, in order (``params`` -> ``[W1, b1, W2, b2, ...]``)."""
    if isinstance(value, list | tuple):
        return [a for v in value for a in _flat_arrays(v)]
    return [value]


@probe
def inputs_after(targets: tuple, index: int, names: list, *args) -> dict:
    """Call ``targets[index](*args)`` and return ``{names[k]: args[k] after the call}``.

    The probe owns its copies of the inputs, so a function that works in place (``z -= m``)
    shows it here. An argument that is a list of arrays (``params``) comes back flattened.
    """
    targets[index](*args)
    return {
        name: _flat_arrays(arg) if isinstance(arg, list | tuple) else arg
        for name, arg in zip(names, args)
    }


# ---------------------------------------------------------------- deep graphs, repeated visits


def chain_ops(x0: float, steps: int, seed: int) -> list:
    """A chain ``x <- a_k x + c_k`` of ``2 steps + 1`` nodes, each used once (one path).

    The factors ``a_k`` are near 1 and drawn from ``seed``, so the output stays moderate and
    d output / d x0 is their product. Built here (numpy only) so that the checker's data stays
    small: the probe and the checker rebuild the same list from ``(x0, steps, seed)``.
    """
    rng = np.random.default_rng(seed)
    a = 1.0 + np.round(rng.uniform(-0.01, 0.01, size=steps), 4)
    c = np.round(rng.uniform(-0.05, 0.05, size=steps), 4)
    ops: list = [("leaf", float(x0))]
    for k in range(steps):
        ops += [("mulc", len(ops) - 1, float(a[k])), ("addc", len(ops), float(c[k]))]
    return ops


def ladder_ops(x0: float, levels: int) -> list:
    """``x <- cos(x) + sigmoid(x)``, ``levels`` times: 2**levels paths from output to input."""
    ops: list = [("leaf", float(x0))]
    for _ in range(levels):
        k = len(ops) - 1
        ops += [("cos", k), ("sigmoid", k), ("add", k + 1, k + 2)]
    return ops


@contextlib.contextmanager
def _recursion_limit_below(depth: int):
    """Make sure Python's recursion limit is below ``depth`` for the block (restored after)."""
    before = sys.getrecursionlimit()
    limit = before if before < depth else max(depth // 2, 200)
    sys.setrecursionlimit(limit)
    try:
        yield limit
    finally:
        sys.setrecursionlimit(before)


@probe
def deep_chain_probe(targets: tuple, x0: float, steps: int, seed: int) -> dict:
    """Build ``chain_ops(x0, steps, seed)``, deeper than the recursion limit, run backward.

    Returns
    -------
    dict
        ``{"value": output value, "grad": d output / d x0, "nodes": n}``, or
        ``{"recursion_error": Python's recursion limit during the call, "nodes": n}``.
    """
    ops = chain_ops(x0, steps, seed)
    with _recursion_limit_below(len(ops)) as limit:
        try:
            nodes = build_graph(targets[0], ops)
            nodes[-1].backward()
        except RecursionError:
            return {"recursion_error": limit, "nodes": len(ops)}
    return {"value": _read(nodes[-1], "value"), "grad": _read(nodes[0], "grad"), "nodes": len(ops)}


def _counting_reads(nodes: list, run) -> list | None:
    """Run ``run()`` while counting attribute reads on each node; the count per node, or None.

    Each node's class is swapped for a subclass that counts reads (``__getattribute__``) and
    swapped back afterwards. An engine that visits each node once reads each a bounded number
    of times; one that walks every path reads the input once per path.
    """
    counts = [0] * len(nodes)
    index = {id(n): k for k, n in enumerate(nodes)}
    made: dict = {}
    swapped: list = []

    def counting(base):
        def __getattribute__(self, name):
            k = index.get(id(self))
            if k is not None:
                counts[k] += 1
            return base.__getattribute__(self, name)

        return type(base.__name__, (base,), {"__getattribute__": __getattribute__, "__slots__": ()})

    try:
        for n in nodes:
            base = type(n)
            if base not in made:
                made[base] = counting(base)
            object.__setattr__(n, "__class__", made[base])
            swapped.append((n, base))
    except TypeError:
        for n, base in swapped:
            object.__setattr__(n, "__class__", base)
        run()
        return None
    try:
        run()
    finally:
        for n, base in swapped:
            object.__setattr__(n, "__class__", base)
    return counts


def _ladder_reads(node_class, x0: float, levels: int) -> tuple[list, list | None]:
    nodes = build_graph(node_class, ladder_ops(x0, levels))
    reads = _counting_reads(nodes, nodes[-1].backward)
    return nodes, reads


@probe
def ladder_visits(targets: tuple, x0: float, small: int, large: int) -> dict:
    """Backward on two ladders (``small`` and ``large`` levels), counting reads of each node.

    Returns
    -------
    dict
        ``{"values", "grads"}`` of the large ladder, and ``"reads"``: for each ladder the most
        reads of any one node during backward (None when they could not be counted).
    """
    _, reads_small = _ladder_reads(targets[0], x0, small)
    nodes, reads_large = _ladder_reads(targets[0], x0, large)
    return {
        "values": [_read(n, "value") for n in nodes],
        "grads": [_read(n, "grad") for n in nodes],
        "reads": [max(r) if r else None for r in (reads_small, reads_large)],
    }


EXPONENTIAL_RATIO = 32
"""Reads of the most-read node growing more than this much from the small ladder to the large
one (4 and 12 levels) is taken as evidence of work exponential in depth: walking every path
multiplies them by 2**8 = 256, a quadratic or cubic engine by less than 25."""


@probe
def big_ladder_probe(targets: tuple, x0: float, levels: int, small: int, large: int) -> dict:
    """Backward on a ``levels``-level ladder, unless small ladders show exponential work.

    First the reads of ``ladder_visits`` on ``small`` and ``large`` levels; when the most-read
    node is read more than ``EXPONENTIAL_RATIO`` times as often on the larger one, backward
    walks every path and
    the big ladder (2**levels paths) would not finish: it is not run, and the evidence comes
    back instead (``{"exponential": [reads small, reads large]}``).
    """
    evidence = ladder_visits(targets, x0, small, large)["reads"]
    if None not in evidence and evidence[1] > EXPONENTIAL_RATIO * max(evidence[0], 1):
        return {"exponential": evidence}
    return graph_probe(targets, ladder_ops(x0, levels))
