"""Hypothesis property tests for the maths of the unit 02 reference code."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nncourse.key import activations as act
from nncourse.key import losses, mlp

pytestmark = pytest.mark.unit02


def _floats(bound):
    return st.floats(-bound, bound, allow_nan=False, allow_infinity=False)


def vectors(bound=50.0, min_c=1, max_c=8):
    return hnp.arrays(np.float64, st.integers(min_c, max_c), elements=_floats(bound))


def batches(bound=50.0, max_n=5, max_c=6):
    shape = st.tuples(st.integers(1, max_n), st.integers(1, max_c))
    return hnp.arrays(np.float64, shape, elements=_floats(bound))


def logits_and_labels(bound=30.0):
    @st.composite
    def build(draw):
        n, c = draw(st.integers(1, 4)), draw(st.integers(2, 5))
        z = draw(hnp.arrays(np.float64, (n, c), elements=_floats(bound)))
        y = draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, c - 1)))
        return z, y

    return build()


def _central_difference(f, x, h=1e-6):
    """Gradient of scalar ``f`` at ``x`` by central differences (x is not modified)."""
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[idx] = h
        grad[idx] = (f(x + step) - f(x - step)) / (2 * h)
    return grad


# ---------------------------------------------------------------- softmax


@given(batches(bound=800.0))
def test_softmax_rows_are_positive_and_sum_to_one(z):
    y = act.softmax(z)
    assert y.shape == z.shape
    assert np.all(np.isfinite(y))
    assert np.all(y >= 0) and np.all(y <= 1)
    np.testing.assert_allclose(y.sum(axis=-1), 1.0, rtol=0, atol=1e-12)
    # the largest logit of a row always has positive probability
    assert np.all(np.take_along_axis(y, z.argmax(axis=-1)[:, None], axis=-1) > 0)


@given(batches(bound=50.0), _floats(500.0))
def test_softmax_is_shift_invariant(z, c):
    np.testing.assert_allclose(act.softmax(z + c), act.softmax(z), rtol=1e-8, atol=1e-12)


@given(vectors(bound=50.0))
def test_softmax_of_a_vector_equals_its_row_in_a_batch(z):
    np.testing.assert_array_equal(act.softmax(z), act.softmax(z[None, :])[0])


@given(batches(bound=300.0))
def test_log_softmax_is_log_of_softmax_where_finite(z):
    y = act.softmax(z)
    mask = y > 1e-300
    np.testing.assert_allclose(act.log_softmax(z)[mask], np.log(y[mask]), rtol=1e-9, atol=1e-9)
    assert np.all(np.isfinite(act.log_softmax(z)))


@given(vectors(bound=20.0))
def test_jacobian_rows_and_columns_sum_to_zero_and_it_is_symmetric(z):
    J = act.softmax_jacobian(z)
    assert J.shape == (z.size, z.size)
    np.testing.assert_allclose(J.sum(axis=1), 0.0, atol=1e-12)
    np.testing.assert_array_equal(J, J.T)


@given(vectors(bound=5.0, min_c=2, max_c=5))
def test_jacobian_matches_finite_differences(z):
    J = act.softmax_jacobian(z)
    for j in range(z.size):
        step = np.zeros_like(z)
        step[j] = 1e-6
        column = (act.softmax(z + step) - act.softmax(z - step)) / 2e-6
        np.testing.assert_allclose(J[:, j], column, atol=1e-7)


@given(st.data())
def test_softmax_vjp_equals_jacobian_transpose_times_g(data):
    z = data.draw(vectors(bound=30.0))
    g = data.draw(hnp.arrays(np.float64, z.shape, elements=_floats(10.0)))
    np.testing.assert_allclose(
        act.softmax_vjp(z, g), act.softmax_jacobian(z).T @ g, rtol=1e-9, atol=1e-12
    )


@given(st.data())
def test_batched_softmax_vjp_is_row_by_row(data):
    Z = data.draw(batches(bound=30.0))
    G = data.draw(hnp.arrays(np.float64, Z.shape, elements=_floats(10.0)))
    rows = np.array([act.softmax_jacobian(z).T @ g for z, g in zip(Z, G)])
    np.testing.assert_allclose(act.softmax_vjp(Z, G), rows, rtol=1e-9, atol=1e-12)


# ---------------------------------------------------------------- sparsemax


def _brute_force_projection(z):
    """argmin ||p - z||^2 over the simplex, by trying every support set (small C only)."""
    best, best_dist = None, np.inf
    for k in range(1, z.size + 1):
        for support in itertools.combinations(range(z.size), k):
            idx = list(support)
            tau = (z[idx].sum() - 1.0) / k
            p = np.zeros_like(z)
            p[idx] = z[idx] - tau
            if np.all(p >= -1e-12):
                dist = np.sum((p - z) ** 2)
                if dist < best_dist:
                    best, best_dist = p, dist
    return best


@given(batches(bound=1e3, max_c=7))
def test_sparsemax_lands_on_the_simplex(z):
    p = act.sparsemax(z)
    assert p.shape == z.shape
    assert np.all(p >= 0)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, atol=1e-9)


@given(vectors(bound=10.0, max_c=6))
def test_sparsemax_satisfies_the_kkt_conditions(z):
    """p = max(z - tau, 0) with one threshold tau: z - p = tau on the support, z <= tau off it."""
    p = act.sparsemax(z)
    support = p > 0
    assert support.any()
    taus = (z - p)[support]
    tau = taus.mean()
    np.testing.assert_allclose(taus, tau, atol=1e-9)
    assert np.all(z[~support] <= tau + 1e-9)
    np.testing.assert_allclose(p, np.maximum(z - tau, 0.0), atol=1e-9)


@given(vectors(bound=10.0, max_c=6))
def test_sparsemax_is_the_closest_point_of_the_simplex(z):
    p = act.sparsemax(z)
    q = _brute_force_projection(z)
    np.testing.assert_allclose(p, q, atol=1e-9)


@given(hnp.arrays(np.float64, st.integers(1, 8), elements=st.floats(0.0, 10.0)))
def test_sparsemax_leaves_points_of_the_simplex_alone(w):
    assume(w.sum() > 1e-3)
    p = w / w.sum()
    np.testing.assert_allclose(act.sparsemax(p), p, atol=1e-12)


@given(vectors(bound=10.0), _floats(1e3))
def test_sparsemax_is_shift_invariant(z, c):
    np.testing.assert_allclose(act.sparsemax(z + c), act.sparsemax(z), atol=1e-9)


# ---------------------------------------------------------------- elementwise activations


@given(hnp.arrays(np.float64, st.integers(1, 20), elements=_floats(1e4)))
def test_sigmoid_is_finite_bounded_and_symmetric(z):
    s = act.sigmoid(z)
    assert np.all(np.isfinite(s)) and np.all((s >= 0) & (s <= 1))
    np.testing.assert_allclose(act.sigmoid(-z), 1.0 - s, atol=1e-15)


@given(hnp.arrays(np.float64, st.integers(1, 10), elements=_floats(1e4)))
def test_sigmoid_grad_is_finite_and_at_most_a_quarter(z):
    d = act.sigmoid_grad(z)
    assert np.all(np.isfinite(d)) and np.all((d >= 0) & (d <= 0.25))


@pytest.mark.parametrize("name", ["linear", "sigmoid", "tanh", "relu"])
@given(z=hnp.arrays(np.float64, st.integers(1, 10), elements=_floats(20.0)))
def test_derivatives_match_central_differences(name, z):
    f, fprime = act.ACTIVATIONS[name]
    h = 1e-6
    if name == "relu":
        assume(np.all(np.abs(z) > 10 * h))  # the kink at 0 has no derivative
    numeric = (f(z + h) - f(z - h)) / (2 * h)
    np.testing.assert_allclose(fprime(z), numeric, rtol=1e-5, atol=1e-8)


@given(hnp.arrays(np.float64, hnp.array_shapes(max_dims=3, max_side=4), elements=_floats(1e3)))
def test_elementwise_activations_keep_the_shape(z):
    for f, fprime in act.ACTIVATIONS.values():
        assert f(z).shape == z.shape and fprime(z).shape == z.shape


# ---------------------------------------------------------------- MLP forward


@given(st.data())
def test_one_layer_mlp_is_an_affine_map(data):
    n, n_in, n_out = (data.draw(st.integers(1, 5)) for _ in range(3))
    X = data.draw(hnp.arrays(np.float64, (n, n_in), elements=_floats(10.0)))
    W = data.draw(hnp.arrays(np.float64, (n_out, n_in), elements=_floats(10.0)))
    b = data.draw(hnp.arrays(np.float64, (n_out,), elements=_floats(10.0)))
    activation = data.draw(st.sampled_from(act.HIDDEN_ACTIVATIONS))
    np.testing.assert_allclose(
        mlp.mlp_forward(X, [(W, b)], activation), X @ W.T + b, rtol=1e-12, atol=1e-12
    )


@given(st.data())
def test_linear_hidden_layers_collapse_to_one_matrix(data):
    sizes = data.draw(st.lists(st.integers(1, 4), min_size=3, max_size=5))
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    params = [(rng.normal(size=(o, i)), rng.normal(size=o)) for i, o in zip(sizes, sizes[1:])]
    X = rng.normal(size=(3, sizes[0]))
    W, b = np.eye(sizes[0]), np.zeros(sizes[0])
    for Wl, bl in params:
        W, b = Wl @ W, Wl @ b + bl
    np.testing.assert_allclose(mlp.mlp_forward(X, params, "linear"), X @ W.T + b, atol=1e-9)


@given(st.data())
def test_mlp_forward_handles_each_example_independently(data):
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    params = mlp.init_params([3, 4, 2], rng)
    X = rng.normal(size=(5, 3))
    activation = data.draw(st.sampled_from(act.HIDDEN_ACTIVATIONS))
    whole = mlp.mlp_forward(X, params, activation)
    rows = np.vstack([mlp.mlp_forward(x[None, :], params, activation) for x in X])
    np.testing.assert_allclose(whole, rows, atol=1e-12)


# ---------------------------------------------------------------- losses


@given(logits_and_labels())
def test_cross_entropy_gradient_matches_finite_differences(zy):
    z, y = zy
    loss, grad = losses.softmax_cross_entropy(z, y)
    assert loss >= 0
    numeric = _central_difference(lambda v: losses.softmax_cross_entropy(v, y)[0], z)
    np.testing.assert_allclose(grad, numeric, atol=1e-6)
    np.testing.assert_allclose(grad.sum(axis=1), 0.0, atol=1e-12)


@given(logits_and_labels(bound=1e3))
def test_cross_entropy_is_finite_for_large_logits(zy):
    z, y = zy
    loss, grad = losses.softmax_cross_entropy(z, y)
    assert np.isfinite(loss) and np.all(np.isfinite(grad))
    expected = -np.mean(act.log_softmax(z)[np.arange(len(y)), y])
    assert loss == pytest.approx(expected, rel=1e-12, abs=1e-12)


@given(st.data())
def test_squared_loss_gradient_matches_finite_differences(data):
    shape = data.draw(st.tuples(st.integers(1, 4), st.integers(1, 4)))
    yhat = data.draw(hnp.arrays(np.float64, shape, elements=_floats(10.0)))
    y = data.draw(hnp.arrays(np.float64, shape, elements=_floats(10.0)))
    loss, grad = losses.squared_loss(yhat, y)
    assert isinstance(loss, float) and loss >= 0
    numeric = _central_difference(lambda v: losses.squared_loss(v, y)[0], yhat)
    np.testing.assert_allclose(grad, numeric, atol=1e-6)
    assert loss == pytest.approx(0.5 * np.sum((yhat - y) ** 2) / shape[0])


def test_uniform_logits_give_log_c():
    for c in (2, 3, 10):
        loss, grad = losses.softmax_cross_entropy(np.zeros((4, c)), np.arange(4) % c)
        assert loss == pytest.approx(np.log(c))
