"""What backprop costs: multiply-add counts, and measured times of *your* backprop.

Per layer with weights (n_out, n_in) and a batch of N rows, the work is three matrix products
of N * n_in * n_out multiply-adds each:

* forward  ``Z = H @ W.T``            (always);
* backward ``dW = dZ.T @ H``          (always);
* backward ``dH = dZ @ W``            (only if something below needs dL/dH).

The first layer's input is the data, so training skips its ``dH``: the backward pass then costs
``(2 L - 1) / L`` forward passes when all layers are equal, and less when the first layer is the
widest (784-256-256-10: about 1.25). "Backward is about twice the forward" holds when every layer
must pass a gradient to its input, as a block inside a bigger model does. Elementwise work
(activations, their derivatives, the bias) is O(N n) per layer and is added on top.

Two kinds of measurement, both pinned to **one BLAS thread** (``threadpoolctl``), so that the
numbers compare work rather than how many cores a library grabbed:

* ``time_products``: only the matrix products of each pass, on random matrices of the layer
  shapes (what the counts above predict): each round times the passes back to back, and a
  ratio is the median over rounds of backward over forward in the same round;
* ``time_loss_and_grads`` and ``scaling``: the function you pass in, e.g. your
  ``mlp_loss_and_grads`` from unit 03 (a forward and a backward pass with the loss).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from threadpoolctl import threadpool_limits


def multiply_adds(sizes: list[int], batch: int, input_grad: bool = False) -> dict[str, int]:
    """Multiply-add counts of the matrix products of one forward and one backward pass.

    Parameters
    ----------
    sizes : list of int
        Layer widths ``[n_in, n_hidden..., n_out]``.
    batch : int
        N.
    input_grad : bool
        Count the product for dL/dX of the first layer too.

    Returns
    -------
    dict
        ``{"forward": int, "backward": int, "ratio": float}``.
    """
    per_layer = [batch * a * b for a, b in zip(sizes[:-1], sizes[1:])]
    forward = sum(per_layer)
    backward = 2 * forward - (0 if input_grad else per_layer[0])
    return {"forward": forward, "backward": backward, "ratio": backward / forward}


def best_time(fn: Callable[[], object], repeats: int) -> float:
    """Best-of-``repeats`` seconds of ``fn()`` on one BLAS thread, after one warm-up call.

    The minimum is the run least disturbed by the rest of the machine. The warm-up call comes
    first, so a function that raises (``NotImplementedError`` from a stub) raises at once.
    """
    with threadpool_limits(limits=1):
        fn()  # warm up caches and BLAS buffers
        best = np.inf
        for _ in range(repeats):
            start = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - start)
    return float(best)


#: The networks the notebook's cost demo times, ``(sizes, batch)``: big enough that the matrix
#: products dominate, small enough to measure in a few seconds. The test of the lecture's range
#: times exactly these.
DEMO_NETWORKS: tuple[tuple[list[int], int], ...] = (
    ([784, 256, 256, 10], 256),
    ([512, 512, 512], 256),
)

#: The lecture's "the backward pass costs about two forward passes", as a range: the counts
#: above predict 1.25 (digit network, no dL/dX) to 2 (every layer passes a gradient on).
LECTURE_RANGE = (1.25, 2.0)

#: How far a measured ratio may stray from the lecture's range: BLAS does not run every matrix
#: shape equally fast (``dZ.T @ H`` sums over the batch, ``H @ W.T`` over the inputs), which
#: moves a measured ratio by up to about a fifth from the counted one on this course's machines.
SHAPE_MARGIN = 1.25


def time_products(
    sizes: list[int], batch: int, rng: np.random.Generator, repeats: int = 11
) -> dict[str, float]:
    """Median seconds for the matrix products alone of one forward and one backward pass.

    See :func:`measure_products` (this returns its ``times``).
    """
    return measure_products(sizes, batch, rng, repeats)[0]


def measure_products(
    sizes: list[int], batch: int, rng: np.random.Generator, repeats: int = 11
) -> tuple[dict[str, float], dict[str, float]]:
    """Times and backward/forward ratios of the matrix products of one forward and backward pass.

    Each product runs on random matrices of the layer's shapes (the values do not matter for the
    time), on one BLAS thread. Each round times the three passes back to back (in a rotating
    order), each pass as the best of three runs (the least interrupted one), and divides the
    backward passes' times by the forward one of the same round, so a busy machine slows what is
    compared alike. A ratio is the median of its ``repeats`` rounds; a time is the median of a
    pass's times over the rounds.

    Parameters
    ----------
    sizes : list of int
        Layer widths.
    batch : int
        Batch size N.
    rng : np.random.Generator
        For the random matrices.
    repeats : int
        Timed rounds.

    Returns
    -------
    times : dict
        Seconds for ``forward`` (``H @ W.T`` per layer), ``backward`` (``dZ.T @ H`` per layer and
        ``dZ @ W`` for every layer but the first, as in training) and ``backward_to_input`` (all
        of them).
    ratios : dict
        ``backward`` and ``backward_to_input`` over ``forward``, median of the rounds' ratios.
    """
    shapes = list(zip(sizes[:-1], sizes[1:]))
    H = [rng.normal(size=(batch, a)) for a, _ in shapes]
    W = [rng.normal(size=(b, a)) for a, b in shapes]
    dZ = [rng.normal(size=(batch, b)) for _, b in shapes]

    def forward() -> None:
        for h, w in zip(H, W):
            np.matmul(h, w.T)

    def backward(first: int) -> None:
        for layer, (h, w, dz) in enumerate(zip(H, W, dZ)):
            np.matmul(dz.T, h)
            if layer >= first:
                np.matmul(dz, w)

    passes = {
        "forward": forward,
        "backward": lambda: backward(1),
        "backward_to_input": lambda: backward(0),
    }
    names = list(passes)
    rounds: list[dict[str, float]] = []
    with threadpool_limits(limits=1):
        for run in passes.values():
            run()  # warm up caches and BLAS buffers
        for k in range(repeats):
            seconds = {}
            for name in names[k % 3 :] + names[: k % 3]:  # rotate the order
                best = np.inf
                for _ in range(3):
                    start = time.perf_counter()
                    passes[name]()
                    best = min(best, time.perf_counter() - start)
                seconds[name] = best
            rounds.append(seconds)
    times = {name: float(np.median([r[name] for r in rounds])) for name in names}
    ratios = {
        name: float(np.median([r[name] / r["forward"] for r in rounds]))
        for name in ("backward", "backward_to_input")
    }
    return times, ratios


def random_problem(
    sizes: list[int], batch: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
    """``(X, y, params)`` for a network of ``sizes``: linear output, real targets (N, n_out)."""
    params = [
        (rng.normal(0, 1 / np.sqrt(a), size=(b, a)), np.zeros(b))
        for a, b in zip(sizes[:-1], sizes[1:])
    ]
    X = rng.normal(size=(batch, sizes[0]))
    y = rng.normal(size=(batch, sizes[-1]))
    return X, y, params


def time_loss_and_grads(
    loss_and_grads: Callable,
    sizes: list[int],
    batch: int,
    rng: np.random.Generator,
    activation: str = "relu",
    repeats: int = 10,
) -> float:
    """Best-of-``repeats`` seconds of ``loss_and_grads`` on a random problem, one BLAS thread.

    Parameters
    ----------
    loss_and_grads : callable
        ``loss_and_grads(X, y, params, activation, output, loss)`` returning
        ``(loss, [(dW, db), ...])``: your ``mlp_loss_and_grads``. It is called with
        ``output="linear"`` and ``loss="squared"``.
    sizes, batch, rng, activation, repeats
        The network, the batch size, the random numbers, the hidden activation and the number
        of timed calls.

    Raises
    ------
    NotImplementedError
        At once, if ``loss_and_grads`` is still the stub.
    """
    X, y, params = random_problem(sizes, batch, rng)
    return best_time(lambda: loss_and_grads(X, y, params, activation, "linear", "squared"), repeats)


def scaling(
    loss_and_grads: Callable,
    shapes: list[list[int]],
    batch: int,
    rng: np.random.Generator,
    repeats: int = 5,
) -> np.ndarray:
    """Seconds of ``loss_and_grads`` (forward + backward) for each network shape.

    Parameters
    ----------
    loss_and_grads : callable
        As in :func:`time_loss_and_grads` (your ``mlp_loss_and_grads``).
    shapes : list of list of int
        Layer widths of each network (e.g. growing depth or width).

    Returns
    -------
    ndarray, shape (len(shapes),)
    """
    return np.array(
        [time_loss_and_grads(loss_and_grads, s, batch, rng, repeats=repeats) for s in shapes]
    )
