"""The graph-engine checker: passes a right engine, names each typical engine bug."""

from __future__ import annotations

import pytest

from nncourse.check import unit03
from nncourse.check.unit03.graphs import checker_graphs, leaf_gradients_fd, reference
from nncourse.inside.probes import PROBES
from nncourse.key.graph import Node

from .students import node_class

pytestmark = pytest.mark.unit03


def _report(cls, **kw):
    return unit03.graph_engine(cls, quiet=True, **kw)


def _text(report) -> str:
    return repr(report)


def test_reference_engine_passes():
    assert _report(Node).passed


@pytest.mark.parametrize("bug", ["", "recursive_topo"])
def test_right_student_engines_pass(bug):
    report = _report(node_class(bug))
    assert report.passed, _text(report)


def test_hidden_seed_gives_other_graphs_and_still_passes():
    a = unit03.graph_engine.cases(seed=1)
    b = unit03.graph_engine.cases(seed=2)
    assert [c.args for c in a] != [c.args for c in b]
    assert _report(node_class(), seed=12345).passed


def test_reference_agrees_with_finite_differences_on_every_graph():
    import numpy as np

    for _, ops in checker_graphs(np.random.default_rng(7)):
        _, grads = reference(ops)
        for k, g in leaf_gradients_fd(ops).items():
            assert abs(grads[k] - g) <= 1e-7 + 1e-6 * abs(g)


def test_assignment_instead_of_accumulation_is_named_fan_out():
    report = _report(node_class("assign"))
    assert not report.passed
    text = _text(report)
    assert "holds only one of the contributions" in text
    assert "+=" in text
    # a chain where every node is used once is still right
    assert report.results[0].passed


def test_recursive_push_without_topological_order_is_caught():
    report = _report(node_class("no_topo"), timeout=2.0)
    assert not report.passed
    text = _text(report)
    assert "collect all of its gradient before passing it on" in text
    assert "reverse topological order" in text


def test_summing_over_all_paths_times_out_on_the_deep_graphs():
    report = _report(node_class("all_paths"), timeout=1.0)
    statuses = {r.name: r.status for r in report.results}
    assert statuses["a shared subexpression s = a b used in three places"] == "pass"
    assert statuses["a deep chain of 100 steps (301 nodes)"] == "timeout"
    assert "not run" in _text(report)


def test_wrong_local_derivative_names_the_operation():
    report = _report(node_class("cos_sign"))
    text = _text(report)
    assert not report.passed
    assert "backward rule of `cos`" in text
    # the graph without cos still passes
    assert report.results[1].name.startswith("r = u v") and report.results[1].passed


def test_missing_seed_gradient_is_reported():
    text = _text(_report(node_class("no_seed")))
    assert "output's own gradient is 0" in text and "grad to 1" in text


def test_missing_grad_attribute_is_reported_in_words():
    text = _text(_report(node_class("no_grad_attr")))
    assert "node.grad of n0" in text and "not a real number" in text


def test_stub_is_not_attempted():
    class Stub:
        def __init__(self, value):
            self.value = value
            self.grad = 0.0

        def __add__(self, other):
            raise NotImplementedError()

        __mul__ = __pow__ = __add__

    report = _report(Stub)
    assert report.earned_points == 0
    assert "still to write: `Stub.__add__`" in report.summary()
    assert "`Stub.__add__` still raises NotImplementedError" in _text(report)


def test_a_function_instead_of_a_class_gives_a_message():
    report = _report(lambda v: None)
    assert not report.passed
    assert "raised AttributeError" in _text(report) or "not a real number" in _text(report)


def test_endless_backward_times_out_cleanly():
    Endless = node_class()

    def backward(self):
        while True:
            pass

    Endless.backward = backward
    report = _report(Endless, timeout=0.3)
    assert report.results[0].status == "timeout"
    assert "did not finish" in report.results[0].message


def test_wrong_forward_value_is_reported_before_gradients():
    BadExp = node_class()
    right_exp = BadExp.exp

    def exp(self):
        out = right_exp(self)
        out.value += 1.0
        return out

    BadExp.exp = exp
    text = _text(_report(BadExp))
    assert "forward value of n4 = n3.exp()" in text


def test_probe_returns_plain_numbers():
    out = PROBES["graph_probe"]((Node,), [("leaf", 2.0), ("pow", 0, 2.0)])
    assert out == {"values": [2.0, 4.0], "grads": [4.0, 1.0]}
