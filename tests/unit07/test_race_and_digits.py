"""The race engine, the race widget (headless) and the digits demo."""

from __future__ import annotations

import numpy as np
import pytest

from nncourse import digits_demo as dd
from nncourse import optimizer_race as race
from nncourse.key import optimizers as opt
from nncourse.widgets import OptimizerRace

from . import students as st

pytestmark = pytest.mark.unit07


def test_the_engine_holds_no_update_rule_of_the_exercises():
    names = set(dir(race)) | set(dir(dd))
    for forbidden in (
        "sgd_step",
        "momentum_step",
        "nesterov_step",
        "rprop_step",
        "quickprop_step",
        "adam_step",
        "sgd_epoch",
    ):
        assert forbidden not in names


def test_baseline_is_a_fixed_rate_gradient_step():
    s = race.SURFACES["ravine"]
    path = race.run_baseline(s, 3, lr=0.01)
    p = np.array(s.start)
    for k in range(1, 4):
        p = p - 0.01 * s.grad(*p)
        np.testing.assert_allclose(path.points[k], p)


@pytest.mark.parametrize("name", list(race.SURFACES))
def test_gradients_match_finite_differences(name):
    s = race.SURFACES[name]
    p, h = np.array([0.3, -0.7]), 1e-6
    fd = [(s.f(*(p + h * e)) - s.f(*(p - h * e))) / (2 * h) for e in np.eye(2)]
    np.testing.assert_allclose(s.grad(*p), fd, rtol=1e-6, atol=1e-8)


def test_divergence_is_recorded_and_padded():
    path = race.run_baseline(race.SURFACES["ravine"], 50, lr=0.2)
    assert path.diverged_at is not None
    assert np.isnan(path.points[-1]).all()


def test_a_students_exception_propagates_from_run_rule():
    with pytest.raises(NotImplementedError):
        race.run_rule(st.raises_stub, race.SURFACES["saddle"], 5)


def test_adam_reaches_the_ravine_minimum():
    s = race.SURFACES["ravine"]
    assert race.steps_to_reach(race.run_rule(opt.adam_step, s, 200, {"lr": 0.1}), s) is not None


def _racers():
    return {
        "momentum": (opt.momentum_step, {"lr": 0.01}),
        "adam": (st.raises_stub, {"lr": 0.1}),
        "rprop": (st.raises_value_error, {"step0": 0.1}),
    }


def test_widget_draws_and_names_missing_and_broken_racers():
    w = OptimizerRace(_racers(), exercises={"adam": "7.7"}, n_steps=40)
    assert w.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert "adam: not written yet (exercise 7.7 brings it to life)" in w.status.value
    assert "rprop: raised ValueError: shapes do not match" in w.status.value
    assert set(w.paths) == {"gradient step", "momentum"}


def test_widget_controls_redraw():
    w = OptimizerRace({"momentum": (opt.momentum_step, {"lr": 0.01})}, n_steps=40)
    first = w.image.value
    w.step.value = 10
    assert w.image.value != first and "step 10" in w.status.value
    before = w.paths["momentum"].points.copy()
    w.rate["momentum"].value = 0.03
    assert w.hyper("momentum") == {"lr": pytest.approx(0.03)}
    assert not np.allclose(w.paths["momentum"].points, before, equal_nan=True)
    w.use["momentum"].value = False
    assert "momentum" not in w.paths
    w.surface.value = "saddle"
    assert "saddle" in w.surface.value and w.paths


def test_digits_split_and_gradient():
    data = dd.load_split("10 classes")
    assert data.X_train.shape[1] == 64 and len(data.y_val) == 449
    assert abs(data.X_train.mean()) < 1e-9
    two = dd.load_split("2 vs not 2")
    assert set(np.unique(two.y_train)) == {0, 1}
    rng = np.random.default_rng(0)
    params = dd.init_params(64, 5, 10, seed=1)
    X, y = data.X_train[:7], data.y_train[:7]
    for act in dd.ACTIVATIONS:
        _, grads = dd.loss_and_grads(params, X, y, act)
        for key in params:
            d = rng.normal(size=params[key].shape)
            plus = {**params, key: params[key] + 1e-6 * d}
            minus = {**params, key: params[key] - 1e-6 * d}
            fd = (
                dd.loss_and_grads(plus, X, y, act)[0] - dd.loss_and_grads(minus, X, y, act)[0]
            ) / 2e-6
            assert np.sum(grads[key] * d) == pytest.approx(fd, rel=1e-5, abs=1e-8)


def test_training_with_a_given_rule_learns():
    data = dd.load_split("10 classes")
    hist = dd.train(
        dd.init_params(64, 16, 10),
        data,
        step=opt.adam_step,
        hyper={"lr": 0.01},
        epochs=3,
        progress=False,
    )
    assert hist.val_acc[-1] > 0.85 and hist.val_acc[-1] > hist.val_acc[0]
    assert len(hist.train_loss) == 4
    C = dd.confusion_matrix(data.y_val, dd.predict(hist.params, data.X_val), 10)
    assert C.sum() == len(data.y_val)


def test_normalising_shrinks_the_condition_number():
    raw, norm = dd.linear_ravine(False, 10), dd.linear_ravine(True, 10)
    assert norm["condition"] < raw["condition"] / 100


def test_digits_read_from_the_bundled_file_equal_load_digits():
    from sklearn.datasets import load_digits

    X, y = dd.load_raw()
    ref = load_digits()
    np.testing.assert_array_equal(X, ref.data)
    np.testing.assert_array_equal(y, ref.target)
