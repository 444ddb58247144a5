"""02.mlp_forward: the forward pass of an MLP, layer by layer (H @ W.T + b)."""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import expect_array

HINT = (
    "each layer computes H @ W.T + b with W of shape (n_out, n_in); "
    "apply the activation on hidden layers only, not on the output"
)


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key import mlp

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
                judge(expect_array, expected=expected, name="mlp_forward(...)", hint=HINT),
                args=(X, [tuple(p) for p in params], activation),
            )
        )
    return cases


mlp_forward = register(Exercise("02.mlp_forward", "MLP forward pass", ("mlp_forward",), _cases))
