"""Student answers for unit 07's checker tests: honest variants, typical bugs, trivial answers.

The honest ones are written the way a student might (their own state layout, float32, lists,
prints); none imports the key.
"""

from __future__ import annotations

import numpy as np


# ---------------------------------------------------------------- honest, own state layout
def momentum_tuple_state(w, grad, state=None, *, lr=0.01, beta=0.9):
    vel = state[1] if state else {k: 0 * np.asarray(v, float) for k, v in w.items()}
    vel = {k: beta * vel[k] - lr * np.asarray(grad[k]) for k in w}
    return {k: w[k] + vel[k] for k in w}, ("velocity", vel)


def momentum_float32(w, grad, state=None, *, lr=0.01, beta=0.9):
    vel = state or {k: np.zeros(np.shape(v), np.float32) for k, v in w.items()}
    vel = {
        k: np.float32(beta) * vel[k] - np.float32(lr) * np.asarray(grad[k], np.float32) for k in w
    }
    return {k: np.asarray(w[k], np.float32) + vel[k] for k in w}, vel


def momentum_lists_and_print(w, grad, state=None, *, lr=0.01, beta=0.9):
    print("momentum step", state is None)
    vel = state if state is not None else {k: np.zeros(np.shape(w[k])) for k in w}
    vel = {k: beta * vel[k] - lr * np.asarray(grad[k]) for k in w}
    return {k: (np.asarray(w[k]) + vel[k]).tolist() for k in w}, vel


def nesterov_true_weights_in_state(w, grad, state=None, *, lr=0.01, beta=0.9):
    """Keeps the true weights W in the state; returns the look-ahead W + beta v."""
    if state is None:
        state = {
            "W": {k: np.array(v, float) for k, v in w.items()},
            "v": {k: np.zeros(np.shape(v)) for k, v in w.items()},
        }
    v = {k: beta * state["v"][k] - lr * np.asarray(grad[k]) for k in w}
    W = {k: state["W"][k] + v[k] for k in w}
    return {k: W[k] + beta * v[k] for k in w}, {"W": W, "v": v}


def rprop_loops(w, grad, state=None, *, step0=0.1, up=1.2, down=0.5, step_min=1e-6, step_max=50.0):
    """Entry by entry with Python loops; state as a list [steps, refs]."""
    new_w, steps, refs = {}, {}, {}
    for k in w:
        x = np.array(w[k], float).ravel()
        g = np.asarray(grad[k], float).ravel()
        if state is None:
            s, p = np.full(x.size, step0), g.copy()
            x = x - np.sign(p) * s
        else:
            s, p = state[0][k].copy(), state[1][k].copy()
            for i in range(x.size):
                if np.sign(g[i]) == np.sign(p[i]):
                    s[i] = min(s[i] * up, step_max)
                    p[i] = g[i]
                    x[i] -= np.sign(p[i]) * s[i]
                else:
                    x[i] += np.sign(p[i]) * s[i]
                    s[i] = max(s[i] * down, step_min)
                    x[i] -= np.sign(p[i]) * s[i]
        new_w[k], steps[k], refs[k] = x.reshape(np.shape(w[k])), s, p
    return new_w, [steps, refs]


def adam_float32(w, grad, state=None, *, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    t = (state or {}).get("t", 0) + 1
    g = {k: np.asarray(grad[k], np.float32) for k in w}
    m = {k: beta1 * (state["m"][k] if state else 0) + (1 - beta1) * g[k] for k in w}
    v = {k: beta2 * (state["v"][k] if state else 0) + (1 - beta2) * g[k] ** 2 for k in w}
    out = {
        k: (
            np.asarray(w[k], np.float32)
            - lr * (m[k] / (1 - beta1**t)) / (np.sqrt(v[k] / (1 - beta2**t)) + eps)
        ).astype(np.float32)
        for k in w
    }
    return out, {"t": t, "m": m, "v": v}


def sgd_epoch_own_loop(w, grad_fn, X, Y, order, *, lr, batch_size):
    n_batches = int(np.ceil(len(order) / batch_size))
    for i in range(n_batches):
        idx = order[i * batch_size : (i + 1) * batch_size]
        g = grad_fn(w, X[idx], Y[idx])
        w = {k: w[k] - lr * g[k] for k in w}
    return w


# ---------------------------------------------------------------- bugs
def sgd_in_place(w, grad, state=None, *, lr=0.1):
    for k in w:
        w[k] -= lr * grad[k]
    return w, state


def momentum_state_in_place(w, grad, state=None, *, lr=0.01, beta=0.9):
    if state is None:
        state = {k: np.zeros(np.shape(v)) for k, v in w.items()}
    for k in w:
        state[k] *= beta
        state[k] -= lr * np.asarray(grad[k])
    return {k: w[k] + state[k] for k in w}, state


_GLOBAL = {"t": 0}


def adam_global_counter(w, grad, state=None, *, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    _GLOBAL["t"] += 1
    t = _GLOBAL["t"]
    m = {k: beta1 * (state["m"][k] if state else 0) + (1 - beta1) * grad[k] for k in w}
    v = {k: beta2 * (state["v"][k] if state else 0) + (1 - beta2) * grad[k] ** 2 for k in w}
    return (
        {
            k: w[k] - lr * (m[k] / (1 - beta1**t)) / (np.sqrt(v[k] / (1 - beta2**t)) + eps)
            for k in w
        },
        {"m": m, "v": v},
    )


def sgd_epoch_drops_last(w, grad_fn, X, Y, order, *, lr, batch_size):
    for i in range(len(order) // batch_size):
        idx = order[i * batch_size : (i + 1) * batch_size]
        g = grad_fn(w, X[idx], Y[idx])
        w = {k: w[k] - lr * g[k] for k in w}
    return w


def sgd_epoch_ignores_order(w, grad_fn, X, Y, order, *, lr, batch_size):
    for s in range(0, len(order), batch_size):
        g = grad_fn(w, X[s : s + batch_size], Y[s : s + batch_size])
        w = {k: w[k] - lr * g[k] for k in w}
    return w


def sgd_epoch_one_step(w, grad_fn, X, Y, order, *, lr, batch_size):
    g = grad_fn(w, X[order], Y[order])
    return {k: w[k] - lr * g[k] for k in w}


# ---------------------------------------------------------------- trivial answers
def returns_input(w, grad, state=None, **hyper):
    return w, state


def returns_zeros(w, grad, state=None, **hyper):
    return {k: np.zeros(np.shape(v)) for k, v in w.items()}, state


def returns_none(w, grad, state=None, **hyper):
    return None


def returns_grad(w, grad, state=None, **hyper):
    return grad, state


def sign_sgd(w, grad, state=None, **hyper):
    lr = hyper.get("lr", hyper.get("step0", 0.1))
    return {k: w[k] - lr * np.sign(grad[k]) for k in w}, state


def epoch_returns_input(w, grad_fn, X, Y, order, *, lr, batch_size):
    return w


def raises_stub(*args, **kwargs):
    raise NotImplementedError()


def raises_value_error(w, grad, state=None, **hyper):
    raise ValueError("shapes do not match")


def endless(w, grad, state=None, **hyper):
    while True:
        pass


def returns_nan(w, grad, state=None, **hyper):
    return {k: np.full(np.shape(v), np.nan) for k, v in w.items()}, state


def wrong_shape(w, grad, state=None, **hyper):
    return {k: np.ravel(v)[:1] for k, v in w.items()}, state
