"""Checkers for unit 04: finite differences, relative error, gradient checks of a network.

Usage in a notebook::

    from nncourse.check import unit04
    unit04.numerical_gradient(numerical_gradient)     # a Report that renders as a table

The student's functions take callables (``f``, ``loss_fn``, ``grad_fn``); the probes in
``nncourse.inside.probes.unit04`` build those where the student's code runs, from plain data.
Expected values are computed here with ``nncourse.gradcheck``. The two exercises on networks
(``gradient_check``, ``find_buggy``) live in :mod:`nncourse.check.unit04_networks` and are
re-exported here.
"""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, register
from nncourse.check.judge import Verdict, as_array, expect_scalar, expect_unchanged, fail, ok
from nncourse.inside.guard import describe_value
from nncourse.inside.probes.unit04 import build_function
from nncourse.key import gradcheck as gc

DEFAULT_BOUND_TWO_SIDED = 1e-8
"""With its default step, the two-sided difference must reach this relative error."""

DEFAULT_BOUND_ONE_SIDED = 1e-6
"""With its default step, the one-sided difference must reach this relative error."""

DEFAULTS_FUNCTION = (
    {"a": np.array([1.0, 1.5, 0.7, 2.0]), "c": np.array([0.3, -0.2, 0.5, 0.1]), "offset": 20.0},
    np.array([0.3, -0.5, 0.8, -0.2]),
)
"""Fixed (coefficients, x) of the default-step cases: f(x) = 20 + sum(sin(a x) + c x^3). The
offset 20 makes round-off (about eps |f| / h) visible: these bounds pass two-sided steps from
3e-8 to 1e-4 and one-sided steps from 1e-9 to 1e-6, and fail 1e-10 and 1e-3 (both kinds)."""

ORDER_RANGE = {"one-sided": (0.7, 1.3), "two-sided": (1.6, 2.4)}
"""Accepted measured order p (error ~ h^p) between h = 1e-2 and h = 1e-3."""

VALUE_RTOL = 1e-7
"""Relative tolerance on a difference quotient at a given h (same formula, same h)."""


def _show(x) -> str:
    return describe_value(np.asarray(x), limit=70).split(": ", 1)[-1]


# ---------------------------------------------------------------------------------------------
# 04.numerical_gradient


def _sin_cubic(rng: np.random.Generator, shape) -> dict:
    return {"a": rng.uniform(0.5, 2.0, shape), "c": rng.uniform(-0.5, 0.5, shape), "offset": 2.0}


def _exact_gradient(name: str, coef: dict, x: np.ndarray) -> np.ndarray:
    if name == "sin_cubic":
        return coef["a"] * np.cos(coef["a"] * x) + 3.0 * coef["c"] * x**2
    if name == "quadratic":
        return coef["A"] @ x + coef["b"]
    if name == "logsumexp":
        z = coef["M"] @ x
        p = np.exp(z - z.max())
        return coef["M"].T @ (p / p.sum())
    t = np.tanh(x @ coef["u"])
    return np.outer(coef["w"] * (1.0 - t * t), coef["u"])


def _quotients(f, x, h) -> dict[str, np.ndarray]:
    """Difference quotients the student might have computed instead of the one asked for."""
    forward = gc.numerical_gradient(f, x, h, "one-sided")
    central = gc.numerical_gradient(f, x, h, "two-sided")
    return {"one-sided": forward, "two-sided": central, "backward": 2.0 * central - forward}


_LOOKS_LIKE = {
    ("two-sided", "one-sided"): (
        "the result is the one-sided (forward) difference, not the two-sided one",
        "kind='two-sided' needs (f(x + h e_i) - f(x - h e_i)) / (2h)",
    ),
    ("two-sided", "double"): (
        "the result is twice the two-sided difference",
        "the two points are 2h apart: divide by 2 * h, not by h",
    ),
    ("one-sided", "two-sided"): (
        "the result is the two-sided difference, but kind='one-sided' was asked for",
        "kind='one-sided' is the forward difference (f(x + h e_i) - f(x)) / h",
    ),
    ("one-sided", "backward"): (
        "the result is the backward difference (f(x) - f(x - h e_i)) / h",
        "one-sided here means the forward difference (f(x + h e_i) - f(x)) / h",
    ),
}


