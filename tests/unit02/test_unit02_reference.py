"""Every unit 02 checker gives full marks to the reference code and to honest numerical variants."""

from __future__ import annotations

import functools
import warnings

import numpy as np
import pytest
from catalog import REFERENCE as CATALOG

from nncourse.check import EXERCISES, grade_cell
from nncourse.check.exercise import result_from_outcome
from nncourse.inside.guard import guarded_call
from nncourse.inside.probes import PROBES
from nncourse.key import activations as act
from nncourse.key import losses

pytestmark = pytest.mark.unit02

REFERENCE = {k: v for k, v in CATALOG.items() if k.startswith("02.")}
SEEDS = [None, 0, 1, 2024, 987_654_321]


def test_the_reference_table_covers_every_unit02_exercise():
    assert set(REFERENCE) == {i for i in EXERCISES if i.startswith("02.")}
    for ex_id, fns in REFERENCE.items():
        assert len(fns) == len(EXERCISES[ex_id].targets)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("ex_id", sorted(REFERENCE))
def test_reference_scores_full_marks(ex_id, seed):
    report = EXERCISES[ex_id](*REFERENCE[ex_id], seed=seed)
    assert report.passed, repr(report)
    assert report.score == 1.0
    assert "all checks passed" in report.summary()
    assert len(report.results) >= 2


@pytest.mark.parametrize("ex_id", sorted(REFERENCE))
def test_grade_cell_gives_the_reference_all_points(ex_id):
    assert grade_cell(ex_id, *REFERENCE[ex_id], points=4, seed=31337) == 4.0


def _as_float32(fn):
    """The same function, its arrays and numbers handed back in float32."""

    def wrapped(*args):
        out = fn(*args)
        if isinstance(out, tuple):
            return tuple(
                np.float32(x) if np.ndim(x) == 0 else np.asarray(x, np.float32) for x in out
            )
        return np.asarray(out, dtype=np.float32)

    return wrapped


@pytest.mark.parametrize("ex_id", sorted(REFERENCE))
def test_float32_results_keep_their_points(ex_id):
    fns = [_as_float32(f) for f in REFERENCE[ex_id]]
    for seed in (None, 5):
        report = EXERCISES[ex_id](*fns, seed=seed)
        assert report.passed, repr(report)


def test_float32_is_still_held_to_float32_precision():
    def sloppy(z):
        return (act.softmax(z) * (1 + 1e-2)).astype(np.float32)

    report = EXERCISES["02.softmax"](sloppy)
    assert not report.passed
    assert any("wrong values" in r.message for r in report.failures())


def test_relu_grad_as_a_boolean_mask_passes():
    def relu_grad_mask(z):
        return z > 0

    assert EXERCISES["02.relu"](act.relu, relu_grad_mask).passed


def test_naive_sigmoid_that_warns_on_overflow_but_is_right_passes():
    def naive_sigmoid(z):
        return 1.0 / (1.0 + np.exp(-z))

    def naive_sigmoid_grad(z):
        s = naive_sigmoid(z)
        return s * (1.0 - s)

    with np.errstate(over="raise"):  # proves the naive form does overflow at z = -1000
        with pytest.raises(FloatingPointError):
            naive_sigmoid(np.array([-1000.0]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning may leak out of the checker
        report = EXERCISES["02.sigmoid"](naive_sigmoid, naive_sigmoid_grad)
    assert report.passed, repr(report)


def test_integer_relu_and_linear_via_asarray_pass():
    def relu_int_mask(z):
        return (z > 0).astype(np.int64)

    def linear_grad_int(z):
        return np.ones(np.shape(z), dtype=np.int8)

    assert EXERCISES["02.relu"](act.relu, relu_int_mask).passed
    assert EXERCISES["02.linear"](act.linear, linear_grad_int).passed


def test_loss_as_a_numpy_float_or_zero_d_array_passes():
    def sq_numpy_float(yhat, y):
        loss, grad = losses.squared_loss(yhat, y)
        return np.float64(loss), grad

    def sq_zero_d(yhat, y):
        loss, grad = losses.squared_loss(yhat, y)
        return np.array(loss), grad

    def sq_list(yhat, y):
        return list(losses.squared_loss(yhat, y))

    for fn in (sq_numpy_float, sq_zero_d, sq_list):
        assert EXERCISES["02.squared_loss"](fn).passed, fn.__name__


def test_transposed_softmax_jacobian_is_the_same_matrix():
    """The softmax Jacobian diag(y) - y y^T is symmetric, so J and J^T are the same answer.

    A checker cannot (and need not) tell a "transposed" Jacobian apart; the transposition bug
    that matters is the batched VJP summing over the wrong axis (tested with the VJP bugs).
    """
    rng = np.random.default_rng(0)
    for c in (2, 3, 5, 8):
        J = act.softmax_jacobian(rng.normal(size=c))
        np.testing.assert_array_equal(J, J.T)

    def transposed(z):
        return act.softmax_jacobian(z).T

    assert EXERCISES["02.softmax_jacobian"](transposed).passed


def _through_the_wire(ex_id, fns, seed):
    """Run every case as the sandboxed grader would: arguments and results travel as JSON."""
    wire = pytest.importorskip("nncourse.inside.wire")

    def roundtrip(value):
        return wire.decode(wire.loads(wire.dumps({"v": wire.encode(value)}))["v"])

    exercise = EXERCISES[ex_id]
    results = []
    for case in exercise.cases(seed=seed):
        fn = functools.partial(PROBES[case.probe], fns) if case.probe else fns[0]
        outcome = guarded_call(fn, roundtrip(case.args), roundtrip(case.kwargs), quiet=True)
        assert outcome.status == "ok", (case.name, outcome.error)
        back = type(outcome)("ok", value=roundtrip(outcome.value))
        results.append(result_from_outcome(case, back))
    return results


@pytest.mark.parametrize("ex_id", sorted(REFERENCE))
def test_reference_passes_through_the_graders_wire_format(ex_id):
    results = _through_the_wire(ex_id, REFERENCE[ex_id], seed=777)
    assert all(r.passed for r in results), [(r.name, r.message) for r in results if not r.passed]


def test_in_place_softmax_is_caught_through_the_wire_too():
    def softmax(z):
        z -= z.max(axis=-1, keepdims=True)
        return np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)

    results = _through_the_wire("02.softmax", (softmax,), seed=777)
    assert [r.name for r in results if not r.passed] == ["softmax leaves z unchanged"]
