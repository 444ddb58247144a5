"""Judges: type -> shape -> finite -> close, with float32 tolerances, in words."""

from __future__ import annotations

import numpy as np
import pytest

from nncourse.check.judge import (
    ATOL,
    RTOL,
    RTOL_FLOAT32,
    all_of,
    as_array,
    expect_array,
    expect_scalar,
    expect_tuple,
    fail,
    ok,
)
from nncourse.inside.guard import Opaque

EXPECTED = np.array([0.1, 0.2, 0.7])


def test_expect_array_passes_the_right_values():
    assert expect_array(EXPECTED.copy(), EXPECTED).passed


def test_expect_array_refuses_none_with_a_return_hint():
    v = expect_array(None, EXPECTED, name="softmax(z)")
    assert not v.passed
    assert v.message == "softmax(z) is None"
    assert "`return`" in v.hint


@pytest.mark.parametrize("container", [list, tuple])
def test_expect_array_accepts_lists_and_tuples_of_the_right_numbers(container):
    assert expect_array(container(EXPECTED), EXPECTED).passed
    assert not expect_array(container(EXPECTED + 1), EXPECTED).passed


def test_expect_array_accepts_a_number_where_a_0d_array_fits():
    assert expect_array(0.5, np.array(0.5)).passed
    assert expect_array(np.float32(0.5), np.array(0.5)).passed


@pytest.mark.parametrize("got", [[1.0, [2.0]], ["a", "b"], [None, 1.0]])
def test_expect_array_refuses_lists_that_are_not_a_grid_of_numbers(got):
    v = expect_array(got, np.array([1.0, 2.0]))
    assert not v.passed and "not a grid of numbers" in v.message
    assert "np.asarray" in v.hint


def test_wrong_values_name_the_first_wrong_entry_and_show_it_in_full():
    got = np.array([1.0, 2.0, 3.001, 9.0])
    v = expect_array(got, np.array([1.0, 2.0, 3.0, 4.0]))
    assert "the first wrong entry is at index (2,)" in v.message
    assert "expected 3.0, got 3.001" in v.detail


def test_nan_is_reported_without_guessing_a_cause():
    v = expect_array(np.array([0.5, np.nan]), np.array([0.5, 0.5]))
    assert "NaN or infinite values (1 NaN), the first at index (1,)" in v.message
    assert "exp" not in v.hint and "overflow" not in v.hint


@pytest.mark.parametrize(
    "got, word", [("0.1 0.2", "str"), (Opaque("Tensor"), "Tensor"), ({"a": 1}, "dict")]
)
def test_expect_array_names_a_wrong_type(got, word):
    v = expect_array(got, EXPECTED)
    assert not v.passed
    assert "wrong type" in v.message and word in v.message
    assert v.expected == "a numpy array"


def test_expect_array_refuses_a_single_number_and_names_the_shape():
    v = expect_array(1, np.ones(3), name="linear_grad(z)")
    assert not v.passed
    assert "single number" in v.message
    assert "shape (3,)" in v.expected
    assert v.got == "1"


def test_expect_array_refuses_complex():
    v = expect_array(EXPECTED.astype(complex), EXPECTED)
    assert not v.passed and "complex" in v.message


def test_expect_array_names_both_shapes():
    v = expect_array(np.ones((3, 1)), EXPECTED)
    assert not v.passed
    assert "wrong shape" in v.message
    assert v.wanted == "shape (3,)" == v.expected
    assert v.got == "shape (3, 1)"


def test_expect_array_checks_type_before_shape():
    v = expect_array("1.0 2.0", EXPECTED)  # wrong type and wrong length
    assert "str" in v.message and "shape" not in v.message


def test_expect_array_checks_shape_before_finite():
    v = expect_array(np.full(4, np.nan), EXPECTED)
    assert "wrong shape" in v.message and "NaN" not in v.message


def test_expect_array_checks_finite_before_close():
    got = EXPECTED.copy()
    got[1] = np.inf
    v = expect_array(got, EXPECTED)
    assert v.message == (
        "the result contains NaN or infinite values (1 inf), the first at index (1,)"
    )


def test_expect_array_reports_where_values_differ():
    got = EXPECTED.copy()
    got[2] += 0.5
    v = expect_array(got, EXPECTED, hint="look at the sum")
    assert not v.passed
    assert "wrong values" in v.message
    assert "the first wrong entry is at index (2,)" in v.message
    assert v.detail.endswith("; largest difference 0.5")  # reveals expected values: notebook only
    assert v.hint == "look at the sum"
    assert "0.7" in v.expected and "1.2" in v.got


