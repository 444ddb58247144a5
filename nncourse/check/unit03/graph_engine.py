"""03.graph_engine: a scalar computation-graph engine (the student's ``Node`` class).

Each case is an op list (see ``nncourse.inside.probes.unit03``) that the ``graph_probe`` builds
with the student's class. The judge

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
    reference,
    use_contributions,
    uses,
)
from nncourse.inside.guard import describe_value

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


def _cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for name, ops in checker_graphs(rng):
        values, grads = reference(ops)
        fd = leaf_gradients_fd(ops)
        cases.append(
            Case(
                name,
                f"build with Node and call backward() on the output ({len(ops)} nodes)",
                judge(
                    graph_result,
                    ops=ops,
                    values=values,
                    grads=grads,
                    leaves=list(fd),
                    leaf_grads_fd=list(fd.values()),
                    contributions=use_contributions(ops, values, grads),
                ),
                args=(ops,),
                probe="graph_probe",
                points=2.0 if "random" in name else 1.0,
            )
        )
    return cases


graph_engine = register(
    Exercise("03.graph_engine", "A computation-graph engine", ("Node",), _cases, timeout=5.0)
)
