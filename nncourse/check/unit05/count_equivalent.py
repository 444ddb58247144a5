"""05.count_equivalent: prod_l K_l! as an exact Python int (K up to 20, several layers)."""

from __future__ import annotations

import math

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, fail, ok
from nncourse.inside.guard import describe_value


def judge_count(got, *, expected: int, sizes: list, mistakes: list) -> Verdict:
    if isinstance(got, float):
        exact = got.is_integer() and int(got) == expected
        return fail(
            "the count is a float"
            + (" (right here, but floats lose digits)" if exact else ", and it is not exact"),
            wanted="an exact Python int",
            got=describe_value(got),
            hint="math.factorial returns exact ints; multiply ints, not floats (no math.gamma, "
            "no np.prod, which overflows int64 silently)",
            mistake="float arithmetic",
        )
    if isinstance(got, bool) or not isinstance(got, int):
        return fail(
            "the count should be a Python int",
            wanted="an int",
            got=describe_value(got),
            hint="did you forget a `return`?",
        )
    if got == expected:
        return ok()
    for label, value, hint in mistakes:
        if got == value:
            return fail(f"the count is wrong: {label}", got=str(got), hint=hint, mistake=label)
    return fail(
        f"the count for hidden sizes {sizes} is wrong",
        expected=str(expected),
        got=str(got),
        hint="each layer of K units can be ordered in K! ways, independently of the other layers",
    )


def _wrong_counts(sizes: list[int]) -> list:
    fact = [math.factorial(k) for k in sizes]
    prod64 = int(np.prod(np.array(fact, dtype=np.int64))) if all(k <= 20 for k in sizes) else -1
    return [
        (
            "the factorials were added, not multiplied",
            sum(fact),
            "the layers are reordered independently: multiply the counts",
        ),
        (
            "K^K instead of K!",
            math.prod(k**k for k in sizes),
            "K! = 1 * 2 * ... * K counts the orderings of K units",
        ),
        (
            "int64 overflow (np.prod)",
            prod64,
            "np.prod on int64 wraps around silently; multiply Python ints",
        ),
        ("only the first layer counted", fact[0], "multiply over every hidden layer"),
    ]


def judge_counts(got, *, expected: list, sizes: list, mistakes: list) -> Verdict:
    """Judge one count per call (probe ``call_each``): every call must be exact."""
    if not isinstance(got, list) or len(got) != len(expected):
        return fail("count_equivalent could not be called on every input", got=str(got)[:120])
    for value, want, ks, wrong in zip(got, expected, sizes, mistakes):
        verdict = judge_count(value, expected=want, sizes=ks, mistakes=wrong)
        if not verdict.passed:
            return verdict
    return ok()


def _distinct(rng: np.random.Generator, low: int, high: int, n: int) -> list[int]:
    """``n`` different widths in ``[low, high)``: no constant answer fits every call."""
    return [int(k) for k in rng.choice(np.arange(low, high), size=n, replace=False)]


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key.symmetry import count_equivalent as ref

    narrow, wide = _distinct(rng, 3, 11, 3), _distinct(rng, 15, 21, 2)
    deep = [_distinct(rng, 12, 21, 3)]
    while len(deep) < 2:  # a second net of three layers with another count
        other = _distinct(rng, 12, 21, 3)
        if sorted(other) != sorted(deep[0]):
            deep.append(other)
    layouts = [
        ("one layer", [[k] for k in narrow]),
        ("one wide layer (K up to 20)", [[k] for k in wide]),
        ("three layers of widths up to 20", deep),
        (
            "layers of different widths, one of width 1",
            [[a, 1, b] for a, b in zip(_distinct(rng, 2, 9, 2), _distinct(rng, 5, 14, 2))],
        ),
    ]
    cases = []
    for name, calls in layouts:
        cases.append(
            Case(
                name,
                "; ".join(f"count_equivalent({sizes})" for sizes in calls),
                judge(
                    judge_counts,
                    expected=[ref(sizes) for sizes in calls],
                    sizes=calls,
                    mistakes=[_wrong_counts(sizes) for sizes in calls],
                ),
                args=([(0, (sizes,)) for sizes in calls],),
                probe="call_each",
            )
        )
    return cases


count_equivalent = register(
    Exercise("05.count_equivalent", "Count the equivalent networks", ("count_equivalent",), _cases)
)
