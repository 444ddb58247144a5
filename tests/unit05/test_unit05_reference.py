"""The maths of unit 05's answer key: permutation invariance (any depth, any width), the average
over permutations, exact K!, Jensen on convex and non-convex functions, the FD Hessian and the
classification of critical points."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nncourse.check.unit05.common import network_output
from nncourse.key import convexity as C
from nncourse.key import symmetry as S

pytestmark = pytest.mark.unit05


def _net(rng, sizes):
    return [(rng.normal(size=(o, i)), rng.normal(size=o)) for i, o in zip(sizes[:-1], sizes[1:])]


@settings(max_examples=40, deadline=None)
@given(
    widths=st.lists(st.integers(1, 7), min_size=1, max_size=4),
    seed=st.integers(0, 10_000),
    data=st.data(),
)
def test_permuting_any_hidden_layer_leaves_outputs_unchanged(widths, seed, data):
    rng = np.random.default_rng(seed)
    sizes = [3, *widths, 2]
    params = _net(rng, sizes)
    layer = data.draw(st.integers(0, len(widths) - 1))
    perm = rng.permutation(widths[layer])
    before = [(W.copy(), b.copy()) for W, b in params]
    X = rng.normal(size=(5, 3))
    out = network_output(S.permute_hidden(params, perm, layer), X)
    ref = network_output(params, X)
    assert np.all(np.abs(out - ref) <= 1e-12 * (1 + np.abs(ref)))
    for (W, b), (W0, b0) in zip(params, before):
        assert np.array_equal(W, W0) and np.array_equal(b, b0)


@settings(max_examples=30, deadline=None)
@given(k=st.integers(1, 6), seed=st.integers(0, 10_000))
def test_average_equals_the_brute_force_mean_over_all_permutations(k, seed):
    import itertools

    rng = np.random.default_rng(seed)
    params = _net(rng, [2, k, 3])
    perms = list(itertools.permutations(range(k)))
    twins = [S.permute_hidden(params, list(p)) for p in perms]
    smart = S.average_permutations(params)
    for layer in range(2):
        for slot in range(2):
            brute = np.mean([t[layer][slot] for t in twins], axis=0)
            np.testing.assert_allclose(smart[layer][slot], brute, atol=1e-12)
    W1 = smart[0][0]
    assert np.allclose(W1, W1[0]) and np.allclose(smart[0][1], smart[0][1][0])


@given(st.lists(st.integers(0, 20), min_size=0, max_size=5))
def test_count_is_an_exact_product_of_factorials(sizes):
    got = S.count_equivalent(sizes)
    assert type(got) is int
    assert got == math.prod(math.factorial(k) for k in sizes)


def test_count_for_three_layers_of_twenty_exceeds_int64():
    assert S.count_equivalent([20, 20, 20]) == math.factorial(20) ** 3 > 2**63


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_convex_quadratics_show_no_violation(seed):
    rng = np.random.default_rng(seed)
    B = rng.normal(size=(4, 4))
    A = B @ B.T
    assert C.find_jensen_violation(lambda w: 0.5 * w @ A @ w, rng.normal(size=4)) is None


def test_double_well_violation_is_real():
    def f(w):
        return float(np.sum((w**2 - 1.0) ** 2))

    found = C.find_jensen_violation(f, np.zeros(2))
    assert found is not None
    a, b, t = found
    assert C.jensen_gap(f, a, b, t) > 0


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_fd_hessian_of_a_quadratic_is_its_matrix(seed):
    rng = np.random.default_rng(seed)
    B = rng.normal(size=(3, 3))
    A = B + B.T
    b = rng.normal(size=3)
    H = C.fd_hessian(lambda w: 0.5 * w @ A @ w + b @ w, rng.normal(size=3))
    np.testing.assert_allclose(H, A, atol=1e-6)
    assert np.array_equal(H, H.T)


@pytest.mark.parametrize(
    "eigs, label",
    [
        ((1.0, 2.0), "minimum"),
        ((-1.0, -0.5), "maximum"),
        ((1.0, -1.0), "saddle"),
        ((0.0, 1.0), "degenerate"),
    ],
)
def test_classify_quadratics_by_eigenvalues(eigs, label):
    Q, _ = np.linalg.qr(np.random.default_rng(0).normal(size=(2, 2)))
    A = Q @ np.diag(eigs) @ Q.T
    assert C.classify_critical_point(lambda w: 0.5 * w @ A @ w, np.zeros(2)) == label


def test_classify_not_critical():
    assert C.classify_critical_point(lambda w: float(w @ w), np.ones(2)) == "not critical"
