"""Benchmark: one playground training step (one epoch of mini-batch SGD) against torch CPU.

Issue 5 asks for a step under 20 ms at the default size so the widget feels live. This script
measures ``nncourse.playground.Trainer.step`` at the default ``Config`` (XOR, 200 points of
which 100 train, two hidden layers of 4, tanh, batches of 10: 10 updates per step, then the
training and test losses) and the same epoch written in torch (float64, one thread, same
training points, weights and batch order), and
prints both times, the ratio and the budget. Run: ``python benchmarks/playground_step.py``.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import time  # noqa: E402

import numpy as np  # noqa: E402

from nncourse import playground as pg  # noqa: E402

BUDGET_MS = 20.0
ROUNDS, STEPS = 7, 50


def best_ms(step) -> float:
    """Best mean time of ``STEPS`` calls over ``ROUNDS`` rounds, in ms."""
    step()
    best = np.inf
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for _ in range(STEPS):
            step()
        best = min(best, (time.perf_counter() - start) / STEPS)
    return best * 1e3


def torch_step(trainer: pg.Trainer):
    """The same epoch in torch: returns a callable doing one step."""
    import torch

    torch.set_num_threads(1)
    cfg = trainer.config
    F = torch.from_numpy(trainer.F[~trainer.is_test])
    t = torch.from_numpy(np.asarray(trainer.t[~trainer.is_test], dtype=np.int64))
    F_test = torch.from_numpy(trainer.F[trainer.is_test])
    t_test = torch.from_numpy(np.asarray(trainer.t[trainer.is_test], dtype=np.int64))
    params = [
        (torch.tensor(W, requires_grad=True), torch.tensor(b, requires_grad=True))
        for W, b in trainer.params
    ]
    act = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid}[cfg.activation]
    rng = np.random.default_rng(cfg.seed)

    def forward(x):
        for i, (W, b) in enumerate(params):
            x = x @ W.T + b
            if i < len(params) - 1:
                x = act(x)
        return x

    def step():
        order = torch.from_numpy(rng.permutation(len(t)))
        for start in range(0, len(t), cfg.batch_size):
            batch = order[start : start + cfg.batch_size]
            loss = torch.nn.functional.cross_entropy(forward(F[batch]), t[batch])
            grads = torch.autograd.grad(loss, [p for pair in params for p in pair])
            with torch.no_grad():
                for p, g in zip([p for pair in params for p in pair], grads):
                    p -= cfg.lr * g
        with torch.no_grad():
            test = float(torch.nn.functional.cross_entropy(forward(F_test), t_test))
            return float(torch.nn.functional.cross_entropy(forward(F), t)), test

    return step


def main() -> None:
    trainer = pg.Trainer(pg.Config())
    ours = best_ms(trainer.step)
    print(f"playground default step ({pg.Config()}):")
    print(f"  nncourse numpy  {ours:6.2f} ms   (budget {BUDGET_MS:.0f} ms: {ours / BUDGET_MS:.0%})")
    try:
        theirs = best_ms(torch_step(pg.Trainer(pg.Config())))
    except ImportError:
        print("  torch not installed (pip install -e '.[bench]'): no peer figure")
        return
    print(f"  torch CPU       {theirs:6.2f} ms")
    print(f"  numpy / torch   {ours / theirs:6.2f}x")


if __name__ == "__main__":
    main()
