"""What one hidden layer can express: random-feature fits and counting linear regions of ReLU nets.

Two demos of unit 02:

* universal approximation -- a wide hidden layer of random units, with only the output layer
  fitted, is a linear least-squares problem (convex) and already fits a 1-D function well;
* linear regions -- a ReLU network is piecewise linear; its pieces are the distinct on/off
  patterns of its hidden units, which we count along a line or on a 2-D grid.
"""

from __future__ import annotations

import numpy as np

from nncourse.engine import unit


def random_features(
    x: np.ndarray,
    width: int,
    rng: np.random.Generator,
    activation: str = "tanh",
    scale: float = 3.0,
) -> np.ndarray:
    """Hidden-layer outputs of ``width`` random units on 1-D inputs, plus a constant column.

    Parameters
    ----------
    x : ndarray, shape (N,)
    width : int
        Number of hidden units.
    rng : np.random.Generator
    activation : str
        Hidden unit name, one of ``nncourse.engine.HIDDEN_UNITS``.
    scale : float
        Standard deviation of the random input weights; biases place each unit's kink or
        transition uniformly over the data range.

    Returns
    -------
    ndarray, shape (N, width + 1)
    """
    x = np.asarray(x, dtype=np.float64)
    w = rng.normal(0.0, scale, size=width)
    centres = rng.uniform(x.min(), x.max(), size=width)
    H = unit(activation, np.outer(x, w) - w * centres)
    return np.hstack([H, np.ones((x.shape[0], 1))])


def fit_output_layer(H: np.ndarray, y: np.ndarray, ridge: float = 1e-8) -> np.ndarray:
    """Least-squares output weights v minimising ||H v - y||^2 + ridge ||v||^2 (a convex problem).

    Parameters
    ----------
    H : ndarray, shape (N, M)
        Hidden-layer outputs.
    y : ndarray, shape (N,)

    Returns
    -------
    ndarray, shape (M,)
    """
    M = H.shape[1]
    return np.linalg.solve(H.T @ H + ridge * np.eye(M), H.T @ y)


def approximation_errors(
    f, widths: list[int], rng: np.random.Generator, n: int = 400, activation: str = "tanh"
) -> dict[int, float]:
    """Max error of the random-feature fit of ``f`` on [-3, 3] for each width.

    Parameters
    ----------
    f : callable
        Target function of one variable, vectorised over numpy arrays.
    widths : list of int

    Returns
    -------
    dict
        width -> max |fit(x) - f(x)| on a fine grid.
    """
    x = np.linspace(-3.0, 3.0, n)
    y = f(x)
    errors = {}
    for width in widths:
        H = random_features(x, width, rng, activation)
        v = fit_output_layer(H, y)
        errors[width] = float(np.max(np.abs(H @ v - y)))
    return errors


