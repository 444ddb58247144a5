"""Unit 01's demo pieces for the student edition: the XOR truth table, Boolean inputs, the
translation-invariance patterns, hull certificates, and the scaled logistic unit.

Nothing here answers a graded exercise: the separability test, the feature map psi, the
threshold networks and the collapse of linear stacks are the student's to write, and the
notebook's demos on them run on the student's own functions.
"""

from __future__ import annotations

import numpy as np

from nncourse.check.unit01.common import boolean_inputs, sgn, step
from nncourse.engine import unit

__all__ = [
    "PATTERN_A",
    "PATTERN_B",
    "XOR_INPUTS",
    "XOR_TARGETS",
    "boolean_inputs",
    "certificate_residual",
    "cyclic_translations",
    "distance_to_step",
    "mcculloch_pitts_target",
    "scaled_logistic",
    "sgn",
    "step",
    "translation_average",
]

XOR_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
"""The four XOR inputs (0/1 encoding), one per row."""

XOR_TARGETS = np.array([0.0, 1.0, 1.0, 0.0])
"""x1 XOR x2 for the rows of ``XOR_INPUTS``."""

PATTERN_A = np.array([1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], dtype=np.float64)
"""A 16-pixel wrap-around pattern: a solid bar of four on pixels."""

PATTERN_B = np.array([1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], dtype=np.float64)
"""A 16-pixel wrap-around pattern: two pairs of on pixels with a gap (also four on pixels)."""


def mcculloch_pitts_target(X: np.ndarray) -> np.ndarray:
    """y = x2 AND (x1 OR NOT x3) on -1/+1 inputs ``X`` (N, 3), as -1/+1 of shape (N,)."""
    t = np.asarray(X) > 0
    return np.where(t[:, 1] & (t[:, 0] | ~t[:, 2]), 1.0, -1.0)


def cyclic_translations(pattern: np.ndarray) -> np.ndarray:
    """Every wrap-around shift of a 1-D pattern (P,), one per row: row k is rolled by k."""
    pattern = np.asarray(pattern, dtype=np.float64).reshape(-1)
    return np.stack([np.roll(pattern, k) for k in range(pattern.size)])


def translation_average(pattern: np.ndarray) -> np.ndarray:
    """Mean of all wrap-around translations of ``pattern``: (number of on pixels) / P everywhere."""
    return cyclic_translations(pattern).mean(axis=0)


def certificate_residual(X: np.ndarray, y: np.ndarray, lam: np.ndarray) -> float:
    """How far weights ``lam`` (N,) are from a certificate that the hulls of the -1/+1 classes
    of ``X`` (N, D) meet (0 for an exact one).

    The largest of: any negative weight, each class's weights' distance from summing to 1, and
    the distance between the two weighted means relative to the data's scale.
    """
    X = np.asarray(X, dtype=np.float64).reshape(len(y), -1)
    y = np.where(np.asarray(y, dtype=np.float64).reshape(-1) > 0, 1.0, -1.0)
    lam = np.asarray(lam, dtype=np.float64).reshape(-1)
    pos = y > 0
    scale = max(1.0, float(np.abs(X).max()))
    gap = np.linalg.norm((lam * y) @ X) / scale
    return float(max(-lam.min(), abs(lam[pos].sum() - 1), abs(lam[~pos].sum() - 1), gap))


def scaled_logistic(z: np.ndarray, scale: float) -> np.ndarray:
    """sigma(scale * z): a logistic unit with its weights and bias multiplied by ``scale``."""
    return unit("sigmoid", scale * np.asarray(z, dtype=np.float64))


def distance_to_step(z: np.ndarray, scale: float) -> float:
    """Largest |sigma(scale z) - step(z)| over the points of ``z`` that are not 0."""
    z = np.asarray(z, dtype=np.float64)
    z = z[z != 0]
    return float(np.max(np.abs(scaled_logistic(z, scale) - (z > 0)))) if z.size else 0.0
