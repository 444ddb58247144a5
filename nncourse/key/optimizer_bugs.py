"""Typical wrong versions of unit 07's update rules, for the checkers' known-mistake labels.

Answer key (instructor only): these are one edit away from the reference. Each has the
interface of ``nncourse.key.optimizers``; the checkers run them on a case's inputs and a student
result that matches is named by the bug's label.
"""

from __future__ import annotations

import numpy as np

from nncourse.key import optimizers as opt


def _f64(t):
    return {k: np.asarray(v, dtype=np.float64) for k, v in t.items()}


def sgd_uphill(w, grad, state=None, *, lr=0.1):
    w, g = _f64(w), _f64(grad)
    return {k: w[k] + lr * g[k] for k in w}, state


def sgd_no_lr(w, grad, state=None, *, lr=0.1):
    w, g = _f64(w), _f64(grad)
    return {k: w[k] - g[k] for k in w}, state


def momentum_minus_velocity(w, grad, state=None, *, lr=0.01, beta=0.9):
    """v <- beta v - lr g, but w <- w - v (the sign slip)."""
    w_ref, s = opt.momentum_step(w, grad, state, lr=lr, beta=beta)
    return {k: 2 * np.asarray(w[k], dtype=np.float64) - w_ref[k] for k in w}, s


def momentum_ema(w, grad, state=None, *, lr=0.01, beta=0.9):
    """The other convention: v <- beta v + (1 - beta) g, w <- w - lr v."""
    w, g = _f64(w), _f64(grad)
    v0 = state["v"] if state else {k: 0.0 * x for k, x in w.items()}
    v = {k: beta * v0[k] + (1 - beta) * g[k] for k in w}
    return {k: w[k] - lr * v[k] for k in w}, {"v": v}


def nesterov_as_momentum(w, grad, state=None, *, lr=0.01, beta=0.9):
    """The gradient used at the current point: plain momentum, no look-ahead."""
    return opt.momentum_step(w, grad, state, lr=lr, beta=beta)


def nesterov_double_lookahead(w, grad, state=None, *, lr=0.01, beta=0.9):
    """Treats w as the true weights and adds the look-ahead on top: w + v + beta v."""
    w, g = _f64(w), _f64(grad)
    v0 = state["v"] if state else {k: 0.0 * x for k, x in w.items()}
    v = {k: beta * v0[k] - lr * g[k] for k in w}
    return {k: w[k] + (1 + beta) * v[k] for k in w}, {"v": v}


def rprop_no_step_back(w, grad, state=None, **hyper):
    """On a flip: shrink and step on against the new gradient's sign, no return."""
    if not state:
        return opt.rprop_step(w, grad, None, **hyper)
    up, down = hyper.get("up", 1.2), hyper.get("down", 0.5)
    lo, hi = hyper.get("step_min", 1e-6), hyper.get("step_max", 50.0)
    w, g = _f64(w), _f64(grad)
    new_w, new_s, new_p = {}, {}, {}
    for k in w:
        s, p = state["step"][k], state["ref_grad"][k]
        same = np.sign(g[k]) == np.sign(p)
        new_s[k] = np.where(same, np.minimum(up * s, hi), np.maximum(down * s, lo))
        new_p[k] = g[k]
        new_w[k] = w[k] - np.sign(g[k]) * new_s[k]
    return new_w, {"step": new_s, "ref_grad": new_p}


def rprop_forgets_reference(w, grad, state=None, **hyper):
    """Steps back on a flip but then takes the new gradient as the reference (and direction)."""
    if not state:
        return opt.rprop_step(w, grad, None, **hyper)
    up, down = hyper.get("up", 1.2), hyper.get("down", 0.5)
    lo, hi = hyper.get("step_min", 1e-6), hyper.get("step_max", 50.0)
    w, g = _f64(w), _f64(grad)
    new_w, new_s, new_p = {}, {}, {}
    for k in w:
        s, p = state["step"][k], state["ref_grad"][k]
        same = np.sign(g[k]) == np.sign(p)
        new_s[k] = np.where(same, np.minimum(up * s, hi), np.maximum(down * s, lo))
        new_p[k] = g[k]
        back = np.where(same, 0.0, np.sign(p) * s)
        new_w[k] = w[k] + back - np.sign(g[k]) * new_s[k]
    return new_w, {"step": new_s, "ref_grad": new_p}


def rprop_no_limits(w, grad, state=None, **hyper):
    """Floor and ceiling ignored."""
    hyper = dict(hyper, step_min=0.0, step_max=np.inf)
    return opt.rprop_step(w, grad, state, **hyper)


def quickprop_slide_sign(w, grad, state=None, *, lr=0.1, growth=1.75):
    """dw = +g dw_prev / (g - g_prev): the slide's formula taken literally."""
    w_ref, s = opt.quickprop_step(w, grad, state, lr=lr, growth=growth)
    if not state:
        return w_ref, s
    w = _f64(w)
    g = _f64(grad)
    dw, new_w = {}, {}
    for k in w:
        dw_prev, g_prev = state["dw"][k], state["grad"][k]
        fallback = (g[k] == g_prev) | (dw_prev == 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            secant = g[k] * dw_prev / np.where(fallback, 1.0, g[k] - g_prev)
        limit = growth * np.abs(dw_prev)
        dw[k] = np.where(fallback, -lr * g[k], np.clip(secant, -limit, limit))
        new_w[k] = w[k] + dw[k]
    return new_w, {"dw": dw, "grad": g}


def quickprop_no_limit(w, grad, state=None, *, lr=0.1, growth=1.75):
    """No growth limit."""
    return opt.quickprop_step(w, grad, state, lr=lr, growth=np.inf)


def quickprop_no_fallback(w, grad, state=None, *, lr=0.1, growth=1.75):
    """Divides by g - g_prev even where it is 0."""
    if not state:
        return opt.quickprop_step(w, grad, None, lr=lr, growth=growth)
    w, g = _f64(w), _f64(grad)
    dw = {}
    for k in w:
        with np.errstate(divide="ignore", invalid="ignore"):
            secant = -g[k] * state["dw"][k] / (g[k] - state["grad"][k])
        limit = growth * np.abs(state["dw"][k])
        dw[k] = np.clip(secant, -limit, limit)
    return {k: w[k] + dw[k] for k in w}, {"dw": dw, "grad": g}


def adam_no_bias_correction(w, grad, state=None, *, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    _, s = opt.adam_step(w, grad, state, lr=lr, beta1=beta1, beta2=beta2, eps=eps)
    w = _f64(w)
    return {k: w[k] - lr * s["m"][k] / (np.sqrt(s["v"][k]) + eps) for k in w}, s


def adam_eps_inside(w, grad, state=None, *, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    _, s = opt.adam_step(w, grad, state, lr=lr, beta1=beta1, beta2=beta2, eps=eps)
    w, t = _f64(w), s["t"]
    c1, c2 = 1 - beta1**t, 1 - beta2**t
    return {k: w[k] - lr * (s["m"][k] / c1) / np.sqrt(s["v"][k] / c2 + eps) for k in w}, s


def adam_correct_m_only(w, grad, state=None, *, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    _, s = opt.adam_step(w, grad, state, lr=lr, beta1=beta1, beta2=beta2, eps=eps)
    w, t = _f64(w), s["t"]
    return {k: w[k] - lr * (s["m"][k] / (1 - beta1**t)) / (np.sqrt(s["v"][k]) + eps) for k in w}, s
