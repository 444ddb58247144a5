"""Typical bugs in softmax, its Jacobian, its VJP and sparsemax, each caught in words."""

from __future__ import annotations

import numpy as np
import pytest
from nnhelpers import failed

from nncourse.check import unit02 as check
from nncourse.key import activations as act

pytestmark = pytest.mark.unit02


def failing_names(report):
    return {r.name for r in report.failures()}


# ---------------------------------------------------------------- softmax


def test_unstable_softmax_overflows_at_1000():
    def softmax(z):
        e = np.exp(z)
        return e / e.sum(axis=-1, keepdims=True)

    report = check.softmax(softmax)
    failed(report, "stable at z = 1000", "NaN or infinite", "overflows", "subtract")
    (case,) = [c for c in check.softmax.cases() if c.name == "stable at z = 1000"]
    assert np.min(case.args[-1]) > 710, "every entry overflows a naive exp()"
    assert failing_names(report) == {"stable at z = 1000", "rows on very different scales"}


def test_softmax_over_the_wrong_axis():
    def softmax(z):
        e = np.exp(z - np.max(z, axis=-1, keepdims=True))
        return e / e.sum(axis=0, keepdims=True)

    report = check.softmax(softmax)
    failed(report, "each row of a batch separately", "wrong values", "last axis")
    assert report.results[0].passed, "a single vector is still right"


def test_softmax_normalised_by_the_sum_of_the_whole_batch():
    def softmax(z):
        e = np.exp(z - np.max(z, axis=-1, keepdims=True))
        return e / e.sum()

    failed(check.softmax(softmax), "each row of a batch separately", "wrong values")


def test_softmax_without_keepdims_fails_in_words_not_a_traceback():
    def softmax(z):
        e = np.exp(z - np.max(z, axis=-1))
        return e / e.sum(axis=-1)

    report = check.softmax(softmax)
    assert not report.passed
    assert "Traceback" not in repr(report)
    batch = {r.name: r for r in report.results}["each row of a batch separately"]
    assert batch.status in ("error", "fail")
    assert "ValueError" in batch.message or "wrong values" in batch.message


def test_softmax_with_one_global_maximum_breaks_rows_of_different_scales():
    def softmax(z):
        e = np.exp(z - np.max(z))
        return e / e.sum(axis=-1, keepdims=True)

    report = check.softmax(softmax)
    failed(report, "rows on very different scales", "NaN or infinite")
    assert failing_names(report) == {"rows on very different scales"}


def test_softmax_that_subtracts_the_max_in_place():
    def softmax(z):
        z -= z.max(axis=-1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=-1, keepdims=True)

    report = check.softmax(softmax)
    result = failed(report, "softmax leaves z unchanged", "changed its argument `z`", "z = z - ")
    assert "`z` as it was sent" in result.expected and "z afterwards" in result.got
    assert failing_names(report) == {"softmax leaves z unchanged"}, "the values are right"


def test_softmax_returning_exp_without_normalising():
    report = check.softmax(lambda z: np.exp(z - np.max(z, axis=-1, keepdims=True)))
    failed(report, "values on a vector", "wrong values")


# ---------------------------------------------------------------- Jacobian


def test_jacobian_missing_the_diagonal_term():
    def softmax_jacobian(z):
        y = act.softmax(z)
        return -np.outer(y, y)

    report = check.softmax_jacobian(softmax_jacobian)
    failed(report, "values for C = 4", "wrong values", "diag(y) - outer(y, y)")
    assert report.score == 0.0


def test_jacobian_as_diag_minus_y_without_the_outer_product():
    def softmax_jacobian(z):
        y = act.softmax(z)
        return np.diag(y) - y

    report = check.softmax_jacobian(softmax_jacobian)
    failed(report, "values for C = 4", "wrong values", "both terms")
    failed(report, "values for C = 5", "wrong values")


def test_jacobian_missing_the_outer_product_term():
    report = check.softmax_jacobian(lambda z: np.diag(act.softmax(z)))
    failed(report, "values for C = 4", "wrong values")


def test_jacobian_from_an_unstable_softmax():
    def softmax_jacobian(z):
        y = np.exp(z) / np.exp(z).sum()
        return np.diag(y) - np.outer(y, y)

    report = check.softmax_jacobian(softmax_jacobian)
    failed(report, "stable at z = 1000", "NaN or infinite")
    assert failing_names(report) == {"stable at z = 1000"}


def test_jacobian_returning_a_vector():
    result = failed(check.softmax_jacobian(act.softmax), "values for C = 4", "wrong shape")
    assert result.expected == "shape (4, 4)" and result.got == "shape (4,)"


# ---------------------------------------------------------------- VJP


def test_vjp_without_the_outer_product_term():
    def softmax_vjp(z, g):
        return act.softmax(z) * g

    report = check.softmax_vjp(softmax_vjp)
    failed(report, "equals J^T g", "wrong values", "-y y^T g")
    assert report.score == 0.0


