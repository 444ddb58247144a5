"""Checkers for unit 02, part 2: the MLP forward pass and the losses with their gradients.

Student-facing names are re-exported by ``nncourse.check.unit02``.
"""

from __future__ import annotations

import numpy as np

from nncourse import losses, mlp
from nncourse.check._exercise import Case, Exercise, register
from nncourse.check._judge import Verdict, all_of, expect_array, expect_scalar, expect_tuple
from nncourse.check.unit02 import _show


def _mlp_cases(rng: np.random.Generator) -> list[Case]:
    def net(sizes):
        return [(rng.normal(size=(o, i)), rng.normal(size=o)) for i, o in zip(sizes, sizes[1:])]

    configs = [
        ("one linear layer", (5, [3, 2]), "relu"),
        ("two layers with ReLU", (4, [3, 5, 2]), "relu"),
        ("three layers with tanh", (6, [2, 4, 4, 3]), "tanh"),
        ("square weights with sigmoid", (3, [3, 3, 3]), "sigmoid"),
        ("a batch of one example", (1, [4, 3, 2]), "relu"),
    ]
    cases = []
    for name, (n, sizes), activation in configs:
        X = rng.normal(size=(n, sizes[0]))
        params = net(sizes)
        call = (
            f"mlp_forward(X of shape {X.shape}, params for sizes {sizes}, "
            f"activation={activation!r})"
        )
        expected = mlp.mlp_forward(X, params, activation)
        cases.append(
            Case(
                name,
                call,
                lambda got, e=expected: expect_array(
                    got,
                    e,
                    name="mlp_forward(...)",
                    hint="each layer computes H @ W.T + b with W of shape (n_out, n_in); "
                    "apply the activation on hidden layers only, not on the output",
                ),
                args=(X, [tuple(p) for p in params], activation),
            )
        )
    return cases


mlp_forward = register(Exercise("02.mlp_forward", "MLP forward pass", ("mlp_forward",), _mlp_cases))


def _loss_judge(expected: tuple[float, np.ndarray], fn_name: str, hints: tuple[str, str]):
    def judge(got) -> Verdict:
        bad = expect_tuple(got, 2, name=f"{fn_name}(...)")
        if bad is not None:
            return bad
        return all_of(
            expect_scalar(got[0], expected[0], name="the loss", hint=hints[0]),
            expect_array(got[1], expected[1], name="the gradient", hint=hints[1]),
        )

    return judge


def _squared_cases(rng: np.random.Generator) -> list[Case]:
    hints = (
        "L = (1/N) * sum over the batch of 0.5 * ||yhat - y||^2",
        "dL/dyhat = (yhat - y) / N: the 1/2 cancels the 2 from the square",
    )
    out = []
    for name, shape in (("one example", (1, 3)), ("a batch (mean over N)", (5, 2))):
        yhat, y = rng.normal(size=shape), rng.normal(size=shape)
        out.append(
            Case(
                name,
                f"squared_loss(yhat of shape {shape}, y of shape {shape})",
                _loss_judge(losses.squared_loss(yhat, y), "squared_loss", hints),
                args=(yhat, y),
                points=2.0 if shape[0] > 1 else 1.0,
            )
        )
    return out


squared_loss = register(
    Exercise("02.squared_loss", "Squared loss and its gradient", ("squared_loss",), _squared_cases)
)


def _xent_cases(rng: np.random.Generator) -> list[Case]:
    hints = (
        "L = mean over the batch of -log softmax(z)[y]; compute log-softmax as "
        "(z - max) - log(sum(exp(z - max)))",
        "dL/dz = (softmax(z) - onehot(y)) / N",
    )
    Z = rng.normal(0.0, 2.0, size=(6, 4))
    y = rng.integers(0, 4, size=6)
    big = np.array([[1000.0, 0.0, -1000.0], [0.0, 1000.0, 999.0]])
    y_big = np.array([1, 1])
    uniform = np.zeros((2, 5))
    y_uni = np.array([0, 3])
    cases = [
        ("a batch of 6, 4 classes", Z, y, 2.0),
        ("uniform logits give log C", uniform, y_uni, 1.0),
        ("stable at logits of 1000", big, y_big, 2.0),
    ]
    return [
        Case(
            name,
            f"softmax_cross_entropy(z = {_show(z)}, y = {_show(lab)})",
            _loss_judge(losses.softmax_cross_entropy(z, lab), "softmax_cross_entropy", hints),
            args=(z, lab),
            points=pts,
        )
        for name, z, lab, pts in cases
    ]


cross_entropy = register(
    Exercise(
        "02.cross_entropy",
        "Softmax cross-entropy and its gradient",
        ("softmax_cross_entropy",),
        _xent_cases,
    )
)
