"""Issue 10 for unit 02: points only for working code, part-by-part credit, built inputs, hints
that name a cause only when the evidence shows it."""

from __future__ import annotations

import numpy as np
import pytest
from nnhelpers import failed

from nncourse.check import EXERCISES
from nncourse.check import unit02 as check
from nncourse.key import activations as act
from nncourse.key import losses, mlp

pytestmark = pytest.mark.unit02

HIDDEN = 424_242
UNIT02 = sorted(ex for ex in EXERCISES if ex.startswith("02."))


def _stub(*_args):
    raise NotImplementedError()


def _case(ex_id: str, name: str, seed: int | None = None):
    (case,) = [c for c in EXERCISES[ex_id].cases(seed) if c.name == name]
    return case


# ---------------------------------------------------------------- no points without values


@pytest.mark.parametrize("ex_id", UNIT02)
def test_every_exercise_checks_the_callers_arrays_only_with_its_values(ex_id):
    for seed in (None, HIDDEN):
        cases = EXERCISES[ex_id].cases(seed)
        unchanged = [c for c in cases if "unchanged" in c.name]
        assert unchanged, f"{ex_id}: no check that the caller's arrays are left alone"
        names = {c.name for c in cases}
        for case in unchanged:
            assert case.needs and set(case.needs) <= names, case.name


def test_softmax_of_zeros_is_not_told_it_leaves_its_input_alone():
    report = check.softmax(lambda z: np.zeros_like(z))
    result = failed(report, "softmax leaves z unchanged", "wrong values")
    assert "unchanged" not in result.message
    assert report.earned_points == 0


@pytest.mark.parametrize(
    ("ex_id", "name"),
    [
        ("02.sigmoid", "sigmoid at large |z|"),
        ("02.tanh", "tanh_grad at large |z|"),
        ("02.softmax", "stable at z = 1000"),
        ("02.softmax_jacobian", "stable at z = 1000"),
        ("02.softmax_vjp", "stable at z = 1000"),
        ("02.sparsemax", "shift invariant at z = 1000"),
        ("02.cross_entropy", "stable at logits of 1000"),
    ],
)
def test_large_inputs_are_drawn_from_the_seed_and_still_overflow_exp(ex_id, name):
    seen = [_case(ex_id, name, seed).args for seed in (1, 2, 3)]
    first = [np.asarray(a, dtype=float) for a in seen[0] if not isinstance(a, int | str)]
    second = [np.asarray(a, dtype=float) for a in seen[1] if not isinstance(a, int | str)]
    assert any(not np.array_equal(a, b) for a, b in zip(first, second))
    for args in seen:
        arrays = [np.asarray(a, dtype=float) for a in args if not isinstance(a, int | str)]
        assert max(np.max(np.abs(a)) for a in arrays) > 710


def test_sigmoid_large_z_has_an_overflowing_value_of_each_sign():
    for seed in range(5):
        z = _case("02.sigmoid", "sigmoid at large |z|", seed).args[-1]
        assert z.max() > 710 and z.min() < -710
        assert np.any(np.abs(z) < 3), "moderate values too, so zeros or ones cannot pass"


def test_relu_grad_of_zeros_gets_nothing_for_the_negative_inputs():
    report = check.relu(act.relu, lambda z: np.zeros_like(z))
    negatives = {r.name: r for r in report.results}["relu'(z) = 0 for every z < 0"]
    assert not report.counts(negatives)
    relu_points = sum(r.points for r in report.results if r.name.startswith("relu "))
    assert report.earned_points == relu_points


# ---------------------------------------------------------------- part by part


def test_derivative_written_and_function_a_stub_keeps_the_derivatives_points():
    report = check.tanh(_stub, act.tanh_grad)
    parts = {(c.part, r.status) for c, r in zip(check.tanh.cases(), report.results)}
    assert parts == {("tanh", "not attempted"), ("tanh_grad", "pass")}
    assert report.earned_points == sum(r.points for r in report.results if r.passed)
    assert report.earned_points > 0
    assert report.summary().endswith("still to write: `_stub`")


def test_values_carry_most_of_an_activation_pairs_points():
    for ex_id in ("02.sigmoid", "02.tanh", "02.relu", "02.linear"):
        cases = EXERCISES[ex_id].cases()
        values = sum(c.points for c in cases if c.name.endswith(" values"))
        assert values > 0.5 * sum(c.points for c in cases), ex_id


def test_linear_alone_is_the_input_returned_and_earns_only_with_its_derivative():
    alone = check.linear(act.linear, _stub)
    assert alone.earned_points == 0
    assert all(r.passed for r in alone.results if r.name.startswith("linear "))
    assert "still to write: `_stub`" in alone.summary()
    both = check.linear(act.linear, act.linear_grad)
    assert both.earned_points == both.total_points


