"""03.graph_engine: a scalar computation-graph engine (the student's ``Node`` class).

The cases, in order: each operation alone (its forward value, then its gradients), so a method
still to write fails only the cases that use it (part-by-part credit); the worked examples,
fan-out and a random graph; a ladder on which backward's reads of each node are counted (an
engine that walks every path reads the input once per path); a chain deeper than Python's
recursion limit; and last a ladder with 2^26 paths, run only when the counts show no
exponential work (so its verdict says "exponential" on evidence, never on a guess).

Each graph case is an op list (see ``nncourse.inside.probes.unit03``) that a probe builds
with the student's class. The judge of a graph

1. compares every node's forward value with the reference engine's;
2. compares the gradient of every input (leaf) with central finite differences of the
   output;
3. on a wrong gradient, finds the node nearest the output whose gradient differs from the
   reference engine's, and says which backward rule or which fan-out sum went wrong.

All reference numbers (values, gradients, finite differences, the contribution of each use of a
shared node) are computed in ``make_cases`` and reach the judge as data.
"""

from __future__ import annotations

import math

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, fail, ok
from nncourse.check.unit03.common import number
from nncourse.check.unit03.graphs import (
    checker_graphs,
    describe_op,
    leaf_gradients_fd,
    operation_graphs,
    reference,
    use_contributions,
    uses,
)
from nncourse.inside.guard import describe_value
from nncourse.inside.probes.unit03 import EXPONENTIAL_RATIO, build_graph, chain_ops, ladder_ops

GRAD_RTOL = 1e-5
"""Relative tolerance for gradients compared with finite differences."""

GRAD_ATOL = 1e-7
"""Absolute tolerance for gradients compared with finite differences."""

VALUE_RTOL = 1e-9
"""Relative tolerance for forward values (they are computed the same way)."""


def _close(a: float, b: float, rtol: float = GRAD_RTOL, atol: float = GRAD_ATOL) -> bool:
    return math.isfinite(a) and abs(a - b) <= atol + rtol * abs(b)


def _diagnose(
    ops: list, grads: list[float], ref_grads: list[float], contributions: list
) -> tuple[str, str, str]:
    """(message, hint, detail) about the node nearest the output whose gradient is wrong.

    The message and hint quote only the student's numbers; the reference's go in ``detail``.
    """
    n = len(ops)
    if not _close(grads[-1], 1.0):
        return (
            f"the output's own gradient is {grads[-1]:.6g} after backward()",
            "backward() must start by setting the output's grad to 1 (d out / d out = 1)",
            "",
        )
    wrong = [k for k in range(n) if not _close(grads[k], ref_grads[k], 1e-6, 1e-9)]
    if not wrong:
        return "the input gradients are wrong although every node's gradient looks right", "", ""
    k = max(wrong)
    used = uses(ops, k)
    where = f"the gradient first goes wrong at {describe_op(ops, k)} (its grad is {grads[k]:.6g})"
    detail = f"n{k}: expected grad {ref_grads[k]:.6g}, got {grads[k]:.6g}"
    consumers = sorted({j for j, _ in used})
    used_in = ", ".join(describe_op(ops, j) for j in consumers)
    rules = ", ".join(sorted({f"`{ops[j][0]}`" for j in consumers}))
    fanned = [j for j in consumers if len(uses(ops, j)) > 1]
    early = (
        f"n{fanned[0]} is itself used {len(uses(ops, fanned[0]))} times: a node must collect "
        "all of its gradient before passing it on (visit nodes once each, in reverse "
        "topological order)"
        if fanned
        else ""
    )
    if len(used) > 1:
        if any(_close(grads[k], c, 1e-6, 1e-9) for c in contributions[k]):
            return (
                f"{where}: it is used {len(used)} times ({used_in}) but its gradient "
                "holds only one of the contributions",
                "fan-out: a node's grad is the SUM over every use, so accumulate with "
                "`parent.grad += ...`, never `parent.grad = ...`",
                detail,
            )
        ratio = grads[k] / ref_grads[k] if ref_grads[k] != 0 else 0.0
        if round(ratio) >= 2 and _close(ratio, round(ratio)):
            return (
                f"{where}: that is {ratio:.0f} times the right value; it is used "
                f"{len(used)} times ({used_in})",
                "a node was processed more than once: visit each node once, in reverse "
                "topological order built with a `visited` set",
                detail,
            )
        return (
            f"{where}; it is used {len(used)} times ({used_in})",
            f"its grad must be the sum over its uses of (child's grad) x (d child / d it): "
            f"check the backward rules of {rules}" + (f"; or else {early}" if early else ""),
            detail,
        )
    if len(used) == 1:
        if early:
            return (
                f"{where}; it is used once, by {used_in}, whose final grad is right",
                f"either the backward rule of {rules} is wrong, or {early}",
                detail,
            )
        return (
            f"{where}; it is used once, by {used_in}, whose grad is right",
            f"so the backward rule of {rules} is wrong: check the local derivative it "
            "multiplies by",
            detail,
        )
    return where, "", detail


