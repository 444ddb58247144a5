"""Figure for unit 01: the XOR inputs as the hidden layer of a step network sees them.

The network is the student's own (exercise 1.3); while it is a stub the figure prints one line
naming the exercise and returns None.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from matplotlib.figure import Figure


def plot_hidden_view(
    network: Callable, X: np.ndarray, t: np.ndarray, exercise: str
) -> Figure | None:
    """Left: the inputs in the plane. Right: the same points at the hidden layer, with the line
    the output unit draws there.

    Parameters
    ----------
    network : callable
        ``network() -> [(W1 (2, 2), b1 (2,)), (W2 (1, 2), b2 (1,))]``, a step network (in the
        notebook: your own ``threshold_xor``); ``step(z) = 1`` for ``z >= 0``.
    X : ndarray, shape (4, 2)
        The 0/1 inputs.
    t : ndarray, shape (4,)
        Their 0/1 targets.
    exercise : str
        What brings the figure to life, for the one line printed while it is a stub.
    """
    try:
        (W1, b1), (W2, b2) = network()
    except NotImplementedError:
        print(f"{exercise} brings this figure to life.")
        return None
    W1, b1 = np.asarray(W1, dtype=float).reshape(2, 2), np.asarray(b1, dtype=float).reshape(2)
    W2, b2 = np.asarray(W2, dtype=float).reshape(2), float(np.ravel(b2)[0])
    X = np.asarray(X, dtype=float)
    H = (X @ W1.T + b1 >= 0).astype(float)
    fig = Figure(figsize=(6.4, 3.2), layout="constrained")
    axes = fig.subplots(1, 2)
    for ax, P, names in ((axes[0], X, ("x1", "x2")), (axes[1], H, ("h1", "h2"))):
        jitter = np.zeros_like(P)
        if P is H:  # points that land on the same hidden pattern are drawn side by side
            _, first = np.unique(P, axis=0, return_index=True)
            repeated = np.setdiff1d(np.arange(len(P)), first)
            jitter[repeated] = 0.06
        for cls, marker, colour in ((1, "o", "C1"), (0, "s", "C0")):
            rows = np.asarray(t) == cls
            ax.scatter(
                *(P + jitter)[rows].T, marker=marker, s=70, color=colour, label=f"XOR = {cls}"
            )
        for p, x in zip(P + jitter, X):
            ax.annotate(
                f"({x[0]:.0f},{x[1]:.0f})", p, textcoords="offset points", xytext=(6, 4), fontsize=7
            )
        ax.set_xlim(-0.4, 1.5)
        ax.set_ylim(-0.4, 1.5)
        ax.set_xlabel(names[0])
        ax.set_ylabel(names[1])
        ax.set_aspect("equal")
    axes[0].set_title("inputs: no line separates", fontsize=9)
    axes[1].set_title("hidden layer: your output unit's line", fontsize=9)
    grid = np.linspace(-0.4, 1.5, 2)
    if abs(W2[1]) > 1e-12:
        axes[1].plot(grid, -(W2[0] * grid + b2) / W2[1], "k--", lw=1)
    elif abs(W2[0]) > 1e-12:
        axes[1].axvline(-b2 / W2[0], color="k", ls="--", lw=1)
    axes[0].legend(fontsize=7, loc="upper right")
    return fig
