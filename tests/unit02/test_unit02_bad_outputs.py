"""Bad student output -- None, lists, wrong shapes, NaN, exceptions, endless loops, stubs, lying
objects, prints, mutation, exit(), huge arrays -- becomes a clear result, never a traceback."""

from __future__ import annotations

import sys
import time

import numpy as np
import pytest
from nnhelpers import failed

from nncourse.check import EXERCISES
from nncourse.check import unit02 as check
from nncourse.inside.guard import MAX_ELEMENTS
from nncourse.key import activations as act
from nncourse.key import losses

pytestmark = pytest.mark.unit02

# Each bad behaviour is tried on softmax (one array out) and on the two losses (a tuple out).
SOFTMAX, SQUARED, XENT = "02.softmax", "02.squared_loss", "02.cross_entropy"


def _loss_ref(ex_id):
    return losses.squared_loss if ex_id == SQUARED else losses.softmax_cross_entropy


def _every_result_text(report):
    return [" ".join((r.message, r.expected, r.got, r.hint)) for r in report.results]


def _assert_clean_failure(report):
    """Not passed, nothing scored, no traceback in what the student reads."""
    assert not report.passed
    assert report.score == 0.0
    assert "Traceback" not in repr(report)
    assert "Traceback" not in report._repr_html_()


# ---------------------------------------------------------------- None


def test_softmax_returning_none_mentions_return():
    report = check.softmax(lambda z: None)
    _assert_clean_failure(report)
    first = report.results[0]
    assert first.message == "softmax(...) is None"
    assert "`return`" in first.hint


@pytest.mark.parametrize("ex_id", [SQUARED, XENT])
def test_loss_returning_none_mentions_return(ex_id):
    report = EXERCISES[ex_id](lambda a, b: None)
    _assert_clean_failure(report)
    for r in report.results:
        assert "should be a tuple of 2 items" in r.message
        assert r.got == "None"
        assert "return loss, grad" in r.hint


@pytest.mark.parametrize("ex_id", [SQUARED, XENT])
def test_loss_with_a_none_gradient(ex_id):
    ref = _loss_ref(ex_id)
    report = EXERCISES[ex_id](lambda a, b: (ref(a, b)[0], None))
    _assert_clean_failure(report)
    assert all(r.message == "the gradient is None" for r in report.results)


# ---------------------------------------------------------------- lists


def test_softmax_returning_a_list_with_the_right_values_keeps_every_point():
    # nothing in the unit asks for numpy types: right values as a list are right
    report = check.softmax(lambda z: act.softmax(z).tolist())
    assert report.passed and report.earned_points == report.total_points


@pytest.mark.parametrize("ex_id", [SQUARED, XENT])
def test_loss_with_the_gradient_as_a_list(ex_id):
    ref = _loss_ref(ex_id)

    def as_lists(a, b):
        loss, grad = ref(a, b)
        return loss, grad.tolist()

    report = EXERCISES[ex_id](as_lists)
    assert report.passed and report.earned_points == report.total_points


# ---------------------------------------------------------------- wrong shape


def test_softmax_wrong_shape_names_both_shapes():
    report = check.softmax(lambda z: act.softmax(z)[..., :-1])
    first = report.results[0]
    assert first.message == "softmax(...) has the wrong shape"
    assert first.expected == "shape (5,)" and first.got == "shape (4,)"
    text = repr(report)
    assert "expected: shape (4, 6)" in text and "got: shape (4, 5)" in text


@pytest.mark.parametrize("ex_id", [SQUARED, XENT])
def test_loss_gradient_wrong_shape(ex_id):
    ref = _loss_ref(ex_id)

    def transposed_grad(a, b):
        loss, grad = ref(a, b)
        return loss, grad.T

    report = EXERCISES[ex_id](transposed_grad)
    batch = report.results[0] if ex_id == XENT else report.results[1]
    assert batch.message == "the gradient has the wrong shape"
    assert batch.expected != batch.got and batch.got.startswith("shape (")


# ---------------------------------------------------------------- NaN


def test_softmax_returning_nan():
    report = check.softmax(lambda z: np.full(np.shape(z), np.nan))
    first = report.results[0]
    assert not first.passed
    assert "(5 NaN)" in first.message and "index (0,)" in first.message
    # random moderate inputs: nothing shows an overflow, so no cause is guessed
    assert "overflow" not in first.hint and "exp" not in first.hint
    assert report.earned_points == 0


@pytest.mark.parametrize("ex_id", [SQUARED, XENT])
def test_loss_returning_nan(ex_id):
    ref = _loss_ref(ex_id)
    report = EXERCISES[ex_id](lambda a, b: (float("nan"), ref(a, b)[1]))
    _assert_clean_failure(report)
    assert all(r.message == "the loss is nan" for r in report.results)


