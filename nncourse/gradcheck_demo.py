"""The demos of unit 04 (gradient checking), run on the student's own functions.

Nothing here answers an exercise: the error-against-step sweep calls the student's
``numerical_gradient``, the directional check compares with the student's ``relative_error``,
and the networks of the suspects demo come as data from the visible cases of exercise 4.4
(``04.find_buggy``), which ``nncourse release`` computed with the answer key: each is a batch,
a loss function (forward pass only) and gradient tensors at one point, right or with a bug.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from nncourse.check.unit04.common import GRADCHECK_TOL
from nncourse.inside.probes.unit04 import network_loss

Params = list[tuple[np.ndarray, np.ndarray]]

__all__ = [
    "GRADCHECK_TOL",
    "ErrorCurve",
    "Suspect",
    "directional_check",
    "error_curve",
    "loglog_slope",
    "network_loss_fn",
    "suspects",
]


@dataclass(frozen=True)
class ErrorCurve:
    """Finite-difference error against the step, for a log-log plot.

    Attributes
    ----------
    hs : ndarray, shape (m,)
        Steps.
    one_sided, two_sided : ndarray, shape (m,)
        ``|difference quotient - f'(x)|`` (0 where the quotient is exact).
    dtype : str
        ``"float64"`` or ``"float32"``: the precision ``f`` was evaluated in.
    eps : float
        Machine epsilon of ``dtype``.
    """

    hs: np.ndarray
    one_sided: np.ndarray
    two_sided: np.ndarray
    dtype: str
    eps: float

    def best(self, kind: str, window: int = 5) -> tuple[float, float]:
        """``(h, error)`` at the bottom of the V for ``kind``.

        The error is the geometric mean over ``window`` neighbouring steps (zeros count as
        ``eps**2``), so one lucky cancellation of round-off errors does not set the floor.
        """
        errs = self.one_sided if kind == "one-sided" else self.two_sided
        logs = np.log(np.maximum(errs, self.eps**2))
        width = min(window, logs.size)
        smooth = np.convolve(logs, np.ones(width) / width, mode="valid")
        i = int(np.argmin(smooth))
        return float(self.hs[i + width // 2]), float(np.exp(smooth[i]))


def error_curve(
    numerical_gradient: Callable,
    f: Callable[[np.ndarray], np.ndarray],
    df: Callable[[float], float],
    x: float,
    hs: Sequence[float],
    dtype: type = np.float64,
) -> ErrorCurve:
    """The error of *your* ``numerical_gradient`` at every step in ``hs``, both kinds.

    Parameters
    ----------
    numerical_gradient : callable
        ``numerical_gradient(f, x, h, kind)`` (exercise 4.1).
    f : callable
        Scalar function that keeps its input's precision (e.g. ``np.sin``).
    df : callable
        Exact derivative, evaluated in float64.
    x : float
        Point (rounded to ``dtype``).
    hs : sequence of float
        Steps, e.g. ``np.logspace(-16, 0, 65)``.
    dtype : np.float64 or np.float32
        Precision every evaluation of ``f`` is rounded to, point included.

    Returns
    -------
    ErrorCurve
    """
    hs = np.asarray(hs, dtype=np.float64)
    x0 = float(dtype(x))
    exact = float(df(x0))

    def f_in_dtype(v: np.ndarray) -> float:
        return float(dtype(f(np.asarray(v, dtype=np.float64).astype(dtype)[0])))

    one, two = np.empty(hs.size), np.empty(hs.size)
    for i, h in enumerate(hs):
        for errs, kind in ((one, "one-sided"), (two, "two-sided")):
            got = numerical_gradient(f_in_dtype, np.array([x0]), float(h), kind)
            errs[i] = abs(float(np.asarray(got, dtype=np.float64).reshape(-1)[0]) - exact)
    return ErrorCurve(hs, one, two, np.dtype(dtype).name, float(np.finfo(dtype).eps))


def loglog_slope(hs: np.ndarray, errors: np.ndarray) -> float:
    """Least-squares slope of log(error) against log(h): 1 for O(h), 2 for O(h^2), -1 for eps/h.

    Zero errors are left out.
    """
    hs, errors = np.asarray(hs, dtype=np.float64), np.asarray(errors, dtype=np.float64)
    keep = errors > 0
    return float(np.polyfit(np.log(hs[keep]), np.log(errors[keep]), 1)[0])


@dataclass(frozen=True)
class Suspect:
    """A small network and a gradient function for it, right or with a bug.

    Attributes
    ----------
    label : str
        ``"A"``, ``"B"``, ...
    network : str
        The network in words, e.g. ``"a 3-4-4-2 tanh net, softmax output, squared loss"``.
    loss_fn : callable
        ``loss_fn(params) -> float``, the batch-mean loss anywhere.
    grad_fn : callable
        ``grad_fn(params)``: the gradient tensors at ``params`` (and only there).
    params : list of (W, b)
    wrong : list of str
        The tensors ``grad_fn`` gets wrong (the answer: look only once you have yours).
    bug : str
        The bug in words.
    """

    label: str
    network: str
    loss_fn: Callable[[Params], float]
    grad_fn: Callable[[Params], Params]
    params: Params
    wrong: list[str]
    bug: str


def _at_point(base: Params, grads: Params) -> Callable[[Params], Params]:
    def grad_fn(params: Params) -> Params:
        same = len(params) == len(base) and all(
            np.array_equal(np.asarray(p), q)
            for pair, ref in zip(params, base)
            for p, q in zip(pair, ref)
        )
        if not same:
            raise ValueError("this grad_fn only answers at the suspect's own params")
        return [(dW.copy(), db.copy()) for dW, db in grads]

    return grad_fn


def network_loss_fn(X: np.ndarray, y: np.ndarray, net: dict) -> Callable[[Params], float]:
    """``loss_fn(params) -> float``: the batch-mean loss of an MLP on ``(X, y)`` (forward only).

    ``net`` names the hidden ``"activation"``, the ``"output"`` ("linear" or "softmax") and the
    ``"loss"`` ("squared" or "cross_entropy", integer labels ``y``).
    """
    X, y = np.array(X, dtype=np.float64), np.array(y)

    def loss_fn(params: Params) -> float:
        return network_loss([tuple(pair) for pair in params], X, y, net)

    return loss_fn


def suspects() -> list[Suspect]:
    """The suspects of the notebook: the networks of exercise 4.4's visible checks."""
    from nncourse.check import EXERCISES

    out = []
    cases = [c for c in EXERCISES["04.find_buggy"].cases() if c.name.startswith("suspect")]
    for k, case in enumerate(cases):
        net, X, y, params, grads = case.args
        params = [(np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)) for W, b in params]
        grads = [
            (np.array(dW, dtype=np.float64), np.array(db, dtype=np.float64)) for dW, db in grads
        ]
        out.append(
            Suspect(
                label="ABCDEFGHIJ"[k],
                network=case.call.split(" for ", 1)[-1],
                loss_fn=network_loss_fn(np.asarray(X, dtype=np.float64), np.asarray(y), dict(net)),
                grad_fn=_at_point(params, grads),
                params=params,
                wrong=list(case.judge.params["expected"]),
                bug=str(case.judge.params["what"]),
            )
        )
    return out


