"""The computation-graph figure: read from any Node-like objects, drawn with matplotlib."""

from __future__ import annotations

import math

import pytest
from matplotlib.figure import Figure

from nncourse import graph_view, plots_units34
from nncourse.key.graph import Node

pytestmark = pytest.mark.unit03


def _f_graph():
    t = Node(0.7)
    x, y = t.cos(), t**2
    p = x * y
    e = p.exp()
    f = y + e
    f.backward()
    return f, {"t": t, "x": x, "y": y, "p": p, "e": e, "f": f}


def test_walk_reads_values_grads_and_local_derivatives():
    f, names = _f_graph()
    view = graph_view.walk(f, names)
    assert sorted(view.labels) == sorted(names)
    at = {label: i for i, label in enumerate(view.labels)}
    assert view.values[at["x"]] == pytest.approx(math.cos(0.7))
    assert view.grads[at["t"]] == pytest.approx(names["t"].grad)
    assert view.grads[at["f"]] == 1.0
    edges = {(view.labels[a], view.labels[b]): local for a, b, local in view.edges}
    assert edges[("t", "x")] == pytest.approx(-math.sin(0.7))
    assert set(edges) == {("t", "x"), ("t", "y"), ("x", "p"), ("y", "p"), ("p", "e"),
                          ("y", "f"), ("e", "f")}  # fmt: skip
    assert view.fan_out[at["y"]] == 2 and view.fan_out[at["t"]] == 2


def test_inputs_sit_left_of_everything_that_uses_them():
    f, names = _f_graph()
    view = graph_view.walk(f, names)
    for a, b, _ in view.edges:
        assert view.positions[a][0] < view.positions[b][0]
    assert view.positions[view.labels.index("t")][0] == 0


def test_a_node_used_twice_appears_once_and_unnamed_nodes_get_names():
    a = Node(2.0)
    out = a * a + a
    out.backward()
    view = graph_view.walk(out, {"a": a})
    assert view.labels.count("a") == 1 and len(view.labels) == 3
    assert all(label == "a" or label.startswith("v") for label in view.labels)


def test_a_huge_graph_is_refused_in_words():
    x = Node(1.0)
    for _ in range(100):
        x = x + 1.0
    with pytest.raises(ValueError, match="too many to draw"):
        graph_view.walk(x)


def test_figures_are_figures():
    import matplotlib.pyplot as plt
    import numpy as np

    f, names = _f_graph()
    figs = [
        plots_units34.plot_graph(graph_view.walk(f, names)),
        plots_units34.plot_risk(np.linspace(0, 1, 5), {"risk": np.arange(5.0)}),
        plots_units34.plot_slopes(np.linspace(0, 1, 5), np.arange(5.0), [0.5], [2.0], [1.0]),
        plots_units34.plot_training_curves({"a": np.array([1.0, 0.5])}),
    ]
    assert all(isinstance(fig, Figure) for fig in figs)
    plt.close("all")
