"""06.iterations_to_tol: steps of gradient descent until the error has shrunk by ``tol``."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, fail, ok

HINT = (
    "count k from 0 (the start itself) and stop at the first k with "
    "norm(w_k - w*) <= tol * norm(w_0 - w*), where w* = solve(A, -b); -1 after max_iter"
)


def counts(got: object, *, expected: list, calls: list, mistakes: dict) -> Verdict:
    """Judge several counts (probe ``call_each``): each must equal the checker's exactly."""
    if not isinstance(got, list) or len(got) != len(expected):
        return fail("iterations_to_tol could not be called on every input", got=str(got)[:120])
    for value, want, call in zip(got, expected, calls):
        if isinstance(value, np.ndarray) and value.size == 1:
            value = value.reshape(()).item()
        if isinstance(value, bool) or not isinstance(value, int | float | np.integer):
            return fail(
                f"{call} did not return a whole number",
                got=repr(value)[:80],
                hint="return the count as an int",
            )
        if value != want:
            off = {want - 1: "one too few", want + 1: "one too many"}.get(value, "")
            label = mistakes.get(call, {}).get(str(value), "") or off
            return fail(
                f"{call} returned a different count" + (f" ({label})" if label else ""),
                expected=str(want),
                got=str(value),
                hint=HINT,
                mistake=label,
            )
    return ok()


def _safe_problem(rng: np.random.Generator, n: int, lams, eta_of, tol: float, max_iter: int):
    """A problem whose count is not within rounding of the next or previous one."""
    from nncourse.check.unit06.common import random_spd
    from nncourse.key.quadratics import iterations_to_tol as ref

    while True:
        A = random_spd(rng, lams(), rotated=True)
        w_star = rng.normal(size=n)
        b = -A @ w_star
        w0 = w_star + rng.normal(size=n)
        eta = float(eta_of(A))
        k = ref(A, b, w0, eta, tol, max_iter)
        if k > 1:
            # ratio of the error after k - 1 and k steps to the threshold: both well apart
            w, errs = w0.copy(), []
            for _ in range(k + 1):
                errs.append(np.linalg.norm(w - w_star))
                w = w - eta * (A @ w + b)
            limit = tol * errs[0]
            if errs[k - 1] > limit * (1 + 1e-6) and errs[k] < limit * (1 - 1e-6):
                return (A, b, w0, eta, tol, max_iter), k


def _case(name: str, problems: list[tuple]) -> Case:
    calls = [
        f"iterations_to_tol(A, b, w0, eta={p[3]:.4g}, tol={p[4]:g}, max_iter={p[5]})"
        for p, _ in problems
    ]
    return Case(
        name,
        "; ".join(calls),
        judge(counts, expected=[k for _, k in problems], calls=calls, mistakes={}),
        args=([(0, p) for p, _ in problems],),
        probe="call_each",
    )


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.check.unit06.common import unchanged_case
    from nncourse.key.quadratics import iterations_to_tol as ref

    def best(A):
        lam = np.linalg.eigvalsh(A)
        return 2.0 / (lam[0] + lam[-1])

    def near_edge(A):
        return float(rng.uniform(1.8, 1.95) / np.linalg.eigvalsh(A)[-1])

    def lams2():
        return [1.0, float(rng.uniform(3.0, 30.0))]

    def lams3():
        return rng.uniform(0.2, 3.0, size=3)

    converging = [
        _safe_problem(rng, 2, lams2, best, float(10 ** -rng.uniform(3, 8)), 5000),
        _safe_problem(rng, 3, lams3, near_edge, float(10 ** -rng.uniform(2, 5)), 5000),
        _safe_problem(
            rng,
            2,
            lams2,
            lambda A: float(rng.uniform(0.2, 0.9) / np.linalg.eigvalsh(A)[-1]),
            1e-4,
            20000,
        ),
    ]
    A, w_star = np.diag(rng.uniform(0.5, 3.0, size=2)), rng.normal(size=2)
    b = -A @ w_star
    w0 = w_star + rng.normal(size=2)
    diverging = (A, b, w0, float(2.05 / np.diag(A).max()), 1e-6, int(rng.integers(200, 400)))
    # powers of two and eighths: w* = solve(A, -b) is exact, so the start is exactly w*
    A_exact = np.diag(2.0 ** rng.integers(-2, 4, size=2))
    w_exact = rng.integers(-16, 17, size=2) / 8.0
    at_minimum = (A_exact, -A_exact @ w_exact, w_exact, 0.1, 1e-6, 50)
    edge = [(diverging, ref(*diverging)), (at_minimum, ref(*at_minimum)), converging[0]]
    cases = [
        _case("converging runs: best rate, near the edge, small rate", converging),
        _case("a diverging run (-1), a start at the minimum (0), a converging run", edge),
    ]
    calls = [p for p, _ in converging[:1] + edge[:2]]
    needs = tuple(c.name for c in cases)
    return [*cases, unchanged_case("iterations_to_tol", calls, ["A", "b", "w0"], needs)]


iterations_to_tol = register(
    Exercise("06.iterations_to_tol", "Steps to a tolerance", ("iterations_to_tol",), _cases)
)