def graph_result(
    got: object,
    *,
    ops: list,
    values: list,
    grads: list,
    leaves: list,
    leaf_grads_fd: list,
    contributions: list,
) -> Verdict:
    """Judge ``{"values": [...], "grads": [...]}`` from ``graph_probe`` on one test graph.

    Parameters
    ----------
    ops : list
        The op list the probe built.
    values, grads : list of float
        Every node's value and d output / d node, by the reference engine.
    leaves, leaf_grads_fd : list
        The input nodes' indices and their gradients by central finite differences.
    contributions : list of list of float
        For each node used more than once, what each use sends back (else empty).
    """
    if not isinstance(got, dict) or set(got) != {"values", "grads"}:
        return fail("the probe did not get node values and grads back", got=describe_value(got))
    for attr, items in (("value", got["values"]), ("grad", got["grads"])):
        for k, item in enumerate(items):
            if number(item) is None:
                return fail(
                    f"node.{attr} of {describe_op(ops, k)} is not a real number",
                    expected="a float",
                    got=describe_value(item),
                    hint=f"store a Python float in self.{attr} (missing attribute: None)",
                    wanted="a float",
                )
    got_values = [number(v) for v in got["values"]]
    got_grads = [number(g) for g in got["grads"]]
    for k, (v, e) in enumerate(zip(got_values, values)):
        if not _close(v, e, VALUE_RTOL, 1e-12):
            return fail(
                f"the forward value of {describe_op(ops, k)} is wrong",
                expected=f"{e:.10g}",
                got=f"{v:.10g}",
                hint=f"check the forward rule of `{ops[k][0]}`",
            )
    fd = dict(zip(leaves, leaf_grads_fd))
    bad = [k for k, g in fd.items() if not _close(got_grads[k], g)]
    if not bad:
        return ok()
    message, hint, detail = _diagnose(ops, got_grads, grads, contributions)
    return fail(
        message,
        expected="input grads (finite differences): "
        + ", ".join(f"n{k}: {fd[k]:.6g}" for k in bad),
        got="input grads: " + ", ".join(f"n{k}: {got_grads[k]:.6g}" for k in bad),
        hint=hint,
        detail=detail,
    )


def graph_values_result(got: object, *, ops: list, values: list) -> Verdict:
    """Judge the forward values of every node (``graph_values``): no backward involved."""
    if not isinstance(got, list) or len(got) != len(values):
        return fail("the probe did not get the node values back", got=describe_value(got))
    return graph_result(
        {"values": got, "grads": [0.0] * len(got)},
        ops=ops,
        values=values,
        grads=[],
        leaves=[],
        leaf_grads_fd=[],
        contributions=[],
    )


def ladder_result(got: object, *, small: int, large: int, **graph: object) -> Verdict:
    """Judge ``ladder_visits``: right values and grads, and no node read once per path.

    Parameters
    ----------
    small, large : int
        The two ladders' numbers of levels (2**levels paths from output to input).
    **graph
        ``graph_result``'s parameters for the large ladder.
    """
    if not isinstance(got, dict) or set(got) != {"values", "grads", "reads"}:
        return fail("the probe did not get node values and grads back", got=describe_value(got))
    verdict = graph_result({"values": got["values"], "grads": got["grads"]}, **graph)
    if not verdict.passed:
        return verdict
    return _visits_verdict(got["reads"], small, large) or ok()


def _visits_verdict(reads: object, small: int, large: int) -> Verdict | None:
    """A failing verdict when the reads grow with the number of paths, else None."""
    if not isinstance(reads, list) or len(reads) != 2 or None in reads:
        return None  # not measured (a class that cannot be instrumented): no evidence, no claim
    few, many = reads
    if many <= EXPONENTIAL_RATIO * max(few, 1):
        return None
    return fail(
        f"backward read one node {many} times on a {large}-level ladder and {few} times on a "
        f"{small}-level one: it visits a node once per path through it, and the number of "
        "paths doubles with every level, so the time grows exponentially with depth",
        wanted="each node visited a fixed number of times, however many paths lead to it",
        got=f"{few} reads at {small} levels, {many} at {large} levels",
        hint="visit each node once: build a topological order with a `visited` set, then "
        "go through it in reverse, adding each node's grad into its parents' grads",
    )


def big_ladder_result(
    got: object, *, small: int, large: int, levels: int, **graph: object
) -> Verdict:
    """Judge ``big_ladder_probe``: the ladder's values and grads, or the evidence of
    exponential work that kept it from running."""
    if isinstance(got, dict) and set(got) == {"exponential"}:
        verdict = _visits_verdict(got["exponential"], small, large)
        if verdict is not None:
            return fail(
                f"not run on {levels} levels (2^{levels} paths): on small ladders "
                + verdict.message,
                wanted=verdict.wanted,
                got=verdict.got,
                hint=verdict.hint,
            )
    return graph_result(got, **graph)


