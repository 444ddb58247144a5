"""01.separable: a linear-separability test (the point sets the checker tries and its judge).

The student writes ``linear_separator(X, y)`` returning ``(w, b)`` with
``y_i (w . x_i + b) > 0`` for every point, or ``None`` when no such ``(w, b)`` exists.
Every set's answer is known by construction and confirmed by the reference LP
(``nncourse.key.separability.separate``, run in ``make_cases``), whose evidence the messages
quote: a separator when the student says "not separable", the common point of the two convex
hulls when the student claims a separator for a set that has none. The evidence travels to the
judge as text; the judge itself only checks the student's margins.

Every separable set the checker uses has a separator with Novikoff bound
``(R / gamma)^2 <= MAX_PERCEPTRON_UPDATES``, so a perceptron allowed that many epochs finds it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, fail, ok
from nncourse.check.unit01.common import (
    boolean_inputs,
    inputs_unchanged,
    result_and_after,
    weights_and_bias,
)
from nncourse.inside.guard import describe_value

MAX_PERCEPTRON_UPDATES = 1000
"""Every separable set used by the checker needs at most this many perceptron updates."""

STRICT = 1e-12
"""y_i (w . x_i + b) must exceed STRICT * (|w| max|x_i| + |b|): on the boundary is not enough."""


def _point(x: np.ndarray) -> str:
    return "(" + ", ".join(f"{v:.3g}" for v in np.ravel(x)) + ")"


def evidence(X: np.ndarray, y: np.ndarray, found: Any) -> str:
    """Words for the reference LP's evidence (a ``Separation``, computed in ``make_cases``):
    the separator, or the hulls' common point."""
    if found.separable:
        return f"w = {_point(found.w)}, b = {found.b:.3g} separates every point"
    lam = found.weights
    parts = []
    for label, mask in (("positive", y > 0), ("negative", y < 0)):
        idx = [i for i in np.flatnonzero(mask) if lam[i] > 1e-9]
        if len(idx) == 1:
            parts.append(f"the {label} point {_point(X[idx[0]])}")
        elif len(idx) == 2 and np.allclose(lam[idx], 0.5):
            parts.append(
                f"the segment between the {label} points "
                f"{_point(X[idx[0]])} and {_point(X[idx[1]])}"
            )
        else:
            shown = ", ".join(f"{lam[i]:.2g} x {_point(X[i])}" for i in idx[:3])
            more = f" and {len(idx) - 3} more" if len(idx) > 3 else ""
            parts.append(f"the {label} points' convex combination {shown}{more}")
    return (
        f"no (w, b) exists: {parts[0]} and {parts[1]} meet at {_point(found.point)}, "
        "which a half-space and its complement cannot both contain (they are convex)"
    )


def separator(got: Any, *, X: np.ndarray, y: np.ndarray, separable: bool, evidence: str) -> Verdict:
    """Judge ``linear_separator(X, y)`` for a set whose answer is ``separable``.

    ``evidence`` is the reference LP's evidence in words (``evidence(...)`` in ``make_cases``).
    """
    n, d = X.shape
    if got is None:
        if not separable:
            return ok()
        return fail(
            "returned None ('not separable'), but this set is linearly separable",
            expected=f"a pair (w, b); for example {evidence}",
            got="None",
            hint=f"a perceptron finds a separator here within {MAX_PERCEPTRON_UPDATES} "
            "updates (Novikoff's bound); give it enough epochs, and make sure your "
            "function returns (w, b) when an epoch makes no mistake",
        )
    parsed, refusal = weights_and_bias(got, d, "the result")
    if not separable:
        return fail(
            "returned a separator for a set that is not linearly separable",
            expected="None",
            got=describe_value(got),
            hint=f"{evidence}. Return None when your search ends without a "
            "pass that classifies every point correctly",
        )
    if refusal is not None:
        return refusal
    w, b = parsed
    margins = y * (X @ w + b)
    scale = np.linalg.norm(w) * np.abs(X).max(initial=0.0) + abs(b)
    wrong = margins <= STRICT * scale if scale > 0 else np.ones(n, bool)
    if not wrong.any():
        return ok()
    i = int(np.flatnonzero(wrong)[0])
    return fail(
        f"(w, b) does not separate the set: {int(wrong.sum())} of {n} points are on the "
        "wrong side or on the boundary",
        expected="y_i (w . x_i + b) > 0 for every point",
        got=f"w = {_point(w)}, b = {b:.3g}; the point x = {_point(X[i])} with label "
        f"{y[i]:+g} has w . x + b = {X[i] @ w + b:.3g}",
        hint=_separator_hint(margins[wrong], scale, b),
    )


