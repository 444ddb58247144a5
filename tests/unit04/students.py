"""Student answers for unit 04: right ones, and the typical bugs each checker must catch.

Each factory takes ``bug`` ("" for a correct answer) and returns a function with the signature
the notebook asks for. The code is written the way a student would write it, not by calling
the reference module.
"""

from __future__ import annotations

import numpy as np


def numerical_gradient(bug: str = ""):
    defaults = {"tiny_h": (1e-10, 1e-10), "big_h": (1e-2, 1e-2), "one_h": (1e-5, 1e-5)}
    h_two, h_one = defaults.get(bug, (1e-5, 1e-7))
    default_kind = "one-sided" if bug == "default_one_sided" else "two-sided"

    def fn(f, x, h=None, kind=default_kind):
        if h is None:
            h = h_two if kind == "two-sided" else h_one
        if bug == "loop":
            while True:
                pass
        if bug == "raise":
            raise ValueError("something broke")
        if bug == "none":
            return None
        x_work = x if bug == "mutate" else np.array(x, dtype=float)
        grad = np.zeros(x_work.shape)
        for i in np.ndindex(x_work.shape):
            if bug == "mutate":  # steps the caller's array and never steps back
                base = f(x_work)
                x_work[i] += h
                grad[i] = (f(x_work) - base) / h
                continue
            plus, minus = x_work.copy(), x_work.copy()
            plus[i] += h
            minus[i] -= h
            if bug == "flat_to_f":
                plus, minus = plus.ravel(), minus.ravel()
            central = kind == "two-sided"
            if bug == "forward_for_two":
                central = False
            if bug == "central_for_one":
                central = True
            if central:
                denominator = h if bug == "over_h" else 2 * h
                grad[i] = (f(plus) - f(minus)) / denominator
            elif bug == "backward":
                grad[i] = (f(x_work) - f(minus)) / h
            else:
                grad[i] = (f(plus) - f(x_work)) / h
        if bug == "flat":
            return grad.ravel()
        if bug == "list":
            return grad.tolist()
        if bug == "nan":
            return grad * np.nan
        return grad

    return fn


def relative_error(bug: str = ""):
    def fn(a, b, floor=1e-8):
        if bug == "stub":
            raise NotImplementedError()
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        if bug == "no_floor":
            return float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)))
        if bug == "zero_only":  # handles 0/0 but has no floor
            scale = np.linalg.norm(a) + np.linalg.norm(b)
            return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)
        if bug == "asymmetric":
            return float(np.linalg.norm(a - b) / max(np.linalg.norm(a), floor))
        if bug == "no_abs":
            return float(np.sum(a - b) / max(float(np.sum(a + b)), floor))
        if bug == "abs_of_sum":
            return float(np.linalg.norm(a - b) / max(np.linalg.norm(a + b), floor))
        if bug == "elementwise_max":
            return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), floor)))
        if bug == "elementwise":
            return np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), floor)
        if bug == "big_floor":
            floor = 1e-4
        return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), floor))

    return fn


def gradient_check(bug: str = "", numgrad=None, relerr=None):
    numgrad = numgrad or numerical_gradient()
    relerr = relerr or relative_error()

    def fn(loss_fn, grad_fn, params, h=1e-5):
        grads = grad_fn(params)
        errors = {}
        for k, ((W, b), (dW, db)) in enumerate(zip(params, grads)):
            first = k if bug == "zero_based" else k + 1
            for name, slot, tensor, grad in ((f"W{first}", 0, W, dW), (f"b{first}", 1, b, db)):
                if np.shape(grad) != np.shape(tensor):
                    errors[name] = 1.0 if bug == "shape_one" else float("inf")
                    continue

                def f(value, k=k, slot=slot):
                    if bug == "writes_params":  # writes the trial point into the caller's array
                        params[k][slot][...] = value
                        return loss_fn(params)
                    trial = list(params)
                    pair = list(trial[k])
                    pair[slot] = value
                    trial[k] = tuple(pair)
                    return loss_fn(trial)

                if bug == "one_sided":
                    numeric = numgrad(f, tensor, h, kind="one-sided")
                else:
                    numeric = numgrad(f, tensor, h)
                if bug == "elementwise_max":
                    errors[name] = float(
                        np.max(
                            np.abs(grad - numeric)
                            / np.maximum(np.abs(grad) + np.abs(numeric), 1e-8)
                        )
                    )
                else:
                    errors[name] = relerr(grad, numeric)
        if bug == "list":
            return list(errors.values())
        return errors

    return fn


def find_buggy(bug: str = ""):
    check = gradient_check()

    def fn(loss_fn, grad_fn, params, tol=1e-6):
        if bug == "always_empty":
            return []
        if bug == "set":
            return {name for name, e in check(loss_fn, grad_fn, params).items() if not e < tol}
        if bug == "at_other_point":  # asks grad_fn for the gradient somewhere else
            grad_fn([(W + 1.0, b) for W, b in params])
        if bug == "zero_based":
            names = [f"{kind}{k}" for k in range(len(params)) for kind in ("W", "b")]
            errors = check(loss_fn, grad_fn, params)
            return [n for n, e in zip(names, errors.values()) if not e < tol]
        if bug == "ignores_shape":
            errors = check(loss_fn, grad_fn, params)
            return [name for name, e in errors.items() if np.isfinite(e) and e >= tol]
        if bug == "tight_tol":
            tol = 1e-13
        if bug == "loose_tol":
            tol = 0.5
        errors = check(loss_fn, grad_fn, params)
        return [name for name, e in errors.items() if not e < tol]

    return fn
