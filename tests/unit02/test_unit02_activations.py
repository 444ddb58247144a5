"""Typical bugs in the elementwise activations and their derivatives, each caught in words."""

from __future__ import annotations

import numpy as np
import pytest
from nnhelpers import failed

from nncourse.check import unit02 as check
from nncourse.key import activations as act

pytestmark = pytest.mark.unit02


# ---------------------------------------------------------------- linear


def test_linear_grad_returning_the_number_one():
    def linear_grad(z):
        return 1

    report = check.linear(act.linear, linear_grad)
    result = failed(
        report, "linear' is an array of ones, not the number 1", "single number", "shape (3,)"
    )
    assert result.got == "1"
    assert all(r.passed for r in report.results[:3]), "the linear function itself is right"


def test_linear_grad_returning_a_zero_d_array_names_the_shapes():
    def linear_grad(z):
        return np.array(1.0)

    result = failed(
        check.linear(act.linear, linear_grad),
        "linear' is an array of ones, not the number 1",
        "wrong shape",
    )
    assert result.expected == "shape (3,)" and result.got == "shape ()"


def test_linear_that_flattens_loses_the_2d_shape():
    def linear(z):
        return np.ravel(z).copy()

    report = check.linear(linear, act.linear_grad)
    result = failed(report, "linear keeps a 2-D shape", "wrong shape")
    assert result.expected == "shape (3, 4)" and result.got == "shape (12,)"
    assert {r.name for r in report.failures()} == {"linear keeps a 2-D shape"}


# ---------------------------------------------------------------- sigmoid


def test_sigmoid_grad_with_a_plus_sign():
    def sigmoid_grad(z):
        s = act.sigmoid(z)
        return s * (1 + s)

    report = check.sigmoid(act.sigmoid, sigmoid_grad)
    failed(report, "sigmoid'(0) = 1/4", "wrong values", "0.75", "sigma(z) * (1 - sigma(z))")
    failed(report, "sigmoid_grad values", "wrong values")
    assert all(r.passed for r in report.results if r.name.startswith("sigmoid "))


def test_sigmoid_naive_exp_over_one_plus_exp_gives_nan():
    def sigmoid(z):
        return np.exp(z) / (1 + np.exp(z))

    report = check.sigmoid(sigmoid, act.sigmoid_grad)
    failed(report, "sigmoid at large |z|", "NaN or infinite", "overflow")
    assert report.results[0].passed, "the naive form is right for moderate z"


def test_sigmoid_grad_from_a_naive_sigmoid_also_fails_at_large_z():
    def sigmoid_grad(z):
        s = np.exp(z) / (1 + np.exp(z))
        return s * (1 - s)

    failed(check.sigmoid(act.sigmoid, sigmoid_grad), "sigmoid_grad at large |z|", "NaN")


# ---------------------------------------------------------------- tanh


def test_tanh_grad_without_the_square():
    def tanh_grad(z):
        return 1 - np.tanh(z)

    report = check.tanh(act.tanh, tanh_grad)
    failed(report, "tanh'(-z) = tanh'(z) = 1 - tanh(z)^2", "wrong values", "1 - tanh(z)**2")
    assert report.results[0].passed


def test_tanh_via_exponentials_overflows():
    def tanh(z):
        return (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))

    failed(check.tanh(tanh, act.tanh_grad), "tanh at large |z|", "NaN or infinite")


# ---------------------------------------------------------------- ReLU


@pytest.mark.parametrize(
    "relu_grad",
    [
        pytest.param(lambda z: np.ones_like(z), id="ones everywhere"),
        pytest.param(np.sign, id="sign(z)"),
        pytest.param(lambda z: (z >= -1).astype(float), id="threshold at -1"),
    ],
)
def test_relu_grad_wrong_for_negative_z(relu_grad):
    report = check.relu(act.relu, relu_grad)
    failed(report, "relu'(z) = 0 for every z < 0", "wrong values", "1[z > 0]")


def test_relu_grad_returning_the_relu_itself():
    report = check.relu(act.relu, act.relu)
    failed(report, "relu_grad values", "wrong values")


def test_relu_as_abs_is_wrong():
    report = check.relu(np.abs, act.relu_grad)
    failed(report, "relu values", "wrong values")
    assert report.score < 0.8


def test_swapped_function_and_derivative_fail_everywhere_that_matters():
    report = check.sigmoid(act.sigmoid_grad, act.sigmoid)
    assert not report.passed
    assert report.score < 0.2