# ---------------------------------------------------------------- exceptions


def test_softmax_raising_names_the_exception_and_the_call():
    def softmax(z):
        return z.nonexistent_method()

    report = check.softmax(softmax)
    _assert_clean_failure(report)
    first = report.results[0]
    assert first.status == "error"
    assert first.message.startswith("the call raised AttributeError:")
    assert "nonexistent_method" in first.message
    assert first.call.startswith("softmax([")
    assert "call: softmax([" in repr(report)


@pytest.mark.parametrize("ex_id", [SQUARED, XENT])
def test_loss_raising(ex_id):
    def broken(a, b):
        raise IndexError("index 7 is out of bounds for axis 1 with size 4")

    report = EXERCISES[ex_id](broken)
    _assert_clean_failure(report)
    first = report.results[0]
    assert first.message == (
        "the call raised IndexError: index 7 is out of bounds for axis 1 with size 4"
    )
    name = EXERCISES[ex_id].targets[0]
    assert first.call.startswith(f"{name}(")


# ---------------------------------------------------------------- endless loop


@pytest.mark.parametrize("ex_id", [SOFTMAX, SQUARED])
def test_endless_loop_times_out_and_stops(ex_id):
    calls = []

    def spin(*args):
        calls.append(1)
        while True:
            pass

    start = time.perf_counter()
    report = EXERCISES[ex_id](spin, timeout=0.5)
    elapsed = time.perf_counter() - start
    assert elapsed < 1.5
    assert len(calls) == 1, "after a timeout the remaining cases are not run"
    _assert_clean_failure(report)
    first = report.results[0]
    assert first.status == "timeout"
    assert "did not finish within 0.5 s" in first.message
    assert all(r.status == "timeout" and "not run" in r.message for r in report.results[1:])


# ---------------------------------------------------------------- stub


@pytest.mark.parametrize("ex_id", [SOFTMAX, SQUARED, XENT, "02.sigmoid"])
def test_stub_is_not_attempted(ex_id):
    def stub(*args):
        raise NotImplementedError()

    stubs = [stub] * len(EXERCISES[ex_id].targets)
    report = EXERCISES[ex_id](*stubs)
    assert report.attempted is False
    assert report.score == 0.0
    assert all(r.status == "not attempted" for r in report.results)
    assert "not attempted" in report.summary()
    assert repr(report) == report.summary()


def test_half_finished_pair_keeps_the_points_of_the_finished_half():
    def stub(z):
        raise NotImplementedError()

    report = check.sigmoid(act.sigmoid, stub)
    # Part-by-part credit: every case of the written part runs and counts; every case of the
    # stub is "not attempted", named after the function still to write.
    by_part = {(c.part, r.status) for c, r in zip(check.sigmoid.cases(), report.results)}
    assert by_part == {("sigmoid", "pass"), ("sigmoid_grad", "not attempted")}
    written = sum(r.points for r in report.results if r.passed)
    assert report.earned_points == written
    assert report.score == pytest.approx(written / report.total_points)
    assert 0.4 < report.score < 0.6
    assert "still to write: `stub`" in report.summary()


# ---------------------------------------------------------------- lying objects


class _Liar(np.ndarray):
    """Claims to equal anything, to be finite and close, and hands out fake copies."""

    def __array_finalize__(self, obj):
        if obj is not None and self.size:
            self.fake = np.full(self.shape, 1.0 / self.shape[-1])

    def __eq__(self, other):
        return np.ones(np.shape(other), dtype=bool)

    def __ne__(self, other):
        return np.zeros(np.shape(other), dtype=bool)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        shape = np.broadcast_shapes(*(getattr(x, "shape", ()) for x in inputs))
        if ufunc.types[0].endswith("?"):
            return np.ones(shape, dtype=bool)
        return np.zeros(shape)

    def __array_function__(self, func, types, args, kwargs):
        return True

    def view(self, *args, **kwargs):
        return self

    def astype(self, *args, **kwargs):
        return self

    def copy(self, *args, **kwargs):
        return self

    def __array__(self, dtype=None, copy=None):
        return np.zeros(self.shape)


def test_lying_array_subclass_still_fails_softmax():
    def softmax(z):
        return np.full(np.shape(z), 42.0).view(_Liar)

    probe = softmax(np.zeros(3))
    right = act.softmax(np.zeros(3))
    # every comparison a naive checker might make is fooled by the raw object
    assert bool(np.all(probe == right))
    assert np.allclose(probe, right) is True
    assert bool(np.all(np.isclose(probe, right))) and bool(np.all(np.isfinite(probe - right)))
    assert not np.any(np.abs(probe - right))
    report = check.softmax(softmax)
    failing = {r.name for r in report.failures()}
    assert {"values on a vector", "stable at z = 1000", "each row of a batch separately"} <= failing
    first = report.results[0]
    assert "wrong values" in first.message and "42." in first.got


