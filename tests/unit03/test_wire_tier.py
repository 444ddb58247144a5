"""Unit 03 cases survive the grader's wire format: args out, plain results back, judged here.

This mimics the sandboxed tier without starting a worker: the case arguments and the result
travel through ``nncourse.inside.wire`` (JSON), the call goes through the same probe
the worker would use, and the judge runs on what came back.
"""

from __future__ import annotations

import functools

import pytest

from nncourse.check import EXERCISES
from nncourse.check.exercise import result_from_outcome
from nncourse.inside.guard import guarded_call
from nncourse.inside.probes import PROBES
from nncourse.key import backprop, chain_rule, graph

wire = pytest.importorskip("nncourse.inside.wire")

pytestmark = pytest.mark.unit03

REFERENCE = {
    "03.logistic_signals": (chain_rule.logistic_error_signals,),
    "03.chain_rule": (chain_rule.r_and_grad, chain_rule.f_and_grad),
    "03.graph_engine": (graph.Node,),
    "03.mlp_backprop": (backprop.loss_and_grads,),
    "03.vector_backward": (backprop.softmax_backward, backprop.max_backward),
}


def _roundtrip(value):
    return wire.decode(wire.loads(wire.dumps({"v": wire.encode(value)}))["v"])


@pytest.mark.parametrize("ex_id", sorted(REFERENCE))
def test_reference_passes_through_the_wire(ex_id):
    exercise = EXERCISES[ex_id]
    for case in exercise.cases(seed=4242):
        args = _roundtrip(case.args)
        fn = (
            functools.partial(PROBES[case.probe], REFERENCE[ex_id])
            if case.probe
            else REFERENCE[ex_id][0]
        )
        outcome = guarded_call(fn, args, case.kwargs, timeout=exercise.timeout)
        assert outcome.status == "ok", (case.name, outcome.error)
        back = _roundtrip(outcome.value)
        result = result_from_outcome(case, type(outcome)("ok", value=back))
        assert result.passed, (case.name, result.message)
