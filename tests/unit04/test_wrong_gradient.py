"""A wrong gradient still trains: the demo's bugs, its data and its training loop."""

from __future__ import annotations

import numpy as np
import pytest

from nncourse import wrong_gradient as wg
from nncourse.key.backprop import loss_and_grads

pytestmark = pytest.mark.unit04

NET = {"activation": "tanh", "output": "softmax", "loss": "cross_entropy"}


def _grads():
    rng = np.random.default_rng(1)
    return [(rng.normal(size=(3, 3)), rng.normal(size=3)), (rng.normal(size=(2, 3)), np.ones(2))]


def test_bugs_change_one_tensor_and_leave_the_input_alone():
    grads = _grads()
    before = [(W.copy(), b.copy()) for W, b in grads]
    t = wg.transpose_weight(1)(grads)
    assert np.array_equal(t[0][0], grads[0][0].T) and t[1] is grads[1]
    s = wg.flip_sign(2, 1)(grads)
    assert np.array_equal(s[1][1], -grads[1][1]) and np.array_equal(s[1][0], grads[1][0])
    k = wg.scale_tensor(1, 1, 3.0)(grads)
    assert np.array_equal(k[0][1], 3 * grads[0][1])
    assert all(np.array_equal(a, c) for p, q in zip(grads, before) for a, c in zip(p, q))


def test_two_moons_is_centred_and_labelled():
    X, y = wg.two_moons(50, np.random.default_rng(0))
    assert X.shape == (50, 2) and y.shape == (50,) and set(np.unique(y)) == {0, 1}
    assert np.allclose(X.mean(axis=0), 0.0)


def test_the_demo_story_holds():
    """Correct trains best, transposed W2 still trains, uphill W1 turns and climbs."""
    rng = np.random.default_rng(0)
    X, y = wg.two_moons(100, rng)
    start = wg.init([2, 16, 16, 2], rng)
    runs = {
        name: wg.train(loss_and_grads, X, y, start, NET, 0.3, 300, bug)[0]
        for name, bug in (
            ("right", None),
            ("transposed", wg.transpose_weight(2)),
            ("uphill", wg.flip_sign(1)),
        )
    }
    assert all(len(v) == 301 for v in runs.values())
    assert runs["right"][-1] < runs["transposed"][-1] < runs["transposed"][0] / 3
    assert runs["uphill"].min() < runs["uphill"][0] / 2
    assert runs["uphill"][-1] > runs["uphill"].min() * 1.1


def test_training_leaves_the_start_unchanged():
    rng = np.random.default_rng(0)
    X, y = wg.two_moons(20, rng)
    start = wg.init([2, 4, 2], rng)
    copy = [(W.copy(), b.copy()) for W, b in start]
    losses, end = wg.train(loss_and_grads, X, y, start, NET, 0.1, 5)
    assert losses.shape == (6,) and losses[-1] < losses[0]
    assert all(np.array_equal(a, c) for p, q in zip(start, copy) for a, c in zip(p, q))