def test_expect_array_uses_the_named_tolerances_for_float64():
    assert expect_array(EXPECTED * (1 + 0.5 * RTOL), EXPECTED).passed
    assert not expect_array(EXPECTED * (1 + 20 * RTOL), EXPECTED).passed
    assert expect_array(np.array([0.5 * ATOL]), np.array([0.0])).passed
    assert not expect_array(np.array([20 * ATOL]), np.array([0.0])).passed


def test_float32_results_are_judged_with_float32_tolerances():
    nearly = EXPECTED * (1 + 0.2 * RTOL_FLOAT32)
    assert not expect_array(nearly, EXPECTED).passed, "float64 is held to float64 precision"
    assert expect_array(nearly.astype(np.float32), EXPECTED).passed
    far = EXPECTED * (1 + 10 * RTOL_FLOAT32)
    assert not expect_array(far.astype(np.float32), EXPECTED).passed


def test_boolean_and_integer_arrays_are_accepted_as_numbers():
    assert expect_array(np.array([False, True, True]), np.array([0.0, 1.0, 1.0])).passed
    assert expect_array(np.array([0, 1, 2]), np.array([0.0, 1.0, 2.0])).passed
    assert not expect_array(np.array([True, True, True]), np.array([0.0, 1.0, 1.0])).passed


def test_as_array_casts_to_float64():
    arr, refusal = as_array(np.array([1, 2], dtype=np.int32))
    assert refusal is None and arr.dtype == np.float64


@pytest.mark.parametrize(
    "got, expected",
    [
        (0.5, 0.5),
        (2, 2.0),
        (np.array(0.5), 0.5),
        (np.array([0.5]), 0.5),
        (np.array([[0.5]]), 0.5),
        (np.array(0.5, dtype=np.float32), 0.5),
        (np.array(3, dtype=np.int64), 3.0),
        (np.float64(0.5), 0.5),
        (np.float32(0.5), 0.5),
        (np.int32(4), 4.0),
    ],
)
def test_expect_scalar_accepts_numbers_and_size_one_arrays(got, expected):
    assert expect_scalar(got, expected).passed
    assert not expect_scalar(got, expected + 0.01).passed


def test_expect_scalar_judges_float32_arrays_with_float32_tolerance():
    got = np.float32(0.5 * (1 + 0.2 * RTOL_FLOAT32))
    assert expect_scalar(np.array(got), 0.5).passed
    assert expect_scalar(got, 0.5).passed
    assert not expect_scalar(float(got), 0.5).passed


@pytest.mark.parametrize(
    "got, hint_word",
    [
        (True, ""),
        (np.bool_(True), ""),
        (None, "`return`"),
        ("0.5", ""),
        (np.array([0.5, 0.5]), "array"),
        (Opaque("Tensor"), ""),
        ([0.5], ""),
    ],
)
def test_expect_scalar_refuses_everything_else(got, hint_word):
    v = expect_scalar(got, 0.5, name="the loss")
    assert not v.passed
    assert v.message == "the loss should be a single real number"
    assert "0.5" in v.expected
    assert hint_word in v.hint
    if hint_word == "":
        assert v.hint == ""


@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
def test_expect_scalar_refuses_nan_and_inf(value):
    v = expect_scalar(value, 0.5, name="the loss")
    assert not v.passed
    assert v.message == f"the loss is {value}"
    assert "stable" in v.hint


def test_expect_scalar_wrong_value_shows_both():
    v = expect_scalar(0.75, 0.5, hint="divide by N")
    assert not v.passed and "wrong value" in v.message
    assert v.expected == "0.5" and v.got == "0.75" and v.hint == "divide by N"


def test_expect_tuple():
    assert expect_tuple((1, 2), 2) is None
    assert expect_tuple([1, 2], 2) is None
    for bad in (None, (1,), (1, 2, 3), np.array([1, 2]), 1.0):
        v = expect_tuple(bad, 2, name="loss_fn(...)")
        assert v is not None and not v.passed
        assert v.message == "loss_fn(...) should be a tuple of 2 items"
        assert "return loss, grad" in v.hint


def test_all_of_returns_the_first_failure():
    first, second = fail("first"), fail("second")
    assert all_of(ok(), first, second) is first
    assert all_of(ok(), ok()).passed
    assert all_of().passed
