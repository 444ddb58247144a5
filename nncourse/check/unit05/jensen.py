"""05.jensen: find a violation of Jensen's inequality along random segments, or report none.

Each case hands the student's tester one convex and one non-convex function (so neither "always
None" nor "always a violation" earns anything) and verifies the evidence itself.
"""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, as_array, fail, ok
from nncourse.check.unit05.common import arrays_unchanged
from nncourse.inside.guard import describe_value
from nncourse.inside.probes.unit05 import build_function

JENSEN_TOL = 1e-9
"""A violation counts when the gap exceeds ``JENSEN_TOL * (1 + |chord|)`` (the notebook's rule)."""

EVIDENCE_MIN = 1e-9
"""The checker accepts evidence whose gap, recomputed here, exceeds this times (1 + |chord|)."""

BOX_SLACK = 1e-6
"""How far (relative to 1 + |center| + radius) an end may stray outside center +/- radius:
round-off of a float32 computation, never a segment drawn around another center."""


def _gap(f, a, b, t) -> tuple[float, float]:
    chord = t * f(a) + (1.0 - t) * f(b)
    return f(t * a + (1.0 - t) * b) - chord, chord


def _judge_one(got, run: dict, convex: bool) -> Verdict:
    label = f"the {run['label']}"
    if convex:
        if got is None:
            return ok()
        gap_text = ""
        if isinstance(got, tuple | list) and len(got) == 3:
            try:
                f = build_function(run["name"], run["coef"], np.shape(run["center"]))
                a, b = (np.asarray(v, dtype=np.float64) for v in got[:2])
                gap, chord = _gap(f, a, b, float(got[2]))
                gap_text = f" (the gap there is {gap:.2g})"
                if 0 < gap <= JENSEN_TOL * (1 + abs(chord)) or abs(gap) < 1e-12 * (1 + abs(chord)):
                    return fail(
                        f"a violation was reported for {label}, which is convex{gap_text}: "
                        "that is round-off, not a violation",
                        wanted="None (no violation)",
                        got=describe_value(got),
                        hint="count a violation only when the gap exceeds 1e-9 * (1 + |chord|)",
                        mistake="no tolerance for round-off",
                    )
                if gap < 0:
                    return fail(
                        f"a violation was reported for {label}, which is convex, where the "
                        "function lies below its chord",
                        wanted="None (no violation)",
                        got=describe_value(got),
                        hint="a violation is f(t a + (1-t) b) ABOVE t f(a) + (1-t) f(b); "
                        "check the direction of your comparison",
                        mistake="the inequality reversed",
                    )
            except (TypeError, ValueError):
                pass
        return fail(
            f"a violation was reported for {label}, which is convex{gap_text}",
            wanted="None (no violation)",
            got=describe_value(got),
            hint="return None when no segment shows the function above its chord",
        )
    if got is None:
        return fail(
            f"no violation was found for {label}, which is not convex",
            wanted="a tuple (a, b, t) with f(t a + (1-t) b) above the chord",
            got="None",
            hint="draw n_segments segments (both ends in center +/- radius) and test "
            "t = 1/4, 1/2, 3/4 on each",
        )
    if not isinstance(got, tuple | list) or len(got) != 3:
        return fail(
            f"the evidence for {label} should be a tuple (a, b, t)",
            wanted="a tuple (a, b, t)",
            got=describe_value(got),
        )
    shape = np.shape(run["center"])
    a, refusal = as_array(got[0], "a")
    if refusal is None:
        b, refusal = as_array(got[1], "b")
    if refusal is not None:
        return refusal
    if a.shape != shape or b.shape != shape:
        return fail(
            f"the end points of the segment have the wrong shape for {label}",
            wanted=f"a and b of shape {shape}, the shape of center",
            got=f"shapes {a.shape} and {b.shape}",
        )
    center = np.asarray(run["center"], dtype=np.float64)
    slack = BOX_SLACK * (1.0 + np.abs(center) + run["radius"])
    outside = (np.abs(a - center) > run["radius"] + slack) | (
        np.abs(b - center) > run["radius"] + slack
    )
    if outside.any():
        first = int(np.argwhere(outside.ravel())[0][0])
        return fail(
            f"the segment returned for {label} leaves the cube center +/- radius "
            f"(the first coordinate outside is {first})",
            wanted="a and b with every coordinate within radius of center",
            got=describe_value(got),
            hint="draw both ends as center + rng.uniform(-radius, radius, center.shape), "
            "around the center you were given",
        )
    t = got[2]
    if isinstance(t, np.ndarray) and t.size == 1 and t.dtype.kind in "iuf":
        t = float(t.reshape(()))  # a single number in a 0-d or size-1 array
    if isinstance(t, bool) or not isinstance(t, int | float) or not 0.0 < float(t) < 1.0:
        return fail(
            f"t in the evidence for {label} should be a number strictly between 0 and 1",
            wanted="0 < t < 1",
            got=describe_value(t),
        )
    f = build_function(run["name"], run["coef"], shape)
    gap, chord = _gap(f, a, b, float(t))
    if not np.isfinite(gap):
        return fail(f"f is not finite on the segment returned for {label}", got=describe_value(got))
    if gap > EVIDENCE_MIN * (1.0 + abs(chord)):
        return ok()
    swapped, _ = _gap(f, a, b, 1.0 - float(t))
    if swapped > EVIDENCE_MIN * (1.0 + abs(chord)):
        return fail(
            f"the evidence for {label} violates Jensen's inequality only with t and 1 - t swapped",
            wanted="f(t a + (1-t) b) > t f(a) + (1-t) f(b) for the returned (a, b, t)",
            got=f"gap {gap:.3g} at t = {float(t):g}",
            hint="the point is t * a + (1 - t) * b and the chord t * f(a) + (1 - t) * f(b): "
            "the same t multiplies a and f(a)",
            mistake="t and 1 - t swapped",
        )
    return fail(
        f"the evidence for {label} is not a violation: f is not above its chord there",
        wanted="f(t a + (1-t) b) > t f(a) + (1-t) f(b) + 1e-9 (1 + |chord|)",
        got=f"gap {gap:.3g}",
        hint="return the segment on which you saw the violation, with the same t",
    )


