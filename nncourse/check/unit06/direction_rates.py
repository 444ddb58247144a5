"""06.direction_rates: 1/lambda_i per eigen-direction, 2/lambda_max, and the condition number."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import (
    ATOL_FLOAT32,
    RTOL_FLOAT32,
    Verdict,
    all_of,
    expect_array,
    expect_scalar,
    expect_tuple,
    mistake,
)
from nncourse.check.judge import show as _show


def rates(
    got: object,
    *,
    etas: np.ndarray,
    eta_max: float,
    kappa: float,
    mistakes: list,
    max_hint: str,
    kappa_hint: str,
) -> Verdict:
    """Judge ``(etas, eta_max, kappa)``."""
    bad = expect_tuple(got, 3, name="direction_rates(A)")
    if bad is not None:
        return bad
    # numbers computed alongside float32 etas are float32 too, though they arrive as floats
    low = isinstance(got[0], np.ndarray) and got[0].dtype in (np.float32, np.float16)
    tol = {"rtol": RTOL_FLOAT32, "atol": ATOL_FLOAT32} if low else {}
    return all_of(
        expect_array(
            got[0],
            etas,
            name="etas",
            mistakes=mistakes,
            hint="etas[i] = 1 / lambda_i, for the eigenvalues of A from "
            "np.linalg.eigvalsh (ascending)",
        ),
        expect_scalar(got[1], eta_max, name="eta_max", hint=max_hint, **tol),
        expect_scalar(got[2], kappa, name="kappa", hint=kappa_hint, **tol),
    )


def _case(name: str, A: np.ndarray) -> Case:
    from nncourse.key.quadratics import direction_rates as ref

    etas, eta_max, kappa = ref(A)
    lam = np.linalg.eigvalsh(A)
    mistakes = [
        mistake(
            "1 / (the diagonal of A)",
            1.0 / np.diag(A),
            "the diagonal holds the eigenvalues only when A is diagonal; use np.linalg.eigvalsh(A)",
        ),
        mistake(
            "the eigenvalues themselves, not 1 / lambda",
            lam,
            "the optimal rate of a direction is the inverse of its curvature",
        ),
        mistake(
            "the eigenvalues in descending order",
            etas[::-1],
            "keep the ascending order of np.linalg.eigvalsh",
        ),
    ]
    return Case(
        name,
        f"direction_rates(A) with A = {_show(A)}",
        judge(
            rates,
            etas=etas,
            eta_max=eta_max,
            kappa=kappa,
            mistakes=mistakes,
            max_hint="the steepest direction (largest eigenvalue) limits the shared rate: "
            "eta < 2 / lambda_max",
            kappa_hint="kappa = lambda_max / lambda_min (at least 1)",
        ),
        args=(A,),
    )


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.check.unit06.common import random_spd, unchanged_case

    def spread(n: int, low: float, high: float) -> np.ndarray:
        lam = rng.uniform(low, high, size=n)
        lam[:2] = [low * rng.uniform(1.0, 1.5), high * rng.uniform(0.7, 1.0)]
        return lam

    cases = [
        _case("axis-aligned 2x2", random_spd(rng, spread(2, 0.3, 5.0), rotated=False)),
        _case("rotated 2x2", random_spd(rng, spread(2, 0.2, 6.0))),
        _case(
            "rotated 4x4, condition number in the hundreds", random_spd(rng, spread(4, 0.01, 4.0))
        ),
    ]
    calls = [c.args for c in cases]
    needs = tuple(c.name for c in cases)
    return [*cases, unchanged_case("direction_rates", calls, ["A"], needs)]


direction_rates = register(
    Exercise(
        "06.direction_rates",
        "Per-direction rates, largest stable rate, condition number",
        ("direction_rates",),
        _cases,
    )
)
