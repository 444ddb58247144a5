"""Pieces shared by unit 07's checkers: trajectory cases and their judge.

A trajectory case runs the student's ``step`` for several calls through the probe
``optimizer_run`` (``nncourse/inside/probes/unit07.py``) and compares the weights after every
call with the answer key's run on the same inputs. The key's run and every known mistake's run
are made with that same probe, in ``make_cases``, so the loop is identical.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nncourse.check.exercise import Case, judge
from nncourse.check.judge import Verdict, expect_array, fail, ok
from nncourse.inside.probes import PROBES

PURE_HINT = (
    "build new arrays (w[k] - lr * grad[k]) instead of changing them in place (w[k] -= ...), "
    "and build a new state dict instead of writing into the one you were given"
)


def _flat(path: list, upto: int) -> np.ndarray | None:
    try:
        return np.concatenate(
            [
                np.asarray(step[k], dtype=np.float64).ravel()
                for step in path[:upto]
                for k in sorted(step)
            ]
        )
    except (TypeError, ValueError, KeyError, AttributeError):
        return None


def _known(path: list, upto: int, mistakes) -> dict | None:
    mine = _flat(path, upto)
    if mine is None:
        return None
    for m in mistakes or ():
        theirs = _flat(m["value"], upto)
        if (
            theirs is not None
            and theirs.shape == mine.shape
            and np.allclose(mine, theirs, rtol=2e-4, atol=1e-6, equal_nan=True)
        ):
            return m
    return None


def judge_run(
    got: Any, *, expected: list, fn_name: str, hint: str = "", mistakes: Any = ()
) -> Verdict:
    """Judge an ``optimizer_run`` result: every call's weights, then purity.

    Parameters
    ----------
    got : dict
        ``path``, ``error``, ``changed``, ``repeat_differs`` from the probe (plain data).
    expected : list of dict
        The key's weights after each call.
    fn_name : str
    hint : str
        For wrong values that match no known mistake.
    mistakes : list of dict
        ``mistake(label, path, hint)``: a buggy rule's whole run.
    """
    if not isinstance(got, dict) or "path" not in got:
        return fail("the run could not be recorded", got=str(type(got).__name__))
    path = got["path"] if isinstance(got["path"], list) else []
    for k, exp in enumerate(expected):
        if k >= len(path):
            return fail(
                got.get("error") or f"{fn_name} stopped after {k} call(s)",
                wanted=f"{len(expected)} calls that each return (w_new, state)",
                got=got.get("error", ""),
                hint="return a pair: a dict with the same keys as w, and your state",
            )
        for key in sorted(exp):
            v = expect_array(
                path[k].get(key) if isinstance(path[k], dict) else None,
                exp[key],
                name=f"w[{key!r}] after call {k + 1}",
                hint=hint,
            )
            if v.passed:
                continue
            known = _known(path, k + 1, mistakes)
            if known is None:
                return v
            return fail(
                f"{v.message.split(' (largest')[0]}: it looks like {known['label']}",
                expected=v.expected,
                got=v.got,
                hint=known["hint"],
                detail=v.detail,
                mistake=known["label"],
            )
    if got.get("changed"):
        return fail(
            f"the values are right, but {got['changed'][0]}",
            wanted="the caller's w, grad and state unchanged",
            got="; ".join(got["changed"]),
            hint=PURE_HINT,
        )
    if got.get("repeat_differs"):
        k = got["repeat_differs"][0]
        return fail(
            f"the values are right, but repeating call {k} with the same arguments (copies) "
            "gave different weights",
            wanted="the same answer for the same arguments",
            hint="keep everything the optimizer remembers in `state`, nothing in global "
            "variables or function attributes",
        )
    return ok()


def run_with(step, w0: dict, a: dict, m: dict, noise: list, hyper: dict) -> list:
    """The weights after each call of ``step`` (a key or bug rule) under the probe's loop."""
    return PROBES["optimizer_run"]((step,), w0, a, m, noise, hyper)["path"]