def deep_chain_result(got: object, *, value: float, grad: float, nodes: int) -> Verdict:
    """Judge ``deep_chain_probe`` on a chain deeper than Python's recursion limit."""
    if isinstance(got, dict) and "recursion_error" in got:
        return fail(
            f"backward raised RecursionError on a chain of {nodes} nodes, deeper than Python's "
            f"recursion limit ({got['recursion_error']})",
            wanted="backward works on graphs of any depth",
            got="RecursionError",
            hint="a recursive walk uses one call per node on the path; build the topological "
            "order with a loop and an explicit stack (a list) instead",
        )
    if not isinstance(got, dict) or set(got) != {"value", "grad", "nodes"}:
        return fail(
            "the probe did not get the chain's value and grad back", got=describe_value(got)
        )
    for attr, expected in (("value", value), ("grad", grad)):
        v = number(got[attr])
        what = "the output's value" if attr == "value" else "the input's grad"
        if v is None:
            return fail(
                f"{what} is not a real number",
                expected="a float",
                got=describe_value(got[attr]),
                wanted="a float",
            )
        if not _close(v, expected, 1e-9, 1e-12):
            return fail(
                f"{what} on a chain of {nodes} nodes is wrong",
                expected=f"{expected:.10g}",
                got=f"{v:.10g}",
                hint="each step multiplies the grad by its local derivative; check that every "
                "node is reached once",
            )
    return ok()


def _graph_params(ops: list) -> dict:
    values, grads = reference(ops)
    fd = leaf_gradients_fd(ops)
    return {
        "ops": ops,
        "values": values,
        "grads": grads,
        "leaves": list(fd),
        "leaf_grads_fd": list(fd.values()),
        "contributions": use_contributions(ops, values, grads),
    }


SMALL_LADDER, LARGE_LADDER, BIG_LADDER = 4, 12, 26
"""Levels of the ladders: two to count visits, and one with 2**26 paths to time."""

CHAIN_STEPS = 1500
"""Steps of the deep chain: 3001 nodes, deeper than Python's default recursion limit (1000)."""

BASICS = "Node.backward"


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key.graph import Node

    forward, backward = [], []
    for what, method, ops in operation_graphs(rng):
        part = f"Node.{method}"
        forward.append(
            Case(
                f"forward value of {what}",
                f"build {what} with Node (no backward)",
                judge(graph_values_result, ops=ops, values=reference(ops)[0]),
                args=(ops,),
                probe="graph_values",
                points=0.25,
                part=part,
            )
        )
        backward.append(
            Case(
                f"gradients of {what}",
                f"build {what} with Node and call backward()",
                judge(graph_result, **_graph_params(ops)),
                args=(ops,),
                probe="graph_probe",
                points=0.5,
                part=part,
            )
        )
    cases = forward + backward
    for name, ops in checker_graphs(rng):
        cases.append(
            Case(
                name,
                f"build with Node and call backward() on the output ({len(ops)} nodes)",
                judge(graph_result, **_graph_params(ops)),
                args=(ops,),
                probe="graph_probe",
                points=2.0 if "random" in name else 1.0,
                part=BASICS,
            )
        )
    x0 = float(np.round(rng.uniform(0.2, 1.2), 3))
    ladder = _graph_params(ladder_ops(x0, LARGE_LADDER))
    cases.append(
        Case(
            f"each node visited once however many paths reach it (ladders of {SMALL_LADDER} "
            f"and {LARGE_LADDER} levels)",
            f"x <- cos(x) + sigmoid(x) repeated, from x = {x0:g}; backward() counting the "
            "reads of each node",
            judge(ladder_result, small=SMALL_LADDER, large=LARGE_LADDER, **ladder),
            args=(x0, SMALL_LADDER, LARGE_LADDER),
            probe="ladder_visits",
            part=BASICS,
        )
    )
    c0, chain_seed = float(np.round(rng.uniform(-1, 1), 3)), int(rng.integers(0, 2**31))
    chain = build_graph(Node, chain_ops(c0, CHAIN_STEPS, chain_seed))
    chain[-1].backward()
    cases.append(
        Case(
            f"a chain of {2 * CHAIN_STEPS + 1} nodes, deeper than Python's recursion limit",
            f"x <- a x + c repeated {CHAIN_STEPS} times from x = {c0:g}; backward()",
            judge(
                deep_chain_result,
                value=chain[-1].value,
                grad=chain[0].grad,
                nodes=2 * CHAIN_STEPS + 1,
            ),
            args=(c0, CHAIN_STEPS, chain_seed),
            probe="deep_chain_probe",
            part=BASICS,
        )
    )
    cases.append(
        Case(
            f"a {BIG_LADDER}-level ladder (2^{BIG_LADDER} paths) in time",
            f"x <- cos(x) + sigmoid(x) repeated {BIG_LADDER} times from x = {x0:g}; backward()",
            judge(
                big_ladder_result,
                small=SMALL_LADDER,
                large=LARGE_LADDER,
                levels=BIG_LADDER,
                **_graph_params(ladder_ops(x0, BIG_LADDER)),
            ),
            args=(x0, BIG_LADDER, SMALL_LADDER, LARGE_LADDER),
            probe="big_ladder_probe",
            part=BASICS,
        )
    )
    return cases


graph_engine = register(
    Exercise("03.graph_engine", "A computation-graph engine", ("Node",), _cases, timeout=5.0)
)
