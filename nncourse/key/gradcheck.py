"""Gradient checking: finite differences, relative error, per-tensor and directional checks.

A hand-written gradient is checked against a finite difference of the function itself:

* one-sided (forward) difference ``(f(x + h e_i) - f(x)) / h``, truncation error O(h);
* two-sided (central) difference ``(f(x + h e_i) - f(x - h e_i)) / (2h)``, truncation error
  O(h^2);
* both suffer round-off of about ``eps |f| / h``, so h cannot be made arbitrarily small.

Two numbers (or two gradient tensors) are compared by the relative error
``|a - b| / max(|a| + |b|, REL_ERROR_FLOOR)``; for arrays the absolute values are Euclidean
norms over all entries. Every function here evaluates ``f`` on float64 copies and never
changes its inputs.

For big networks a full finite-difference gradient costs two loss evaluations per weight; the
directional check costs four per random direction (two steps): for a unit vector ``v`` in the
space of one tensor, ``<grad, v>`` must equal ``(L(p + h v) - L(p - h v)) / (2h)``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

H_TWO_SIDED = 1e-5
"""Default step of the two-sided difference: near eps**(1/3) (truncation h^2 = round-off eps/h)."""

H_ONE_SIDED = 1e-7
"""Default step of the one-sided difference: near eps**(1/2) (truncation h = round-off eps/h)."""

REL_ERROR_FLOOR = 1e-8
"""Smallest denominator of the relative error: below it the two values are compared absolutely,
so 0 vs 0 gives 0 and 1e-12 vs 0 gives 1e-4 instead of 1."""

GRADCHECK_TOL = 1e-6
"""A gradient passes a check when its relative error is below this (float64, two-sided)."""

KINDS = ("one-sided", "two-sided")

Params = list[tuple[np.ndarray, np.ndarray]]
LossFn = Callable[[Params], float]


def default_step(kind: str) -> float:
    """``H_ONE_SIDED`` or ``H_TWO_SIDED`` for ``kind``; raises ValueError for another kind."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    return H_ONE_SIDED if kind == "one-sided" else H_TWO_SIDED


def numerical_gradient(
    f: Callable[[np.ndarray], float], x: np.ndarray, h: float | None = None, kind: str = "two-sided"
) -> np.ndarray:
    """Finite-difference gradient of a scalar function, one coordinate at a time.

    Parameters
    ----------
    f : callable
        ``f(x) -> float`` for an array ``x`` of the shape given.
    x : ndarray, any shape
        The point; not modified (``f`` sees a float64 working copy).
    h : float, optional
        Step; ``default_step(kind)`` when None.
    kind : {"two-sided", "one-sided"}
        Central ``(f(x+h) - f(x-h)) / 2h`` or forward ``(f(x+h) - f(x)) / h`` difference.

    Returns
    -------
    ndarray, same shape as ``x``, float64
        ``2 n`` evaluations of ``f`` (two-sided) or ``n + 1`` (one-sided), ``n = x.size``.
    """
    default = default_step(kind)  # also rejects an unknown kind
    step = default if h is None else float(h)
    work = np.array(x, dtype=np.float64, copy=True)
    flat = work.reshape(-1)  # a view: writing flat[i] moves the point f sees
    grad = np.empty(flat.size)
    f0 = float(f(work)) if kind == "one-sided" else 0.0
    for i in range(flat.size):
        keep = flat[i]
        flat[i] = keep + step
        f_plus = float(f(work))
        if kind == "one-sided":
            grad[i] = (f_plus - f0) / step
        else:
            flat[i] = keep - step
            grad[i] = (f_plus - float(f(work))) / (2.0 * step)
        flat[i] = keep
    return grad.reshape(np.shape(x))


def relative_error(a, b, floor: float = REL_ERROR_FLOOR) -> float:
    """Relative error ``|a - b| / max(|a| + |b|, floor)``, in [0, 1] and symmetric.

    Parameters
    ----------
    a, b : float or ndarray
        Numbers, or arrays of the same shape; for arrays ``|.|`` is the Euclidean norm over all
        entries, so one number summarises the whole tensor.
    floor : float
        Smallest denominator (``REL_ERROR_FLOOR``): ``relative_error(0, 0) = 0`` and two values
        both far below ``floor`` count as close.

    Returns
    -------
    float
        0 for equal inputs, 1 for opposite or one-zero-one-not inputs above the floor.

    Raises
    ------
    ValueError
        If ``a`` and ``b`` have different shapes.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"cannot compare shapes {a.shape} and {b.shape}")
    diff = float(np.linalg.norm((a - b).ravel()))
    scale = float(np.linalg.norm(a.ravel()) + np.linalg.norm(b.ravel()))
    return diff / max(scale, floor)


def elementwise_relative_error(a, b, floor: float = REL_ERROR_FLOOR) -> np.ndarray:
    """``|a_i - b_i| / max(|a_i| + |b_i|, floor)`` for every entry; shape of ``a`` and ``b``."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), floor)


