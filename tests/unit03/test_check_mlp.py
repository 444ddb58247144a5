"""The MLP-backprop checker: passes right answers, names the wrong tensor and the typical bug."""

from __future__ import annotations

import numpy as np
import pytest

from nncourse.check import unit03
from nncourse.key import backprop

from .students import mlp_student

pytestmark = pytest.mark.unit03


def _report(fn, **kw):
    return unit03.mlp_backprop(fn, quiet=True, **kw)


def _case(report, start: str):
    return next(r for r in report.results if r.name.startswith(start))


def test_reference_passes():
    assert _report(backprop.loss_and_grads).passed


def test_independent_student_answer_passes_visible_and_hidden_seeds():
    for seed in (None, 3, 99):
        report = _report(mlp_student(), seed=seed)
        assert report.passed, repr(report)


def test_float32_gradients_are_accepted_at_float32_precision():
    assert _report(mlp_student("float32")).passed


def test_transposed_weight_gradient_is_named():
    report = _report(mlp_student("transposed"))
    assert not report.passed
    one_layer = _case(report, "one layer")
    assert "dW1 looks transposed" in one_layer.message
    square = _case(report, "square weights")
    assert "dW2 is wrong: it equals the transpose" in square.message
    assert "dZ.T @ H" in square.hint


def test_missing_activation_derivative_is_named():
    report = _report(mlp_student("no_act_grad"))
    assert _case(report, "one layer").passed  # no hidden layer, nothing to miss
    r = _case(report, "two layers")
    assert r.message.startswith(
        "dW1 is wrong: it matches the gradient computed without the activation derivative"
    )
    assert "right: dW2, db2" in r.message
    assert "g'(Z)" in r.hint


def test_loss_gradient_times_two_is_named():
    report = _report(mlp_student("loss_x2"))
    r = _case(report, "two layers")
    assert "dW2 is wrong: it is twice the right value" in r.message
    assert "1/2 cancels" in r.hint
    assert _case(report, "tanh, softmax + cross-entropy").passed


def test_bias_summed_over_the_wrong_axis_is_named():
    r = _case(_report(mlp_student("db_wrong_axis")), "two layers")
    assert "db2 has shape (6,): it was summed over the units instead of the batch" in r.message
    assert "axis=0" in r.hint


def test_bias_not_divided_by_batch_is_named():
    report = _report(mlp_student("db_not_divided"))
    r = _case(report, "two layers")
    assert "db2 is wrong: it is N = 6 times the right value" in r.message
    assert "wrong: db2, db1; right: dW2, dW1" in r.message
    assert _case(report, "a batch of one example").passed  # N = 1 cannot tell


def test_softmax_backward_without_outer_term_is_named():
    report = _report(mlp_student("softmax_no_outer"))
    r = _case(report, "ReLU, softmax + squared loss")
    assert "matches a softmax backward without the -y y^T term" in r.message
    assert r.message.startswith("dW2 is wrong")
    assert _case(report, "tanh, softmax + cross-entropy").passed


@pytest.mark.parametrize(
    "returned, words",
    [
        (None, "should be a tuple of 2"),
        ("loss", "should be a tuple of 2"),
        ((float("nan"), []), "the loss is nan"),
        ((1e9, []), "the loss has the wrong value"),
    ],
)
def test_bad_top_level_results_are_reported(returned, words):
    report = _report(lambda *a, **k: returned)
    assert not report.passed
    assert words in repr(report)


def _with_grads(change):
    def fn(X, y, params, activation="relu", output="linear", loss="squared"):
        value, grads = backprop.loss_and_grads(X, y, params, activation, output, loss)
        return value, change(grads)

    return fn


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda g: g[:-1], "should be a list of"),
        (lambda g: [dW for dW, _ in g], "is not a pair (dW, db)"),
        (lambda g: [(dW, None) for dW, _ in g], "db1 is None"),
        (lambda g: [(dW * np.nan, db) for dW, db in g], "contains NaN or infinite values"),
        (lambda g: [(dW, db[None, :]) for dW, db in g], "without keepdims=True"),
        (lambda g: [(dW, db + 1.0) for dW, db in g], "right shape, wrong values"),
    ],
)
def test_bad_gradient_structures_are_reported(change, words):
    report = _report(_with_grads(change))
    assert not report.passed
    assert words in repr(report)


def test_raising_and_endless_answers():
    def raising(*a, **k):
        raise ValueError("shapes not aligned")

    text = repr(_report(raising))
    assert "raised ValueError: shapes not aligned" in text

    def endless(*a, **k):
        while True:
            pass

    report = _report(endless, timeout=0.2)
    assert report.results[0].status == "timeout"


def test_stub_is_not_attempted():
    def stub(*a, **k):
        raise NotImplementedError()

    assert not _report(stub).attempted


def test_inputs_are_not_shared_with_the_student():
    def mutating(X, y, params, activation="relu", output="linear", loss="squared"):
        for W, _ in params:
            W *= 0.0
        return backprop.loss_and_grads(X, y, params, activation, output, loss)

    report = _report(mutating)
    assert not report.passed  # it computed at zero weights
    assert _report(backprop.loss_and_grads).passed  # the checker's own inputs were untouched


def test_gradients_as_lists_keep_their_points():
    report = _report(_with_grads(lambda g: [(dW.tolist(), tuple(db)) for dW, db in g]))
    assert report.passed, repr(report)


def test_float32_loss_and_gradients_are_judged_at_float32_precision():
    def in_float32(X, y, params, activation="relu", output="linear", loss="squared"):
        params32 = [(W.astype(np.float32), b.astype(np.float32)) for W, b in params]
        value, grads = backprop.loss_and_grads(
            X.astype(np.float32), y, params32, activation, output, loss
        )
        return np.float32(value), [
            (dW.astype(np.float32), db.astype(np.float32)) for dW, db in grads
        ]

    for seed in (None, 7):
        assert _report(in_float32, seed=seed).passed


def test_changing_the_callers_weights_in_place_is_named_and_needs_the_values():
    def in_place(X, y, params, activation="relu", output="linear", loss="squared"):
        value, grads = backprop.loss_and_grads(X, y, params, activation, output, loss)
        for (W, _b), (dW, _db) in zip(params, grads):
            W -= 0.1 * dW  # a training step taken on the caller's arrays
        return value, grads

    report = _report(in_place)
    r = _case(report, "leaves X, y and params unchanged")
    assert not r.passed
    assert "mlp_loss_and_grads changed its argument params[0] in place" in r.message
    assert r.needs == ("two layers, sigmoid, squared loss",)
    assert report.earned_points == report.total_points - r.points
