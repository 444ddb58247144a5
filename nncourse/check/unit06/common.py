"""Pieces shared by unit 06's checkers: random quadratics and many calls judged together."""

from __future__ import annotations

from typing import Any

import numpy as np

from nncourse.check.exercise import Case, judge
from nncourse.check.judge import Verdict, expect_unchanged, fail, ok


def random_rotation(rng: np.random.Generator, n: int) -> np.ndarray:
    """A random orthogonal ``(n, n)`` matrix that is far from the identity (a real rotation)."""
    while True:
        q, r = np.linalg.qr(rng.normal(size=(n, n)))
        q = q * np.sign(np.diag(r))
        if np.min(np.abs(q)) > 0.1:  # no eigenvector close to a coordinate axis
            return q


def random_spd(rng: np.random.Generator, lams, rotated: bool = True) -> np.ndarray:
    """The symmetric matrix with eigenvalues ``lams``: diagonal, or with rotated eigenvectors."""
    lams = np.asarray(lams, dtype=float)
    if not rotated:
        return np.diag(rng.permutation(lams))
    q = random_rotation(rng, lams.size)
    A = q @ np.diag(lams) @ q.T
    return 0.5 * (A + A.T)


def each_of(got: Any, *, count: int, fn_name: str) -> tuple[list | None, Verdict | None]:
    """The list of results of ``count`` calls (probe ``call_each``), or a refusal."""
    if not isinstance(got, list) or len(got) != count:
        return None, fail(f"{fn_name} could not be called {count} times", got=str(got)[:120])
    return got, None


def all_calls(verdicts: list[Verdict], calls: list[str]) -> Verdict:
    """The first failing verdict, prefixed with the call that produced it; else ok."""
    for verdict, call in zip(verdicts, calls):
        if not verdict.passed:
            return fail(
                f"{call}: {verdict.message}",
                verdict.expected,
                verdict.got,
                verdict.hint,
                wanted=verdict.wanted,
                detail=verdict.detail,
                mistake=verdict.mistake,
            )
    return ok()


UNCHANGED_HINT = (
    "work on new arrays: x = x - step builds a new one, x -= step or x[i] = ... writes into "
    "the caller's array"
)


def inputs_unchanged(got: Any, *, calls: list, names: list, fn_name: str) -> Verdict:
    """Judge probe ``quadratic_inputs_after``: every array argument equals what the checker sent."""
    if not isinstance(got, list) or len(got) != len(calls):
        return fail(f"{fn_name} could not be called {len(calls)} times", got=str(got)[:120])
    for args_after, args in zip(got, calls):
        for name, after, original in zip(names, args_after, args):
            if not isinstance(original, np.ndarray):
                continue
            verdict = expect_unchanged(
                after,
                original,
                name=name,
                message=f"{fn_name} changed the caller's {name} in place",
                hint=UNCHANGED_HINT,
            )
            if not verdict.passed:
                return verdict
    return ok()


def unchanged_case(fn_name: str, calls: list, names: list, needs: tuple) -> Case:
    """A case (half a point) that the calls leave every array argument as it was; it counts
    only with the value cases ``needs`` (a function that returns zeros also changes nothing)."""
    shown = ", ".join(names)
    return Case(
        f"leaves the caller's arrays unchanged ({shown})",
        f"{fn_name}({shown}) on the arrays of the cases above, then each argument compared "
        "with what was sent",
        judge(inputs_unchanged, calls=calls, names=names, fn_name=fn_name),
        args=(calls,),
        probe="quadratic_inputs_after",
        points=0.5,
        needs=tuple(needs),
    )