def _separator_hint(wrong_margins: np.ndarray, scale: float, b: float) -> str:
    """A hint for a (w, b) that misclassifies points, naming a cause only when it shows."""
    if np.any(np.abs(wrong_margins) <= STRICT * scale):
        return (
            "a point on the boundary (w . x + b = 0) does not count as separated: treat "
            "y_i (w . x_i + b) <= 0 as a mistake, not only < 0"
        )
    if b == 0.0:
        return (
            "your b is exactly 0: the bias must be learned too (on a mistake, add y_i to b "
            "as you add y_i x_i to w)"
        )
    return (
        "on every mistake (y_i (w . x_i + b) <= 0) add y_i x_i to w and y_i to b, with "
        "labels -1/+1, and return (w, b) only after a pass without mistakes"
    )


def leaves_inputs(got: Any, *, X: np.ndarray, y: np.ndarray, evidence: str) -> Verdict:
    """Judge ``(linear_separator(X, y), X and y after the call)`` on a separable set: a
    separator first, then both arrays as they were passed in."""
    result, after = result_and_after(got, 2)
    verdict = separator(result, X=X, y=y, separable=True, evidence=evidence)
    if not verdict.passed:
        return verdict
    return inputs_unchanged(after, [X, y], ["X", "y"], "linear_separator(X, y)")


