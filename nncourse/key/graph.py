"""A small computation-graph engine for scalars: forward as you build, backward in one sweep.

Each ``Node`` stores its value, its parents and the local derivative of itself with respect to
each parent (d node / d parent), computed during the forward step. The backward sweep visits
the nodes in reverse topological order (children before parents) and applies the multivariate
chain rule

    parent.grad += node.grad * d node / d parent,

so a node used by several children (fan-out) receives the sum of their contributions.

Example
-------
>>> t = Node(2.0)
>>> r = (t ** 2) * (3 * t + 1)      # r = u v, u = t^2, v = 3t + 1
>>> r.backward()
>>> t.grad                          # 9 t^2 + 2 t at t = 2
40.0
"""

from __future__ import annotations

import math


class Node:
    """A scalar value in a computation graph.

    Parameters
    ----------
    value : float
        The value this node holds.
    parents : tuple of Node
        The nodes this one was computed from (empty for an input).
    local_grads : tuple of float
        ``local_grads[k]`` is d(this node) / d(parents[k]) at the current values.
    op : str
        Name of the operation that made this node (for display only).

    Attributes
    ----------
    value : float
    grad : float
        d(output) / d(this node) after ``output.backward()``; 0 before.
    """

    def __init__(self, value: float, parents: tuple = (), local_grads: tuple = (), op: str = ""):
        self.value = float(value)
        self.grad = 0.0
        self.parents = tuple(parents)
        self.local_grads = tuple(float(g) for g in local_grads)
        self.op = op

    def __repr__(self) -> str:
        return f"Node(value={self.value:.6g}, grad={self.grad:.6g}, op={self.op!r})"

    # -- operations: each returns a new node with its local derivatives -----------------------

    def __add__(self, other: Node | float) -> Node:
        other = _as_node(other)
        return Node(self.value + other.value, (self, other), (1.0, 1.0), "+")

    def __mul__(self, other: Node | float) -> Node:
        other = _as_node(other)
        return Node(self.value * other.value, (self, other), (other.value, self.value), "*")

    def __neg__(self) -> Node:
        return Node(-self.value, (self,), (-1.0,), "neg")

    def __sub__(self, other: Node | float) -> Node:
        return self + (-_as_node(other))

    def __pow__(self, p: float) -> Node:
        """``node ** p`` for a constant number ``p``."""
        return Node(self.value**p, (self,), (p * self.value ** (p - 1),), f"**{p:g}")

    def __truediv__(self, other: Node | float) -> Node:
        return self * _as_node(other) ** -1

    def __radd__(self, other: float) -> Node:
        return self + other

    def __rmul__(self, other: float) -> Node:
        return self * other

    def __rsub__(self, other: float) -> Node:
        return _as_node(other) - self

    def exp(self) -> Node:
        e = math.exp(self.value)
        return Node(e, (self,), (e,), "exp")

    def log(self) -> Node:
        return Node(math.log(self.value), (self,), (1.0 / self.value,), "log")

    def cos(self) -> Node:
        return Node(math.cos(self.value), (self,), (-math.sin(self.value),), "cos")

    def sin(self) -> Node:
        return Node(math.sin(self.value), (self,), (math.cos(self.value),), "sin")

    def sigmoid(self) -> Node:
        s = _sigmoid(self.value)
        return Node(s, (self,), (s * (1.0 - s),), "sigmoid")

    def tanh(self) -> Node:
        t = math.tanh(self.value)
        return Node(t, (self,), (1.0 - t * t,), "tanh")

    # -- backward ----------------------------------------------------------------------------

    def backward(self) -> None:
        """Set ``grad`` of every node in this node's graph to d(self) / d(node).

        Grads are reset first, so calling ``backward`` twice gives the same result.
        """
        order = topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            for parent, local in zip(node.parents, node.local_grads):
                parent.grad += node.grad * local


def _as_node(x: Node | float) -> Node:
    return x if isinstance(x, Node) else Node(x, op="const")


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def topological_order(root: Node) -> list[Node]:
    """Every node ``root`` depends on, parents before children, ``root`` last.

    Iterative depth-first search with a visited set: each node appears once even if it is
    reached along many paths, and deep chains do not hit Python's recursion limit.

    Parameters
    ----------
    root : Node

    Returns
    -------
    list of Node
        A topological order of the graph that ends in ``root``.
    """
    order: list[Node] = []
    visited: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
            continue
        if id(node) in visited:
            continue
        visited.add(id(node))
        stack.append((node, True))
        for parent in reversed(node.parents):
            if id(parent) not in visited:
                stack.append((parent, False))
    return order
