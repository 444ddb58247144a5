"""02.mlp_forward: the forward pass of an MLP, layer by layer (H @ W.T + b).

Calls go through the ``mlp_call`` probe, which puts numpy's raw shape errors ("matmul: Input
operand 1 has a mismatch ...") in the course's words: weights are stored (n_out, n_in).
"""

from __future__ import annotations

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import expect_array, mistake
from nncourse.check.unit02.common import unchanged_case

HINT = (
    "each layer computes H @ W.T + b with W of shape (n_out, n_in); "
    "apply the activation on hidden layers only, not on the output"
)
TRANSPOSE = (
    "weights are stored (n_out, n_in) here, so a layer is H @ W.T + b; H @ W only runs when W "
    "is square, and then gives the wrong values"
)
LAST = "the output layer is linear: apply the activation on hidden layers only, not on the output"


def _mistakes(X, params, activation) -> tuple:
    from nncourse.key.mlp import forward_with_mistake as _forward

    last = _forward(X, params, activation, act_last=True)
    found = [mistake("the activation applied on the output layer too", last, LAST)]
    if all(W.shape[0] == W.shape[1] for W, _b in params):
        found.append(
            mistake(
                "H @ W instead of H @ W.T",
                _forward(X, params, activation, transpose=False),
                TRANSPOSE,
            )
        )
    return tuple(found)


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.key import mlp

    def net(sizes):
        return [(rng.normal(size=(o, i)), rng.normal(size=o)) for i, o in zip(sizes, sizes[1:])]

    configs = [
        ("two layers with ReLU", (4, [3, 5, 2]), "relu", 3.0),
        ("three layers with tanh", (6, [2, 4, 4, 3]), "tanh", 2.0),
        ("one linear layer", (5, [3, 2]), "relu", 1.0),
        ("square weights with sigmoid", (3, [3, 3, 3]), "sigmoid", 1.0),
        ("a batch of one example", (1, [4, 3, 2]), "relu", 1.0),
    ]
    cases = []
    for name, (n, sizes), activation, points in configs:
        X = rng.normal(size=(n, sizes[0]))
        params = [tuple(p) for p in net(sizes)]
        call = (
            f"mlp_forward(X of shape {X.shape}, params for sizes {sizes}, "
            f"activation={activation!r})"
        )
        expected = mlp.mlp_forward(X, params, activation)
        cases.append(
            Case(
                name,
                call,
                judge(
                    expect_array,
                    expected=expected,
                    name="mlp_forward(...)",
                    hint=HINT,
                    mistakes=_mistakes(X, params, activation),
                ),
                args=(X, params, activation),
                probe="mlp_call",
                points=points,
            )
        )
        if name == configs[0][0]:
            first = (X, params, activation, expected)
    X, params, activation, expected = first
    cases.append(
        unchanged_case(
            "mlp_forward",
            0,
            ("X", "params", "activation"),
            (X, params, activation),
            expected,
            needs=(configs[0][0],),
        )
    )
    return cases


mlp_forward = register(Exercise("02.mlp_forward", "MLP forward pass", ("mlp_forward",), _cases))
