"""Hand-written backward code for the chain-rule examples of unit 03.

Each function does a forward pass that names every intermediate value, then a backward pass
that computes one error signal per intermediate, ``v_bar = d(output) / dv``, in reverse order.
Where a value feeds several later ones (fan-out), its error signal is the sum over them.

Examples, with the numbers the notebook quotes:

* ``r = u v`` with ``u = t^2``, ``v = 3t + 1``: ``dr/dt = 9 t^2 + 2 t`` (40 at t = 2);
* ``f = y + exp(x y)`` with ``x = cos t``, ``y = t^2``:
  ``df/dt = (y exp(xy)) (-sin t) + (1 + x exp(xy)) 2 t``;
* the univariate logistic least-squares model ``z = w x + b``, ``y = sigma(z)``,
  ``L = 1/2 (y - t)^2`` with the L2 regulariser ``R = 1/2 w^2`` and total
  ``L_reg = L + lam R``: ``y_bar = y - t``, ``z_bar = y_bar sigma'(z)``,
  ``w_bar = z_bar x + lam w``, ``b_bar = z_bar``.
"""

from __future__ import annotations

import math

from nncourse.key.activations import sigmoid

SIGNAL_NAMES = ("loss", "y_bar", "z_bar", "w_bar", "b_bar")
"""Keys of the dictionary returned by ``logistic_error_signals``."""


def r_and_grad(t: float) -> tuple[float, float]:
    """r = u v with u = t^2, v = 3 t + 1, and dr/dt by backward code.

    Parameters
    ----------
    t : float

    Returns
    -------
    r : float
    dr_dt : float
        Equals 9 t^2 + 2 t.
    """
    u = t * t
    v = 3.0 * t + 1.0
    r = u * v
    r_bar = 1.0
    u_bar = r_bar * v
    v_bar = r_bar * u
    t_bar = u_bar * 2.0 * t + v_bar * 3.0  # t feeds both u and v: the two paths add
    return float(r), float(t_bar)


def f_and_grad(t: float) -> tuple[float, float]:
    """f = y + exp(x y) with x = cos t, y = t^2, and df/dt by backward code.

    Parameters
    ----------
    t : float

    Returns
    -------
    f : float
    df_dt : float
        Equals ``f_grad_closed_form(t)``.
    """
    x = math.cos(t)
    y = t * t
    p = x * y
    e = math.exp(p)
    f = y + e
    f_bar = 1.0
    e_bar = f_bar
    p_bar = e_bar * e
    x_bar = p_bar * y
    y_bar = f_bar + p_bar * x  # y is used twice: directly in f and inside x y
    t_bar = x_bar * (-math.sin(t)) + y_bar * 2.0 * t
    return float(f), float(t_bar)


def f_grad_closed_form(t: float) -> float:
    """df/dt = (y e^{xy}) (-sin t) + (1 + x e^{xy}) 2 t with x = cos t, y = t^2."""
    x, y = math.cos(t), t * t
    e = math.exp(x * y)
    return y * e * (-math.sin(t)) + (1.0 + x * e) * 2.0 * t


def logistic_error_signals(w: float, b: float, x: float, t: float, lam: float) -> dict:
    """Forward and backward pass of the univariate logistic least-squares model with L2.

    Forward: ``z = w x + b``, ``y = sigma(z)``, ``L = 1/2 (y - t)^2``, ``R = 1/2 w^2``,
    ``L_reg = L + lam R``. Backward: ``L_reg_bar = 1``, ``R_bar = lam``, ``y_bar = y - t``,
    ``z_bar = y_bar sigma'(z)``, ``w_bar = z_bar x + R_bar w``, ``b_bar = z_bar``.

    Parameters
    ----------
    w, b : float
        Weight and bias.
    x, t : float
        Input and target.
    lam : float
        Regularisation strength (0 switches the regulariser off).

    Returns
    -------
    dict
        ``{"loss": L_reg, "y_bar": ..., "z_bar": ..., "w_bar": ..., "b_bar": ...}``, all floats.
    """
    z = w * x + b
    y = float(sigmoid(z))
    loss = 0.5 * (y - t) ** 2 + lam * 0.5 * w * w
    r_bar = lam
    y_bar = y - t
    z_bar = y_bar * y * (1.0 - y)
    w_bar = z_bar * x + r_bar * w
    b_bar = z_bar
    return {
        "loss": float(loss),
        "y_bar": float(y_bar),
        "z_bar": float(z_bar),
        "w_bar": float(w_bar),
        "b_bar": float(b_bar),
    }
