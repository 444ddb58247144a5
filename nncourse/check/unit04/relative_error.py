"""04.relative_error: |a - b| / max(|a| + |b|, floor), for numbers and (with norms) arrays."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, expect_scalar, expect_unchanged, fail, ok
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


def inputs_unchanged(got, *, a: np.ndarray, b: np.ndarray) -> Verdict:
    """Judge ``(result, a after, b after)`` from ``re_args_after``: both arrays as sent."""
    if not isinstance(got, list | tuple) or len(got) != 3:
        return fail("relative_error could not be run", got=describe_value(got))
    for name, after, before in (("a", got[1], a), ("b", got[2], b)):
        verdict = expect_unchanged(
            after,
            np.asarray(before, dtype=np.float64),
            name=name,
            message=f"relative_error changed its argument {name} in place",
            hint="compute with new arrays (a - b, np.abs(a)); never assign into a or b",
        )
        if not verdict.passed:
            return verdict
    return ok()


MAIN = "two numbers"
ARRAYS = "arrays: one number from norms"


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key.gradcheck import relative_error as ref

    a = float(rng.uniform(1.0, 3.0))
    b = a * float(rng.uniform(1.05, 1.5))
    neg = (-float(rng.uniform(2.0, 4.0)), -float(rng.uniform(0.5, 1.5)))
    opposite = float(rng.uniform(0.5, 5.0))
    huge = float(10.0 ** rng.uniform(6.0, 9.0)) * float(rng.uniform(1.0, 2.0))
    large = (huge, huge * float(rng.uniform(1.0005, 1.01)))
    tiny_number = float(10.0 ** rng.uniform(-13.0, -9.5))
    A = rng.normal(size=(3, 4))
    B = A + 0.01 * rng.normal(size=(3, 4))
    B[int(rng.integers(3)), int(rng.integers(4))] += float(rng.uniform(0.5, 1.5))
    tiny = 10.0 ** rng.uniform(-14.0, -10.0, int(rng.integers(3, 6)))
    zero_shape = (int(rng.integers(2, 5)), int(rng.integers(2, 5)))
    scalar_hint = "relative_error(a, b) = |a - b| / max(|a| + |b|, floor) with floor = 1e-8"
    values = (MAIN, ARRAYS)
    table = [
        (MAIN, (a, b), scalar_hint, 2.0, ()),
        (
            "two negative numbers",
            neg,
            "take absolute values in the denominator: |a| + |b|, not a + b",
            1.0,
            (),
        ),
        (
            "opposite signs give 1",
            (opposite, -opposite),
            f"the denominator is |a| + |b| (here {2 * opposite:.4g}), not |a + b| (here 0)",
            1.0,
            values,
        ),
        (
            "very large numbers: the scale cancels",
            large,
            "divide by |a| + |b|: the relative error of two huge numbers is small even when "
            "|a - b| is large",
            1.0,
            values,
        ),
        (
            "0 / 0 gives 0",
            (0.0, 0.0),
            "two zeros agree perfectly: divide by max(|a| + |b|, floor) so 0 / 0 never happens",
            1.0,
            values,
        ),
        (
            "tiny numbers use the floor",
            (tiny_number, 0.0),
            "below the floor 1e-8 the denominator is the floor: "
            f"{tiny_number:.3g} / 1e-8 = {tiny_number / 1e-8:.3g}, not 1",
            2.0,
            values,
        ),
        (
            ARRAYS,
            (A, B),
            "for arrays use norms over all entries: ||a - b|| / max(||a|| + ||b||, floor)",
            2.0,
            (),
        ),
        ("equal arrays give 0", (A, A.copy()), scalar_hint, 1.0, values),
        (
            "two zero gradients give 0",
            (np.zeros(zero_shape), np.zeros(zero_shape)),
            "two all-zero arrays agree perfectly: the floor keeps 0 / 0 away",
            1.0,
            values,
        ),
        (
            "tiny arrays use the floor",
            (np.zeros(tiny.shape), tiny),
            "the floor applies to ||a|| + ||b|| for arrays too",
            1.0,
            values,
        ),
    ]
    cases = [
        Case(
            name,
            f"relative_error({show(x)}, {show(y)})",
            judge(value, expected=float(ref(x, y)), hint=hint),
            args=(x, y),
            points=pts,
            needs=needs,
        )
        for name, (x, y), hint, pts, needs in table
    ]
    cases.insert(
        1,
        Case(
            "symmetric: relative_error(b, a) = relative_error(a, b)",
            f"relative_error({b:.4g}, {a:.4g}) and relative_error({a:.4g}, {b:.4g})",
            judge(symmetric, expected=float(ref(a, b))),
            args=([(0, (b, a)), (0, (a, b))],),
            probe="call_each",
            needs=(MAIN,),
        ),
    )
    cases.append(
        Case(
            "a and b are unchanged after the call",
            "relative_error(a, b) with the arrays of 'arrays: one number from norms', "
            "then look at a and b",
            judge(inputs_unchanged, a=A.copy(), b=B.copy()),
            args=(A, B),
            probe="re_args_after",
            needs=(ARRAYS,),
        )
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
