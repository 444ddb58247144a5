"""05.hessian: the Hessian of f at w from function values (central differences, O(h^2))."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, expect_array, expect_unchanged, mistake

HESSIAN_TOL = 1e-5
"""Entries must be within HESSIAN_TOL * max(1, max |H|) of the exact Hessian (the notebook's
number); the O(h^2) formula at h = 1e-4 is about 1e-7 off, a one-sided one about 1e-4."""

HINT = (
    "H[i, j] = (f(w + h e_i + h e_j) - f(w + h e_i - h e_j) - f(w - h e_i + h e_j) "
    "+ f(w - h e_i - h e_j)) / (4 h^2), for every pair i, j (also i = j)"
)


def exact_hessian(name: str, coef: dict, w: np.ndarray) -> np.ndarray:
    """The analytic Hessian of the test families ``poly`` and ``trig`` (see the probes)."""
    if name == "poly":
        v = w - coef["w0"]
        q = coef["q"]
        return (
            coef["A"]
            + np.diag(6.0 * coef["c"] * v)
            + 4.0 * q * (v @ v) * np.eye(v.size)
            + 8.0 * q * np.outer(v, v)
        )
    a, M = coef["a"], coef["M"]
    z = M @ w
    p = np.exp(z - z.max())
    p /= p.sum()
    return np.diag(-(a**2) * np.sin(a * w)) + M.T @ (np.diag(p) - np.outer(p, p)) @ M


def one_sided(f, w, h):
    n = w.size
    E = np.eye(n) * h
    return np.array(
        [
            [(f(w + E[i] + E[j]) - f(w + E[i]) - f(w + E[j]) + f(w)) / h**2 for j in range(n)]
            for i in range(n)
        ]
    )


def judge_hessian(
    got, *, w: np.ndarray, expected: np.ndarray, tol: float, mistakes: list
) -> Verdict:
    result, after = got if isinstance(got, tuple) and len(got) == 2 else (got, None)
    verdict = expect_array(
        result, expected, name="fd_hessian(f, w)", atol=tol, rtol=0.0, hint=HINT, mistakes=mistakes
    )
    if not verdict.passed:
        return verdict
    return expect_unchanged(
        after,
        w,
        name="w",
        message="fd_hessian changed its input w",
        hint="build the shifted points as new arrays: w + h * e_i, not w[i] += h",
    )


def _case(name: str, fam: str, coef: dict, w: np.ndarray) -> Case:
    from nncourse.inside.probes.unit05 import build_function

    expected = exact_hessian(fam, coef, w)
    tol = HESSIAN_TOL * max(1.0, float(np.abs(expected).max()))
    f = build_function(fam, coef, w.shape)
    wrong = [
        mistake(
            "divided by 2 h^2 instead of 4 h^2",
            2.0 * expected,
            "the four points are 2h apart in each coordinate: divide by 4 h^2",
        ),
        mistake(
            "only the diagonal",
            np.diag(np.diag(expected)),
            "fill every entry H[i, j], not just H[i, i]",
        ),
        mistake(
            "one-sided differences (error O(h), too large)",
            one_sided(f, w, 1e-4),
            "use the central formula with w +- h e_i +- h e_j: its error is O(h^2)",
        ),
    ]
    return Case(
        name,
        f"fd_hessian(f = {name}, w of shape {w.shape})",
        judge(judge_hessian, w=w, expected=expected, tol=tol, mistakes=wrong),
        args=(fam, coef, w, {}),
        probe="hessian_call",
    )


def _cases(rng: np.random.Generator) -> list[Case]:
    n = int(rng.integers(3, 6))
    B = rng.normal(size=(n, n))
    poly = {
        "A": B + B.T,
        "w0": rng.normal(size=n),
        "c": rng.uniform(0.5, 1.5, n) * rng.choice([-1.0, 1.0], n),
        "q": float(rng.uniform(0.1, 0.5)),
    }
    m = int(rng.integers(2, 5))
    trig = {"a": rng.uniform(1.0, 2.5, m), "M": rng.normal(size=(3, m))}
    return [
        _case(
            "a quadratic with cubic and quartic terms",
            "poly",
            poly,
            poly["w0"] + rng.normal(0.0, 0.5, n),
        ),
        _case("sines plus log-sum-exp", "trig", trig, rng.normal(size=m)),
        _case(
            "a 1-D function",
            "trig",
            {"a": rng.uniform(1.0, 2.5, 1), "M": rng.normal(size=(2, 1))},
            rng.normal(size=1),
        ),
    ]


hessian = register(Exercise("05.hessian", "Finite-difference Hessian", ("fd_hessian",), _cases))