def judge_pair(got, *, runs: list, convex: list) -> Verdict:
    """Judge the tester's answers on a pair of functions: None for the convex one, valid
    evidence for the other."""
    if not isinstance(got, list) or len(got) != len(runs):
        return fail("the tester did not return one answer per call", got=describe_value(got))
    for answer, run, is_convex in zip(got, runs, convex):
        verdict = _judge_one(answer, run, bool(is_convex))
        if not verdict.passed:
            return verdict
    return ok()


def _mlp_run(rng, label: str) -> dict:
    hidden = int(rng.integers(3, 6))
    sizes = [2, hidden, 1]
    n_params = sum(i * o + o for i, o in zip(sizes[:-1], sizes[1:]))
    X = rng.normal(size=(20, 2))
    Y = np.sin(2.0 * X[:, :1]) + 0.5 * X[:, 1:]
    center = rng.normal(0.0, 0.7, n_params)
    return {
        "label": label,
        "name": "mlp",
        "coef": {"X": X, "Y": Y, "sizes": sizes},
        "center": center,
        "radius": 1.0,
        "seed": int(rng.integers(1000)),
    }


def _cases(rng: np.random.Generator) -> list[Case]:
    dim = int(rng.integers(3, 6))
    X = rng.normal(size=(30, dim))
    squared = {
        "label": "squared loss of a linear model",
        "name": "squared",
        "coef": {"X": X, "y": X @ rng.normal(size=dim) + 0.1 * rng.normal(size=30)},
        "center": rng.normal(size=dim),
        "radius": 1.0,
        "seed": int(rng.integers(1000)),
    }
    X2 = rng.normal(size=(30, dim))
    logistic = {
        "label": "logistic loss of a linear model",
        "name": "logistic",
        "coef": {"X": X2, "s": np.where(rng.random(30) < 0.5, -1.0, 1.0)},
        "center": rng.normal(size=dim),
        "radius": 2.0,
        "seed": int(rng.integers(1000)),
    }
    affine = {
        "label": "affine function c . w + d",
        "name": "affine",
        "coef": {"c": rng.normal(0.0, 3.0, dim), "d": float(rng.normal(0.0, 10.0))},
        "center": rng.normal(0.0, 3.0, dim),
        "radius": 3.0,
        "seed": int(rng.integers(1000)),
    }
    well = {
        "label": "double well sum a_i (w_i^2 - 1)^2",
        "name": "double_well",
        "coef": {"a": rng.uniform(0.5, 2.0, dim)},
        "center": rng.uniform(-0.2, 0.2, dim),
        "radius": 1.0,
        "seed": int(rng.integers(1000)),
    }
    pairs = [
        (
            "squared loss (convex) and a tanh MLP's loss (not)",
            [squared, _mlp_run(rng, "tanh MLP's loss")],
        ),
        ("logistic loss (convex) and a double well (not)", [logistic, well]),
        (
            "an affine function (equality, round-off) and another MLP",
            [affine, _mlp_run(rng, "tanh MLP's loss")],
        ),
    ]
    cases = []
    for name, runs in pairs:
        convex = [r["name"] in ("squared", "logistic", "affine") for r in runs]
        call = "; ".join(
            f"find_jensen_violation(f = {r['label']}, center of shape {np.shape(r['center'])}, "
            f"radius={r['radius']:g}, seed={r['seed']})"
            for r in runs
        )
        cases.append(
            Case(
                name,
                call,
                judge(judge_pair, runs=runs, convex=convex),
                args=(runs,),
                probe="jensen_runs",
            )
        )
    runs = [r for _, pair in pairs for r in pair]
    cases.append(
        Case(
            "leaves the caller's center unchanged",
            "find_jensen_violation(f, center, ...) on the runs above, then each center compared "
            "with what was sent",
            judge(
                arrays_unchanged,
                originals=[r["center"] for r in runs],
                name="center",
                fn_name="find_jensen_violation",
            ),
            args=(runs,),
            probe="jensen_centers_after",
            points=0.5,
            needs=tuple(c.name for c in cases),
        )
    )
    return cases


jensen = register(
    Exercise(
        "05.jensen", "Convexity test along random segments", ("find_jensen_violation",), _cases
    )
)

__all__ = ["jensen"]
