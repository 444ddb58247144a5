"""02.cross_entropy: softmax cross-entropy over a batch and its gradient, stable at large logits."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import show
from nncourse.check.unit02.common import loss_pair, unchanged_case

HINTS = (
    "L = mean over the batch of -log softmax(z)[y]; compute log-softmax as "
    "(z - max) - log(sum(exp(z - max)))",
    "dL/dz = (softmax(z) - onehot(y)) / N",
)
STABLE = (
    "exp() of a logit near 1000 overflows to inf, and log(0) or inf / inf follow: compute "
    "log-softmax as (z - max) - log(sum(exp(z - max)))",
    "exp() of a logit near 1000 overflows: build softmax(z) from z - max(z) before "
    "subtracting onehot(y)",
)
MAIN = "a batch of 6, 4 classes"


def _large_logits(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two rows of 3 logits near +-1000: in one the label's logit is far below the largest (a
    loss near 1000), in the other it is close to it."""
    a = rng.uniform(900.0, 1100.0)
    rows = np.array([[a, 0.0, -a], [0.0, a, a - rng.uniform(0.5, 2.0)]]) + rng.normal(
        0.0, 1.0, size=(2, 3)
    )
    labels = np.array([1, rng.integers(1, 3)])
    order = rng.permutation(3)
    return rows[:, order], np.argsort(order)[labels]


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key import losses

    Z = rng.normal(0.0, 2.0, size=(6, 4))
    y = rng.integers(0, 4, size=6)
    n, c = int(rng.integers(2, 5)), int(rng.integers(3, 8))
    uniform = np.full((n, c), rng.normal(0.0, 3.0))
    big, big_y = _large_logits(rng)
    cases = [
        (MAIN, Z, y, 3.0, HINTS, ()),
        ("uniform logits give log C", uniform, rng.integers(0, c, size=n), 1.0, HINTS, (MAIN,)),
        ("stable at logits of 1000", big, big_y, 2.0, STABLE, ()),
    ]
    out = []
    for name, z, lab, pts, hints, needs in cases:
        loss, grad = losses.softmax_cross_entropy(z, lab)
        out.append(
            Case(
                name,
                f"softmax_cross_entropy(z = {show(z)}, y = {show(lab)})",
                judge(
                    loss_pair, loss=loss, grad=grad, fn_name="softmax_cross_entropy", hints=hints
                ),
                args=(z, lab),
                points=pts,
                needs=needs,
            )
        )
    loss, grad = losses.softmax_cross_entropy(Z, y)
    out.append(
        unchanged_case(
            "softmax_cross_entropy", 0, ("z", "y"), (Z, y), grad, needs=(MAIN,), loss=loss
        )
    )
    return out


cross_entropy = register(
    Exercise(
        "02.cross_entropy",
        "Softmax cross-entropy and its gradient",
        ("softmax_cross_entropy",),
        _cases,
    )
)