def _shape_verdict(got, shape, name) -> tuple[np.ndarray | None, Verdict | None]:
    arr, refusal = as_array(got, name)
    if refusal is not None:
        return None, refusal
    if arr.shape != tuple(shape):
        return None, fail(
            f"{name} has the wrong shape",
            expected=f"shape {tuple(shape)}, the shape of x",
            got=f"shape {arr.shape}",
            hint="build the gradient with np.zeros(x.shape) and fill one entry per step "
            "(loop over np.ndindex(x.shape)); do not flatten it",
        )
    if not np.all(np.isfinite(arr)):
        return None, fail(f"{name} contains NaN or inf", got=describe_value(got))
    return arr, None


def _first(got):
    """The one result of a single-call ``fd_calls`` probe."""
    return got[0] if isinstance(got, list) and len(got) == 1 else got


def _quotient_judge(name, coef, x, h, kind, expected=None):
    """Judge a quotient at a given h; name the formula the student used when it is another."""
    f = build_function(name, coef, x.shape)
    forms = _quotients(f, x, h)
    forms["double"] = 2.0 * forms["two-sided"]
    target = forms[kind] if expected is None else expected
    label = "numerical_gradient(f, x, ...)"

    def judge(got) -> Verdict:
        arr, refusal = _shape_verdict(_first(got), x.shape, label)
        if refusal is not None:
            return refusal
        if np.allclose(arr, target, rtol=VALUE_RTOL, atol=1e-10):
            return ok()
        for (asked, other), (message, hint) in _LOOKS_LIKE.items():
            if asked == kind and np.allclose(arr, forms[other], rtol=VALUE_RTOL, atol=1e-10):
                return fail(message, _show(target), _show(arr), hint)
        return fail(
            f"{label} has the right shape but wrong values",
            expected=_show(target),
            got=_show(arr),
            hint="step one coordinate at a time: x_plus = x.copy(); x_plus[i] += h",
        )

    return judge


def _order_judge(name, coef, x, kind, hs):
    exact = _exact_gradient(name, coef, x)
    low, high = ORDER_RANGE[kind]
    power = "h" if kind == "one-sided" else "h^2"

    def judge(got) -> Verdict:
        if not isinstance(got, list) or len(got) != len(hs):
            return fail("the calls did not return one gradient each", got=describe_value(got))
        errors = []
        for value in got:
            arr, refusal = _shape_verdict(value, x.shape, "numerical_gradient(f, x, ...)")
            if refusal is not None:
                return refusal
            errors.append(gc.relative_error(arr, exact))
        if min(errors) == 0.0:
            return fail(
                "the error is exactly 0: the result is not a finite difference",
                hint="compute the quotient from values of f; do not use the exact gradient",
            )
        order = float(np.log(errors[0] / errors[1]) / np.log(hs[0] / hs[1]))
        if low <= order <= high:
            return ok()
        return fail(
            f"the {kind} error shrinks like h^{order:.1f}, it should shrink like {power}",
            expected=f"order {(low + high) / 2:.0f}",
            got=f"errors {errors[0]:.2e} at h = {hs[0]:g} and {errors[1]:.2e} at h = {hs[1]:g}",
            hint="one-sided: forward difference, error O(h); two-sided: central difference "
            "divided by 2h, error O(h^2)",
        )

    return judge


def _default_judge(name, coef, x, bound, kind_text):
    exact = _exact_gradient(name, coef, x)

    def judge(got) -> Verdict:
        arr, refusal = _shape_verdict(_first(got), x.shape, "numerical_gradient(f, x)")
        if refusal is not None:
            return refusal
        err = gc.relative_error(arr, exact)
        if err < bound:
            return ok()
        return fail(
            f"with the default arguments the relative error is {err:.1e}, above {bound:g}",
            expected=f"relative error below {bound:g} ({kind_text})",
            got=f"{err:.2e}",
            hint=f"the defaults should be kind='two-sided' and h=None meaning about "
            f"{gc.H_TWO_SIDED:g} (two-sided) or {gc.H_ONE_SIDED:g} (one-sided): a much smaller "
            "h drowns in round-off, a larger one in truncation error",
        )

    return judge


