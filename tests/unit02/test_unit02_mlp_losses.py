"""Typical bugs in the MLP forward pass and the two losses, each caught in words."""

from __future__ import annotations

import numpy as np
import pytest
from nnhelpers import failed

from nncourse.check import unit02 as check
from nncourse.key import activations as act
from nncourse.key import losses

pytestmark = pytest.mark.unit02


def _forward(layer, output_activation=False):
    """An MLP forward pass whose layer computation is ``layer(h, W, b)``."""

    def mlp_forward(X, params, activation="relu"):
        g = act.ACTIVATIONS[activation][0]
        h = X
        for i, (W, b) in enumerate(params):
            z = layer(h, W, b)
            h = g(z) if (i < len(params) - 1 or output_activation) else z
        return h

    return mlp_forward


def test_forward_helper_is_right_with_the_right_layer():
    assert check.mlp_forward(_forward(lambda h, W, b: h @ W.T + b)).passed


def test_forward_with_w_not_transposed():
    report = check.mlp_forward(_forward(lambda h, W, b: h @ W + b))
    square = failed(report, "square weights with sigmoid", "wrong values", "H @ W.T + b")
    assert "sizes [3, 3, 3]" in square.call
    one = failed(report, "one linear layer", "the call raised", "ValueError")
    assert one.status == "error"
    assert one.call.startswith("mlp_forward(X of shape (5, 3), params for sizes [3, 2]")
    assert report.score == 0.0


def test_forward_with_w_on_the_left_of_the_batch():
    report = check.mlp_forward(_forward(lambda h, W, b: (W @ h.T).T + b))
    assert report.passed, "W h per example is the same layer, written column-wise"
    report = check.mlp_forward(_forward(lambda h, W, b: W @ h + b))
    failed(report, "one linear layer", "ValueError")


def test_forward_without_bias():
    report = check.mlp_forward(_forward(lambda h, W, b: h @ W.T))
    failed(report, "one linear layer", "wrong values")
    failed(report, "two layers with ReLU", "wrong values")
    assert report.score == 0.0


def test_forward_with_the_activation_on_the_output_layer():
    report = check.mlp_forward(_forward(lambda h, W, b: h @ W.T + b, output_activation=True))
    failed(report, "square weights with sigmoid", "wrong values", "not on the output")
    failed(report, "three layers with tanh", "wrong values")
    assert report.score <= 0.4


def test_forward_that_ignores_the_activation_argument():
    def mlp_forward(X, params, activation="relu"):
        return _forward(lambda h, W, b: h @ W.T + b)(X, params, "relu")

    report = check.mlp_forward(mlp_forward)
    failed(report, "three layers with tanh", "wrong values")
    failed(report, "square weights with sigmoid", "wrong values")
    assert next(r for r in report.results if r.name == "two layers with ReLU").passed


def test_forward_that_only_handles_two_layers():
    def mlp_forward(X, params, activation="relu"):
        (W1, b1), (W2, b2) = params[0], params[-1]
        g = act.ACTIVATIONS[activation][0]
        return g(X @ W1.T + b1) @ W2.T + b2 if len(params) > 1 else X @ W1.T + b1

    report = check.mlp_forward(mlp_forward)
    assert {r.name for r in report.failures()} == {"three layers with tanh"}


# ---------------------------------------------------------------- squared loss


def test_squared_loss_gradient_times_two():
    def squared_loss(yhat, y):
        loss, _ = losses.squared_loss(yhat, y)
        return loss, 2 * (yhat - y) / yhat.shape[0]

    report = check.squared_loss(squared_loss)
    failed(report, "one example", "the gradient", "wrong values", "the 1/2 cancels")
    failed(report, "a batch (mean over N)", "the gradient")
    assert report.score == 0.0


def test_squared_loss_gradient_not_divided_by_n():
    def squared_loss(yhat, y):
        loss, _ = losses.squared_loss(yhat, y)
        return loss, yhat - y

    report = check.squared_loss(squared_loss)
    failed(
        report, "a batch (mean over N)", "the gradient has the right shape but wrong values", "/ N"
    )
    one = next(r for r in report.results if r.name == "one example")
    assert one.passed, "with N = 1 the division changes nothing"


