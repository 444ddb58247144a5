"""06.gradient_descent: fixed-rate gradient descent that returns every iterate."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import (
    Verdict,
    as_array,
    expect_array,
    expect_unchanged,
    fail,
    mistake,
    show,
)


def path_and_start(
    got: object, *, expected: np.ndarray, w0: np.ndarray, mistakes: list, start: bool = False
) -> Verdict:
    """Judge ``(path, w0 after the call)``: the path first, then the start left alone."""
    result, after = got if isinstance(got, tuple) and len(got) == 2 else (got, None)
    name = "gradient_descent(grad, w0, eta, steps)"
    arr, refusal = as_array(result, name)
    if refusal is not None:
        return refusal
    if arr.shape != expected.shape:
        return fail(
            f"{name} has the wrong shape",
            wanted=f"shape {expected.shape}",
            got=f"shape {arr.shape}",
            hint="return steps + 1 rows of shape w0.shape: the start w0 first, then one row "
            "per update, e.g. np.array(path)",
        )
    verdict = expect_array(
        result,
        expected,
        name=name,
        mistakes=mistakes,
        hint="each row is w_k; the update is w_{k+1} = w_k - eta * grad(w_k)",
    )
    if not verdict.passed:
        return verdict
    if not start:
        return verdict
    return expect_unchanged(
        after,
        w0,
        name="w0",
        message="gradient_descent changed the caller's w0 in place",
        hint="start from a copy, w = np.array(w0, dtype=float), and write w = w - eta * g",
    )


def _case(
    name: str, kind: str, coef: dict, w0, eta: float, steps: int, start: bool = False
) -> Case:
    from nncourse.inside.probes.unit06 import gradient_fn
    from nncourse.key.quadratics import gradient_descent as ref

    grad = gradient_fn(kind, coef)
    expected = ref(grad, w0, eta, steps)
    uphill = ref(lambda w: -grad(w), w0, eta, steps)
    one_grad = np.array([w0 - k * eta * grad(w0) for k in range(steps + 1)])
    mistakes = [
        mistake(
            "gradient *ascent* (w + eta * grad)",
            uphill,
            "step against the gradient: w = w - eta * grad(w)",
        ),
        mistake(
            "every step using the gradient at w0",
            one_grad,
            "evaluate grad at the current w inside the loop",
        ),
    ]
    what = "A w + b" if kind == "quadratic" else "tanh(s (w - c))"
    return Case(
        name,
        f"gradient_descent(grad, w0={show(w0)}, eta={eta:.4g}, steps={steps}) "
        f"with grad(w) = {what}",
        judge(path_and_start, expected=expected, w0=np.array(w0), mistakes=mistakes, start=start),
        args=(kind, coef, w0, eta, steps),
        probe="descend",
    )


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.check.unit06.common import random_spd

    lams2 = rng.uniform(0.5, 3.0, size=2)
    A2 = random_spd(rng, lams2)
    A3 = random_spd(rng, rng.uniform(0.3, 2.0, size=3))
    A1 = random_spd(rng, rng.uniform(0.5, 4.0, size=1), rotated=False)
    c = rng.uniform(-1.0, 1.0, size=2)
    return [
        _case(
            "path on a 2-D quadratic",
            "quadratic",
            {"A": A2, "b": rng.normal(size=2)},
            rng.normal(size=2),
            float(rng.uniform(0.2, 1.8) / lams2.max()),
            int(rng.integers(5, 12)),
        ),
        _case(
            "path on a 3-D quadratic",
            "quadratic",
            {"A": A3, "b": rng.normal(size=3)},
            rng.normal(size=3),
            float(rng.uniform(0.3, 0.9)),
            int(rng.integers(3, 8)),
        ),
        _case(
            "one coordinate, a single step",
            "quadratic",
            {"A": A1, "b": rng.normal(size=1)},
            rng.normal(size=1),
            float(rng.uniform(0.05, 0.4)),
            1,
        ),
        _case(
            "a gradient that is not a quadratic's",
            "logcosh",
            {"c": c, "s": float(rng.uniform(0.5, 2.0))},
            c + rng.normal(0.0, 2.0, size=2),
            float(rng.uniform(0.3, 1.5)),
            int(rng.integers(6, 12)),
        ),
        _case(
            "leaves the caller's w0 unchanged",
            "quadratic",
            {"A": A2, "b": rng.normal(size=2)},
            rng.normal(size=2),
            float(rng.uniform(0.2, 0.9) / lams2.max()),
            int(rng.integers(3, 6)),
            start=True,
        ),
    ]


gradient_descent = register(
    Exercise(
        "06.gradient_descent", "Gradient descent with a fixed rate", ("gradient_descent",), _cases
    )
)
