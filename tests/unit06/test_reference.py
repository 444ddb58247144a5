"""The answer key and the demo compute of unit 06, against the maths they implement."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from nncourse import quadratics_demo as demo
from nncourse.key import quadratics as key

pytestmark = pytest.mark.unit06

curvatures = st.floats(0.05, 50.0)
ratios = st.floats(0.02, 3.5)


def _spd(lams, theta):
    return demo.rotated_matrix(lams[0], lams[1], theta)


@given(a=curvatures, b=st.floats(-5, 5), q=ratios)
def test_each_step_multiplies_the_error_by_one_minus_eta_a(a, b, q):
    eta = q / a
    path = key.gradient_descent(lambda w: a * w + b, np.array([0.7]), eta, 6)[:, 0]
    e = path + b / a
    np.testing.assert_allclose(e[1:], (1 - eta * a) * e[:-1], rtol=1e-7, atol=1e-9)


@given(a=curvatures, q=ratios, b=st.floats(-3, 3), d=st.floats(0.5, 2.0))
def test_predicted_regime_is_what_the_run_does(a, q, b, d):
    # away from the boundaries (the checker handles exact ties separately)
    assume(min(abs(q - 1), abs(q - 2)) > 1e-3)
    eta = q / a
    w_star = -b / a
    ws = demo.run_1d(a, b, w_star + d, eta)
    assert key.regime_1d(a, eta)[1] == demo.observe_regime(ws, w_star)


@pytest.mark.parametrize(
    ("a", "eta", "name"),
    [
        (4.0, 0.25, "one step"),
        (4.0, 0.5, "stuck oscillating"),
        (4.0, 0.2, "monotone"),
        (4.0, 0.3, "oscillating"),
        (4.0, 0.6, "divergent"),
        (10.0, 0.1, "one step"),
        (3.0, 2 / 3, "stuck oscillating"),
    ],
)
def test_exact_boundaries(a, eta, name):
    assert key.regime_1d(a, eta) == (pytest.approx(1 / a), name)
    ws = demo.run_1d(a, 1.3, -1.0, eta)
    assert demo.observe_regime(ws, -1.3 / a) == name


def test_a_rounding_error_from_the_boundary_is_invisible_to_the_run():
    a = 49.0
    assert key.regime_1d(a, 1 / a)[1] == "monotone"  # (1/49) * 49 < 1 in float64
    assert demo.observe_regime(demo.run_1d(a, 2.0, 0.0, 1 / a), -2.0 / a) == "one step"
    assert key.regime_1d(a, 2 / a)[1] == "oscillating"
    assert demo.observe_regime(demo.run_1d(a, 2.0, 0.0, 2 / a), -2.0 / a) == "stuck oscillating"


@given(l1=st.floats(0.1, 10), l2=st.floats(0.1, 10), theta=st.floats(0, np.pi))
def test_direction_rates_come_from_eigenvalues_not_the_diagonal(l1, l2, theta):
    etas, eta_max, kappa = key.direction_rates(_spd((l1, l2), theta))
    lo, hi = sorted((l1, l2))
    np.testing.assert_allclose(etas, [1 / lo, 1 / hi], rtol=1e-8)
    assert eta_max == pytest.approx(2 / hi, rel=1e-8)
    assert kappa == pytest.approx(hi / lo, rel=1e-7)


@given(
    l1=st.floats(0.2, 5),
    l2=st.floats(0.2, 5),
    theta=st.floats(0, np.pi),
    margin=st.floats(0.05, 0.2),
)
def test_largest_stable_rate_is_the_edge(l1, l2, theta, margin):
    A = _spd((l1, l2), theta)
    b = np.array([0.3, -0.4])
    eta_max = key.direction_rates(A)[1]
    w0 = np.linalg.solve(A, -b) + np.linalg.eigh(A)[1].sum(axis=1)  # 1 along each direction
    assert key.iterations_to_tol(A, b, w0, (1 - margin) * eta_max, 1e-3, 20_000) >= 0
    assert key.iterations_to_tol(A, b, w0, (1 + margin) * eta_max, 1e-3, 300) == -1


def test_iterations_count_matches_a_closed_form_on_one_direction():
    # error along one eigen-direction only: |e_k| = |1 - eta*lam|^k |e_0|
    A = np.diag([2.0, 5.0])
    w_star = np.array([1.0, -1.0])
    w0 = w_star + np.array([1.0, 0.0])
    k = key.iterations_to_tol(A, -A @ w_star, w0, 0.1, 1e-3, 1000)
    assert k == int(np.ceil(np.log(1e-3) / np.log(0.8)))
    assert key.iterations_to_tol(A, -A @ w_star, w_star, 0.1, 1e-3, 10) == 0


@pytest.mark.parametrize("theta", [0.0, 0.7])
def test_iterations_grow_like_the_condition_number_prediction(theta):
    kappas = np.array([2.0, 10.0, 100.0])
    measured = demo.kappa_sweep(key.iterations_to_tol, kappas, 1e-6, theta=theta)
    predicted = demo.predicted_iterations(kappas, 1e-6)
    assert np.all(measured <= predicted) and np.all(measured >= predicted - 2)


@given(
    l1=st.floats(0.05, 20),
    l2=st.floats(0.05, 20),
    theta=st.floats(0, np.pi),
    w=st.tuples(st.floats(-5, 5), st.floats(-5, 5)),
)
def test_newton_lands_in_one_step_and_halves_at_eta_half(l1, l2, theta, w):
    A = _spd((l1, l2), theta)
    b = np.array([0.5, -2.0])
    w = np.array(w)
    w_star = np.linalg.solve(A, -b)
    np.testing.assert_allclose(key.newton_step(A, b, w), w_star, atol=1e-7 * (1 + abs(w).max()))
    np.testing.assert_allclose(
        key.newton_step(A, b, w, 0.5) - w_star, 0.5 * (w - w_star), atol=1e-7 * (1 + abs(w).max())
    )


@given(a=curvatures, q=st.floats(0.05, 1.95))
def test_measured_rate_is_one_minus_eta_a_squared(a, q):
    assume(abs(q - 1) > 0.05)  # at q = 1 the gap is 0 after one step: nothing to measure
    eta = q / a
    ws = key.gradient_descent(lambda w: a * w, np.array([1.0]), eta, 4)[:, 0]
    r = key.convergence_rate(0.5 * a * ws**2, 0.0)
    np.testing.assert_allclose(r, (1 - q) ** 2, rtol=1e-6)


def test_decay_schedules():
    np.testing.assert_allclose(key.decay("linear", 1.0, 4), [1, 1 / 2, 1 / 3, 1 / 4])
    np.testing.assert_allclose(key.decay("quadratic", 2.0, 3), [2, 2 / 4, 2 / 9])
    np.testing.assert_allclose(
        key.decay("exponential", 1.0, 3, beta=0.5), np.exp([0.0, -0.5, -1.0])
    )
    with pytest.raises(ValueError, match="unknown schedule"):
        key.decay("cosine", 1.0, 3)


def test_plateau_decay():
    assert key.plateau_decay([5, 4, 3, 2, 1, 0.5], 0.1, patience=3) == 0.1
    assert key.plateau_decay([5, 1, 1, 1, 1], 0.1, patience=3) == pytest.approx(0.01)
    assert key.plateau_decay([5, 1, 1], 0.1, patience=3) == 0.1  # too short to judge
    assert key.plateau_decay([1.0, 0.9995, 1.2, 1.1], 1.0, alpha=0.5, patience=3) == 0.5


def test_noisy_descent_decay_beats_the_noise_floor():
    A = demo.rotated_matrix(1.0, 4.0, 0.3)
    b = -A @ np.array([3.0, -2.0])
    const, _ = demo.noisy_descent(A, b, np.zeros(2), np.full(600, 0.4), 0.5, seed=6)
    linear, _ = demo.noisy_descent(A, b, np.zeros(2), key.decay("linear", 0.4, 600), 0.5, seed=6)
    quad, _ = demo.noisy_descent(A, b, np.zeros(2), key.decay("quadratic", 0.4, 600), 0.5, seed=6)
    assert linear[-100:].mean() < const[-100:].mean() < quad[-100:].mean()


def test_overall_regime():
    assert demo.overall_regime(["monotone", "Divergent"]) == "diverges"
    assert demo.overall_regime(["stuck oscillating", "monotone"]).startswith("never")
    assert demo.overall_regime(["monotone", "oscillating"]) == "converges"
