"""The loss-surface engine, the demos' compute and the widget built headless."""

from __future__ import annotations

import numpy as np
import pytest

from nncourse import landscape_demos as demos
from nncourse import surface
from nncourse.key import convexity as C
from nncourse.key import symmetry as S

pytestmark = pytest.mark.unit05


@pytest.fixture(scope="module")
def problem():
    return surface.Problem()


def test_flatten_round_trip(problem):
    params = surface.unflatten(problem.theta, problem.sizes)
    np.testing.assert_array_equal(surface.flatten(params), problem.theta)


def test_batch_losses_match_single_losses_and_the_gradient_matches_differences(problem):
    rng = np.random.default_rng(0)
    thetas = problem.theta + 0.3 * rng.normal(size=(4, problem.theta.size))
    batch = surface.batch_losses(thetas, problem.X, problem.y, problem.sizes)
    single = [surface.loss_and_grad(t, problem.X, problem.y, problem.sizes)[0] for t in thetas]
    np.testing.assert_allclose(batch, single, rtol=1e-12)
    g = problem.grad(thetas[0])
    e = np.zeros_like(g)
    e[3] = 1e-6
    fd = (problem.loss(thetas[0] + e) - problem.loss(thetas[0] - e)) / 2e-6
    assert g[3] == pytest.approx(fd, rel=1e-5, abs=1e-8)


def test_training_brings_the_loss_down(problem):
    assert problem.loss(problem.theta) < 0.05


def test_twin_path_has_equal_ends_and_a_bump(problem):
    ts, losses = surface.twin_path(problem, S.permute_hidden, surface.permutation(6, 0))
    assert losses[0] == pytest.approx(losses[-1], rel=1e-10)
    assert losses.max() > 5 * losses[0]


def test_average_of_twins_is_worse(problem):
    avg = surface.flatten(S.average_permutations(problem.params))
    assert problem.loss(avg) > 2 * problem.loss(problem.theta)


@pytest.mark.parametrize("kind", surface.DIRECTIONS)
def test_slices_have_the_centre_loss_in_the_middle(problem, kind):
    dirs = surface.slice_directions(problem, kind)
    assert dirs.shape == (2, problem.theta.size)
    sl = surface.loss_slice(problem, problem.theta, dirs, 0.5, n=11)
    assert sl.loss.shape == (11, 11)
    assert sl.loss[5, 5] == pytest.approx(sl.center_loss)
    assert np.all(np.abs(sl.path) <= 0.5 + 1e-12)


def test_hessian_directions_are_the_most_curved(problem):
    dirs = surface.slice_directions(problem, "hessian")
    H = problem.hessian
    top = np.linalg.eigvalsh(H)[-1]
    d = dirs[0] / np.linalg.norm(dirs[0])
    assert d @ H @ d == pytest.approx(top, rel=1e-8)


def test_unknown_directions_are_refused(problem):
    with pytest.raises(ValueError, match="unknown directions"):
        surface.slice_directions(problem, "sideways")


def test_saddle_traps_the_exact_start_and_a_nudge_escapes():
    stuck = demos.saddle_path([1.5, 0.0], steps=250)[-1]
    free = demos.saddle_path([1.5, 1e-6], steps=250)[-1]
    assert np.allclose(stuck, 0.0, atol=1e-6)
    assert abs(abs(free[1]) - 1.0) < 1e-3


def test_equal_starts_stay_equal_and_random_starts_differ(problem):
    for init in ("zeros", "constant"):
        _, spread = demos.train_from(init, problem.X, problem.y, steps=50)
        assert np.all(spread == 0.0)
    _, spread = demos.train_from("random", problem.X, problem.y, steps=50)
    assert spread[-1] > 0.1


def test_baldi_hornik_points_are_critical_with_the_predicted_loss():
    lin = demos.make_linear_problem()
    f = demos.scaled_loss(lin)
    labels = []
    for cp in demos.baldi_hornik_points(lin):
        assert lin.loss(cp.theta) == pytest.approx(cp.predicted_loss, rel=1e-9)
        assert demos.gradient_norm(f, cp.theta) < 1e-6
        labels.append(C.classify_critical_point(f, cp.theta))
    assert labels[0] == "degenerate"  # the top-p set: a minimum, flat along C
    assert all(label == "saddle" for label in labels[1:])


def test_spoiler_beats_backprop_not_the_perceptron():
    X, y = demos.spoiler_data(8.0)
    w, b, _ = demos.perceptron(X, y)
    assert np.array_equal(demos.classify(X, w, b), y)
    w3, b3, _ = demos.sigmoid_squared_fit(X[:3], y[:3])
    ws, bs, _ = demos.sigmoid_squared_fit(X, y, start=(w3, b3))
    pred = demos.classify(X, ws, bs)
    assert np.array_equal(pred[:3], y[:3]) and pred[3] != y[3]


def test_plateau_and_ravine():
    p = surface.Problem(steps=10)
    norms = demos.gradient_norm_vs_scale([1.0, 100.0], p.X, p.y)
    assert norms[1] < 0.2 * norms[0]
    X, y, Xn = demos.ravine_problem()
    assert demos.condition_number(X) > 20 * demos.condition_number(Xn)
    assert demos.descent_steps(X, y) > 20 * demos.descent_steps(Xn, y)
    for inputs, far in ((X, True), (Xn, False)):
        best = np.linalg.lstsq(inputs, y, rcond=None)[0]
        end = demos.descent_path(inputs, y, best + [2.0, 2.5], steps=40)[-1]
        assert (np.linalg.norm(end - best) > 0.5) == far


def test_widget_redraws_on_every_control(problem):
    pytest.importorskip("ipywidgets")
    from nncourse.widgets import LossSurface

    view = LossSurface(S.permute_hidden, problem=problem, grid=15)
    moves = [
        (view.perm, 3),
        (view.centre, "midpoint"),
        (view.directions, "hessian"),
        (view.extent, 1.0),
    ]
    for control, value in moves:
        image, status = view.image.value, view.status.value
        control.value = value
        assert view.image.value != image, control.description
        assert view.status.value != status or control is view.extent, control.description
    assert "permutation [" in view.status.value and "loss there" in view.status.value


def test_widget_says_which_exercise_when_the_student_function_is_a_stub(problem):
    from nncourse.widgets import LossSurface

    def stub(params, perm, layer=0):
        raise NotImplementedError()

    with pytest.raises(NotImplementedError):
        LossSurface(stub, problem=problem, grid=11)
