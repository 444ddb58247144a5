"""07.sgd_epoch: one epoch of mini-batch SGD in a given order, the last batch possibly smaller."""

from __future__ import annotations

from typing import Any

import numpy as np

from nncourse.check.exercise import Case, Exercise, judge, register
from nncourse.check.judge import Verdict, all_of, expect_array, fail, ok
from nncourse.check.unit07.common import PURE_HINT

HINT = (
    "for start in range(0, N, batch_size): idx = order[start:start + batch_size]; "
    "w, _ = sgd_step(w, grad_fn(w, X[idx], Y[idx]), None, lr=lr)"
)


def _batches_verdict(batches: Any, expected: list) -> Verdict:
    """What was wrong with the batches grad_fn was asked about, in words (or a pass)."""
    if not isinstance(batches, list):
        return ok()
    sizes = [len(b) for b in batches]
    want = [len(b) for b in expected]
    if sizes == want and all(list(b) == list(e) for b, e in zip(batches, expected)):
        return ok()
    if sizes == want[:-1] and want[-1] < want[0]:
        return fail(
            "grad_fn was never asked about the last, smaller batch",
            wanted=f"{len(want)} batches of sizes {want}",
            got=f"batch sizes {sizes}",
            hint="the last batch may be smaller than batch_size and still counts: "
            "range(0, N, batch_size) visits it",
            mistake="the last partial batch dropped",
        )
    if sizes == want:
        return fail(
            "the batches held other rows than order asks for",
            wanted="batch i = order[i*batch_size:(i+1)*batch_size]",
            got=f"rows {batches[0]} in the first batch",
            hint="take the rows through order: X[order[start:start + batch_size]]",
            mistake="the rows visited in another order",
        )
    return fail(
        f"grad_fn was called {len(sizes)} time(s) with batch sizes {sizes}",
        wanted=f"{len(want)} batches of sizes {want}",
        got=f"batch sizes {sizes}",
        hint=HINT,
    )


def judge_epoch(got: Any, *, expected_w: dict, expected_batches: list) -> Verdict:
    """The weights after the epoch; when wrong, say what was wrong with the batches."""
    if not isinstance(got, dict) or "w" not in got:
        return fail("the run could not be recorded")
    w = got["w"]
    if not isinstance(w, dict) or set(w) != set(expected_w):
        keys = ", ".join(repr(k) for k in expected_w)
        return fail(
            "sgd_epoch should return the weights as a dict",
            wanted=f"a dict with the keys {keys}",
            got="None" if w is None else f"a {type(w).__name__}",
            hint="return the dict of weights after the last step",
        )
    for key in sorted(expected_w):
        v = expect_array(w[key], expected_w[key], name=f"w[{key!r}] after the epoch", hint=HINT)
        if not v.passed:
            return all_of(_batches_verdict(got.get("batches"), expected_batches), v)
    if not got.get("w_unchanged", True):
        return fail(
            "the values are right, but sgd_epoch changed the caller's w in place",
            wanted="the caller's w unchanged",
            hint=PURE_HINT,
        )
    changed = got.get("inputs_changed") or []
    if changed:
        names = " and ".join(changed)
        return fail(
            f"the values are right, but sgd_epoch changed the caller's {names} in place",
            wanted="the caller's X, Y and order unchanged",
            hint="take the rows of each batch with X[idx] (a new array); never shuffle or "
            "write into X, Y or order",
        )
    return ok()


def _cases(rng: np.random.Generator) -> list[Case]:
    from nncourse.inside.probes import PROBES
    from nncourse.key.optimizers import sgd_epoch

    cases = []
    for name, n, batch, shuffled in (
        ("batches of 4 from 10 rows (the last holds 2)", 10, 4, True),
        ("single samples: batch_size = 1", 6, 1, True),
        ("the whole set as one batch: gradient descent", 8, 8, False),
        ("batches of 3 from 9 rows in a shuffled order", 9, 3, True),
    ):
        X, Y = rng.normal(size=(n, 3)), rng.normal(size=(n, 2))
        w0 = {"W": rng.normal(size=(2, 3)), "b": rng.normal(size=2)}
        order = rng.permutation(n) if shuffled else np.arange(n)
        lr = float(rng.uniform(0.05, 0.3))
        ref = PROBES["sgd_epoch_run"]((sgd_epoch,), w0, X, Y, order, lr, batch)
        cases.append(
            Case(
                name=name,
                call=f"sgd_epoch(w, grad_fn, X of shape {X.shape}, Y of shape {Y.shape}, "
                f"order={order.tolist()}, lr={lr:.3g}, batch_size={batch})",
                judge=judge(judge_epoch, expected_w=ref["w"], expected_batches=ref["batches"]),
                args=(w0, X, Y, order, lr, batch),
                probe="sgd_epoch_run",
            )
        )
    return cases


sgd_epoch = register(Exercise("07.sgd_epoch", "Mini-batch SGD, one epoch", ("sgd_epoch",), _cases))