def test_squared_loss_summed_not_averaged():
    def squared_loss(yhat, y):
        diff = yhat - y
        return 0.5 * float(np.sum(diff**2)), diff

    report = check.squared_loss(squared_loss)
    result = failed(report, "a batch (mean over N)", "the loss has the wrong value", "(1/N)")
    assert result.expected != result.got


def test_squared_loss_without_the_half():
    def squared_loss(yhat, y):
        diff = yhat - y
        return float(np.sum(diff**2)) / yhat.shape[0], diff / yhat.shape[0]

    failed(check.squared_loss(squared_loss), "one example", "the loss has the wrong value")


def test_loss_returned_as_an_array_of_per_example_losses():
    def squared_loss(yhat, y):
        diff = yhat - y
        return 0.5 * np.sum(diff**2, axis=1) / yhat.shape[0], diff / yhat.shape[0]

    report = check.squared_loss(squared_loss)
    result = failed(
        report,
        "a batch (mean over N)",
        "single real number",
        "return an array where a number was asked for",
    )
    assert "array of shape (5,)" in result.got


def test_returning_only_the_loss():
    def squared_loss(yhat, y):
        return losses.squared_loss(yhat, y)[0]

    report = check.squared_loss(squared_loss)
    failed(report, "one example", "should be a tuple of 2 items", "return loss, grad")
    assert report.score == 0.0


def test_returning_grad_and_loss_in_the_wrong_order():
    def squared_loss(yhat, y):
        loss, grad = losses.squared_loss(yhat, y)
        return grad, loss

    report = check.squared_loss(squared_loss)
    failed(report, "a batch (mean over N)", "the loss should be a single real number")


# ---------------------------------------------------------------- cross-entropy


def test_cross_entropy_gradient_missing_the_onehot():
    def softmax_cross_entropy(z, y):
        loss, _ = losses.softmax_cross_entropy(z, y)
        return loss, act.softmax(z) / z.shape[0]

    report = check.cross_entropy(softmax_cross_entropy)
    failed(
        report, "a batch of 6, 4 classes", "the gradient", "wrong values", "softmax(z) - onehot(y)"
    )
    assert report.score == 0.0


def test_cross_entropy_gradient_not_divided_by_n():
    def softmax_cross_entropy(z, y):
        loss, grad = losses.softmax_cross_entropy(z, y)
        return loss, grad * z.shape[0]

    failed(check.cross_entropy(softmax_cross_entropy), "a batch of 6, 4 classes", "the gradient")


def test_cross_entropy_computed_naively_overflows_at_1000():
    def softmax_cross_entropy(z, y):
        p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        n = z.shape[0]
        onehot = np.eye(z.shape[1])[y]
        return float(-np.mean(np.log(p[np.arange(n), y]))), (p - onehot) / n

    report = check.cross_entropy(softmax_cross_entropy)
    result = failed(report, "stable at logits of 1000", "the loss is nan", "overflows")
    (case,) = [c for c in check.cross_entropy.cases() if c.name == result.name]
    assert np.max(np.abs(case.args[0])) > 710, "a logit overflows a naive exp()"
    assert {r.name for r in report.failures()} == {"stable at logits of 1000"}


def test_cross_entropy_log_of_a_stable_softmax_still_underflows():
    def softmax_cross_entropy(z, y):
        p = act.softmax(z)
        n = z.shape[0]
        return float(-np.mean(np.log(p[np.arange(n), y]))), (p - np.eye(z.shape[1])[y]) / n

    report = check.cross_entropy(softmax_cross_entropy)
    failed(report, "stable at logits of 1000", "the loss is inf")


def test_cross_entropy_summed_over_the_batch():
    def softmax_cross_entropy(z, y):
        loss, grad = losses.softmax_cross_entropy(z, y)
        return loss * z.shape[0], grad

    report = check.cross_entropy(softmax_cross_entropy)
    failed(report, "a batch of 6, 4 classes", "the loss has the wrong value", "mean over the batch")
    failed(report, "uniform logits give log C", "the loss has the wrong value")


def test_cross_entropy_returning_probabilities_not_the_loss():
    def softmax_cross_entropy(z, y):
        return act.softmax(z), losses.softmax_cross_entropy(z, y)[1]

    failed(
        check.cross_entropy(softmax_cross_entropy),
        "a batch of 6, 4 classes",
        "should be a single real number",
    )
