"""02.cross_entropy: softmax cross-entropy over a batch and its gradient, stable at large logits."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import show
from nncourse.check.unit02.common import loss_pair

HINTS = (
    "L = mean over the batch of -log softmax(z)[y]; compute log-softmax as "
    "(z - max) - log(sum(exp(z - max)))",
    "dL/dz = (softmax(z) - onehot(y)) / N",
)


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key import losses

    Z = rng.normal(0.0, 2.0, size=(6, 4))
    y = rng.integers(0, 4, size=6)
    big = np.array([[1000.0, 0.0, -1000.0], [0.0, 1000.0, 999.0]])
    cases = [
        ("a batch of 6, 4 classes", Z, y, 2.0),
        ("uniform logits give log C", np.zeros((2, 5)), np.array([0, 3]), 1.0),
        ("stable at logits of 1000", big, np.array([1, 1]), 2.0),
    ]
    out = []
    for name, z, lab, pts in cases:
        loss, grad = losses.softmax_cross_entropy(z, lab)
        out.append(
            Case(
                name,
                f"softmax_cross_entropy(z = {show(z)}, y = {show(lab)})",
                judge(
                    loss_pair, loss=loss, grad=grad, fn_name="softmax_cross_entropy", hints=HINTS
                ),
                args=(z, lab),
                points=pts,
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
