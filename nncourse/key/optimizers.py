"""Answer key of unit 07: the optimizers, one update rule each, all with one interface.

Every rule is ``step(w, grad, state, **hyper) -> (w_new, state_new)``:

* ``w`` and ``grad`` are dicts of arrays with the same keys and shapes (one entry per weight
  tensor, e.g. ``{"W1": (H, D), "b1": (H,), ...}``); ``grad[k]`` is dE/dw[k] at ``w``;
* ``state`` is ``None`` on the first call; afterwards it is whatever the rule returned last time
  (the caller hands it back without looking inside);
* the rule is pure: the caller's ``w``, ``grad`` and ``state`` are never changed, so calling it
  twice with the same arguments gives the same answer.

The caller evaluates the next gradient at the ``w_new`` it gets back. Nesterov uses that: the
weights it returns are the look-ahead point (see :func:`nesterov_step`).

Student edition: this module is left out of the student wheel (it answers exercises).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

Tensors = dict[str, np.ndarray]
"""Weights or gradients: name -> array."""


def _f64(tensors: Mapping[str, np.ndarray]) -> Tensors:
    return {k: np.asarray(v, dtype=np.float64) for k, v in tensors.items()}


def sgd_step(w: Tensors, grad: Tensors, state=None, *, lr: float = 0.1):
    """Plain gradient descent: ``w <- w - lr * grad``.

    Parameters
    ----------
    w, grad : dict of str -> ndarray
        Weights and the gradient at ``w``; same keys and shapes.
    state : anything
        Unused; returned as given.
    lr : float
        Learning rate.

    Returns
    -------
    (dict of str -> ndarray, state)
        New weights (fresh arrays) and the unchanged state.
    """
    g = _f64(grad)
    return {k: np.asarray(v, dtype=np.float64) - lr * g[k] for k, v in w.items()}, state


def sgd_epoch(
    w: Tensors,
    grad_fn: Callable[[Tensors, np.ndarray, np.ndarray], Tensors],
    X: np.ndarray,
    Y: np.ndarray,
    order: np.ndarray,
    *,
    lr: float,
    batch_size: int,
) -> Tensors:
    """One epoch of mini-batch SGD over the rows of ``X`` in the given order.

    The rows ``order[0:B]``, ``order[B:2B]``, ... form the batches (the last one may be
    smaller); each batch's mean gradient ``grad_fn(w, X[idx], Y[idx])`` is an unbiased estimate
    of the full gradient, and one SGD step is taken per batch. ``batch_size=1`` is
    single-sample SGD, ``batch_size=N`` full-batch gradient descent.

    Parameters
    ----------
    w : dict of str -> ndarray
        Initial weights (not changed).
    grad_fn : callable
        ``grad_fn(w, Xb, Yb) -> dict`` mean gradient of the loss over the batch.
    X : ndarray, shape (N, D)
    Y : ndarray, shape (N, ...) targets, one row per example.
    order : int ndarray, shape (N,)
        A permutation of ``range(N)``: the order the rows are visited in.
    lr : float
    batch_size : int

    Returns
    -------
    dict of str -> ndarray
        The weights after ``ceil(N / batch_size)`` steps.
    """
    X, Y, order = np.asarray(X), np.asarray(Y), np.asarray(order)
    for start in range(0, len(order), batch_size):
        idx = order[start : start + batch_size]
        w, _ = sgd_step(w, grad_fn(w, X[idx], Y[idx]), None, lr=lr)
    return _f64(w)


def momentum_step(w: Tensors, grad: Tensors, state=None, *, lr: float = 0.01, beta: float = 0.9):
    """Momentum (heavy ball): ``v <- beta v - lr grad``; ``w <- w + v``.

    ``v`` (the running step) starts at zero. Directions where the gradient keeps its sign
    build up speed; directions where it flips cancel out.

    Parameters
    ----------
    w, grad : dict of str -> ndarray
    state : None or {"v": dict of str -> ndarray}
    lr, beta : float

    Returns
    -------
    (dict, {"v": dict})
    """
    w, g = _f64(w), _f64(grad)
    v_old = state["v"] if state else {k: np.zeros_like(x) for k, x in w.items()}
    v = {k: beta * v_old[k] - lr * g[k] for k in w}
    return {k: w[k] + v[k] for k in w}, {"v": v}


def nesterov_step(w: Tensors, grad: Tensors, state=None, *, lr: float = 0.01, beta: float = 0.9):
    """Nesterov's accelerated gradient, with the gradient taken at the look-ahead point.

    The lecture's rule on the true weights W is ``v <- beta v - lr dE(W + beta v)``,
    ``W <- W + v``. The caller evaluates the gradient where our returned weights are, so we
    hand back the look-ahead point ``w = W + beta v`` and the caller's gradient is exactly the
    one Nesterov asks for. With ``W = w - beta v_old``::

        v_new = beta v_old - lr grad(w)
        w_new = W + v_new + beta v_new = w - beta v_old + (1 + beta) v_new

    ``v`` starts at zero, so the first call starts from ``W = w``. The true weights at any
    time are ``w - beta v``.

    Parameters
    ----------
    w, grad : dict of str -> ndarray
        Look-ahead weights and the gradient there.
    state : None or {"v": dict of str -> ndarray}
    lr, beta : float

    Returns
    -------
    (dict, {"v": dict})
        The next look-ahead weights and the new velocity.
    """
    w, g = _f64(w), _f64(grad)
    v_old = state["v"] if state else {k: np.zeros_like(x) for k, x in w.items()}
    v = {k: beta * v_old[k] - lr * g[k] for k in w}
    return {k: w[k] - beta * v_old[k] + (1.0 + beta) * v[k] for k in w}, {"v": v}


def rprop_step(
    w: Tensors,
    grad: Tensors,
    state=None,
    *,
    step0: float = 0.1,
    up: float = 1.2,
    down: float = 0.5,
    step_min: float = 1e-6,
    step_max: float = 50.0,
):
    """Rprop, the lecture's simplified version (step back on a sign flip), per weight.

    Every weight has its own step size ``s > 0`` and a reference gradient ``p``:

    * first call: ``s = step0``, ``p = grad``, move ``w <- w - sign(p) s``;
    * sign of ``grad`` equals the sign of ``p``: grow ``s <- min(up s, step_max)``, set
      ``p = grad`` and move ``w <- w - sign(p) s``;
    * sign flipped (we overshot): go back, ``w <- w + sign(p) s``, shrink
      ``s <- max(down s, step_min)``, keep ``p`` and take the smaller step in the old
      direction, ``w <- w - sign(p) s``. The gradient at the point we went back to is never
      computed: both moves happen in this one call, so the net move is
      ``+ sign(p) (s_old - s_new)`` (half way back for ``down = 0.5``).

    This is neither Rprop+ nor iRprop- (those differ from the first flip on). A gradient of
    exactly 0 has sign 0 and counts as a flip.

    Parameters
    ----------
    w, grad : dict of str -> ndarray
    state : None or {"step": dict, "ref_grad": dict}
    step0, up, down, step_min, step_max : float

    Returns
    -------
    (dict, {"step": dict, "ref_grad": dict})
    """
    w, g = _f64(w), _f64(grad)
    if not state:
        step = {k: np.full_like(x, step0) for k, x in w.items()}
        return {k: w[k] - np.sign(g[k]) * step[k] for k in w}, {"step": step, "ref_grad": g}
    new_w, new_step, new_ref = {}, {}, {}
    for k in w:
        s, p = state["step"][k], state["ref_grad"][k]
        same = np.sign(g[k]) == np.sign(p)
        s_new = np.where(same, np.minimum(up * s, step_max), np.maximum(down * s, step_min))
        p_new = np.where(same, g[k], p)
        d = np.sign(p_new)
        back = np.where(same, 0.0, d * s)
        new_w[k] = w[k] + back - d * s_new
        new_step[k], new_ref[k] = s_new, p_new
    return new_w, {"step": new_step, "ref_grad": new_ref}


def quickprop_step(w: Tensors, grad: Tensors, state=None, *, lr: float = 0.1, growth: float = 1.75):
    """QuickProp: a per-weight secant (Newton) step through the last two gradients.

    Fit a parabola to E along each weight through the gradients ``g_prev`` (at the previous
    weight) and ``g`` (now); its minimum is the move

        dw = -g * dw_prev / (g - g_prev)

    (``dw_prev`` is the previous move, ``w_now - w_prev``). On a quadratic this lands on the
    minimum in one step. Safeguards, per weight:

    * growth limit: ``|dw| <= growth * |dw_prev|`` (Fahlman's mu);
    * fallback to a gradient step ``dw = -lr g`` on the first call, where ``g == g_prev`` (no
      curvature information) and where ``dw_prev == 0``.

    (One lecture slide writes the move with the opposite sign; taken literally it walks away
    from the minimum of a quadratic.)

    Parameters
    ----------
    w, grad : dict of str -> ndarray
    state : None or {"dw": dict, "grad": dict}
        Previous move and previous gradient.
    lr, growth : float

    Returns
    -------
    (dict, {"dw": dict, "grad": dict})
    """
    w, g = _f64(w), _f64(grad)
    if not state:
        dw = {k: -lr * g[k] for k in w}
    else:
        dw = {}
        for k in w:
            dw_prev, g_prev = state["dw"][k], state["grad"][k]
            denom = g[k] - g_prev
            fallback = (denom == 0) | (dw_prev == 0)
            with np.errstate(divide="ignore", invalid="ignore"):
                secant = -g[k] * dw_prev / np.where(fallback, 1.0, denom)
            limit = growth * np.abs(dw_prev)
            secant = np.clip(secant, -limit, limit)
            dw[k] = np.where(fallback, -lr * g[k], secant)
    return {k: w[k] + dw[k] for k in w}, {"dw": dw, "grad": g}


def adam_step(
    w: Tensors,
    grad: Tensors,
    state=None,
    *,
    lr: float = 1e-3,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
):
    """Adam with bias correction.

    With ``t`` counting calls from 1 and ``m``, ``v`` starting at zero::

        m <- beta1 m + (1 - beta1) g           v <- beta2 v + (1 - beta2) g**2
        m_hat = m / (1 - beta1**t)             v_hat = v / (1 - beta2**t)
        w <- w - lr * m_hat / (sqrt(v_hat) + eps)

    Without the correction the first steps are far too small (m and v start at zero), by a
    factor (1 - beta1) / sqrt(1 - beta2) ~ 3.2 on the first step for the defaults.

    Parameters
    ----------
    w, grad : dict of str -> ndarray
    state : None or {"t": int, "m": dict, "v": dict}
    lr, beta1, beta2, eps : float

    Returns
    -------
    (dict, {"t": int, "m": dict, "v": dict})
    """
    w, g = _f64(w), _f64(grad)
    if not state:
        state = {
            "t": 0,
            "m": {k: 0.0 * x for k, x in w.items()},
            "v": {k: 0.0 * x for k, x in w.items()},
        }
    t = state["t"] + 1
    m = {k: beta1 * state["m"][k] + (1 - beta1) * g[k] for k in w}
    v = {k: beta2 * state["v"][k] + (1 - beta2) * g[k] ** 2 for k in w}
    c1, c2 = 1 - beta1**t, 1 - beta2**t
    new_w = {k: w[k] - lr * (m[k] / c1) / (np.sqrt(v[k] / c2) + eps) for k in w}
    return new_w, {"t": t, "m": m, "v": v}


OPTIMIZERS = {
    "sgd": sgd_step,
    "momentum": momentum_step,
    "nesterov": nesterov_step,
    "rprop": rprop_step,
    "quickprop": quickprop_step,
    "adam": adam_step,
}
"""The reference rules by name (all with the interface of the module docstring)."""
