"""06.convergence_rate: R_k = |f_{k+1} - f*| / |f_k - f*| measured from a run."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import expect_array, mistake, show

HINT = "R_k = abs(losses[k + 1] - f_star) / abs(losses[k] - f_star) for k = 0 .. K - 2"


def _case(name: str, losses: np.ndarray, f_star: float) -> Case:
    from nncourse.key.quadratics import convergence_rate as ref

    mistakes = [
        mistake(
            "the ratio upside down, |f_k - f*| / |f_{k+1} - f*|",
            1.0 / ref(losses, f_star),
            "the later gap goes on top",
        ),
        mistake("f* left out", ref(losses, 0.0), "subtract f_star from each loss first"),
        mistake(
            "the gaps without abs()",
            (losses[1:] - f_star) / (losses[:-1] - f_star),
            "take the absolute value of each gap",
        ),
    ]
    return Case(
        name,
        f"convergence_rate(losses={show(losses)}, f_star={f_star:.6g})",
        judge(
            expect_array,
            expected=ref(losses, f_star),
            name="convergence_rate(losses, f_star)",
            mistakes=mistakes,
            hint=HINT,
        ),
        args=(losses, f_star),
    )


def _cases(rng: np.random.Generator) -> list[Case]:
    # factor 1 - eta a of size 0.45 .. 0.9 (either sign): the gaps stay far above round-off
    a, factor = float(rng.uniform(0.5, 4.0)), float(rng.choice([-1, 1]) * rng.uniform(0.45, 0.9))
    w_star, f_star = float(rng.normal()), float(rng.normal(0.0, 3.0))
    ws = w_star + factor ** np.arange(int(rng.integers(6, 11))) * rng.uniform(1.0, 3.0)
    run = f_star + 0.5 * a * (ws - w_star) ** 2
    irregular = rng.uniform(0.5, 5.0) * np.cumprod(rng.uniform(0.3, 0.95, size=8))
    f2 = float(rng.normal())
    both_sides = f2 + irregular * np.resize([1.0, -1.0], irregular.size)
    from nncourse.check.unit06.common import unchanged_case

    cases = [
        _case("losses of a gradient-descent run on a 1-D quadratic", run, f_star),
        _case("a sequence that is not geometric", f2 + irregular, f2),
        _case("values on both sides of f_star", both_sides, f2),
    ]
    calls = [c.args for c in cases]
    needs = tuple(c.name for c in cases)
    return [*cases, unchanged_case("convergence_rate", calls, ["losses"], needs)]


convergence_rate = register(
    Exercise("06.convergence_rate", "Measured convergence rate", ("convergence_rate",), _cases)
)
