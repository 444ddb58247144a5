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


def test_right_student_engine_passes():
    report = _report(node_class())
    assert report.passed, _text(report)


def _result(report, start: str):
    return next(r for r in report.results if r.name.startswith(start))


def test_recursive_topological_sort_fails_only_the_chain_deeper_than_the_recursion_limit():
    report = _report(node_class("recursive_topo"))
    r = _result(report, "a chain of 3001 nodes")
    assert [x.name for x in report.results if not x.passed] == [r.name]
    assert "raised RecursionError on a chain of 3001 nodes" in r.message
    assert "recursion limit (1000)" in r.message
    assert "explicit stack" in r.hint


def test_the_chain_is_deeper_than_the_recursion_limit_even_when_it_was_raised():
    import sys

    before = sys.getrecursionlimit()
    sys.setrecursionlimit(10_000)
    try:
        report = _report(node_class("recursive_topo"), seed=4)
    finally:
        sys.setrecursionlimit(before)
    assert "RecursionError" in _result(report, "a chain of 3001 nodes").message
    assert sys.getrecursionlimit() == before


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


def test_walking_every_path_is_named_exponential_on_counted_evidence_and_never_times_out():
    report = _report(node_class("all_paths"), timeout=2.0)
    assert all(r.status != "timeout" for r in report.results)
    assert _result(report, "a shared subexpression").passed  # right values on small graphs
    visits = _result(report, "each node visited once")
    assert not visits.passed
    assert "16384 times on a 12-level ladder and 64 times on a 4-level one" in visits.message
    assert "grows exponentially" in visits.message
    assert "`visited` set" in visits.hint
    big = _result(report, "a 26-level ladder")
    assert big.message.startswith("not run on 26 levels (2^26 paths): on small ladders")
    assert "exponentially" in big.message


def test_a_timeout_without_evidence_of_repeated_visits_does_not_claim_exponential_work():
    Slow = node_class()
    right_backward = Slow.backward

    def backward(self):  # linear, but endless on the 79-node ladder only
        right_backward(self)
        if 70 < len(_ancestors(self)) < 100:
            while True:
                pass

    Slow.backward = backward
    report = _report(Slow, timeout=0.5)
    big = _result(report, "a 26-level ladder")
    assert big.status == "timeout"
    assert "exponential" not in _text(report)
    assert _result(report, "each node visited once").passed


def _ancestors(node):
    seen, stack = set(), [node]
    while stack:
        n = stack.pop()
        if id(n) not in seen:
            seen.add(id(n))
            stack.extend(n.parents)
    return seen


def test_a_node_with_one_method_still_to_write_earns_the_rest_and_names_it():
    report = _report(node_class("stub __pow__"))
    uses_pow = {"forward value of a ** p", "gradients of a ** p"} | {
        r.name for r in report.results if r.name.startswith(("r = u v", "f = y + exp", "logistic"))
    }
    assert len(uses_pow) == 5
    for r in report.results:
        assert r.passed == (r.name not in uses_pow), r
        if r.name in uses_pow:
            assert r.status == "not attempted"
            assert r.message == "`Node.__pow__` still raises NotImplementedError"
    assert report.summary().endswith("still to write: `Node.__pow__`")
    assert report.earned_points == report.total_points - 0.25 - 0.5 - 3


def test_a_node_whose_backward_is_still_to_write_earns_the_forward_values_only():
    report = _report(node_class("stub backward"))
    earned = [r.name for r in report.results if report.counts(r)]
    assert earned == [r.name for r in report.results if r.name.startswith("forward value")]
    assert "still to write: `Node.backward`" in report.summary()
    assert report.score == pytest.approx(2 / 16)


def test_the_gradient_values_carry_most_of_the_points():
    from nncourse.key.graph import Node

    report = _report(Node)
    forward = sum(r.points for r in report.results if r.name.startswith("forward value"))
    assert forward / report.total_points <= 0.125
    split = report.split(4)
    assert split.startswith("forward value of a + b 0.06; ")
    assert "a random graph it has not seen 0.5" in split


def test_wrong_local_derivative_names_the_operation():
    report = _report(node_class("cos_sign"))
    text = _text(report)
    assert not report.passed
    assert "backward rule of `cos`" in text
    assert not _result(report, "gradients of a.cos()").passed
    assert "backward rule of `cos`" in _result(report, "gradients of a.cos()").hint
    # the graphs without cos still pass
    assert _result(report, "gradients of a.exp()").passed
    assert _result(report, "r = u v").passed


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
    first = _result(report, "gradients of a + b")
    assert first.status == "timeout"
    assert "did not finish" in first.message
    assert "exponential" not in _text(report)
    assert _result(report, "forward value of a.sigmoid()").passed


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


def test_an_honest_engine_with_numpy_scalars_and_prints_keeps_every_point():
    import numpy as np

    Node = node_class()
    right_init, right_backward = Node.__init__, Node.backward

    def __init__(self, value, parents=(), local_grads=()):
        right_init(self, value, parents, local_grads)
        self.value = np.float64(value)

    def backward(self):
        print("backward from", self.value)
        right_backward(self)

    Node.__init__, Node.backward = __init__, backward
    for seed in (None, 8):
        report = unit03.graph_engine(Node, seed=seed)
        assert report.passed, _text(report)


def test_only_growth_like_the_number_of_paths_counts_as_exponential():
    from nncourse.check.unit03.graph_engine import _visits_verdict

    assert _visits_verdict([7, 7], 4, 12) is None  # each node visited a fixed number of times
    assert _visits_verdict([13, 37 * 37 // 13], 4, 12) is None  # quadratic in the nodes
    assert _visits_verdict([7, None], 4, 12) is None  # not measured: no claim
    assert "exponentially" in _visits_verdict([64, 16384], 4, 12).message
