"""Hard-threshold units and networks: step and sign units, XOR, McCulloch-Pitts logic.

Convention at zero (used by every notebook and checker in unit 01)::

    step(z) = 1 if z >= 0 else 0        sgn(z) = +1 if z >= 0 else -1

so a unit whose pre-activation is exactly 0 fires. Pre-activations are computed in float64 as
``H @ W.T + b`` (the course's layer convention), and "z >= 0" is tested on that number.

Boolean inputs come in two encodings: 0/1 for ``step`` networks and -1/+1 for ``sgn`` networks
(+1 means true).
"""

from __future__ import annotations

import itertools

import numpy as np

Params = list[tuple[np.ndarray, np.ndarray]]


def step(z: np.ndarray) -> np.ndarray:
    """Heaviside step with step(0) = 1; same shape as ``z``, values in {0., 1.}."""
    return (np.asarray(z, dtype=np.float64) >= 0).astype(np.float64)


def sgn(z: np.ndarray) -> np.ndarray:
    """Sign with sgn(0) = +1; same shape as ``z``, values in {-1., +1.}."""
    return np.where(np.asarray(z, dtype=np.float64) >= 0, 1.0, -1.0)


UNITS = {"step": step, "sign": sgn}
"""Name -> threshold function."""


def threshold_forward(
    X: np.ndarray, params: Params, unit: str = "step", linear_output: bool = False
) -> list[np.ndarray]:
    """Every layer's output of a network of threshold units, for a batch of inputs.

    Parameters
    ----------
    X : ndarray, shape (N, n_in)
    params : list of (W, b)
        ``W`` of shape (n_out, n_in), ``b`` of shape (n_out,), first layer first.
    unit : {"step", "sign"}
        The threshold applied after every hidden layer (and the output, see below).
    linear_output : bool
        If True the last layer is linear (no threshold), as in the universal construction.

    Returns
    -------
    list of ndarray
        ``[H1, H2, ..., Y]``, each of shape (N, n_out of that layer).
    """
    g = UNITS[unit]
    h = np.asarray(X, dtype=np.float64)
    outputs = []
    for i, (W, b) in enumerate(params):
        z = h @ np.asarray(W, dtype=np.float64).T + np.asarray(b, dtype=np.float64)
        h = z if (linear_output and i == len(params) - 1) else g(z)
        outputs.append(h)
    return outputs


def boolean_inputs(d: int, values: tuple[float, float] = (0.0, 1.0)) -> np.ndarray:
    """All 2^d input patterns in binary counting order.

    Parameters
    ----------
    d : int
        Number of inputs.
    values : (false, true)
        Encoding: (0, 1) for step networks, (-1, 1) for sign networks.

    Returns
    -------
    ndarray, shape (2**d, d); row k is k written in binary (first column most significant).
    """
    bits = np.array(list(itertools.product((0, 1), repeat=d)), dtype=np.float64).reshape(-1, d)
    return np.where(bits > 0, values[1], values[0])


def xor_step_params() -> Params:
    """A step network for XOR on 0/1 inputs: h1 = OR, h2 = AND, y = h1 AND NOT h2.

    Returns
    -------
    list of (W, b): W1 (2, 2), b1 (2,), W2 (1, 2), b2 (1,)
    """
    W1 = np.array([[1.0, 1.0], [1.0, 1.0]])
    b1 = np.array([-0.5, -1.5])
    W2 = np.array([[1.0, -1.0]])
    b2 = np.array([-0.5])
    return [(W1, b1), (W2, b2)]


def xor_sign_params() -> Params:
    """The sign network for XOR on -1/+1 inputs.

    z1 = sgn(1 - x1 + x2), z2 = sgn(-1 - x1 + x2), y = sgn(1 - z1 + z2); y = +1 iff x1 != x2.

    Returns
    -------
    list of (W, b): W1 (2, 2), b1 (2,), W2 (1, 2), b2 (1,)
    """
    W1 = np.array([[-1.0, 1.0], [-1.0, 1.0]])
    b1 = np.array([1.0, -1.0])
    W2 = np.array([[-1.0, 1.0]])
    b2 = np.array([1.0])
    return [(W1, b1), (W2, b2)]


def mcculloch_pitts_target(X: np.ndarray) -> np.ndarray:
    """y = x2 AND (x1 OR NOT x3) on -1/+1 inputs, as -1/+1.

    Parameters
    ----------
    X : ndarray, shape (N, 3)

    Returns
    -------
    ndarray, shape (N,)
    """
    t = np.asarray(X) > 0
    return np.where(t[:, 1] & (t[:, 0] | ~t[:, 2]), 1.0, -1.0)


def mcculloch_pitts_weights() -> tuple[np.ndarray, float]:
    """One sign unit for y = x2 AND (x1 OR NOT x3) on -1/+1 inputs: v = -2 + 2x1 + 4x2 - x3.

    Returns
    -------
    (w, b) with ``w`` of shape (3,)
    """
    return np.array([2.0, 4.0, -1.0]), -2.0


def describe_rows(X: np.ndarray, wrong: np.ndarray, limit: int = 4) -> str:
    """``"x = (0, 1), x = (1, 1)"`` for the first ``limit`` rows where ``wrong`` is True."""
    rows = np.flatnonzero(np.asarray(wrong).reshape(-1))
    parts = ["x = (" + ", ".join(f"{v:g}" for v in X[i]) + ")" for i in rows[:limit]]
    more = f" and {len(rows) - limit} more" if len(rows) > limit else ""
    return ", ".join(parts) + more


def pattern_detector(pattern: np.ndarray) -> tuple[np.ndarray, float]:
    """Weights of a step unit that fires for one 0/1 pattern and for no other pattern.

    ``w = 2p - 1`` (+1 where the pattern has a 1, -1 where it has a 0) and
    ``b = 0.5 - (number of ones)``: z = 0.5 at the pattern and z <= -0.5 everywhere else.

    Parameters
    ----------
    pattern : ndarray, shape (D,) of 0/1

    Returns
    -------
    (w, b) with ``w`` of shape (D,)
    """
    p = np.asarray(pattern, dtype=np.float64).reshape(-1)
    return 2.0 * p - 1.0, 0.5 - float(p.sum())


def universal_params(X: np.ndarray, t: np.ndarray) -> Params:
    """One hidden step unit per input pattern and a linear output: computes t on every row.

    Parameters
    ----------
    X : ndarray, shape (2**D, D)
        Every 0/1 input pattern once, in any order.
    t : ndarray, shape (2**D,)
        The Boolean function's value (0 or 1) on each row of ``X``.

    Returns
    -------
    list of (W, b)
        ``W1`` (2**D, D), ``b1`` (2**D,), ``W2`` (1, 2**D) equal to t, ``b2`` = [0]. Evaluate
        with ``threshold_forward(X, params, "step", linear_output=True)``.
    """
    X = np.asarray(X, dtype=np.float64)
    detectors = [pattern_detector(x) for x in X]
    W1 = np.array([w for w, _ in detectors]).reshape(len(X), X.shape[1])
    b1 = np.array([b for _, b in detectors])
    W2 = np.array(t, dtype=np.float64).reshape(1, -1)
    return [(W1, b1), (W2, np.zeros(1))]
