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
