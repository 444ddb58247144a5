"""Gradient functions with the classic backprop bugs, to practise gradient checking on.

``buggy_loss_and_grads`` is backprop through :func:`nncourse.key.backprop.forward`'s cache with any
set of deliberate mistakes switched on; with no bugs it equals
:func:`nncourse.key.backprop.loss_and_grads`. Each bug is a ``Bug(kind, layer)``; layers count from
1 and tensors are named ``"W1"``, ``"b1"``, ... as in :mod:`nncourse.gradcheck`.

=====================  ==============================================  ======================
kind                   what the code does wrong                        wrong tensors
=====================  ==============================================  ======================
"transposed_weight"    dW_l = H^T dZ (n_in, n_out) instead of dZ^T H   W_l (a shape error
                                                                       unless W_l is square)
"no_activation_grad"   dZ_l = dH_l, the factor g'(Z_l) forgotten        W_1..W_l, b_1..b_l
                       (hidden layers only)
"loss_times_2"         dL/d(output) twice too big (the 1/2 of the       every tensor
                       squared loss forgotten)
"bias_not_averaged"    db_l summed over the batch without the 1/N       b_l (if N > 1)
"bias_wrong_axis"      db_l summed over the units: shape (N,)           b_l
"softmax_no_outer"     softmax backward keeps diag(p), drops -p p^T     every tensor
                       (softmax outputs only)
=====================  ==============================================  ======================
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from nncourse.key import backprop
from nncourse.key.activations import softmax_vjp
from nncourse.key.gradcheck import directional_check, failing, tensor_names, time_directional_check
from nncourse.key.losses import onehot, softmax_cross_entropy, squared_loss
from nncourse.key.mlp import init_params

BUG_KINDS = {
    "transposed_weight": "weight gradient transposed (H^T dZ instead of dZ^T H)",
    "no_activation_grad": "activation derivative g'(Z) missing in the hidden error",
    "loss_times_2": "loss gradient twice too big",
    "bias_not_averaged": "bias gradient summed over the batch, not divided by N",
    "bias_wrong_axis": "bias gradient summed over the wrong axis",
    "softmax_no_outer": "softmax backward without the -p p^T term",
}
"""Every bug kind with a one-line description."""

LAYER_BUGS = ("transposed_weight", "no_activation_grad", "bias_not_averaged", "bias_wrong_axis")
"""Kinds that sit in one layer (``Bug.layer`` >= 1); the others affect the whole network."""

Params = list[tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class Bug:
    """One deliberate mistake: ``kind`` from ``BUG_KINDS``, ``layer`` from 1 (0 = whole net)."""

    kind: str
    layer: int = 0

    def describe(self) -> str:
        where = f" in layer {self.layer}" if self.kind in LAYER_BUGS else ""
        return BUG_KINDS[self.kind] + where


def validate(bugs: Sequence[Bug], n_layers: int, output: str) -> None:
    """Raise ValueError for an unknown kind, a layer out of range or a bug that cannot apply."""
    for bug in bugs:
        if bug.kind not in BUG_KINDS:
            raise ValueError(f"unknown bug kind {bug.kind!r}; choose from {tuple(BUG_KINDS)}")
        last = n_layers - 1 if bug.kind == "no_activation_grad" else n_layers
        if bug.kind in LAYER_BUGS and not 1 <= bug.layer <= last:
            raise ValueError(f"{bug.kind} needs a layer in 1..{last}, got {bug.layer}")
        if bug.kind == "softmax_no_outer" and output != "softmax":
            raise ValueError("softmax_no_outer needs output='softmax'")


def affected_tensors(bugs: Sequence[Bug], n_layers: int) -> list[str]:
    """Names of the tensors whose gradient the bugs make wrong, in ``tensor_names`` order."""
    wrong: set[str] = set()
    for bug in bugs:
        if bug.kind in ("loss_times_2", "softmax_no_outer"):
            wrong.update(tensor_names(n_layers))
        elif bug.kind == "transposed_weight":
            wrong.add(f"W{bug.layer}")
        elif bug.kind == "no_activation_grad":
            wrong.update(tensor_names(bug.layer))
        else:
            wrong.add(f"b{bug.layer}")
    return [name for name in tensor_names(n_layers) if name in wrong]


def _at(bugs: Sequence[Bug], kind: str, layer: int = 0) -> bool:
    return any(b.kind == kind and b.layer == layer for b in bugs)


def _output_error(cache, out, y, bugs, loss) -> tuple[float, np.ndarray]:
    """Loss value and dL/dZ of the last layer, with the output-side bugs applied."""
    z_last = cache.pre_activations[-1]
    n = z_last.shape[0]
    if loss == "cross_entropy":
        value, dz = softmax_cross_entropy(z_last, y)
        if _at(bugs, "softmax_no_outer"):
            # dL/dp = -onehot / (N p); keeping only diag(p) of the Jacobian leaves -onehot / N
            dz = -onehot(y, z_last.shape[1]) / n
    else:
        value, dout = squared_loss(out, y)
        if cache.output != "softmax":
            dz = dout
        elif _at(bugs, "softmax_no_outer"):
            dz = out * dout
        else:
            dz = softmax_vjp(z_last, dout)
    return value, 2.0 * dz if _at(bugs, "loss_times_2") else dz


def _segment(cache: backprop.Cache, start: int, stop: int) -> backprop.Cache:
    """Layers ``start..stop - 1`` of a forward cache, as a network with a linear output."""
    return backprop.Cache(
        cache.inputs[start:stop],
        cache.pre_activations[start:stop],
        cache.weights[start:stop],
        cache.activation,
        "linear",
    )


def _error_signal(segment: backprop.Cache, dz_top: np.ndarray) -> np.ndarray:
    """dL/dZ of a segment's first layer, as :func:`nncourse.key.backprop.backward` computes it.

    With the identity as that layer's input, its weight gradient ``dZ^T H`` is ``dZ^T``.
    """
    n = segment.inputs[0].shape[0]
    tapped = backprop.Cache(
        [np.eye(n), *segment.inputs[1:]],
        segment.pre_activations,
        segment.weights,
        segment.activation,
        "linear",
    )
    return backprop.backward(tapped, dz_top)[0][0].T


def buggy_loss_and_grads(
    X: np.ndarray,
    y: np.ndarray,
    params: Params,
    bugs: Sequence[Bug] = (),
    activation: str = "relu",
    output: str = "linear",
    loss: str = "squared",
) -> tuple[float, Params]:
    """Loss and gradients by backprop with the given bugs switched on.

    The forward and backward passes are :mod:`nncourse.key.backprop`'s own (one backprop in the
    reference): the network is cut below each layer whose activation derivative is forgotten,
    each piece runs :func:`~nncourse.key.backprop.backward`, and the piece below receives the
    gradient for the cut's activations as if it were the gradient for the pre-activations.
    The other bugs edit a layer's result (transposed ``dW``, ``db`` times N, ``db`` summed over
    the units). With no bugs this is one call of ``backprop.backward``.

    Parameters
    ----------
    X : ndarray, shape (N, n_in)
    y : ndarray
        (N, K) floats for the squared loss, (N,) integer labels for cross-entropy.
    params : list of (W, b)
        ``W`` of shape (n_out, n_in), ``b`` of shape (n_out,).
    bugs : sequence of Bug
        Mistakes to make; empty gives the correct gradient.
    activation, output, loss : str
        As in :func:`nncourse.key.backprop.loss_and_grads`.

    Returns
    -------
    loss : float
        Always the correct loss (the bugs are in the backward pass only).
    grads : list of (dW, db)
        Correct shapes except where a bug changes them (see the module table).
    """
    validate(bugs, len(params), output)
    out, cache = backprop.forward(X, params, activation, output)
    value, dz = _output_error(cache, out, y, bugs, loss)
    n = dz.shape[0]
    grads: Params = [None] * len(params)  # type: ignore[list-item]
    top = len(params)
    cuts = sorted({b.layer for b in bugs if b.kind == "no_activation_grad"}, reverse=True)
    for start in [*cuts, 0]:
        segment = _segment(cache, start, top)
        if start > 0:
            found, dh = backprop.backward_to_input(segment, dz)
        else:
            found, dh = backprop.backward(segment, dz), None
        for i, (dW, db) in enumerate(found, start=start):
            layer = i + 1
            if _at(bugs, "transposed_weight", layer):
                dW = dW.T
            if _at(bugs, "bias_wrong_axis", layer):
                db = _error_signal(_segment(cache, i, top), dz).sum(axis=1)
            if _at(bugs, "bias_not_averaged", layer):
                db = db * n
            grads[i] = (dW, db)
        dz, top = dh, start  # the bug: dL/dZ of layer `start` taken to be dL/dH, g' forgotten
    return value, grads


def make_loss_fn(
    X: np.ndarray,
    y: np.ndarray,
    activation: str = "relu",
    output: str = "linear",
    loss: str = "squared",
) -> Callable[[Params], float]:
    """``loss_fn(params) -> float`` on a fixed batch (copies of ``X`` and ``y``); forward only."""
    X, y = np.array(X, dtype=np.float64), np.array(y)

    def loss_fn(params: Params) -> float:
        if loss == "cross_entropy":
            logits, _ = backprop.forward(X, params, activation, "linear")
            return softmax_cross_entropy(logits, y)[0]
        out, _ = backprop.forward(X, params, activation, output)
        return squared_loss(out, y)[0]

    return loss_fn


def make_grad_fn(
    X: np.ndarray,
    y: np.ndarray,
    bugs: Sequence[Bug] = (),
    activation: str = "relu",
    output: str = "linear",
    loss: str = "squared",
) -> Callable[[Params], Params]:
    """``grad_fn(params) -> [(dW, db), ...]`` on a fixed batch, with ``bugs`` switched on."""
    X, y, bugs = np.array(X, dtype=np.float64), np.array(y), tuple(bugs)

    def grad_fn(params: Params) -> Params:
        return buggy_loss_and_grads(X, y, params, bugs, activation, output, loss)[1]

    return grad_fn


SUSPECTS = (
    (),
    (Bug("transposed_weight", 2),),
    (Bug("no_activation_grad", 1),),
    (Bug("loss_times_2"),),
    (Bug("bias_not_averaged", 2),),
    (Bug("softmax_no_outer"),),
    (Bug("bias_wrong_axis", 1),),
    (),
)
"""A line-up of bug sets for a 3-layer net with a softmax output (instructor material; the
notebook's suspects are the visible cases of ``04.find_buggy``, see ``nncourse.gradcheck_demo``)."""


def _suspect_order(seed: int) -> list[int]:
    return [int(i) for i in np.random.default_rng(seed).permutation(len(SUSPECTS))]


def suspects(
    X: np.ndarray, y: np.ndarray, activation: str, output: str, loss: str, seed: int
) -> dict[str, Callable[[Params], Params]]:
    """Gradient functions ``"A"``, ``"B"``, ... made from ``SUSPECTS``, shuffled by ``seed``."""
    letters = "ABCDEFGHIJ"
    return {
        letters[k]: make_grad_fn(X, y, SUSPECTS[i], activation, output, loss)
        for k, i in enumerate(_suspect_order(seed))
    }


def suspect_answers(seed: int, n_layers: int = 3) -> dict[str, list[str]]:
    """Which tensors each suspect of ``suspects(..., seed)`` gets wrong (empty list: correct)."""
    letters = "ABCDEFGHIJ"
    return {
        letters[k]: affected_tensors(SUSPECTS[i], n_layers)
        for k, i in enumerate(_suspect_order(seed))
    }


AUDIT_BUGS = (
    (),
    (Bug("transposed_weight", 2),),
    (Bug("transposed_weight", 1),),
    (Bug("no_activation_grad", 2),),
    (Bug("loss_times_2"),),
    (Bug("bias_not_averaged", 1),),
    (Bug("bias_wrong_axis", 3),),
    (Bug("softmax_no_outer"),),
)
"""The bugs injected one at a time by ``audit``."""


@dataclass(frozen=True)
class AuditRow:
    """One injected bug set: what should be flagged, what the directional check flagged."""

    bugs: str
    expected: list[str]
    flagged: list[str]
    errors: dict[str, float]


def audit(
    sizes: Sequence[int] = (784, 256, 256, 10),
    batch: int = 64,
    seed: int = 0,
    n_dirs: int = 2,
    activation: str = "relu",
) -> tuple[list[AuditRow], dict[str, float]]:
    """Directional checks of a softmax/cross-entropy MLP with each of ``AUDIT_BUGS`` injected.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths; the default is the 784-256-256-10 digit classifier.
    batch : int
        Batch size N of the random inputs and labels.
    seed : int
        Seeds the weights, the data and the directions.
    n_dirs : int
        Random directions per tensor.
    activation : str
        Hidden activation.

    Returns
    -------
    rows : list of AuditRow
        One per entry of ``AUDIT_BUGS``.
    seconds : dict
        Best-of-3 seconds of the directional check per tensor, on the correct gradient.
    """
    rng = np.random.default_rng(seed)
    params = [(W, rng.normal(0.0, 0.1, size=b.shape)) for W, b in init_params(list(sizes), rng)]
    X = rng.normal(size=(batch, sizes[0]))
    y = rng.integers(0, sizes[-1], size=batch)
    loss_fn = make_loss_fn(X, y, activation, "softmax", "cross_entropy")
    rows = []
    for bugs in AUDIT_BUGS:
        grads = buggy_loss_and_grads(X, y, params, bugs, activation, "softmax", "cross_entropy")[1]
        errors = directional_check(loss_fn, params, grads, rng, n_dirs)
        rows.append(
            AuditRow(
                "; ".join(b.describe() for b in bugs) or "none (correct backprop)",
                affected_tensors(bugs, len(params)),
                failing(errors),
                errors,
            )
        )
    correct = buggy_loss_and_grads(X, y, params, (), activation, "softmax", "cross_entropy")[1]
    seconds = time_directional_check(loss_fn, params, correct, rng, n_dirs)
    return rows, seconds
