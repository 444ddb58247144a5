"""02.squared_loss: the mean squared loss over a batch and its gradient."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.unit02.common import loss_pair, unchanged_case

HINTS = (
    "L = (1/N) * sum over the batch of 0.5 * ||yhat - y||^2",
    "dL/dyhat = (yhat - y) / N: the 1/2 cancels the 2 from the square",
)
MAIN = "a batch (mean over N)"


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key import losses

    out = []
    for name, shape, points in ((MAIN, (5, 2), 3.0), ("one example", (1, 3), 1.0)):
        yhat, y = rng.normal(size=shape), rng.normal(size=shape)
        loss, grad = losses.squared_loss(yhat, y)
        out.append(
            Case(
                name,
                f"squared_loss(yhat of shape {shape}, y of shape {shape})",
                judge(loss_pair, loss=loss, grad=grad, fn_name="squared_loss", hints=HINTS),
                args=(yhat, y),
                points=points,
            )
        )
        if name == MAIN:
            first = (yhat, y, loss, grad)
    yhat, y, loss, grad = first
    out.append(
        unchanged_case("squared_loss", 0, ("yhat", "y"), (yhat, y), grad, needs=(MAIN,), loss=loss)
    )
    return out


squared_loss = register(
    Exercise("02.squared_loss", "Squared loss and its gradient", ("squared_loss",), _cases)
)