class _LyingFloat(float):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __sub__(self, other):
        return 0.0

    def __abs__(self):
        return 0.0


@pytest.mark.parametrize("ex_id", [SQUARED, XENT])
def test_lying_loss_and_gradient_still_fail(ex_id):
    ref = _loss_ref(ex_id)

    def liar(a, b):
        loss, grad = ref(a, b)
        return _LyingFloat(loss + 1.0), (grad + 1.0).view(_Liar)

    report = EXERCISES[ex_id](liar)
    _assert_clean_failure(report)
    assert all(r.message == "the loss has the wrong value" for r in report.results)

    def honest_loss_lying_grad(a, b):
        loss, grad = ref(a, b)
        return loss, (grad + 1.0).view(_Liar)

    report = EXERCISES[ex_id](honest_loss_lying_grad)
    _assert_clean_failure(report)
    assert all(
        "the gradient has the right shape but wrong values" in r.message for r in report.results
    )


def test_correct_values_in_a_harmless_subclass_pass():
    class Tagged(np.ndarray):
        pass

    assert check.softmax(lambda z: act.softmax(z).view(Tagged)).passed


# ---------------------------------------------------------------- prints, mutation, exit, size


def test_printing_student_code_passes_and_prints_only_when_not_quiet(capsys):
    def softmax(z):
        print("z is", z)
        print("debug", file=sys.stderr)
        return act.softmax(z)

    assert check.softmax(softmax).passed
    assert "z is" in capsys.readouterr().out
    assert check.softmax(softmax, quiet=True).passed
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_mutating_the_input_cannot_change_the_expected_values():
    cases = check.softmax.cases()
    saved = [np.array(c.args[-1], copy=True) for c in cases]

    def vandal(z):
        out = act.softmax(z)
        z[...] = 123.0
        return out

    report = check.softmax(vandal)
    result = failed(report, "softmax leaves z unchanged", "changed its argument `z`", "in place")
    assert "123" in result.got
    assert {r.name for r in report.failures()} == {"softmax leaves z unchanged"}
    for case, before in zip(check.softmax.cases(), saved):
        np.testing.assert_array_equal(case.args[-1], before)


def test_mutating_parameters_in_mlp_forward_does_not_corrupt_later_cases():
    from nncourse.key.mlp import mlp_forward

    def vandal(X, params, activation="relu"):
        out = mlp_forward(X, params, activation)
        for W, b in params:
            W *= 0.0
            b += 1.0
        X[...] = np.nan
        params.clear()
        return out

    report = check.mlp_forward(vandal)
    failed(report, "mlp_forward leaves X, params, activation unchanged", "changed its argument")
    assert {r.name for r in report.failures()} == {
        "mlp_forward leaves X, params, activation unchanged"
    }


def test_mutating_loss_inputs_is_harmless():
    def vandal(yhat, y):
        result = losses.squared_loss(yhat, y)
        yhat[...] = 0.0
        y[...] = 1e9
        return result

    report = check.squared_loss(vandal)
    failed(report, "squared_loss leaves yhat, y unchanged", "changed its argument `yhat`")
    assert {r.name for r in report.failures()} == {"squared_loss leaves yhat, y unchanged"}


def test_sys_exit_is_reported_not_obeyed():
    def softmax(z):
        sys.exit("giving up")

    report = check.softmax(softmax)
    _assert_clean_failure(report)
    first = report.results[0]
    assert first.status == "error"
    assert "SystemExit" in first.message and "giving up" in first.message


@pytest.mark.parametrize("ex_id", [SOFTMAX, SQUARED])
def test_a_huge_array_is_refused_in_words(ex_id):
    huge = np.broadcast_to(np.float64(0.1), (MAX_ELEMENTS + 10,))

    def hoarder(*args):
        return huge if ex_id == SOFTMAX else (0.5, huge)

    start = time.perf_counter()
    report = EXERCISES[ex_id](hoarder)
    assert time.perf_counter() - start < 5.0
    _assert_clean_failure(report)
    for r in report.results:
        assert f"{MAX_ELEMENTS + 10} elements (the limit is {MAX_ELEMENTS})" in r.message
        assert "raised" not in r.message


def test_a_class_instead_of_an_array_is_named():
    class Box:
        pass

    report = check.softmax(lambda z: Box())
    first = report.results[0]
    assert first.message == "softmax(...) has the wrong type (Box)"
    assert first.got == "<object of type Box>"


def test_passing_something_that_is_not_a_function():
    report = check.softmax(np.zeros(3))
    _assert_clean_failure(report)
    first = report.results[0]
    assert first.status == "error"
    assert "`softmax` should be a function" in first.message and "array" in first.message
    assert "not the result of calling it" in first.hint
