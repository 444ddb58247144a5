"""05.classify: classify points as minimum / maximum / saddle / degenerate / not critical.

Each case asks about several points of one function with different answers, so a constant
answer earns nothing. The functions are sums of 1-D pieces in rotated coordinates,
``f(w) = sum_i phi_i(z_i)`` with ``z = Q^T (w - c)``, whose critical points and Hessians are
known exactly (see ``nncourse.inside.probes.unit05``).
"""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, fail, ok
from nncourse.check.unit05.common import arrays_unchanged
from nncourse.inside.guard import describe_value

LABELS = ("minimum", "maximum", "saddle", "degenerate", "not critical")

HINTS = {
    "not critical": "check the gradient first: a point whose gradient norm exceeds 1e-5 is not "
    "critical, whatever the Hessian says",
    "saddle": "look at the signs of the eigenvalues (np.linalg.eigvalsh), not at the diagonal "
    "or the determinant: one above 1e-4 and one below -1e-4 make a saddle",
    "degenerate": "an eigenvalue within 1e-4 of zero means the Hessian cannot decide: "
    "compare with the tolerance, not with 0",
    "minimum": "all eigenvalues above 1e-4: a minimum",
    "maximum": "all eigenvalues below -1e-4: a maximum",
}


def judge_labels(got, *, expected: list, where: list) -> Verdict:
    if not isinstance(got, list) or len(got) != len(expected):
        return fail("the classifier did not return one answer per point", got=describe_value(got))
    for answer, want, text in zip(got, expected, where):
        if not isinstance(answer, str):
            return fail(
                f"the answer at {text} is not a string",
                wanted=f"one of {LABELS}",
                got=describe_value(answer),
                hint="return the label, e.g. 'saddle'",
            )
        if answer.strip().lower() != want:
            return fail(
                f"the point at {text} was classified as {answer!r}",
                expected=repr(want),
                got=repr(answer),
                hint=HINTS[want],
            )
    return ok()


def _rotation(rng, n):
    Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    return Q


def _spread_last_axis(rng, n):
    """A rotation whose last column has every entry +-1/sqrt(n): the last eigen-direction
    reaches each coordinate with weight 1/n, so one small negative curvature there leaves the
    Hessian's diagonal positive (built, not hoped for)."""
    last = rng.choice([-1.0, 1.0], n) / np.sqrt(n)
    basis, _ = np.linalg.qr(np.column_stack([last, rng.normal(size=(n, n - 1))]))
    return np.column_stack([basis[:, 1:], last])


def _hessian(Q, s, z):
    """Hessian of sum phi_i(z_i) in w: Q diag(phi_i''(z_i)) Q^T."""
    curv = np.where(s > 0, 2.0 * z, (3.0 * z**2 + 6.0 * z) / 9.0)
    return Q @ np.diag(curv) @ Q.T


def _case(rng, name: str, s: np.ndarray, zs: list, labels: list, diag_positive_saddle=False):
    n = s.size
    Q = _rotation(rng, n)
    if diag_positive_saddle:  # a saddle whose Hessian diagonal is all positive, built so
        Q = _spread_last_axis(rng, n)
        z_saddle = np.asarray(zs[labels.index("saddle")], dtype=np.float64)
        if not np.all(np.diag(_hessian(Q, s, z_saddle)) > 0.05):
            raise AssertionError("the saddle's Hessian diagonal is not positive")
    c = rng.normal(size=n)
    coef = {"Q": Q, "c": c, "s": s}
    points = [c + Q @ np.asarray(z, dtype=np.float64) for z in zs]
    where = [f"w = {np.array2string(p, precision=3, separator=', ')}" for p in points]
    call = f"classify_critical_point(f, w) at {len(points)} points of one {n}-D function"
    return Case(
        name,
        call,
        judge(judge_labels, expected=labels, where=where),
        args=("separable", coef, points),
        probe="classify_points",
    )


def _cases(rng: np.random.Generator) -> list[Case]:
    def roots(n):
        return rng.uniform(0.3, 1.5, n)

    s3 = roots(3)
    r3 = np.sqrt(s3)
    # a saddle with one negative curvature, made large so the rotated diagonal stays positive
    s3b = np.array([rng.uniform(1.0, 1.5), rng.uniform(1.0, 1.5), rng.uniform(0.05, 0.1)])
    r3b = np.sqrt(s3b)
    s4 = roots(4)
    r4 = np.sqrt(s4)
    s_deg = np.array([0.0, *roots(2)])
    r_deg = np.sqrt(s_deg)
    off = rng.uniform(0.3, 0.6, 3) * rng.choice([-1.0, 1.0], 3)
    cases = [
        _case(
            rng,
            "minimum, maximum and saddle of a 3-D function",
            s3,
            [r3, -r3, r3 * [1, -1, 1]],
            ["minimum", "maximum", "saddle"],
        ),
        _case(
            rng,
            "a saddle whose Hessian has a positive diagonal",
            s3b,
            [r3b * [1, 1, -1], r3b],
            ["saddle", "minimum"],
            diag_positive_saddle=True,
        ),
        _case(
            rng,
            "saddles with one and two negative curvatures (4-D)",
            s4,
            [r4 * [1, -1, -1, 1], r4 * [-1, 1, 1, 1], -r4],
            ["saddle", "saddle", "maximum"],
        ),
        _case(
            rng,
            "points that are not critical",
            s3,
            [r3 + off, r3, -r3 + off[::-1]],
            ["not critical", "minimum", "not critical"],
        ),
        _case(
            rng,
            "a zero curvature: degenerate",
            s_deg,
            [r_deg, [-3.0, *r_deg[1:]], [0.0, -r_deg[1], r_deg[2]]],
            ["degenerate", "minimum", "saddle"],
        ),
    ]
    _, coef, points = cases[0].args
    unchanged = Case(
        "leaves the caller's w unchanged",
        "classify_critical_point(f, w) at the points of the first case, then each w compared "
        "with what was sent",
        judge(arrays_unchanged, originals=points, name="w", fn_name="classify_critical_point"),
        args=("separable", coef, points),
        probe="classify_points_after",
        points=0.5,
        needs=tuple(c.name for c in cases),
    )
    return [*cases, unchanged]


classify = register(
    Exercise("05.classify", "Classify critical points", ("classify_critical_point",), _cases)
)
