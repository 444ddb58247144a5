"""The demo engine: what the student edition's demos and widgets compute with.

Demos on *ungraded* material (the playground's training, random-feature fits, region counts)
need hidden-unit activations. They get them here, in a calling form that is not an exercise's:
``unit(name, z)`` and ``unit_slope(name, z)`` take the activation's name first. Nothing in this
module answers a graded exercise (``tests/framework/test_student_edition.py`` hands every
callable of the student edition to every checker), and demos that rest on a graded exercise take
the student's own function instead.
"""

from __future__ import annotations

import numpy as np

HIDDEN_UNITS = ("linear", "sigmoid", "tanh", "relu")
"""Names accepted by ``unit`` and ``unit_slope``."""


def unit(name: str, z: np.ndarray) -> np.ndarray:
    """The hidden unit ``name`` applied elementwise.

    Parameters
    ----------
    name : {"linear", "sigmoid", "tanh", "relu"}
    z : ndarray, any shape

    Returns
    -------
    ndarray, same shape as ``z`` (float64)
    """
    z = np.asarray(z, dtype=np.float64)
    if name == "linear":
        return z.copy()
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "sigmoid":
        return 0.5 * (1.0 + np.tanh(0.5 * z))  # the logistic function, written through tanh
    raise ValueError(f"unknown hidden unit {name!r}; choose one of {HIDDEN_UNITS}")


def unit_slope(name: str, z: np.ndarray) -> np.ndarray:
    """The derivative of ``unit(name, .)`` at ``z``, elementwise; same shape as ``z``."""
    z = np.asarray(z, dtype=np.float64)
    if name == "linear":
        return np.ones_like(z)
    if name == "tanh":
        return 1.0 / np.cosh(np.clip(z, -350.0, 350.0)) ** 2
    if name == "relu":
        return (z > 0).astype(np.float64)
    if name == "sigmoid":
        return 0.25 / np.cosh(np.clip(0.5 * z, -350.0, 350.0)) ** 2
    raise ValueError(f"unknown hidden unit {name!r}; choose one of {HIDDEN_UNITS}")