def _numerical_gradient_cases(rng: np.random.Generator) -> list[Case]:
    x, coef = rng.uniform(-1.0, 1.0, 5), _sin_cubic(rng, 5)
    B = rng.normal(size=(4, 4))
    quad, xq = {"A": B @ B.T + np.eye(4), "b": rng.normal(size=4)}, rng.normal(size=4)
    mat, xm = {"u": rng.normal(size=4), "w": rng.normal(size=3)}, rng.normal(size=(3, 4))
    lse, xl = {"M": rng.normal(size=(4, 6))}, rng.normal(size=6)
    fixed, xf = DEFAULTS_FUNCTION
    hs = [1e-2, 1e-3]
    sc = f"f(x) = 2 + sum(sin(a x) + c x^3), x = {_show(x)}"
    scf = f"f(x) = 20 + sum(sin(a x) + c x^3), x = {_show(xf)}"
    two, one = {"kind": "two-sided"}, {"kind": "one-sided"}
    table = [
        (
            "two-sided difference at h = 1e-3",
            f"numerical_gradient(f, x, h=1e-3) with {sc}",
            _quotient_judge("sin_cubic", coef, x, 1e-3, "two-sided"),
            ("sin_cubic", coef, x, [{"h": 1e-3, **two}]),
            2.0,
        ),
        (
            "one-sided difference at h = 1e-3",
            f"numerical_gradient(f, x, h=1e-3, kind='one-sided') with {sc}",
            _quotient_judge("sin_cubic", coef, x, 1e-3, "one-sided"),
            ("sin_cubic", coef, x, [{"h": 1e-3, **one}]),
            2.0,
        ),
        (
            "two-sided is exact on a quadratic",
            f"numerical_gradient(f, x, h=1e-2) with f(x) = x^T A x / 2 + b^T x, x = {_show(xq)}",
            _quotient_judge(
                "quadratic", quad, xq, 1e-2, "two-sided", _exact_gradient("quadratic", quad, xq)
            ),
            ("quadratic", quad, xq, [{"h": 1e-2, **two}]),
            1.0,
        ),
        (
            "keeps the shape of a matrix x",
            "numerical_gradient(f, X, h=1e-4) with f(X) = w^T tanh(X u), X of shape (3, 4)",
            _quotient_judge("matrix_tanh", mat, xm, 1e-4, "two-sided"),
            ("matrix_tanh", mat, xm, [{"h": 1e-4, **two}]),
            1.0,
        ),
        (
            "works for any f (log-sum-exp)",
            f"numerical_gradient(f, x, h=1e-5) with f(x) = log sum exp(M x), x = {_show(xl)}",
            _quotient_judge("logsumexp", lse, xl, 1e-5, "two-sided"),
            ("logsumexp", lse, xl, [{"h": 1e-5, **two}]),
            1.0,
        ),
        (
            "one-sided error shrinks like h",
            f"numerical_gradient(f, x, h, kind='one-sided') for h = 1e-2 and 1e-3 with {sc}",
            _order_judge("sin_cubic", coef, x, "one-sided", hs),
            ("sin_cubic", coef, x, [{"h": h, **one} for h in hs]),
            1.0,
        ),
        (
            "two-sided error shrinks like h^2",
            f"numerical_gradient(f, x, h, kind='two-sided') for h = 1e-2 and 1e-3 with {sc}",
            _order_judge("sin_cubic", coef, x, "two-sided", hs),
            ("sin_cubic", coef, x, [{"h": h, **two} for h in hs]),
            1.0,
        ),
        (
            f"default h, two-sided: error below {DEFAULT_BOUND_TWO_SIDED:g}",
            f"numerical_gradient(f, x, kind='two-sided') with {scf}",
            _default_judge("sin_cubic", fixed, xf, DEFAULT_BOUND_TWO_SIDED, "two-sided"),
            ("sin_cubic", fixed, xf, [two]),
            1.0,
        ),
        (
            f"default h, one-sided: error below {DEFAULT_BOUND_ONE_SIDED:g}",
            f"numerical_gradient(f, x, kind='one-sided') with {scf}",
            _default_judge("sin_cubic", fixed, xf, DEFAULT_BOUND_ONE_SIDED, "one-sided"),
            ("sin_cubic", fixed, xf, [one]),
            1.0,
        ),
        (
            "default kind is two-sided",
            f"numerical_gradient(f, x) with {scf}",
            _default_judge("sin_cubic", fixed, xf, DEFAULT_BOUND_TWO_SIDED, "two-sided by default"),
            ("sin_cubic", fixed, xf, [{}]),
            1.0,
        ),
    ]
    cases = [
        Case(name, call, judge, args=args, probe="fd_calls", points=pts)
        for name, call, judge, args, pts in table
    ]
    cases.insert(
        5,
        Case(
            "x is unchanged after the call",
            "numerical_gradient(f, X, kind='two-sided'), then kind='one-sided', then look at X",
            _unchanged_judge(xm),
            args=("matrix_tanh", mat, xm, [two, one]),
            probe="fd_x_after",
            points=2.0,
        ),
    )
    return cases