@dataclass(frozen=True)
class GradCheck:
    """Outcome of comparing an analytic gradient with a finite difference.

    Attributes
    ----------
    analytic, numerical : ndarray, shape of x
    error : float
        ``relative_error(analytic, numerical)`` (norms).
    worst_index : tuple of int
        Entry with the largest element-wise relative error.
    worst_error : float
        That element-wise relative error.
    passed : bool
        ``error < tol``.
    """

    analytic: np.ndarray
    numerical: np.ndarray
    error: float
    worst_index: tuple[int, ...]
    worst_error: float
    passed: bool


def check_gradient(
    f: Callable[[np.ndarray], float],
    grad_f: Callable[[np.ndarray], np.ndarray],
    x: np.ndarray,
    h: float | None = None,
    kind: str = "two-sided",
    tol: float = GRADCHECK_TOL,
) -> GradCheck:
    """Compare ``grad_f(x)`` with ``numerical_gradient(f, x, h, kind)``.

    Parameters
    ----------
    f : callable, ``f(x) -> float``
    grad_f : callable, ``grad_f(x) -> ndarray`` of the shape of ``x``
    x : ndarray, any shape (not modified)
    h, kind : see ``numerical_gradient``
    tol : float
        Pass threshold on the relative error.

    Returns
    -------
    GradCheck
        If ``grad_f`` returns the wrong shape the error is ``inf`` and the check fails.
    """
    x64 = np.array(x, dtype=np.float64)
    numerical = numerical_gradient(f, x64, h, kind)
    analytic = np.array(grad_f(x64.copy()), dtype=np.float64)
    if analytic.shape != numerical.shape or analytic.size == 0:
        return GradCheck(analytic, numerical, float("inf"), (), float("inf"), False)
    per_entry = elementwise_relative_error(analytic, numerical)
    worst = np.unravel_index(int(np.argmax(per_entry)), per_entry.shape)
    error = relative_error(analytic, numerical)
    worst_index = tuple(int(i) for i in worst)
    return GradCheck(analytic, numerical, error, worst_index, float(per_entry[worst]), error < tol)


def tensor_names(n_layers: int) -> list[str]:
    """``["W1", "b1", "W2", "b2", ...]``: the names reports use for a network's tensors."""
    return [f"{kind}{layer}" for layer in range(1, n_layers + 1) for kind in ("W", "b")]


def _slots(n_layers: int) -> dict[str, tuple[int, int]]:
    """``{"W1": (0, 0), "b1": (0, 1), ...}``: tensor name -> (layer index, 0 for W / 1 for b)."""
    return {name: divmod(i, 2) for i, name in enumerate(tensor_names(n_layers))}


def _float64_params(params: Params) -> list[list[np.ndarray]]:
    return [[np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)] for W, b in params]


def _replace(base: list[list[np.ndarray]], layer: int, slot: int, value: np.ndarray) -> Params:
    """A params list equal to ``base`` except tensor (layer, slot), which becomes ``value``."""
    out = [(W, b) for W, b in base]
    W, b = out[layer]
    out[layer] = (value, b) if slot == 0 else (W, value)
    return out


def per_tensor_check(
    loss_fn: LossFn, params: Params, grads: Params, h: float | None = None
) -> dict[str, float]:
    """Relative error of every gradient tensor against a full two-sided finite difference.

    Parameters
    ----------
    loss_fn : callable
        ``loss_fn(params) -> float`` with ``params`` a list of ``(W, b)``.
    params : list of (W, b)
        Point of the check (not modified).
    grads : list of (dW, db)
        The gradient to check, same structure and shapes.
    h : float, optional
        Step, ``H_TWO_SIDED`` by default.

    Returns
    -------
    dict
        ``{"W1": err, "b1": err, ...}``; ``inf`` where a gradient has the wrong shape.
        Costs two loss evaluations per parameter: for small networks only.
    """
    base = _float64_params(params)
    errors: dict[str, float] = {}
    for name, (layer, slot) in _slots(len(base)).items():
        g = np.asarray(grads[layer][slot], dtype=np.float64)
        if g.shape != base[layer][slot].shape:
            errors[name] = float("inf")
            continue

        def f(value, layer=layer, slot=slot):
            return loss_fn(_replace(base, layer, slot, value))

        errors[name] = relative_error(g, numerical_gradient(f, base[layer][slot], h))
    return errors


