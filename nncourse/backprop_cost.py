"""What backprop costs: multiply-add counts and measured times of the reference MLP.

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
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from nncourse.key import backprop as bp


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


def _best_time(fn: Callable[[], object], repeats: int) -> float:
    fn()  # warm up caches and BLAS buffers
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return float(best)


def time_passes(
    sizes: list[int],
    batch: int,
    rng: np.random.Generator,
    activation: str = "relu",
    repeats: int = 10,
) -> dict[str, float]:
    """Best-of-``repeats`` seconds for forward and backward passes of the reference MLP.

    Parameters
    ----------
    sizes : list of int
        Layer widths.
    batch : int
        Batch size N.
    rng : np.random.Generator
        For the random weights, inputs and upstream gradient.
    activation : str
        Hidden activation.
    repeats : int
        Timed repetitions; the minimum is reported (the least disturbed run).

    Returns
    -------
    dict
        ``forward``: :func:`backprop.forward`; ``backward``: :func:`backprop.backward`
        (no dL/dX, as in training); ``backward_to_input``: :func:`backprop.backward_to_input`.
    """
    params = [
        (rng.normal(0, 1 / np.sqrt(a), size=(b, a)), np.zeros(b))
        for a, b in zip(sizes[:-1], sizes[1:])
    ]
    X = rng.normal(size=(batch, sizes[0]))
    dout = rng.normal(size=(batch, sizes[-1]))
    _, cache = bp.forward(X, params, activation)
    return {
        "forward": _best_time(lambda: bp.forward(X, params, activation), repeats),
        "backward": _best_time(lambda: bp.backward(cache, dout), repeats),
        "backward_to_input": _best_time(lambda: bp.backward_to_input(cache, dout), repeats),
    }


def scaling(
    shapes: list[list[int]], batch: int, rng: np.random.Generator, repeats: int = 5
) -> np.ndarray:
    """Forward + backward seconds for each network shape (e.g. growing depth or width).

    Returns
    -------
    ndarray, shape (len(shapes),)
    """
    out = []
    for sizes in shapes:
        t = time_passes(sizes, batch, rng, repeats=repeats)
        out.append(t["forward"] + t["backward"])
    return np.array(out)