def _unchanged_judge(x: np.ndarray):
    return lambda got: expect_unchanged(
        got,
        x,
        name="x",
        message="numerical_gradient changed x in place and did not restore it",
        hint="work on a copy (x_plus = x.copy()), or put x[i] back after each step",
    )


numerical_gradient = register(
    Exercise(
        "04.numerical_gradient",
        "One- and two-sided finite differences",
        ("numerical_gradient",),
        _numerical_gradient_cases,
    )
)


# ---------------------------------------------------------------------------------------------
# 04.relative_error


def _relative_error_cases(rng: np.random.Generator) -> list[Case]:
    a = float(rng.uniform(1.0, 3.0))
    b = a * float(rng.uniform(1.05, 1.5))
    A = rng.normal(size=(3, 4))
    B = A + 0.01 * rng.normal(size=(3, 4))
    B[1, 2] += 1.0
    tiny = np.full(3, 1e-12)
    scalar_hint = "relative_error(a, b) = |a - b| / max(|a| + |b|, floor) with floor = 1e-8"
    cases = [
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
    out = [
        Case(
            name,
            f"relative_error({_show(x)}, {_show(y)})",
            _scalar_judge(gc.relative_error(x, y), hint),
            args=(x, y),
            points=pts,
        )
        for name, (x, y), hint, pts in cases
    ]
    expected = gc.relative_error(a, b)
    out.insert(
        1,
        Case(
            "symmetric: relative_error(b, a) = relative_error(a, b)",
            f"relative_error({b:.4g}, {a:.4g}) and relative_error({a:.4g}, {b:.4g})",
            _symmetry_judge(expected),
            args=([(0, (b, a)), (0, (a, b))],),
            probe="call_each",
        ),
    )
    return out


def _scalar_judge(expected: float, hint: str):
    def judge(got) -> Verdict:
        if isinstance(got, float | np.ndarray) and not np.all(np.isfinite(got)):
            return fail(
                f"relative_error returned {got}",
                expected=f"{expected:.6g}",
                got=describe_value(got),
                hint=hint,
            )
        if isinstance(got, float | int) and not isinstance(got, bool) and got < 0:
            return fail(
                "relative_error returned a negative number",
                expected=f"{expected:.6g}",
                got=f"{got:.6g}",
                hint="use absolute values: |a - b| and |a| + |b|",
            )
        return expect_scalar(
            got, expected, name="relative_error(a, b)", rtol=1e-6, atol=1e-12, hint=hint
        )

    return judge


def _symmetry_judge(expected: float):
    def judge(got) -> Verdict:
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
        )

    return judge


relative_error = register(
    Exercise(
        "04.relative_error",
        "Relative error with the 0/0 case and a floor",
        ("relative_error",),
        _relative_error_cases,
    )
)


from nncourse.check.unit04_networks import find_buggy, gradient_check  # noqa: E402

__all__ = ["find_buggy", "gradient_check", "numerical_gradient", "relative_error"]
