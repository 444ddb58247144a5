"""04.numerical_gradient: one- and two-sided finite differences of f at an x of any shape.

The test functions travel by name and coefficients; the probes ``fd_calls`` and ``fd_x_after``
build them where the student's code runs. Everything a judge compares with (the quotient asked
for, the quotients a student might have computed instead, the exact gradient) is computed in
``make_cases`` with the answer key and passed to the judge as data.
"""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, fail, ok
from nncourse.check.unit04.common import (
    EPS64,
    differing_texts,
    exact_gradient,
    f_bound,
    precision_note,
    precision_of,
    probe_function,
    quotient_forms,
    shape_verdict,
    show,
    unchanged_verdict,
)
from nncourse.inside.guard import describe_value

DEFAULT_BOUND_TWO_SIDED = 1e-8
"""With its default step, the two-sided difference must reach this relative error."""

DEFAULT_BOUND_ONE_SIDED = 1e-6
"""With its default step, the one-sided difference must reach this relative error."""

DEFAULTS_OFFSET = 20.0
"""Offset of the default-step cases' f(x) = 20 + sum(sin(a x) + c x^3): it makes round-off
(about eps |f| / h) visible. Each seed draws a, c and x until these bounds pass two-sided steps
from 3e-8 to 1e-4 and one-sided steps from 1e-9 to 1e-6, and fail 1e-10 and 1e-3 (both kinds),
1e-8 (two-sided) and 1e-5 (one-sided): ``CALIBRATION``."""

CALIBRATION = {
    "two-sided": ((3e-8, 1e-7, 1e-5, 1e-4), (1e-10, 1e-8, 1e-3)),
    "one-sided": ((1e-9, 1e-8, 1e-7, 1e-6), (1e-10, 1e-5, 1e-3)),
}
"""kind -> (steps the default-step bound accepts, steps it refuses), on every seed."""

ORDER_STEPS = (1e-1, 3e-2)
"""The two steps of the order cases: truncation error dominates round-off at both, in float64
and in float32 alike, so the measured order is the method's at either precision."""

MATRIX_STEP = 1e-2
"""Step of the matrix cases: one- and two-sided quotients differ there by far more than even a
float32 result's tolerance (each seed's matrix function is drawn until they do)."""

ORDER_RANGE = {"one-sided": (0.7, 1.3), "two-sided": (1.6, 2.4)}
"""Accepted measured order p (error ~ h^p) between h = 1e-2 and h = 1e-3."""

VALUE_RTOL = 1e-7
"""Relative tolerance on a difference quotient at a given h (same formula, same h)."""

H_TWO_SIDED, H_ONE_SIDED = 1e-5, 1e-7
"""The default steps the notebook asks for (quoted in a hint)."""