def directional_check(
    loss_fn: LossFn,
    params: Params,
    grads: Params,
    rng: np.random.Generator,
    n_dirs: int = 2,
    h: float = H_TWO_SIDED,
) -> dict[str, float]:
    """Cheap gradient check for big networks: random directions, one tensor at a time.

    For each tensor T and each of ``n_dirs`` random unit vectors ``v`` shaped like T, the
    analytic directional derivative ``<dT, v>`` is compared with the two-sided difference
    ``(L(T + s v) - L(T - s v)) / (2s)``, all other tensors fixed, at the two steps ``s = h``
    and ``s = h / 10``; the estimate closer to ``<dT, v>`` counts. A ReLU kink within reach of
    one step (which makes that estimate wrong) is rarely within reach of the other, while a
    wrong gradient disagrees with both. The per-tensor error is ``relative_error`` of the two
    vectors of ``n_dirs`` numbers (a norm, so one direction that happens to be nearly
    orthogonal to the gradient cannot cause a false alarm).

    Parameters
    ----------
    loss_fn : callable
        ``loss_fn(params) -> float``; called with float64 copies, never the caller's arrays.
    params : list of (W, b)
        ``W`` of shape (n_out, n_in), ``b`` of shape (n_out,); not modified.
    grads : list of (dW, db)
        The gradient to check, same structure.
    rng : np.random.Generator
        Source of the directions.
    n_dirs : int
        Directions per tensor; cost is ``4 * n_dirs`` loss evaluations per tensor.
    h : float
        Larger of the two steps along the unit direction.

    Returns
    -------
    dict
        ``{"W1": err, "b1": err, ..., "bL": err}`` in layer order; ``inf`` for a gradient of
        the wrong shape. Compare with ``GRADCHECK_TOL``, or use ``failing``.
    """
    base = _float64_params(params)
    return {
        name: _directional_one(loss_fn, base, grads, layer, slot, rng, n_dirs, h)
        for name, (layer, slot) in _slots(len(base)).items()
    }


def _directional_one(
    loss_fn: LossFn,
    base: list[list[np.ndarray]],
    grads: Params,
    layer: int,
    slot: int,
    rng: np.random.Generator,
    n_dirs: int,
    h: float,
) -> float:
    """``directional_check``'s error for the one tensor (layer, slot)."""
    tensor = base[layer][slot]
    g = np.asarray(grads[layer][slot], dtype=np.float64)
    if g.shape != tensor.shape:
        return float("inf")
    analytic, numeric = np.empty(n_dirs), np.empty(n_dirs)
    for k in range(n_dirs):
        v = rng.standard_normal(tensor.shape)
        v /= np.linalg.norm(v)
        analytic[k] = float(np.sum(g * v))
        estimates = []
        for step in (h, h / 10.0):
            plus = loss_fn(_replace(base, layer, slot, tensor + step * v))
            minus = loss_fn(_replace(base, layer, slot, tensor - step * v))
            estimates.append((float(plus) - float(minus)) / (2.0 * step))
        numeric[k] = min(estimates, key=lambda d: abs(d - analytic[k]))
    return relative_error(analytic, numeric)


def failing(errors: dict[str, float], tol: float = GRADCHECK_TOL) -> list[str]:
    """Names of the tensors whose error is not below ``tol`` (NaN and inf fail), in order."""
    return [name for name, err in errors.items() if not err < tol]


def time_directional_check(
    loss_fn: LossFn,
    params: Params,
    grads: Params,
    rng: np.random.Generator,
    n_dirs: int = 2,
    repeats: int = 3,
) -> dict[str, float]:
    """Seconds ``directional_check`` spends on each tensor: ``{"W1": s, "b1": s, ...}``.

    Parameters are those of ``directional_check``; each time is the best of ``repeats`` runs
    (the run least disturbed by other processes).
    """
    base = _float64_params(params)
    slots = _slots(len(base))
    best = dict.fromkeys(slots, float("inf"))
    for _ in range(repeats):
        for name, (layer, slot) in slots.items():
            start = time.perf_counter()
            _directional_one(loss_fn, base, grads, layer, slot, rng, n_dirs, H_TWO_SIDED)
            best[name] = min(best[name], time.perf_counter() - start)
    return best
