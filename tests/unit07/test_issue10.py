"""Unit 07 and issue 10: weights and state as lists, and the caller's arrays in sgd_epoch."""

from __future__ import annotations

import numpy as np
import pytest

from nncourse.check import unit07 as check
from nncourse.inside.probes.unit07 import arrays_in_state
from nncourse.key import optimizers as opt

pytestmark = pytest.mark.unit07

HIDDEN = 20_261_128
STEPS = ["sgd_step", "momentum_step", "nesterov_step", "rprop_step", "quickprop_step", "adam_step"]


def _listed(value):
    if isinstance(value, dict):
        return {k: _listed(v) for k, v in value.items()}
    return value.tolist() if isinstance(value, np.ndarray) else value


def _as_lists(name):
    def step(w, grad, state=None, **hyper):
        new_w, new_state = getattr(opt, name)(w, grad, state, **hyper)
        return _listed(new_w), _listed(new_state)

    return step


@pytest.mark.parametrize("name", STEPS)
def test_weights_and_state_as_lists_keep_every_point(name):
    for seed in (None, HIDDEN):
        report = getattr(check, name)(_as_lists(name), seed=seed, quiet=True)
        assert report.score == 1.0, [r.message for r in report.results if not r.passed]


@pytest.mark.parametrize("name", ["momentum_step", "adam_step"])
def test_lists_of_wrong_values_are_refused_in_words(name):
    def wrong(w, grad, state=None, **hyper):
        new_w, new_state = getattr(opt, name)(w, grad, state, **hyper)
        return {k: (np.asarray(v) + 0.1).tolist() for k, v in new_w.items()}, _listed(new_state)

    report = getattr(check, name)(wrong, seed=HIDDEN, quiet=True)
    assert report.earned_points == 0
    assert all("wrong values" in r.message for r in report.results)


def test_state_lists_become_arrays_only_where_they_fit_a_weight():
    w0 = {"W": np.zeros((2, 2)), "b": np.zeros(2)}
    state = {
        "t": 3,
        "v": {"W": [[1, 2], [3, 4]], "b": (5.0, 6.0)},
        "history": [1.0, 2.0, 3.0],
        "odd": {"W": [1.0, 2.0], "b": "x"},
    }
    out = arrays_in_state(state, w0)
    assert out["t"] == 3 and out["history"] == [1.0, 2.0, 3.0]
    assert isinstance(out["v"]["W"], np.ndarray) and out["v"]["W"].dtype == np.float64
    assert isinstance(out["v"]["b"], np.ndarray) and out["v"]["b"].tolist() == [5.0, 6.0]
    assert out["odd"] == {"W": [1.0, 2.0], "b": "x"}  # wrong shape: left as the student wrote it


def test_sgd_epoch_that_shuffles_x_in_place_loses_the_points():
    def shuffles(w, grad_fn, X, Y, order, lr=0.1, batch_size=1):
        out = opt.sgd_epoch(w, grad_fn, X.copy(), Y, order, lr=lr, batch_size=batch_size)
        X[:] = X[::-1].copy()
        return out

    report = check.sgd_epoch(shuffles, seed=HIDDEN, quiet=True)
    assert report.earned_points == 0
    assert all("changed the caller's X in place" in r.message for r in report.results)


def test_sgd_epoch_returning_lists_keeps_every_point():
    def listed(w, grad_fn, X, Y, order, lr=0.1, batch_size=1):
        return _listed(opt.sgd_epoch(w, grad_fn, X, Y, order, lr=lr, batch_size=batch_size))

    assert check.sgd_epoch(listed, seed=HIDDEN, quiet=True).score == 1.0