LOOKS_LIKE = {
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
"""(kind asked for, formula found) -> (message, hint): the known mistakes, by formula."""


def _first(got):
    """The one result of a single-call ``fd_calls`` probe."""
    return got[0] if isinstance(got, list) and len(got) == 1 else got


def quotient_tolerance(eps: float, target, x, f_scale: float, h: float) -> np.ndarray:
    """Per-entry tolerance on a difference quotient at step ``h`` computed with machine eps ``eps``.

    ``VALUE_RTOL`` relative (same formula, same h, in float64), or the round-off a quotient
    computed at precision ``eps`` carries, whichever is larger: values of f rounded (eps |f| / h),
    the step x + h rounded (eps |x| |g| / h) and the result rounded (eps |g|), with a factor 4.
    """
    t, x = np.abs(np.asarray(target, dtype=np.float64)), np.abs(np.asarray(x, dtype=np.float64))
    rounding = 4.0 * eps * ((f_scale + x * t) / h + t)
    return np.maximum(VALUE_RTOL * t + 1e-10, rounding)


def quotient(
    got, *, kind: str, target: np.ndarray, forms: dict, x: np.ndarray, f_scale: float, h: float
) -> Verdict:
    """Judge a quotient at step ``h`` against ``target``; name the formula used when another.

    ``forms`` maps ``"one-sided"``, ``"two-sided"``, ``"backward"``, ``"double"`` to the
    quotient that formula gives on this case (computed with the answer key); ``x`` is the point
    and ``f_scale`` bounds |f| near it, for the tolerance of a float32 result.
    """
    label = "numerical_gradient(f, x, ...)"
    target = np.asarray(target, dtype=np.float64)
    raw = _first(got)
    dtype, eps = precision_of(raw)
    arr, refusal = shape_verdict(raw, target.shape, label)
    if refusal is not None:
        return refusal
    tol = quotient_tolerance(eps, target, x, f_scale, h)
    note = precision_note(dtype)
    if np.all(np.abs(arr - target) <= tol):
        return ok(note.strip(" ()"))
    for (asked, other), (message, hint) in LOOKS_LIKE.items():
        if asked == kind and np.all(np.abs(arr - np.asarray(forms[other])) <= tol):
            e_text, g_text = differing_texts(target, arr)
            return fail(message + note, e_text, g_text, hint, mistake=message)
    e_text, g_text = differing_texts(target, arr)
    idx = tuple(int(i) for i in np.argwhere(np.abs(arr - target) > tol)[0])
    return fail(
        f"{label} has the right shape but wrong values (the first wrong entry is at index "
        f"{idx}){note}",
        expected=e_text,
        got=g_text,
        hint="step one coordinate at a time: x_plus = x.copy(); x_plus[i] += h",
        detail=f"at {idx}: expected {float(target[idx])!r}, got {float(arr[idx])!r}, "
        f"tolerance {float(tol[idx]):.2g}",
    )


def _spread(got: np.ndarray, *, exact: np.ndarray) -> float:
    """||got - exact|| / (||got|| + ||exact||) for a finite ``got``; ``exact`` is never near 0."""
    size = float(np.linalg.norm(got.ravel()) + np.linalg.norm(exact.ravel()))
    return float(np.linalg.norm((got - exact).ravel())) / size


def order(got, *, kind: str, exact: np.ndarray, hs: list) -> Verdict:
    """Judge the measured order of the error between two steps (``exact``: the true gradient)."""
    exact = np.asarray(exact, dtype=np.float64)
    low, high = ORDER_RANGE[kind]
    power = "h" if kind == "one-sided" else "h^2"
    if not isinstance(got, list) or len(got) != len(hs):
        return fail("the calls did not return one gradient each", got=describe_value(got))
    errors = []
    for value in got:
        arr, refusal = shape_verdict(value, exact.shape, "numerical_gradient(f, x, ...)")
        if refusal is not None:
            return refusal
        errors.append(_spread(arr, exact=exact))
    if min(errors) == 0.0:
        return fail(
            "the error is exactly 0: the result is not a finite difference",
            hint="compute the quotient from values of f; do not use the exact gradient",
        )
    measured = float(np.log(errors[0] / errors[1]) / np.log(hs[0] / hs[1]))
    if low <= measured <= high:
        return ok()
    return fail(
        f"the {kind} error shrinks like h^{measured:.1f}, it should shrink like {power}",
        expected=f"order {(low + high) / 2:.0f}",
        got=f"errors {errors[0]:.2e} at h = {hs[0]:g} and {errors[1]:.2e} at h = {hs[1]:g}",
        hint="one-sided: forward difference, error O(h); two-sided: central difference "
        "divided by 2h, error O(h^2)",
        wanted=f"an error that shrinks like {power}",
    )


def default_bound(bound: float, kind: str, eps: float) -> float:
    """The float64 ``bound`` moved to machine epsilon ``eps``: the best error a step can reach
    balances truncation h^p against round-off eps / h, so it scales like eps^(p / (p + 1)) with
    p = 2 (two-sided) or 1 (one-sided)."""
    p = 2.0 if kind == "two-sided" else 1.0
    return bound * (eps / EPS64) ** (p / (p + 1.0))


def default_step(got, *, exact: np.ndarray, bound: float, kind: str, kind_text: str) -> Verdict:
    """Judge the error of a call with the default step against ``bound`` (float64), moved to
    the precision of the result (``default_bound``)."""
    exact = np.asarray(exact, dtype=np.float64)
    raw = _first(got)
    dtype, eps = precision_of(raw)
    arr, refusal = shape_verdict(raw, exact.shape, "numerical_gradient(f, x)")
    if refusal is not None:
        return refusal
    limit = default_bound(bound, kind, eps)
    note = "" if dtype == "float64" else f" ({dtype} precision: {bound:g} moved to {limit:.2g})"
    err = _spread(arr, exact=exact)
    if err < limit:
        return ok(note.strip(" ()"))
    return fail(
        f"with the default arguments the relative error is {err:.2e}, above {limit:.2g}{note}",
        expected=f"relative error below {limit:.2g} ({kind_text})",
        got=f"{err:.2e}",
        hint=f"the defaults should be kind='two-sided' and h=None meaning about "
        f"{H_TWO_SIDED:g} (two-sided) or {H_ONE_SIDED:g} (one-sided): a much smaller "
        "h drowns in round-off, a larger one in truncation error",
        wanted=f"relative error below {limit:.2g} ({kind_text})",
    )


def x_unchanged(got, *, original: np.ndarray) -> Verdict:
    """Judge the probe's ``x`` after the calls: it must equal ``original``."""
    return unchanged_verdict(
        got,
        original,
        name="x",
        message="numerical_gradient changed x in place and did not restore it",
        hint="work on a copy (x_plus = x.copy()), or put x[i] back after each step",
    )


def _sin_cubic(rng: np.random.Generator, shape) -> dict:
    return {"a": rng.uniform(0.5, 2.0, shape), "c": rng.uniform(-0.5, 0.5, shape), "offset": 2.0}


def _quotient_judge(name, coef, x, h, kind, exact: bool = False):
    forms = quotient_forms(name, coef, x, h)
    target = exact_gradient(name, coef, x) if exact else forms[kind]
    return judge(
        quotient,
        kind=kind,
        target=target,
        forms=forms,
        x=np.array(x, dtype=np.float64),
        f_scale=f_bound(name, coef, x, h),
        h=float(h),
    )


def _matrix_function(rng: np.random.Generator) -> tuple[dict, np.ndarray]:
    """f(X) = w^T tanh(X u) and X (3, 4) whose one- and two-sided quotients at ``MATRIX_STEP``
    differ by more than 10 float32 tolerances in some entry: a one-sided answer where two-sided
    was asked (or the other way round) fails on every seed, at either precision."""
    eps32 = float(np.finfo(np.float32).eps)
    for _ in range(50):
        mat, xm = {"u": rng.normal(size=4), "w": rng.normal(size=3)}, rng.normal(size=(3, 4))
        forms = quotient_forms("matrix_tanh", mat, xm, MATRIX_STEP)
        scale = f_bound("matrix_tanh", mat, xm, MATRIX_STEP)
        gap = np.abs(forms["one-sided"] - forms["two-sided"])
        tol = quotient_tolerance(eps32, forms["two-sided"], xm, scale, MATRIX_STEP)
        if np.max(gap / tol) > 10.0:
            return mat, xm
    raise RuntimeError("no matrix function with distinct quotients")  # pragma: no cover


def _defaults_function(rng: np.random.Generator) -> tuple[dict, np.ndarray]:
    """Coefficients and x of the default-step cases, drawn until ``CALIBRATION`` holds."""
    from nncourse.key import gradcheck as gc

    bounds = {"two-sided": DEFAULT_BOUND_TWO_SIDED, "one-sided": DEFAULT_BOUND_ONE_SIDED}
    for _ in range(50):
        coef = _sin_cubic(rng, 4)
        coef["offset"] = DEFAULTS_OFFSET
        x = rng.uniform(-1.0, 1.0, 4)
        f, exact = probe_function("sin_cubic", coef, x), exact_gradient("sin_cubic", coef, x)
        if all(
            (_spread(gc.numerical_gradient(f, x, h, kind), exact=exact) < bounds[kind]) is good
            for kind, (accept, refuse) in CALIBRATION.items()
            for good, steps in ((True, accept), (False, refuse))
            for h in steps
        ):
            return coef, x
    raise RuntimeError("could not draw a calibrated default-step case")  # pragma: no cover


MAIN = ("two-sided difference at h = 1e-3", "one-sided difference at h = 1e-3")
MATRIX = ("a matrix x, two-sided", "a matrix x, one-sided")


def _cases(rng: np.random.Generator) -> list[Case]:
    x, coef = rng.uniform(-1.0, 1.0, 5), _sin_cubic(rng, 5)
    B = rng.normal(size=(4, 4))
    quad, xq = {"A": B @ B.T + np.eye(4), "b": rng.normal(size=4)}, rng.normal(size=4)
    mat, xm = _matrix_function(rng)
    lse, xl = {"M": rng.normal(size=(4, 6))}, rng.normal(size=6)
    fixed, xf = _defaults_function(rng)
    hs = list(ORDER_STEPS)
    sc = f"f(x) = 2 + sum(sin(a x) + c x^3), x = {show(x)}"
    scf = f"f(x) = 20 + sum(sin(a x) + c x^3), x = {show(xf)}"
    two, one = {"kind": "two-sided"}, {"kind": "one-sided"}
    exact_sc = exact_gradient("sin_cubic", coef, x)
    exact_fixed = exact_gradient("sin_cubic", fixed, xf)
    mf = f"f(X) = w^T tanh(X u), X of shape (3, 4) = {show(xm)}"
    steps = f"h = {hs[0]:g} and {hs[1]:g}"

    def defaults(kind, text):
        bound = DEFAULT_BOUND_TWO_SIDED if kind == "two-sided" else DEFAULT_BOUND_ONE_SIDED
        return judge(default_step, exact=exact_fixed, bound=bound, kind=kind, kind_text=text)

    table = [
        (
            MAIN[0],
            f"numerical_gradient(f, x, h=1e-3) with {sc}",
            _quotient_judge("sin_cubic", coef, x, 1e-3, "two-sided"),
            ("sin_cubic", coef, x, [{"h": 1e-3, **two}]),
            2.0,
        ),
        (
            MAIN[1],
            f"numerical_gradient(f, x, h=1e-3, kind='one-sided') with {sc}",
            _quotient_judge("sin_cubic", coef, x, 1e-3, "one-sided"),
            ("sin_cubic", coef, x, [{"h": 1e-3, **one}]),
            2.0,
        ),
        (
            "two-sided is exact on a quadratic",
            f"numerical_gradient(f, x, h=1e-2) with f(x) = x^T A x / 2 + b^T x, x = {show(xq)}",
            _quotient_judge("quadratic", quad, xq, 1e-2, "two-sided", exact=True),
            ("quadratic", quad, xq, [{"h": 1e-2, **two}]),
            1.0,
        ),
        (
            MATRIX[0],
            f"numerical_gradient(f, X, h={MATRIX_STEP:g}) with {mf}",
            _quotient_judge("matrix_tanh", mat, xm, MATRIX_STEP, "two-sided"),
            ("matrix_tanh", mat, xm, [{"h": MATRIX_STEP, **two}]),
            1.0,
        ),
        (
            MATRIX[1],
            f"numerical_gradient(f, X, h={MATRIX_STEP:g}, kind='one-sided') with {mf}",
            _quotient_judge("matrix_tanh", mat, xm, MATRIX_STEP, "one-sided"),
            ("matrix_tanh", mat, xm, [{"h": MATRIX_STEP, **one}]),
            1.0,
        ),
        (
            "works for any f (log-sum-exp)",
            f"numerical_gradient(f, x, h=1e-5) with f(x) = log sum exp(M x), x = {show(xl)}",
            _quotient_judge("logsumexp", lse, xl, 1e-5, "two-sided"),
            ("logsumexp", lse, xl, [{"h": 1e-5, **two}]),
            1.0,
        ),
        (
            "one-sided error shrinks like h",
            f"numerical_gradient(f, x, h, kind='one-sided') for {steps} with {sc}",
            judge(order, kind="one-sided", exact=exact_sc, hs=hs),
            ("sin_cubic", coef, x, [{"h": h, **one} for h in hs]),
            1.0,
        ),
        (
            "two-sided error shrinks like h^2",
            f"numerical_gradient(f, x, h, kind='two-sided') for {steps} with {sc}",
            judge(order, kind="two-sided", exact=exact_sc, hs=hs),
            ("sin_cubic", coef, x, [{"h": h, **two} for h in hs]),
            1.0,
        ),
        (
            f"default h, two-sided: error below {DEFAULT_BOUND_TWO_SIDED:g}",
            f"numerical_gradient(f, x, kind='two-sided') with {scf}",
            defaults("two-sided", "two-sided"),
            ("sin_cubic", fixed, xf, [two]),
            1.0,
        ),
        (
            f"default h, one-sided: error below {DEFAULT_BOUND_ONE_SIDED:g}",
            f"numerical_gradient(f, x, kind='one-sided') with {scf}",
            defaults("one-sided", "one-sided"),
            ("sin_cubic", fixed, xf, [one]),
            1.0,
        ),
        (
            "default kind is two-sided",
            f"numerical_gradient(f, x) with {scf}",
            defaults("two-sided", "two-sided by default"),
            ("sin_cubic", fixed, xf, [{}]),
            1.0,
        ),
    ]
    cases = [
        Case(name, call, jd, args=args, probe="fd_calls", points=pts)
        for name, call, jd, args, pts in table
    ]
    cases.insert(
        6,
        Case(
            "x is unchanged after the call",
            "numerical_gradient(f, X, kind='two-sided'), then kind='one-sided', then look at X",
            judge(x_unchanged, original=xm.copy()),
            args=("matrix_tanh", mat, xm, [two, one]),
            probe="fd_x_after",
            needs=MATRIX,
        ),
    )
    return cases


numerical_gradient = register(
    Exercise(
        "04.numerical_gradient",
        "One- and two-sided finite differences",
        ("numerical_gradient",),
        _cases,
    )
)
