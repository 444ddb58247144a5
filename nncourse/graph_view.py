"""A computation graph read from *your* ``Node`` objects, laid out for drawing.

``walk(output, names)`` follows ``parents`` from the output (the attributes of unit 03's
``Node``: ``value``, ``grad``, ``parents``, ``local_grads``) and returns plain data: one entry per
node with its label, value, grad and drawing position, and one entry per edge with its local
derivative. Nothing here differentiates anything: the grads are whatever your ``backward()``
left in the nodes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GraphView:
    """Nodes and edges of a graph, ready for ``plots_units34.plot_graph``.

    Attributes
    ----------
    labels, values, grads : list
        Per node: its name (from ``names``, else ``"v3"``), ``value`` and ``grad``.
    positions : list of (float, float)
        Per node: (depth from the inputs, row within that depth).
    edges : list of (int, int, float)
        ``(parent, child, local derivative d child / d parent)``, indices into the node lists.
    fan_out : list of int
        Per node: how many edges leave it (its uses; > 1 means its grad is a sum).
    """

    labels: list[str]
    values: list[float]
    grads: list[float]
    positions: list[tuple[float, float]]
    edges: list[tuple[int, int, float]]
    fan_out: list[int]


def walk(output, names: dict[str, object] | None = None, limit: int = 60) -> GraphView:
    """Read the graph below ``output`` from its nodes.

    Parameters
    ----------
    output : Node
        Any object with ``parents``, ``local_grads``, ``value`` and ``grad``.
    names : dict, optional
        ``{label: node}`` for the nodes to name on the figure (``"t"``, ``"x = cos t"``, ...).
    limit : int
        Refuse graphs with more nodes than this (a figure of them would be unreadable).

    Returns
    -------
    GraphView
    """
    label_of = {id(node): label for label, node in (names or {}).items()}
    order: list = []
    index: dict[int, int] = {}
    stack = [output]
    while stack:
        node = stack.pop()
        if id(node) in index:
            continue
        index[id(node)] = len(order)
        order.append(node)
        if len(order) > limit:
            raise ValueError(f"the graph has more than {limit} nodes: too many to draw")
        stack.extend(node.parents)
    depth: dict[int, int] = {}

    def depth_of(i: int) -> int:  # longest path from an input; graphs here are small
        if i not in depth:
            parents = [index[id(p)] for p in order[i].parents]
            depth[i] = 1 + max((depth_of(p) for p in parents), default=-1)
        return depth[i]

    levels = [depth_of(i) for i in range(len(order))]
    rows: dict[int, int] = {}
    positions = []
    for level in levels:
        positions.append((float(level), float(rows.get(level, 0))))
        rows[level] = rows.get(level, 0) + 1
    positions = [(x, y - (rows[int(x)] - 1) / 2) for x, y in positions]
    edges = [
        (index[id(p)], i, float(local))
        for i, node in enumerate(order)
        for p, local in zip(node.parents, node.local_grads)
    ]
    fan_out = [sum(1 for p, _, _ in edges if p == i) for i in range(len(order))]
    return GraphView(
        labels=[label_of.get(id(n), f"v{i}") for i, n in enumerate(order)],
        values=[float(n.value) for n in order],
        grads=[float(n.grad) for n in order],
        positions=positions,
        edges=edges,
        fan_out=fan_out,
    )
