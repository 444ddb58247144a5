"""Student answers for unit 06's checker tests: honest ones, and one per typical bug.

Each builder takes a variant name and returns a function with the exercise's signature.
"""

from __future__ import annotations

import time

import numpy as np

from nncourse.key import quadratics as key


def gradient_descent(variant: str = "honest"):
    def fn(grad, w0, eta, steps):
        if variant == "float32":
            return key.gradient_descent(grad, w0, eta, steps).astype(np.float32)
        if variant == "printing":
            print("running", steps, "steps")
            return key.gradient_descent(grad, w0, eta, steps)
        if variant == "no_start":
            return key.gradient_descent(grad, w0, eta, steps)[1:]
        if variant == "ascent":
            return key.gradient_descent(lambda w: -np.asarray(grad(w)), w0, eta, steps)
        if variant == "in_place":  # w -= ...: every row is the same array, and w0 changes
            w = w0
            path = [w]
            for _ in range(steps):
                w -= eta * grad(w)
                path.append(w)
            return np.array(path)
        if variant == "frozen_gradient":
            g = np.asarray(grad(w0))
            return np.array([w0 - k * eta * g for k in range(steps + 1)])
        if variant == "mutates_w0":  # right path, but the caller's w0 ends at w_steps
            path = key.gradient_descent(grad, w0, eta, steps)
            w0[...] = path[-1]
            return path
        if variant == "list":
            return [list(row) for row in key.gradient_descent(grad, w0, eta, steps)]
        raise KeyError(variant)

    return fn


def regime_1d(variant: str = "honest"):
    def fn(a, eta):
        q = eta * a
        if variant == "honest":
            return key.regime_1d(a, eta)
        if variant == "eta_vs_inverse":  # compares eta with 1/a and 2/a: also honest
            names = ("monotone", "one step", "oscillating", "stuck oscillating", "divergent")
            i = (
                0
                if eta < 1 / a
                else 1
                if eta == 1 / a
                else 2
                if eta < 2 / a
                else 3
                if eta == 2 / a
                else 4
            )
            return 1 / a, names[i].upper().replace(" ", "-")
        if variant == "le_boundaries":  # <= instead of <: the boundaries fall to the left
            name = "monotone" if q <= 1 else "oscillating" if q <= 2 else "divergent"
            return 1 / a, name
        if variant == "isclose":  # a tolerance: a millionth from the boundary counts as on it
            name = (
                "one step"
                if np.isclose(q, 1)
                else "stuck oscillating"
                if np.isclose(q, 2)
                else key.regime_1d(a, eta)[1]
            )
            return 1 / a, name
        if variant == "two_is_divergent":
            name = key.regime_1d(a, eta)[1]
            return 1 / a, "divergent" if name == "stuck oscillating" else name
        if variant == "eta_opt_is_a":
            return a, key.regime_1d(a, eta)[1]
        if variant == "constant":
            return 1 / a, "monotone"
        raise KeyError(variant)

    return fn


def direction_rates(variant: str = "honest"):
    def fn(A):
        A = np.asarray(A)
        etas, eta_max, kappa = key.direction_rates(A)
        if variant == "honest":
            return etas, eta_max, kappa
        if variant == "diagonal":
            d = np.diag(A)
            return 1 / d, 2 / d.max(), d.max() / d.min()
        if variant == "min_eigenvalue":
            return etas, 2 * etas[0], kappa
        if variant == "kappa_inverted":
            return etas, eta_max, 1 / kappa
        if variant == "descending":
            return etas[::-1], eta_max, kappa
        if variant == "float32":
            return etas.astype(np.float32), np.float32(eta_max), np.float32(kappa)
        raise KeyError(variant)

    return fn


def iterations_to_tol(variant: str = "honest"):
    def fn(A, b, w0, eta, tol, max_iter):
        k = key.iterations_to_tol(A, b, w0, eta, tol, max_iter)
        if variant == "honest":
            return k
        if variant == "numpy_int":
            return np.int64(k)
        if variant == "off_by_one":
            return k + 1 if k >= 0 else k
        if variant == "absolute_tol":  # |w_k - w*| <= tol, not relative to the start
            A, b = np.asarray(A), np.asarray(b)
            w, w_star = np.array(w0, dtype=float), np.linalg.solve(A, -b)
            for i in range(max_iter + 1):
                if np.linalg.norm(w - w_star) <= tol:
                    return i
                w = w - eta * (A @ w + b)
            return -1
        if variant == "never_minus_one":
            return max_iter if k < 0 else k
        if variant == "endless":
            while True:
                time.sleep(0.01)
        raise KeyError(variant)

    return fn


def newton_step(variant: str = "honest"):
    def fn(A, b, w, eta=1.0):
        A, b, w = np.asarray(A), np.asarray(b), np.asarray(w)
        if variant == "honest":
            return key.newton_step(A, b, w, eta)
        if variant == "inverse":  # forms A^-1: fine
            return w - eta * np.linalg.inv(A) @ (A @ w + b)
        if variant == "shorthand":
            return w - eta * np.linalg.solve(A, b)
        if variant == "gradient_step":
            return w - eta * (A @ w + b)
        if variant == "returns_minimum":  # ignores eta
            return np.linalg.solve(A, -b)
        raise KeyError(variant)

    return fn


def convergence_rate(variant: str = "honest"):
    def fn(losses, f_star):
        losses = np.asarray(losses)
        r = key.convergence_rate(losses, f_star)
        if variant == "honest":
            return r
        if variant == "upside_down":
            return 1 / r
        if variant == "no_f_star":
            return key.convergence_rate(losses, 0.0)
        if variant == "no_abs":
            return (losses[1:] - f_star) / (losses[:-1] - f_star)
        if variant == "too_long":
            return np.append(r, r[-1])
        if variant == "nan":
            return np.full_like(r, np.nan)
        raise KeyError(variant)

    return fn


def decay(variant: str = "honest"):
    def fn(kind, eta0, steps, beta=0.1):
        k = np.arange(steps)
        if variant == "from_zero" and kind == "linear":
            with np.errstate(divide="ignore"):
                return eta0 / k
        if variant == "no_square" and kind == "quadratic":
            return eta0 / (k + 1)
        if variant == "growing" and kind == "exponential":
            return eta0 * np.exp(beta * k)
        if variant == "straight_line" and kind == "linear":
            return eta0 * (1 - k / steps)
        if variant == "no_refusal" and kind not in key.DECAY_KINDS:
            return np.full(steps, eta0)
        if variant == "list":
            return list(key.decay(kind, eta0, steps, beta))
        return key.decay(kind, eta0, steps, beta)

    return fn


def plateau_decay(variant: str = "honest"):
    def fn(losses, eta, alpha=0.1, patience=5, rel_tol=1e-3):
        losses = np.asarray(losses, dtype=float)
        if variant == "honest":
            return key.plateau_decay(losses, eta, alpha, patience, rel_tol)
        if len(losses) <= patience:
            return eta
        before, recent = losses[:-patience].min(), losses[-patience:]
        if variant == "strict":  # > instead of >=: a tie is not a plateau
            return alpha * eta if recent.min() > (1 - rel_tol) * before else eta
        if variant == "last_loss":
            return alpha * eta if recent[-1] >= (1 - rel_tol) * before else eta
        if variant == "mean":
            return alpha * eta if recent.mean() >= (1 - rel_tol) * before else eta
        if variant == "always":
            return alpha * eta
        raise KeyError(variant)

    return fn
