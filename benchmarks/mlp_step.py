"""Benchmark: one SGD training step of the reference MLP against torch, and its gradient check.

Network 784-256-256-10, ReLU hidden, softmax + cross-entropy, batch 64, float64, one thread for
every BLAS/OpenMP pool. Everything is measured in the same process, interleaved in rounds, and
the best round is reported (the one least disturbed by the rest of the machine):

* numpy: ``nncourse.key.mlp_train.MLPTrainer.sgd_step`` (forward, backward, update);
* torch: the same network from the same weights (``F.linear``, ``relu``, ``cross_entropy``,
  ``loss.backward()``, in-place SGD update), after checking both give the same step;
* GEMM floor: only the eight matrix products a step needs (3 forward, 3 weight gradients,
  2 input gradients), with numpy's BLAS into preallocated outputs;
* the directional gradient check of the same network (``nncourse.key.gradcheck``): seconds per
  tensor, and which tensors it flags for each injected bug (``nncourse.key.buggy_grads.audit``).

Run: ``python benchmarks/mlp_step.py`` (``--rounds``, ``--steps`` to change the effort).
Goals: numpy/torch <= 1.0, floor/numpy >= 0.8, gradient check < 50 ms per tensor.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # before numpy/torch load their thread pools

import argparse  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_info, threadpool_limits  # noqa: E402

from nncourse.key.mlp import init_params  # noqa: E402
from nncourse.key.mlp_train import MLPTrainer  # noqa: E402

SIZES = [784, 256, 256, 10]
BATCH = 64
LR = 1e-3


def _per_step(fn, steps: int) -> float:
    start = time.perf_counter()
    for _ in range(steps):
        fn()
    return (time.perf_counter() - start) / steps


def gemm_floor_fn(params, X):
    """A function running the 8 matrix products of one step (3 forward, 5 backward)."""
    W = [np.ascontiguousarray(w) for w, _ in params]
    n = X.shape[0]
    h = [np.empty((n, w.shape[0])) for w in W]
    dz = [np.random.default_rng(0).normal(size=(n, w.shape[0])) for w in W]
    dW = [np.empty_like(w) for w in W]
    dh = [np.empty((n, w.shape[1])) for w in W]

    def run():
        inp = X
        for i, w in enumerate(W):
            np.matmul(inp, w.T, out=h[i])
            inp = h[i]
        for i in range(len(W) - 1, -1, -1):
            np.matmul(dz[i].T, X if i == 0 else h[i - 1], out=dW[i])
            if i > 0:
                np.matmul(dz[i], W[i], out=dh[i])

    return run


def torch_step_fn(params, X, y):
    """(step function, tensors) for the same network in torch, float64, one thread."""
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(1)
    tensors = [
        torch.tensor(a, dtype=torch.float64, requires_grad=True) for W, b in params for a in (W, b)
    ]
    tX, ty = torch.tensor(X), torch.tensor(y, dtype=torch.int64)

    def step() -> float:
        h = tX
        for i in range(0, len(tensors), 2):
            h = F.linear(h, tensors[i], tensors[i + 1])
            if i + 2 < len(tensors):
                h = torch.relu(h)
        loss = F.cross_entropy(h, ty)
        for p in tensors:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in tensors:
                p.add_(p.grad, alpha=-LR)
        return float(loss.detach())

    return step, tensors


def blas_summary() -> str:
    rows = []
    for pool in threadpool_info():
        rows.append(
            f"{pool.get('internal_api')} {pool.get('version') or ''} "
            f"{pool.get('architecture') or ''} threads={pool.get('num_threads')} "
            f"({os.path.basename(pool.get('filepath', ''))})"
        )
    return "; ".join(rows)


def gradient_check_report(seed: int) -> list[str]:
    """Lines about the directional gradient check: time per tensor and injected bugs caught."""
    try:
        from nncourse.key.buggy_grads import audit
    except ImportError:  # unit 04 not there: time a directional-derivative check inline
        return [_inline_gradient_check(seed)]
    rows, seconds = audit(SIZES, BATCH, seed)
    lines = ["gradient check (key.gradcheck.directional_check, 2 random directions/tensor):"]
    lines.append(
        "  ms per tensor: "
        + ", ".join(f"{k} {1e3 * v:.1f}" for k, v in seconds.items())
        + f"  (max {1e3 * max(seconds.values()):.1f} ms, goal < 50)"
    )
    for row in rows:
        verdict = "ok" if row.flagged == row.expected else "MISMATCH"
        lines.append(f"  [{verdict}] {row.bugs}: flagged {row.flagged or 'nothing'}")
    return lines


def _inline_gradient_check(seed: int) -> str:
    from nncourse.key import backprop

    rng = np.random.default_rng(seed)
    params = init_params(SIZES, rng)
    X, y = rng.normal(size=(BATCH, SIZES[0])), rng.integers(0, SIZES[-1], size=BATCH)
    _, grads = backprop.loss_and_grads(X, y, params, "relu", "softmax", "cross_entropy")
    W, dW = params[0][0], grads[0][0]
    v = rng.normal(size=W.shape)
    v /= np.linalg.norm(v)
    start = time.perf_counter()
    for s in (1, -1):
        backprop.loss_and_grads(
            X,
            y,
            [(W + s * 1e-5 * v, params[0][1]), *params[1:]],
            "relu",
            "softmax",
            "cross_entropy",
        )
    _ = float(np.sum(dW * v))
    return f"inline directional check of W1: {1e3 * (time.perf_counter() - start):.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    threadpool_limits(1)
    rng = np.random.default_rng(args.seed)
    params = init_params(SIZES, rng)
    X = rng.normal(size=(BATCH, SIZES[0]))
    y = rng.integers(0, SIZES[-1], size=BATCH)

    print(f"MLP {'-'.join(map(str, SIZES))}, batch {BATCH}, float64, ReLU, softmax + cross-entropy")
    print(f"numpy {np.__version__}; BLAS: {blas_summary()}")
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        print(f"{var}={os.environ.get(var, '(unset)')}")

    trainer = MLPTrainer(params, BATCH)
    timers = {"numpy": lambda: trainer.sgd_step(X, y, LR), "floor": gemm_floor_fn(params, X)}
    try:
        import torch

        torch_step, tensors = torch_step_fn(params, X, y)
        check = MLPTrainer(params, BATCH)
        loss_np, loss_t = check.sgd_step(X, y, LR), torch_step()
        diff = max(
            float(np.max(np.abs(a - b.detach().numpy())))
            for a, b in zip([a for p in check.params for a in p], tensors)
        )
        print(
            f"torch {torch.__version__} (threads={torch.get_num_threads()}); same first step: "
            f"loss {loss_np:.12f} vs {loss_t:.12f}, max weight difference {diff:.1e}"
        )
        timers["torch"] = torch_step
    except ImportError:
        print("torch is not installed (pip install -e .[bench]): no comparison")

    best = dict.fromkeys(timers, np.inf)
    for fn in timers.values():
        _per_step(fn, 10)  # warm up
    for _ in range(args.rounds):
        for name, fn in timers.items():
            best[name] = min(best[name], _per_step(fn, args.steps))

    print(f"\nbest of {args.rounds} rounds x {args.steps} steps:")
    print(f"  numpy step  {1e3 * best['numpy']:.3f} ms")
    if "torch" in best:
        print(f"  torch step  {1e3 * best['torch']:.3f} ms")
        print(f"  numpy/torch {best['numpy'] / best['torch']:.2f}x   (goal <= 1.0)")
    print(f"  GEMM floor  {1e3 * best['floor']:.3f} ms (the 8 matrix products alone)")
    print(
        f"  floor/numpy {best['floor'] / best['numpy']:.0%} of the floor achieved   (goal >= 80%)"
    )
    print()
    print("\n".join(gradient_check_report(args.seed)))


if __name__ == "__main__":
    main()