# ---------------------------------------------------------------- built inputs


def test_sparsemax_inputs_are_built_sparse_dense_one_hot_and_tied_for_every_seed():
    for seed in range(6):
        support = {
            c.name: act.sparsemax(c.args[0]) > 0
            for c in check.sparsemax.cases(seed)
            if c.probe == ""
        }
        sparse = support["sparse: small entries become exactly 0"]
        assert 2 <= sparse.sum() <= sparse.size - 2
        assert support["dense when entries are close"].all()
        assert support["one dominant entry gives a one-hot"].sum() == 1
        assert support["ties are split evenly"].sum() == 2
        rows = support["a batch, one row each"]
        assert rows.all(axis=1).any() and not rows.all(axis=1).all()


# ---------------------------------------------------------------- hints with evidence


def test_sparsemax_returning_nan_is_not_told_about_exp():
    report = check.sparsemax(lambda z: np.full(np.shape(z), np.nan))
    for result in report.results:
        assert not result.passed
        text = (result.message + result.hint).lower()
        assert "exp" not in text and "overflow" not in text, result
    assert "NaN" in report.results[0].message and "index (0,)" in report.results[0].message


def test_cross_entropy_nan_loss_names_overflow_only_on_the_large_logits():
    def nan_loss(z, y):
        _loss, grad = losses.softmax_cross_entropy(z, y)
        return float("nan"), grad

    report = check.cross_entropy(nan_loss)
    for result in report.results:
        assert "the loss is nan" in result.message
        said_overflow = "overflow" in result.hint
        assert said_overflow == (result.name == "stable at logits of 1000"), result.name


def test_mlp_forward_as_h_at_w_gets_the_weight_convention_not_numpys_words():
    def mlp_forward(X, params, activation="relu"):
        H = X
        for i, (W, b) in enumerate(params):
            Z = H @ W + b
            H = Z if i == len(params) - 1 else getattr(act, activation)(Z)
        return H

    report = check.mlp_forward(mlp_forward)
    result = failed(report, "two layers with ReLU", "(n_out, n_in)", "H @ W.T + b")
    assert result.message.startswith("the call raised ValueError: the shapes of a matrix product")
    assert "W1 (5, 3)" in result.message
    square = failed(report, "square weights with sigmoid", "H @ W instead of H @ W.T")
    assert "(n_out, n_in)" in square.hint


def test_mlp_forward_other_errors_are_not_dressed_as_the_convention():
    def mlp_forward(X, params, activation="relu"):
        raise ValueError("unknown activation")

    report = check.mlp_forward(mlp_forward)
    first = report.results[0]
    assert first.message == "the call raised ValueError: unknown activation"


def test_tanh_grad_without_the_square_is_named_on_random_inputs():
    report = check.tanh(act.tanh, lambda z: 1 - np.tanh(z))
    result = failed(report, "tanh_grad values", "1 - tanh(z) instead of 1 - tanh(z)**2")
    assert result.mistake


def test_softmax_jacobian_without_the_outer_product_is_named():
    report = check.softmax_jacobian(lambda z: np.diag(act.softmax(z)))
    failed(report, "values for C = 4", "without the - y y^T term")


def test_mlp_forward_unchanged_check_compares_every_argument():
    def mlp_forward(X, params, activation="relu"):
        out = mlp.mlp_forward(X, params, activation)
        params[0][1][...] = 0.0
        return out

    report = check.mlp_forward(mlp_forward)
    failed(report, "mlp_forward leaves X, params, activation unchanged", "`params`")


def _sparsemax_float32_loop(z):
    """An honest float32 sparsemax, row by row (as the example class's float32 student)."""
    z = np.asarray(z, dtype=np.float32)
    rows = z.reshape(-1, z.shape[-1])
    out = np.empty_like(rows)
    for i, row in enumerate(rows):
        srt = np.sort(row)[::-1]
        csum = np.cumsum(srt)
        ks = np.arange(1, row.size + 1)
        k = ks[1 + ks * srt > csum][-1]
        out[i] = np.maximum(row - (csum[k - 1] - 1) / k, 0.0)
    return out.reshape(z.shape)


@pytest.mark.parametrize("seed", range(12))
def test_a_float32_sparsemax_near_1000_keeps_every_point(seed):
    # a row near z = 1000 sums to 1 only within float32's rounding of 1000, entry by entry
    report = check.sparsemax(_sparsemax_float32_loop, seed=seed)
    assert report.passed, report