def test_vjp_summing_over_the_wrong_axis_in_a_batch():
    """The 'transposed' bug: the inner product <g, y> taken down the batch, not along a row."""

    def softmax_vjp(z, g):
        y = act.softmax(z)
        return y * (g - np.sum(g * y, axis=0, keepdims=True))

    report = check.softmax_vjp(softmax_vjp)
    failed(report, "batched, one row per example", "wrong values", "axis=-1")
    assert failing_names(report) == {"batched, one row per example"}


def test_vjp_with_a_sum_over_everything():
    def softmax_vjp(z, g):
        y = act.softmax(z)
        return y * (g - np.sum(g * y))

    report = check.softmax_vjp(softmax_vjp)
    assert failing_names(report) == {"batched, one row per example"}


def test_vjp_as_a_matrix_product_with_the_wrong_orientation_in_a_batch():
    def softmax_vjp(z, g):
        y = act.softmax(z)
        return y * g - y * (y @ g.T if y.ndim == 2 else y @ g)

    report = check.softmax_vjp(softmax_vjp)
    result = failed(report, "batched, one row per example", "ValueError", "broadcast")
    assert result.status == "error"
    assert result.call.startswith("softmax_vjp([[")
    assert failing_names(report) == {"batched, one row per example"}


def test_vjp_from_an_unstable_softmax():
    def softmax_vjp(z, g):
        y = np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)
        return y * (g - np.sum(g * y, axis=-1, keepdims=True))

    failed(check.softmax_vjp(softmax_vjp), "stable at z = 1000", "NaN or infinite")


# ---------------------------------------------------------------- sparsemax


def _sparsemax_with(k_rule, clip=True):
    """Sparsemax whose support size comes from ``k_rule(k_true, C)`` (a bug when not identity)."""

    def sparsemax(z):
        flat = np.atleast_2d(z)
        out = np.empty_like(flat)
        for row, zr in enumerate(flat):
            zs = np.sort(zr)[::-1]
            cums = np.cumsum(zs)
            ks = np.arange(1, zr.size + 1)
            k_true = int(np.sum(1 + ks * zs > cums))
            k = min(max(k_rule(k_true, zr.size), 1), zr.size)
            tau = (cums[k - 1] - 1) / k
            out[row] = np.maximum(zr - tau, 0) if clip else zr - tau
        return out.reshape(np.shape(z))

    return sparsemax


def test_sparsemax_helper_is_right_with_the_right_k():
    assert check.sparsemax(_sparsemax_with(lambda k, c: k)).passed


@pytest.mark.parametrize(
    "k_rule",
    [
        pytest.param(lambda k, c: c, id="k = C (all entries)"),
        pytest.param(lambda k, c: k + 1, id="k one too large"),
        pytest.param(lambda k, c: k - 1, id="k one too small"),
        pytest.param(lambda k, c: 1, id="k = 1"),
    ],
)
def test_sparsemax_with_the_wrong_support_size_does_not_sum_to_one(k_rule):
    report = check.sparsemax(_sparsemax_with(k_rule))
    result = failed(report, "sparse: small entries become exactly 0", "does not sum to 1", "k(z)")
    assert "row sums" in result.got


def test_sparsemax_without_clipping_has_negative_entries():
    report = check.sparsemax(_sparsemax_with(lambda k, c: k, clip=False))
    result = failed(
        report, "sparse: small entries become exactly 0", "negative entries", "np.maximum"
    )
    assert "-" in result.got
    assert report.results[1].passed, "dense rows have no entry to clip"


def test_sparsemax_as_projection_onto_the_hyperplane_sums_to_one_but_goes_negative():
    def sparsemax(z):
        return z - (np.sum(z, axis=-1, keepdims=True) - 1) / np.shape(z)[-1]

    report = check.sparsemax(sparsemax)
    failed(report, "sparse: small entries become exactly 0", "negative entries", "clip")
    assert all("does not sum to 1" not in r.message for r in report.results)


def test_sparsemax_returning_softmax_is_not_sparse():
    report = check.sparsemax(act.softmax)
    failed(report, "sparse: small entries become exactly 0", "wrong values")
    failed(report, "one dominant entry gives a one-hot", "wrong values")


def test_sparsemax_normalised_by_the_sum_instead_of_projected():
    def sparsemax(z):
        p = np.maximum(z, 0)
        return p / p.sum(axis=-1, keepdims=True)

    report = check.sparsemax(sparsemax)
    failed(report, "sparse: small entries become exactly 0", "wrong values")
    failed(report, "shift invariant at z = 1000", "wrong values")


def test_sparsemax_that_ignores_the_batch_axis():
    def sparsemax(z):
        flat = np.ravel(z)
        return _sparsemax_with(lambda k, c: k)(flat).reshape(np.shape(z))

    report = check.sparsemax(sparsemax)
    failed(report, "a batch, one row each", "does not sum to 1")