def activation_patterns(X: np.ndarray, params: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """On/off pattern of every hidden ReLU unit for each input row.

    Parameters
    ----------
    X : ndarray, shape (N, n_in)
    params : list of (W, b)
        The network; every layer but the last is ReLU.

    Returns
    -------
    ndarray of bool, shape (N, total hidden units)
    """
    h = np.asarray(X, dtype=np.float64)
    patterns = []
    for W, b in params[:-1]:
        z = h @ W.T + b
        patterns.append(z > 0)
        h = unit("relu", z)
    return np.hstack(patterns) if patterns else np.zeros((h.shape[0], 0), dtype=bool)


def count_regions_on_line(
    params: list[tuple[np.ndarray, np.ndarray]], start: np.ndarray, end: np.ndarray, n: int = 20001
) -> int:
    """Number of linear pieces of a ReLU net along the segment from ``start`` to ``end``.

    Counts changes of the activation pattern between consecutive points of a fine sampling;
    pieces shorter than the sampling step can be missed, so use a large ``n``.
    """
    t = np.linspace(0.0, 1.0, n)[:, None]
    X = (1.0 - t) * np.asarray(start, dtype=np.float64) + t * np.asarray(end, dtype=np.float64)
    P = activation_patterns(X, params)
    return int(1 + np.count_nonzero(np.any(P[1:] != P[:-1], axis=1)))


def count_regions_on_grid(
    params: list[tuple[np.ndarray, np.ndarray]], lim: float = 3.0, n: int = 300
) -> tuple[int, np.ndarray]:
    """Distinct activation patterns of a 2-input ReLU net on an n x n grid over [-lim, lim]^2.

    Returns
    -------
    count : int
        Number of distinct patterns seen (a lower bound on the number of linear regions).
    labels : ndarray of int, shape (n, n)
        Region index of each grid point, for drawing.
    """
    g = np.linspace(-lim, lim, n)
    xx, yy = np.meshgrid(g, g)
    P = activation_patterns(np.column_stack([xx.ravel(), yy.ravel()]), params)
    _, labels = np.unique(P, axis=0, return_inverse=True)
    labels = labels.reshape(n, n)
    return int(labels.max() + 1), labels


def sawtooth_net(depth: int, lim: float = 3.0) -> list[tuple[np.ndarray, np.ndarray]]:
    """A 2-input ReLU net of ``depth`` layers of 2 units that folds the x1 axis ``depth`` times.

    With ``u = (x1 + lim) / (2 lim)`` in [0, 1], every layer applies the tent map
    ``t(u) = 2u`` for ``u <= 1/2`` and ``2 - 2u`` after, written with two ReLUs:
    ``t(u) = 2 (relu(u + 1) - 1) - 4 relu(u - 1/2)`` (the first unit is on for every u >= -1,
    so every activation change is a fold). ``depth`` tents in a row give a sawtooth with
    ``2**depth`` linear pieces from ``2 * depth`` hidden units, where one layer of as many
    units cuts any line into at most ``2 * depth + 1`` pieces (Montufar et al., 2014;
    Telgarsky, 2016). x2 is ignored.

    Parameters
    ----------
    depth : int
        Number of hidden layers (at least 1).
    lim : float
        The x1 range [-lim, lim] mapped onto [0, 1].

    Returns
    -------
    list of (W, b)
        ``depth`` hidden layers (W of shape (2, 2), b of shape (2,)) and a linear output layer
        (W of shape (1, 2), b of shape (1,)), in the layout of ``activation_patterns``.
    """
    scale = 1.0 / (2.0 * lim)
    first = (np.array([[scale, 0.0], [scale, 0.0]]), np.array([0.5 + 1.0, 0.5 - 0.5]))
    fold = np.array([[2.0, -4.0], [2.0, -4.0]])
    inner = (fold, np.array([-2.0 + 1.0, -2.0 - 0.5]))
    out = (np.array([[2.0, -4.0]]), np.array([-2.0]))
    return [first] + [(W.copy(), b.copy()) for W, b in [inner] * (depth - 1)] + [out]


def pieces_by_units(units: list[int], seeds: int = 5, lim: float = 3.0) -> dict[str, list[float]]:
    """Linear pieces along the diagonal of [-lim, lim]^2 for nets of a given number of units.

    For each total number of hidden units ``n`` (even): the sawtooth of ``n // 2`` layers of 2,
    and the mean over ``seeds`` random nets (standard normal weights and biases) of one layer of
    ``n`` units and of ``n // 2`` layers of 2 units.

    Returns
    -------
    dict
        ``"sawtooth (layers of 2)"``, ``"random, one layer"``, ``"random, layers of 2"`` ->
        one count per entry of ``units``.
    """
    start, end = np.array([-lim, -lim]), np.array([lim, lim])
    result: dict[str, list[float]] = {
        "sawtooth (layers of 2)": [],
        "random, one layer": [],
        "random, layers of 2": [],
    }
    for n in units:
        result["sawtooth (layers of 2)"].append(
            float(count_regions_on_line(sawtooth_net(n // 2, lim), start, end))
        )
        for key, sizes in (
            ("random, one layer", [2, n, 1]),
            ("random, layers of 2", [2] + [2] * (n // 2) + [1]),
        ):
            counts = []
            for seed in range(seeds):
                rng = np.random.default_rng(seed)
                params = [
                    (rng.normal(size=(o, i)), rng.normal(size=o)) for i, o in zip(sizes, sizes[1:])
                ]
                counts.append(count_regions_on_line(params, start, end))
            result[key].append(float(np.mean(counts)))
    return result


def tent_iterates(u: np.ndarray, depth: int) -> np.ndarray:
    """The tent map ``t(u) = 1 - |2u - 1|`` applied ``depth`` times: the sawtooth net's output.

    Parameters
    ----------
    u : ndarray, shape (M,), values in [0, 1]
    depth : int

    Returns
    -------
    ndarray, shape (M,)
    """
    v = np.asarray(u, dtype=np.float64)
    for _ in range(int(depth)):
        v = 1.0 - np.abs(2.0 * v - 1.0)
    return v
