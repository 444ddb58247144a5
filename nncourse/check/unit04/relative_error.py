"""04.relative_error: |a - b| / max(|a| + |b|, floor), for numbers and (with norms) arrays."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, expect_scalar, fail, ok
from nncourse.check.unit04.common import show
from nncourse.inside.guard import describe_value


def value(got, *, expected: float, hint: str) -> Verdict:
    """Judge one relative error against ``expected`` (computed with the answer key)."""
    if isinstance(got, float | np.ndarray) and not np.all(np.isfinite(got)):
        return fail(
            f"relative_error returned {got}",
            expected=f"{expected:.6g}",
            got=describe_value(got),
            hint=hint,
            wanted="a finite number",
        )
    if isinstance(got, float | int) and not isinstance(got, bool) and got < 0:
        return fail(
            "relative_error returned a negative number",
            expected=f"{expected:.6g}",
            got=f"{got:.6g}",
            hint="use absolute values: |a - b| and |a| + |b|",
            wanted="a number in [0, 1]",
        )
    return expect_scalar(
        got, expected, name="relative_error(a, b)", rtol=1e-6, atol=1e-12, hint=hint
    )


def symmetric(got, *, expected: float) -> Verdict:
    """Judge ``[relative_error(b, a), relative_error(a, b)]``: both equal ``expected``."""
    if not isinstance(got, list) or len(got) != 2:
        return fail("the two calls did not both return a number", got=describe_value(got))
    verdict = expect_scalar(got[1], expected, name="relative_error(a, b)", atol=1e-12)
    if not verdict.passed:
        return verdict
    swapped = expect_scalar(got[0], expected, name="relative_error(b, a)", atol=1e-12)
    if swapped.passed:
        return ok()
    return fail(
        "relative_error(b, a) differs from relative_error(a, b)",
        expected=f"{expected:.6g} both ways",
        got=swapped.got,
        hint="divide by |a| + |b| (symmetric), not by |a| or |b| alone",
        wanted="the same number both ways",
    )


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key.gradcheck import relative_error as ref

    a = float(rng.uniform(1.0, 3.0))
    b = a * float(rng.uniform(1.05, 1.5))
    A = rng.normal(size=(3, 4))
    B = A + 0.01 * rng.normal(size=(3, 4))
    B[1, 2] += 1.0
    tiny = np.full(3, 1e-12)
    scalar_hint = "relative_error(a, b) = |a - b| / max(|a| + |b|, floor) with floor = 1e-8"
    table = [
        ("two numbers", (a, b), scalar_hint, 2.0),
        (
            "two negative numbers",
            (-3.0, -1.0),
            "take absolute values in the denominator: |a| + |b|, not a + b",
            1.0,
        ),
        (
            "opposite signs give 1",
            (2.0, -2.0),
            "the denominator is |a| + |b| (here 4), not |a + b| (here 0)",
            1.0,
        ),
        (
            "0 / 0 gives 0",
            (0.0, 0.0),
            "two zeros agree perfectly: divide by max(|a| + |b|, floor) so 0 / 0 never happens",
            2.0,
        ),
        (
            "tiny numbers use the floor",
            (1e-12, 0.0),
            "below the floor 1e-8 the denominator is the floor: 1e-12 / 1e-8 = 1e-4, not 1",
            2.0,
        ),
        (
            "arrays: one number from norms",
            (A, B),
            "for arrays use norms over all entries: ||a - b|| / max(||a|| + ||b||, floor)",
            2.0,
        ),
        ("equal arrays give 0", (A, A.copy()), scalar_hint, 1.0),
        (
            "tiny arrays use the floor",
            (np.zeros(3), tiny),
            "the floor applies to ||a|| + ||b|| for arrays too",
            1.0,
        ),
    ]
    cases = [
        Case(
            name,
            f"relative_error({show(x)}, {show(y)})",
            judge(value, expected=float(ref(x, y)), hint=hint),
            args=(x, y),
            points=pts,
        )
        for name, (x, y), hint, pts in table
    ]
    cases.insert(
        1,
        Case(
            "symmetric: relative_error(b, a) = relative_error(a, b)",
            f"relative_error({b:.4g}, {a:.4g}) and relative_error({a:.4g}, {b:.4g})",
            judge(symmetric, expected=float(ref(a, b))),
            args=([(0, (b, a)), (0, (a, b))],),
            probe="call_each",
        ),
    )
    return cases


relative_error = register(
    Exercise(
        "04.relative_error",
        "Relative error with the 0/0 case and a floor",
        ("relative_error",),
        _cases,
    )
)
