"""The playground's data: 2-D two-class data sets, the train/test split, and the input features.

Plain numpy, no display; ``nncourse.playground`` trains on what these functions return.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

DATASETS = ("xor", "circles", "spirals", "gaussian blobs")
"""Names accepted by ``make_dataset``."""

EXTENT = 6.0
"""Points and the decision grid live in the square [-EXTENT, EXTENT]^2."""


def make_dataset(
    name: str, n: int, rng: np.random.Generator, noise: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """A 2-D two-class data set.

    XOR follows section 1 of unit 01: class 1 where exactly one coordinate is "on" (positive),
    that is the quadrants x1 < 0 < x2 and x2 < 0 < x1, the images of the corners (0, 1) and
    (1, 0) once the square is centred on the origin.

    Parameters
    ----------
    name : {"xor", "circles", "spirals", "gaussian blobs"}
    n : int
        Number of points (about half per class).
    rng : np.random.Generator
    noise : float
        Standard deviation of Gaussian jitter added to every point (in data units), after the
        labels are drawn: noisy points can cross the true boundary.

    Returns
    -------
    X : ndarray, shape (n, 2)
    t : ndarray of int, shape (n,), labels 0/1
    """
    half = n // 2
    if name == "xor":
        X = rng.uniform(-5.0, 5.0, size=(n, 2))
        X += np.where(X >= 0, 0.4, -0.4)  # keep points off the axes, like the original
        t = (X[:, 0] * X[:, 1] < 0).astype(np.int64)
    elif name == "circles":
        r = np.concatenate([rng.uniform(0.0, 2.5, half), rng.uniform(3.5, 5.0, n - half)])
        angle = rng.uniform(0.0, 2 * np.pi, n)
        X = np.column_stack([r * np.cos(angle), r * np.sin(angle)])
        t = np.concatenate([np.ones(half, np.int64), np.zeros(n - half, np.int64)])
    elif name == "spirals":
        parts, labels = [], []
        for label, count, offset in ((1, half, 0.0), (0, n - half, np.pi)):
            s = np.linspace(0.0, 1.0, count, endpoint=False)
            r, angle = 5.0 * s, 1.75 * 2 * np.pi * s + offset
            parts.append(np.column_stack([r * np.sin(angle), r * np.cos(angle)]))
            labels.append(np.full(count, label, np.int64))
        X, t = np.vstack(parts), np.concatenate(labels)
    elif name == "gaussian blobs":
        centres = np.repeat(np.array([[2.0, 2.0], [-2.0, -2.0]]), [half, n - half], axis=0)
        X = centres + rng.normal(0.0, 1.0, size=(n, 2))
        t = np.concatenate([np.ones(half, np.int64), np.zeros(n - half, np.int64)])
    else:
        raise ValueError(f"unknown data set {name!r}; choose from {DATASETS}")
    X = X + rng.normal(0.0, noise, size=X.shape) if noise > 0 else X
    return np.clip(X, -EXTENT, EXTENT), t


def holdout_mask(n: int, test_fraction: float, rng: np.random.Generator) -> np.ndarray:
    """Which of ``n`` points are held out for testing, drawn at random.

    Parameters
    ----------
    n : int
    test_fraction : float
        In [0, 1); ``round(n * test_fraction)`` points are held out, at most ``n - 1`` (at
        least one point is left to train on).
    rng : np.random.Generator

    Returns
    -------
    ndarray of bool, shape (n,)
        True for a test point.
    """
    if not 0.0 <= test_fraction < 1.0:
        raise ValueError(f"the test fraction must be in [0, 1), not {test_fraction!r}")
    n_test = min(int(round(n * test_fraction)), n - 1)
    mask = np.zeros(n, dtype=bool)
    mask[rng.permutation(n)[:n_test]] = True
    return mask


FEATURES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "x1": lambda X: X[:, 0],
    "x2": lambda X: X[:, 1],
    "x1^2": lambda X: X[:, 0] ** 2,
    "x2^2": lambda X: X[:, 1] ** 2,
    "x1*x2": lambda X: X[:, 0] * X[:, 1],
    "sin(x1)": lambda X: np.sin(X[:, 0]),
    "sin(x2)": lambda X: np.sin(X[:, 1]),
}
"""The playground's input features, as TensorFlow Playground offers them: name -> feature of
a 2-D batch (N, 2) -> (N,)."""


def feature_matrix(names: Sequence[str], X: np.ndarray) -> np.ndarray:
    """Stack the named features of a batch of 2-D points.

    Parameters
    ----------
    names : sequence of str
        Keys of ``FEATURES``, in the order wanted.
    X : ndarray, shape (N, 2)

    Returns
    -------
    ndarray, shape (N, len(names))

    Raises
    ------
    ValueError
        For an empty selection or an unknown name.
    """
    if isinstance(names, str) or not names:
        raise ValueError("choose at least one input feature")
    unknown = [n for n in names if not isinstance(n, str) or n not in FEATURES]
    if unknown:
        raise ValueError(f"unknown feature(s) {unknown}; choose from {list(FEATURES)}")
    X = np.asarray(X, dtype=np.float64)
    return np.column_stack([FEATURES[n](X) for n in names])


def feature_names(selected: Sequence[str]) -> tuple[str, ...]:
    """The selected feature names in the canonical order of ``FEATURES``."""
    return tuple(n for n in FEATURES if n in set(selected))


def hidden_sizes(text: str) -> tuple[int, ...]:
    """Parse "4, 2" into (4, 2); "" or "0" means no hidden layer.

    Raises
    ------
    ValueError
        For anything that is not a comma-separated list of whole numbers in 1..64.
    """
    parts = [p.strip() for p in str(text).replace(";", ",").split(",") if p.strip()]
    if parts == ["0"]:
        return ()
    try:
        sizes = tuple(int(p) for p in parts)
    except ValueError:
        raise ValueError(f"hidden sizes must be whole numbers like '4, 2', not {text!r}") from None
    if any(not 1 <= s <= 64 for s in sizes):
        raise ValueError("each hidden layer needs between 1 and 64 units")
    return sizes