def directional_check(
    relative_error: Callable,
    loss_fn: Callable[[Params], float],
    params: Params,
    grads: Params,
    rng: np.random.Generator,
    n_dirs: int = 2,
    h: float = 1e-5,
) -> dict[str, float]:
    """Cheap gradient check along random directions, one tensor at a time.

    For each tensor T and each of ``n_dirs`` random unit vectors ``v`` shaped like T, the
    analytic directional derivative ``<dT, v>`` is set against the two-sided difference
    ``(L(T + s v) - L(T - s v)) / (2s)`` at ``s = h`` and ``s = h / 10`` (the estimate closer to
    ``<dT, v>`` counts: a ReLU kink rarely spoils both). The per-tensor number is *your*
    ``relative_error`` of the two vectors of ``n_dirs`` directional derivatives.

    Returns
    -------
    dict
        ``{"W1": err, "b1": err, ...}``; ``inf`` for a gradient of the wrong shape.
    """
    base = [[np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)] for W, b in params]
    found: dict[str, float] = {}
    for layer, pair in enumerate(base):
        for slot, kind in enumerate("Wb"):
            name, tensor = f"{kind}{layer + 1}", pair[slot]
            g = np.asarray(grads[layer][slot], dtype=np.float64)
            if g.shape != tensor.shape:
                found[name] = float("inf")
                continue
            analytic, numeric = np.empty(n_dirs), np.empty(n_dirs)
            for k in range(n_dirs):
                v = rng.standard_normal(tensor.shape)
                v /= np.linalg.norm(v)
                analytic[k] = float(np.sum(g * v))
                estimates = []
                for step in (h, h / 10.0):
                    values = []
                    for sign in (1.0, -1.0):
                        trial = [tuple(p) for p in base]
                        moved = list(trial[layer])
                        moved[slot] = tensor + sign * step * v
                        trial[layer] = tuple(moved)
                        values.append(float(loss_fn(trial)))
                    estimates.append((values[0] - values[1]) / (2.0 * step))
                numeric[k] = min(estimates, key=lambda d, a=analytic[k]: abs(d - a))
            found[name] = float(relative_error(analytic, numeric))
    return found
