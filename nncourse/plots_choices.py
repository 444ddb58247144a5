"""Figures for unit 02's choices: which activation, which loss, how deep; and pictures of the
student's softmax, Jacobian and network.

Compute lives in ``nncourse.deep_stacks`` and ``nncourse.expressivity``; these functions draw.
The figures of graded material call the functions they are given (the student's own): while one
still raises ``NotImplementedError`` they print one line naming the exercise and return None.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from matplotlib.figure import Figure

from nncourse.expressivity import tent_iterates


def plot_gradient_norms(
    norms: dict[str, np.ndarray], shifts: np.ndarray, dead: np.ndarray
) -> Figure:
    """Left: gradient norm per layer of deep stacks (log scale). Right: dead ReLUs per bias.

    Parameters
    ----------
    norms : dict
        label -> ndarray of shape (depth + 1,), from ``deep_stacks.gradient_norms``.
    shifts : ndarray, shape (S,)
        Bias given to every ReLU unit.
    dead : ndarray, shape (S,)
        Share of units off for every input, from ``deep_stacks.dead_fraction``.
    """
    fig = Figure(figsize=(9, 3.2), layout="constrained")
    left, right = fig.subplots(1, 2, width_ratios=(1.4, 1))
    for label, values in norms.items():
        left.semilogy(np.arange(len(values)), values, "o-", ms=3, label=label)
    left.set_xlabel("layer  (0 = input, top = where the gradient starts)")
    left.set_ylabel("mean ||dL/dh||")
    left.set_title("gradient reaching each layer, random init", fontsize=9)
    left.legend(fontsize=7)
    right.plot(shifts, 100 * np.asarray(dead), "o-", ms=3, color="C3")
    right.set_xlabel("bias of every ReLU unit")
    right.set_ylabel("% units off for every input")
    right.set_title("dead ReLUs", fontsize=9)
    right.invert_xaxis()
    return fig


def plot_margin_losses(m: np.ndarray, losses: dict[str, np.ndarray]) -> Figure:
    """Each classification loss against the margin ``m = y f(x)``.

    Parameters
    ----------
    m : ndarray, shape (M,)
    losses : dict
        name -> ndarray of shape (M,), e.g. ``deep_stacks.margin_losses(m)``.
    """
    fig = Figure(figsize=(6, 3.2), layout="constrained")
    ax = fig.subplots()
    for name, values in losses.items():
        style = {"drawstyle": "steps-post", "color": "k", "lw": 2} if name == "0-1" else {}
        ax.plot(m, values, label=name, **style)
    ax.axvline(0, color="0.8", lw=0.8)
    ax.set_ylim(-0.1, 4.0)
    ax.set_xlabel("margin  m = y f(x)   (m > 0: right side)")
    ax.set_ylabel("loss")
    ax.legend(fontsize=8)
    return fig


def plot_softmax_temperatures(scores: np.ndarray, temperatures: tuple[float, ...]) -> Figure:
    """Bars of ``softmax(scores / T)`` for each temperature T: the same ranking, sharper or flatter.

    Parameters
    ----------
    scores : ndarray, shape (C,)
    temperatures : tuple of float
    """
    scores = np.asarray(scores, dtype=np.float64)
    fig = Figure(figsize=(min(9.0, 2.6 * len(temperatures)), 2.6), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(temperatures), sharey=True))
    for ax, temp in zip(axes, temperatures):
        e = np.exp((scores - scores.max()) / temp)
        ax.bar(np.arange(len(scores)), e / e.sum(), color="C0")
        ax.set_title(f"T = {temp:g}", fontsize=9)
        ax.set_xticks(np.arange(len(scores)))
        ax.set_xlabel("class")
    axes[0].set_ylabel("probability")
    return fig


def plot_jacobian(jacobian: Callable, z: np.ndarray, exercise: str) -> Figure | None:
    """Heat map of ``jacobian(z)``, the matrix of d y_i / d z_j, with its entries written in.

    Parameters
    ----------
    jacobian : callable
        ``z (C,) -> (C, C)`` (in the notebook: your own).
    z : ndarray, shape (C,)
    exercise : str
        What brings the figure to life, for the one line printed while it is a stub.
    """
    try:
        J = np.asarray(jacobian(np.asarray(z, dtype=np.float64)), dtype=float)
    except NotImplementedError:
        print(f"{exercise} brings this figure to life.")
        return None
    fig = Figure(figsize=(3.4, 3.0), layout="constrained")
    ax = fig.subplots()
    bound = float(np.max(np.abs(J))) or 1.0
    image = ax.imshow(J, cmap="RdBu_r", vmin=-bound, vmax=bound)
    for (i, j), value in np.ndenumerate(J):
        ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize=7)
    ax.set_xlabel("j  (score raised)")
    ax.set_ylabel("i  (probability)")
    fig.colorbar(image, ax=ax, shrink=0.8)
    return fig


def plot_network_outputs(
    forward: Callable, activations: tuple[str, ...], exercise: str, seed: int = 0
) -> Figure | None:
    """The output of random 1-16-16-1 networks over x in [-3, 3], computed by ``forward``.

    Parameters
    ----------
    forward : callable
        ``forward(X (N, 1), params, activation) -> (N, 1)`` (in the notebook: your own).
    activations : tuple of str
        One curve per activation name, all with the same weights.
    exercise : str
        What brings the figure to life, for the one line printed while it is a stub.
    seed : int
    """
    rng = np.random.default_rng(seed)
    sizes = [1, 16, 16, 1]
    params = [(rng.normal(size=(o, i)), rng.normal(size=o)) for i, o in zip(sizes, sizes[1:])]
    x = np.linspace(-3.0, 3.0, 601)
    curves = {}
    try:
        for name in activations:
            out = forward(x[:, None], [(W.copy(), b.copy()) for W, b in params], name)
            curves[name] = np.asarray(out, dtype=float).reshape(-1)
    except NotImplementedError:
        print(f"{exercise} brings this figure to life.")
        return None
    fig = Figure(figsize=(min(9.0, 2.6 * len(curves)), 2.6), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(curves)))
    for ax, (name, y) in zip(axes, curves.items()):
        ax.plot(x, y, color="C2")
        ax.set_title(f"{name} hidden units", fontsize=9)
        ax.set_xlabel("x")
    return fig


def plot_sawtooth(
    depths: tuple[int, ...], units: list[int], pieces: dict[str, list[float]]
) -> Figure:
    """Left: the sawtooth net's output for a few depths. Right: pieces against hidden units.

    Parameters
    ----------
    depths : tuple of int
        Depths whose output (``tent_iterates``) is drawn over u in [0, 1].
    units : list of int
        Numbers of hidden units, the x axis on the right.
    pieces : dict
        label -> one count per entry of ``units``, from ``expressivity.pieces_by_units``.
    """
    u = np.linspace(0.0, 1.0, 1025)
    fig = Figure(figsize=(9, 3.0), layout="constrained")
    left, right = fig.subplots(1, 2)
    for k in depths:
        left.plot(u, tent_iterates(u, k), label=f"{k} layers ({2**k} pieces)")
    left.set_xlabel("u = (x1 + 3) / 6")
    left.set_title("the constructed net: tent maps composed", fontsize=9)
    left.set_ylim(-0.45, 1.05)
    left.legend(fontsize=6, loc="lower center", ncol=3)
    for label, counts in pieces.items():
        right.plot(units, counts, "o-", ms=3, label=label)
    right.set_yscale("log", base=2)
    right.set_xlabel("hidden units in total")
    right.set_ylabel("pieces along the diagonal")
    right.set_title("linear pieces on a line", fontsize=9)
    right.legend(fontsize=7)
    return fig


def plot_overflow(z_min: float = -800.0) -> Figure:
    """Where ``exp(-z)`` leaves float64: ``log10 exp(-z) = -z / ln 10`` against the largest float.

    Parameters
    ----------
    z_min : float
        Left end of the z axis (the right end is 0).
    """
    z = np.linspace(z_min, 0.0, 401)
    largest = np.log10(np.finfo(np.float64).max)
    edge = -largest * np.log(10.0)
    fig = Figure(figsize=(5.5, 2.6), layout="constrained")
    ax = fig.subplots()
    ax.plot(z, -z / np.log(10.0), label="log10 of exp(-z)")
    ax.axhline(largest, color="C3", ls="--", lw=1, label=f"largest float64 = 10^{largest:.2f}")
    ax.axvspan(z_min, edge, color="C3", alpha=0.1)
    ax.annotate(
        f"z = {edge:.1f}: exp(-z) = inf",
        (edge, largest),
        xytext=(edge + 60, 120),
        fontsize=8,
        arrowprops={"arrowstyle": "->"},
    )
    ax.set_xlabel("z")
    ax.legend(fontsize=7, loc="lower left")
    return fig
