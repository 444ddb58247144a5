"""06.newton_step: the normalised update w - eta A^-1 (A w + b)."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import expect_array, mistake, show

HINT = (
    "the step is eta times A^-1 applied to the whole gradient A w + b: "
    "w - eta * np.linalg.solve(A, A @ w + b)"
)


def _case(
    name: str, A: np.ndarray, b: np.ndarray, w: np.ndarray, eta: float, rtol: float = 1e-6
) -> Case:
    from nncourse.key.quadratics import newton_step as ref

    mistakes = [
        mistake(
            "the shorthand w - eta A^-1 b (the A w term of the gradient dropped)",
            w - eta * np.linalg.solve(A, b),
            HINT,
        ),
        mistake(
            "a plain gradient step w - eta (A w + b)",
            w - eta * (A @ w + b),
            "multiply the gradient by A^-1 (solve with A) before stepping",
        ),
        mistake(
            "w + eta A^-1 (A w + b) (a step uphill)",
            w + eta * np.linalg.solve(A, A @ w + b),
            "subtract the step: w - eta * A^-1 (A w + b)",
        ),
    ]
    return Case(
        name,
        f"newton_step(A, b, w={show(w)}, eta={eta:.4g}) with A = {show(A)}, b = {show(b)}",
        judge(
            expect_array,
            expected=ref(A, b, w, eta),
            name="newton_step(A, b, w, eta)",
            mistakes=mistakes,
            hint=HINT,
            rtol=rtol,
        ),
        args=(A, b, w, eta),
    )


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.check.unit06.common import random_spd, unchanged_case

    A2 = random_spd(rng, [float(rng.uniform(0.2, 1.0)), float(rng.uniform(2.0, 8.0))])
    A3 = random_spd(rng, rng.uniform(0.3, 5.0, size=3))
    A_ill = random_spd(rng, [float(rng.uniform(1e-3, 3e-3)), float(rng.uniform(1.0, 3.0))])
    cases = [
        _case(
            "eta = 1 lands on the minimum", A2, rng.normal(size=2), rng.normal(0, 3, size=2), 1.0
        ),
        _case(
            "3-D, eta between 0 and 2",
            A3,
            rng.normal(size=3),
            rng.normal(0, 2, size=3),
            float(rng.uniform(0.1, 1.9)),
        ),
        _case(
            "condition number near a thousand, eta = 1/2",
            A_ill,
            rng.normal(size=2),
            rng.normal(0, 2, size=2),
            0.5,
            rtol=1e-5,
        ),
    ]
    calls = [c.args for c in cases]
    needs = tuple(c.name for c in cases)
    return [*cases, unchanged_case("newton_step", calls, ["A", "b", "w"], needs)]


newton_step = register(
    Exercise("06.newton_step", "Newton's normalised step", ("newton_step",), _cases)
)