def trajectory_case(
    name: str,
    fn_name: str,
    key_step,
    w0: dict,
    noise: list,
    hyper: dict,
    *,
    a: dict | None = None,
    m: dict | None = None,
    bugs: tuple = (),
    hint: str = "",
    call: str = "",
    points: float = 1.0,
) -> Case:
    """A case that runs ``len(noise)`` calls and judges every call's weights.

    ``bugs`` holds ``(label, buggy_step, hint)``; their runs on the same inputs become the
    case's known mistakes.
    """
    from nncourse.check.judge import mistake

    a = a if a is not None else {k: np.zeros_like(v) for k, v in w0.items()}
    m = m if m is not None else {k: np.zeros_like(v) for k, v in w0.items()}
    expected = run_with(key_step, w0, a, m, noise, hyper)
    mistakes = [
        mistake(label, run_with(bug, w0, a, m, noise, hyper), bug_hint)
        for label, bug, bug_hint in bugs
    ]
    shapes = ", ".join(f"{k!r}: {np.shape(v)}" for k, v in w0.items())
    hyper_text = ", ".join(f"{k}={v!r}" for k, v in hyper.items())
    loop = (
        "gradients a (w - m) + e of a quadratic"
        if np.any([np.any(np.asarray(v) != 0) for v in a.values()])
        else "a fixed sequence of gradients"
    )
    return Case(
        name=name,
        call=call
        or f"{len(noise)} calls of {fn_name}(w, grad, state, {hyper_text}), w with "
        f"shapes {{{shapes}}}, {loop}",
        judge=judge(judge_run, expected=expected, fn_name=fn_name, hint=hint, mistakes=mistakes),
        args=(w0, a, m, noise, hyper),
        probe="optimizer_run",
        points=points,
    )


def tensors(rng: np.random.Generator, shapes: dict, scale: float = 1.0) -> dict:
    """Random normal tensors by name."""
    return {k: scale * rng.normal(size=s) for k, s in shapes.items()}


def away_from_zero(x: np.ndarray, low: float = 0.2) -> np.ndarray:
    """``x`` with every entry moved to at least ``low`` in magnitude (sign kept; 0 -> +)."""
    sign = np.where(x < 0, -1.0, 1.0)
    return sign * np.maximum(np.abs(x), low)


def noise_seq(rng: np.random.Generator, shapes: dict, n: int, low: float = 0.2) -> list:
    """``n`` random gradient dicts with entries bounded away from zero."""
    return [
        {k: away_from_zero(rng.normal(size=s), low) for k, s in shapes.items()} for _ in range(n)
    ]


def velocity_cases(
    rng: np.random.Generator,
    fn_name: str,
    ref,
    bugs,
    hint: str,
    shapes: tuple[dict, dict],
    first: int,
) -> list[Case]:
    """The four trajectory cases of the velocity methods (momentum and Nesterov).

    ``shapes`` are two dicts of tensor shapes (several tensors, one vector); ``first`` says which
    of them the first case uses, and the second case uses the other. The cases are: the first two
    calls (v starts at 0), six calls with gradients that change sign, eight calls on a quadratic
    with beta drawn, and four calls with beta left at its default 0.9.
    """
    two, one = shapes
    a = {k: rng.uniform(0.5, 2.0, size=s) for k, s in two.items()}
    start, other = (two, one) if first == 0 else (one, two)
    common = {"bugs": bugs, "hint": hint}
    return [
        trajectory_case(
            "the first two calls (v starts at 0)",
            fn_name,
            ref,
            tensors(rng, start),
            noise_seq(rng, start, 2),
            {"lr": float(rng.uniform(0.05, 0.3)), "beta": 0.9},
            **common,
        ),
        trajectory_case(
            "six calls, gradients that change sign",
            fn_name,
            ref,
            tensors(rng, other),
            noise_seq(rng, other, 6),
            {"lr": float(rng.uniform(0.05, 0.3)), "beta": 0.9},
            **common,
        ),
        trajectory_case(
            "eight calls on a quadratic, beta drawn",
            fn_name,
            ref,
            tensors(rng, two),
            noise_seq(rng, two, 8, low=0.0),
            {"lr": float(rng.uniform(0.05, 0.2)), "beta": float(rng.uniform(0.5, 0.8))},
            a=a,
            m=tensors(rng, two),
            **common,
        ),
        trajectory_case(
            "beta left at its default 0.9",
            fn_name,
            ref,
            tensors(rng, one),
            noise_seq(rng, one, 4),
            {"lr": float(rng.uniform(0.05, 0.3))},
            **common,
        ),
    ]
