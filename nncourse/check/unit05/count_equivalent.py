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


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key.symmetry import count_equivalent as ref

    layouts = [
        ("one layer", [int(rng.integers(3, 11))]),
        ("one wide layer (K up to 20)", [int(rng.integers(15, 21))]),
        ("three layers of widths up to 20", [int(rng.integers(12, 21)) for _ in range(3)]),
        (
            "layers of different widths, one of width 1",
            [int(rng.integers(2, 9)), 1, int(rng.integers(5, 14))],
        ),
    ]
    cases = []
    for name, sizes in layouts:
        cases.append(
            Case(
                name,
                f"count_equivalent({sizes})",
                judge(judge_count, expected=ref(sizes), sizes=sizes, mistakes=_wrong_counts(sizes)),
                args=(sizes,),
            )
        )
    return cases


count_equivalent = register(
    Exercise("05.count_equivalent", "Count the equivalent networks", ("count_equivalent",), _cases)
)