def _planted(rng: np.random.Generator, n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """Random separable points with a margin wide enough for the perceptron bound."""
    from nncourse.key import separability as sep

    while True:
        w = rng.normal(size=d)
        b = rng.uniform(-0.3, 0.3) * np.linalg.norm(w)
        X = rng.uniform(-1.5, 1.5, size=(4 * n, d))
        radius = np.sqrt(np.max(np.sum(X * X, axis=1) + 1.0))
        gamma = radius / np.sqrt(MAX_PERCEPTRON_UPDATES / 2)
        s = (X @ w + b) / np.sqrt(w @ w + b * b)
        X, s = X[np.abs(s) >= gamma][:n], s[np.abs(s) >= gamma][:n]
        y = np.where(s > 0, 1.0, -1.0)
        if len(y) == n and 0 < (y > 0).sum() < n:
            assert sep.perceptron_bound(X, y, w, b) <= MAX_PERCEPTRON_UPDATES
            return X, y


def _line(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """12 sorted points in [-3, 3], labelled by a threshold whose gap the perceptron can find.

    A uniform draw can put two points of different classes almost on top of each other; such a
    draw is redrawn, so the set always satisfies the perceptron bound the notebook promises.
    """
    from nncourse.key import separability as sep

    while True:
        line = np.sort(rng.uniform(-3, 3, size=12))
        cut = int(rng.integers(3, 9))
        y = np.where(np.arange(12) >= cut, 1.0, -1.0)
        mid = 0.5 * (line[cut - 1] + line[cut])
        bound = sep.perceptron_bound(line[:, None], y, np.array([1.0]), -mid)
        if bound <= MAX_PERCEPTRON_UPDATES:
            return line, y


def _hull_violation(rng: np.random.Generator, n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """Random points where one positive point is a convex combination of negative ones."""
    X = rng.normal(size=(n, d))
    y = np.where(rng.random(n) < 0.5, 1.0, -1.0)
    y[:3], y[3] = -1.0, 1.0
    weights = rng.dirichlet(np.ones(3))
    X[3] = weights @ X[:3]
    order = rng.permutation(n)
    return X[order], y[order]


def _rings(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    r = np.concatenate([rng.uniform(0.0, 1.0, n // 2), rng.uniform(2.0, 3.0, n - n // 2)])
    a = rng.uniform(0, 2 * np.pi, n)
    y = np.concatenate([np.ones(n // 2), -np.ones(n - n // 2)])
    return np.column_stack([r * np.cos(a), r * np.sin(a)]), y


def _affine(rng: np.random.Generator, P: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``P`` under a random rotation, stretch and shift, rows in random order; also returns
    the map's matrix ``A`` (x -> A x + c), whose inverse carries a separator across."""
    d = P.shape[1]
    Q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    A = Q * rng.uniform(0.6, 1.6, size=d)
    c = rng.uniform(-1.0, 1.0, size=d)
    order = rng.permutation(len(P))
    return P[order] @ A.T + c, order


def _classic(
    rng: np.random.Generator, P: np.ndarray, y: np.ndarray, w: np.ndarray | None, b: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """A classic set (AND, XOR, parity on the corners ``P``) drawn anew: the corners under a
    random affine map, rows in random order. Affine maps keep (non-)separability; when ``(w, b)``
    separates the corners, the draw is redrawn until the perceptron bound holds for its image."""
    from nncourse.key import separability as sep

    while True:
        X, order = _affine(rng, P)
        if w is None:
            return X, y[order]
        # x' = A x + c; a separator (w, b) of the corners maps to the least-squares fit below.
        sol, *_ = np.linalg.lstsq(np.column_stack([X, np.ones(len(X))]), P[order] @ w + b)
        if sep.perceptron_bound(X, y[order], sol[:-1], sol[-1]) <= MAX_PERCEPTRON_UPDATES:
            return X, y[order]


def separable_cases(rng: np.random.Generator) -> list[Case]:
    """The sets tried, every one drawn from ``rng``: the classics (AND, XOR, parity) under a
    random affine map, and random sets in 1 to 10 dimensions.

    The random separable sets in 2, 5 and 10 dimensions carry the exercise: every other case
    counts only once they pass, since a constant answer can pass any single small set ("not
    separable" for every set, one fixed (w, b) for a set with one class).
    """
    from nncourse.key import separability as sep

    corners, cube = boolean_inputs(2), boolean_inputs(3)
    line, threshold_y = _line(rng)
    interleaved = np.where(np.arange(12) % 4 < 2, 1.0, -1.0)
    half = rng.normal(size=(3, 3))
    dup = rng.normal(size=(6, 4))
    dup[5] = dup[0]
    dup_y = np.array([1.0, 1.0, -1.0, -1.0, 1.0, -1.0])
    and_y = np.array([-1.0, -1.0, -1.0, 1.0])
    xor_y = np.array([-1.0, 1.0, 1.0, -1.0])
    parity_y = np.where(cube.sum(1) % 2 == 1, 1.0, -1.0)
    main = tuple(f"random separable set in {d}-D" for d in (2, 5, 10))
    sets = [
        (main[0], *_planted(rng, 30, 2), True, 2.0),
        (main[1], *_planted(rng, 40, 5), True, 3.0),
        (main[2], *_planted(rng, 40, 10), True, 3.0),
        ("AND is separable", *_classic(rng, corners, and_y, np.ones(2), -1.5), True, 1.0),
        ("points on a line, one threshold", line[:, None], threshold_y, True, 1.0),
        (
            "fewer points than dimensions (4 points in 8-D)",
            rng.normal(size=(4, 8)),
            np.array([1.0, -1.0, 1.0, -1.0]),
            True,
            1.0,
        ),
        (
            "only one class (around the origin: needs the bias)",
            np.vstack([half, -half]),
            np.ones(6),
            True,
            0.5,
        ),
        ("XOR is not separable", *_classic(rng, corners, xor_y, None), False, 1.5),
        ("3-bit parity is not separable", *_classic(rng, cube, parity_y, None), False, 1.0),
        ("points on a line, classes interleaved", line[:, None], interleaved, False, 1.0),
        (
            "a positive point inside the negatives' hull (6-D)",
            *_hull_violation(rng, 20, 6),
            False,
            1.0,
        ),
        ("two rings, one inside the other", *_rings(rng, 30), False, 1.0),
        ("the same point with both labels (4-D)", dup, dup_y, False, 1.0),
    ]
    cases = []
    for name, X, y, separable, points in sets:
        X = np.asarray(X, dtype=np.float64)
        found = sep.separate(X, y)
        if found.separable != separable:  # construction and LP disagree: a bug in the checker
            raise RuntimeError("the checker's own separability answer is inconsistent")
        cases.append(
            Case(
                name,
                f"linear_separator(X of shape {X.shape}, y = {describe_value(y, 60)})",
                judge(separator, X=X, y=y, separable=separable, evidence=evidence(X, y, found)),
                args=(X, y),
                points=points,
                needs=() if name in main else main,
            )
        )
    X, y = _planted(rng, 20, 3)
    found = sep.separate(X, y)
    cases.append(
        Case(
            "leaves X and y unchanged",
            f"linear_separator(X of shape {X.shape}, y), then look at X and y",
            judge(leaves_inputs, X=X, y=y, evidence=evidence(X, y, found)),
            args=(0, X, y),
            probe="result_and_inputs",
            points=0.5,
            needs=main,
        )
    )
    return cases


separable = register(
    Exercise(
        "01.separable",
        "A linear-separability test",
        ("linear_separator",),
        separable_cases,
        timeout=20.0,
    )
)
