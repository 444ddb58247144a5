"""The playground's compute (data sets, features, the numpy MLP's backward pass, the trainer)
and the widget built headless, without a display."""

from __future__ import annotations

import asyncio
import io

import numpy as np
import pytest
from PIL import Image

from nncourse import playground as pg
from nncourse import xor
from nncourse.plots_playground import PlaygroundFigure, plot_trainer, png_bytes
from nncourse.plots_xor import figure_png, plot_playground

pytestmark = pytest.mark.unit01


@pytest.mark.parametrize("name", pg.DATASETS)
def test_datasets_have_two_balanced_classes_inside_the_square(name):
    X, t = pg.make_dataset(name, 200, np.random.default_rng(0), noise=0.2)
    assert X.shape == (200, 2) and t.shape == (200,)
    assert set(np.unique(t)) == {0, 1}
    assert 60 <= t.sum() <= 140
    assert np.abs(X).max() <= pg.EXTENT


def test_xor_dataset_labels_agree_with_section_1():
    """Section 1: class 1 at the corners (0, 1) and (1, 0), where exactly one input is on.
    Centred on the origin, "on" is a positive coordinate: quadrants II and IV are class 1."""
    X, t = pg.make_dataset("xor", 300, np.random.default_rng(1))
    on = X > 0
    np.testing.assert_array_equal(t, (on[:, 0] != on[:, 1]).astype(int))
    corners = 2.0 * xor.XOR_INPUTS - 1.0  # (0, 1) -> (-1, 1), ...
    np.testing.assert_array_equal(
        (corners[:, 0] * corners[:, 1] < 0).astype(float), xor.XOR_TARGETS
    )


def test_noise_jitters_the_points_and_keeps_the_labels():
    X0, t0 = pg.make_dataset("gaussian blobs", 400, np.random.default_rng(3))
    X1, t1 = pg.make_dataset("gaussian blobs", 400, np.random.default_rng(3), noise=0.5)
    np.testing.assert_array_equal(t0, t1)
    jitter = (X1 - X0)[np.abs(X1).max(axis=1) < pg.EXTENT]  # clipped points aside
    assert 0.4 < jitter.std() < 0.6


@pytest.mark.parametrize(
    ("n", "fraction", "n_test"), [(200, 0.5, 100), (200, 0.3, 60), (7, 0.0, 0), (10, 0.99, 9)]
)
def test_holdout_mask_sizes(n, fraction, n_test):
    mask = pg.holdout_mask(n, fraction, np.random.default_rng(0))
    assert mask.shape == (n,) and mask.dtype == bool and mask.sum() == n_test


def test_holdout_mask_refuses_bad_fractions():
    with pytest.raises(ValueError, match="test fraction"):
        pg.holdout_mask(10, 1.0, np.random.default_rng(0))


def test_trainer_splits_and_records_both_losses():
    trainer = pg.train(pg.Config(test_fraction=0.3), 5)
    assert trainer.is_test.sum() == 60 and len(trainer.t) == 200
    assert len(trainer.losses) == len(trainer.test_losses) == 6
    F, t = trainer.F[trainer.is_test], trainer.t[trainer.is_test]
    assert trainer.test_losses[-1] == pytest.approx(pg.mean_loss("tanh", trainer.params, F, t))
    train_F = trainer.F[~trainer.is_test]  # standardised with the training points only
    np.testing.assert_allclose(train_F.mean(axis=0), 0.0, atol=1e-12)


def test_unknown_dataset_is_refused():
    with pytest.raises(ValueError, match="unknown data set"):
        pg.make_dataset("moons", 10, np.random.default_rng(0))


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid", "linear"])
def test_fused_step_moves_along_the_finite_difference_gradient(activation):
    rng = np.random.default_rng(2)
    F = rng.normal(size=(7, 3))
    t = rng.integers(0, 2, size=7)
    params = [
        (rng.normal(size=(4, 3)), rng.normal(size=4)),
        (rng.normal(size=(3, 4)), rng.normal(size=3)),
        (rng.normal(size=(2, 3)), rng.normal(size=2)),
    ]
    before = [(W.copy(), b.copy()) for W, b in params]
    loss = pg.train_step(activation, params, F, t, 1.0)
    assert loss == pytest.approx(pg.mean_loss(activation, before, F, t))
    h = 1e-6
    for layer, (W, b) in enumerate(before):
        for arr, after in ((W, params[layer][0]), (b, params[layer][1])):
            grad = arr - after  # lr = 1: the step is minus the gradient
            for idx in [tuple(rng.integers(0, s) for s in arr.shape) for _ in range(3)]:
                old = arr[idx]
                arr[idx] = old + h
                up = pg.mean_loss(activation, before, F, t)
                arr[idx] = old - h
                down = pg.mean_loss(activation, before, F, t)
                arr[idx] = old
                assert grad[idx] == pytest.approx((up - down) / (2 * h), rel=1e-4, abs=1e-7)


def _random_net(rng):
    return [
        (rng.normal(size=(4, 3)), rng.normal(size=4)),
        (rng.normal(size=(2, 4)), rng.normal(size=2)),
    ]


@pytest.mark.parametrize("kind", ["L1", "L2"])
def test_regularised_step_moves_along_the_finite_difference_gradient(kind):
    rng = np.random.default_rng(4)
    F, t = rng.normal(size=(6, 3)), rng.integers(0, 2, size=6)
    params = _random_net(rng)
    before = [(W.copy(), b.copy()) for W, b in params]
    rate = 0.3
    loss = pg.train_step("tanh", params, F, t, 1.0, kind, rate)
    assert loss == pytest.approx(pg.objective("tanh", before, F, t, kind, rate))
    h = 1e-6
    for layer, (W, b) in enumerate(before):
        for arr, after in ((W, params[layer][0]), (b, params[layer][1])):
            grad = arr - after
            for idx in np.ndindex(arr.shape):
                old = arr[idx]
                arr[idx] = old + h
                up = pg.objective("tanh", before, F, t, kind, rate)
                arr[idx] = old - h
                down = pg.objective("tanh", before, F, t, kind, rate)
                arr[idx] = old
                assert grad[idx] == pytest.approx((up - down) / (2 * h), rel=1e-4, abs=1e-7)


def test_penalty_values_count_weights_not_biases():
    params = [(np.array([[1.0, -2.0]]), np.array([5.0])), (np.array([[3.0]]), np.array([-7.0]))]
    assert pg.penalty("L1", 0.1, params) == pytest.approx(0.6)
    assert pg.penalty("L2", 0.1, params) == pytest.approx(0.5 * 0.1 * 14.0)
    assert pg.penalty("none", 0.1, params) == 0.0 and pg.penalty("L2", 0.0, params) == 0.0
    with pytest.raises(ValueError, match="regularisation"):
        pg.penalty("L3", 0.1, params)


def test_l2_shrinks_the_weights_it_trains():
    plain = pg.train(pg.Config(), 40)
    shrunk = pg.train(pg.Config(regularization="L2", reg_rate=0.3), 40)
    size = lambda tr: sum(float((W**2).sum()) for W, _ in tr.params)  # noqa: E731
    assert size(shrunk) < 0.7 * size(plain)


def test_batch_size_sets_the_number_of_updates(monkeypatch):
    rng = np.random.default_rng(5)
    F, t = rng.normal(size=(10, 3)), rng.integers(0, 2, size=10)
    params = _random_net(rng)
    full = [(W.copy(), b.copy()) for W, b in params]
    pg.train_step("tanh", full, F, t, 0.1)  # one full-batch update: the order does not matter
    epoch = pg.sgd_epoch(params, F, t, "tanh", 0.1, 10, rng)
    for (W, b), (W1, b1) in zip(epoch, full):
        np.testing.assert_allclose(W, W1)
        np.testing.assert_allclose(b, b1)
    calls = []
    real = pg.train_step
    monkeypatch.setattr(pg, "train_step", lambda *a: calls.append(len(a[2])) or real(*a))
    for batch, sizes in ((1, [1] * 10), (4, [4, 4, 2]), (50, [10])):
        calls.clear()
        pg.sgd_epoch(params, F, t, "tanh", 0.1, batch, rng)
        assert calls == sizes


def test_hidden_view_is_where_the_output_draws_a_line():
    trainer = pg.train(pg.Config(), 150)  # XOR from x1, x2 through two hidden layers
    coords, threshold = trainer.hidden_view()
    assert coords.shape == (200, 2)
    p = pg.predict_proba(trainer.F, trainer.params, "tanh")
    np.testing.assert_array_equal(coords[:, 0] > threshold, p > 0.5)
    on_the_right_side = (coords[:, 0] > threshold) == (trainer.t == 1)
    assert on_the_right_side.mean() > 0.9  # the last hidden layer made XOR linearly separable


def test_hidden_view_of_one_unit_and_of_no_hidden_layer():
    one = pg.Trainer(pg.Config(hidden=(1,)))
    coords, _ = one.hidden_view()
    assert coords.shape == (200, 2) and np.all(coords[:, 1] == 0)
    linear = pg.Trainer(pg.Config(hidden=(), features=("x1", "x2", "x1*x2")))
    coords, threshold = linear.hidden_view()
    W, b = linear.params[0]
    gap = linear.F @ (W[1] - W[0]) + (b[1] - b[0])
    np.testing.assert_array_equal(coords[:, 0] > threshold, gap > 0)


def test_grids_and_diagram_weights_have_one_entry_per_unit():
    trainer = pg.Trainer(pg.Config(hidden=(5, 3), features=("x1", "x2", "x1^2")))
    axis, prob, hidden = trainer.grids(9)
    assert axis.shape == (9,) and prob.shape == (9, 9)
    assert [h.shape for h in hidden] == [(5, 9, 9), (3, 9, 9)]
    assert trainer.feature_grids(9).shape == (3, 9, 9)
    np.testing.assert_allclose(trainer.decision_grid(9)[2], prob)
    assert [W.shape for W in pg.diagram_weights(trainer.params)] == [(5, 3), (3, 5), (1, 3)]


def test_retune_changes_live_settings_only():
    trainer = pg.train(pg.Config(), 2)
    W = trainer.params[0][0].copy()
    trainer.retune(batch_size=3, regularization="L1", reg_rate=0.01, lr=0.1)
    assert trainer.config.batch_size == 3 and trainer.config.regularization == "L1"
    np.testing.assert_array_equal(trainer.params[0][0], W)
    with pytest.raises(ValueError, match="fresh model"):
        trainer.retune(noise=0.3)
    with pytest.raises(ValueError, match="batch size"):
        trainer.retune(batch_size=0)


def test_loss_is_the_mean_softmax_cross_entropy_and_finite_at_large_logits():
    params = [(np.array([[0.0, 0.0], [1.0, -1.0]]), np.zeros(2))]
    F = np.array([[3.0, 0.0], [0.0, 0.0], [800.0, 0.0]])
    t = np.array([1, 0, 0])
    logits = F @ params[0][0].T
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    expected = -np.mean(log_p[np.arange(3), t])
    assert pg.mean_loss("tanh", params, F, t) == pytest.approx(expected)
    p1 = pg.predict_proba(F, params, "tanh")
    np.testing.assert_allclose(p1, np.exp(log_p[:, 1]))


def test_feature_matrix_stacks_the_named_features_and_refuses_unknown_names():
    X = np.array([[1.0, 2.0], [-3.0, 0.5]])
    got = pg.feature_matrix(("x1*x2", "x1^2", "sin(x2)"), X)
    np.testing.assert_allclose(
        got, np.column_stack([X[:, 0] * X[:, 1], X[:, 0] ** 2, np.sin(X[:, 1])])
    )
    with pytest.raises(ValueError, match="at least one"):
        pg.feature_matrix((), X)
    with pytest.raises(ValueError, match="unknown feature"):
        pg.feature_matrix(("x3",), X)


def test_sgd_epoch_does_not_modify_its_input():
    rng = np.random.default_rng(0)
    params = [(rng.normal(size=(2, 2)), np.zeros(2))]
    before = [(W.copy(), b.copy()) for W, b in params]
    pg.sgd_epoch(params, rng.normal(size=(10, 2)), rng.integers(0, 2, 10), "tanh", 0.1, 4, rng)
    for (W, b), (W0, b0) in zip(params, before):
        np.testing.assert_array_equal(W, W0)
        np.testing.assert_array_equal(b, b0)


def test_product_feature_solves_xor_without_hidden_units_and_plain_inputs_do_not():
    plain = pg.train(pg.Config(features=("x1", "x2"), hidden=(), lr=0.1), 100)
    product = pg.train(pg.Config(features=("x1", "x2", "x1*x2"), hidden=(), lr=0.1), 100)
    assert plain.accuracy() < 0.8
    assert product.accuracy() == 1.0 and product.losses[-1] < 0.1


def test_hidden_layers_learn_xor_from_plain_inputs():
    trainer = pg.train(pg.Config(), 150)
    assert trainer.losses[-1] < 0.5 * trainer.losses[0]
    assert trainer.accuracy() > 0.9
    assert trainer.epoch == 150 and len(trainer.losses) == 151


def test_decision_grid_rows_follow_x2():
    trainer = pg.Trainer(pg.Config(dataset="gaussian blobs", hidden=()))
    x1, x2, prob = trainer.decision_grid(n=5)
    assert prob.shape == (5, 5) and x1[0] == -pg.EXTENT and x2[-1] == pg.EXTENT
    point = np.array([[x1[4], x2[0]]])  # column 4, row 0
    expected = pg.predict_proba(trainer.features_of(point), trainer.params, "tanh")[0]
    assert prob[0, 4] == pytest.approx(expected)


def test_learning_rate_can_change_without_losing_the_weights():
    trainer = pg.Trainer(pg.Config())
    W_before = trainer.params[0][0].copy()
    trainer.set_learning_rate(0.3)
    assert trainer.config.lr == 0.3
    np.testing.assert_array_equal(trainer.params[0][0], W_before)
    with pytest.raises(ValueError):
        trainer.set_learning_rate(0.0)


@pytest.mark.parametrize(
    ("text", "sizes"), [("4, 2", (4, 2)), ("", ()), ("0", ()), ("8", (8,)), (" 3;3 ", (3, 3))]
)
def test_hidden_sizes_parse(text, sizes):
    assert pg.hidden_sizes(text) == sizes


@pytest.mark.parametrize("text", ["a, b", "4, 0", "100", "2.5"])
def test_hidden_sizes_refuse_bad_text(text):
    with pytest.raises(ValueError):
        pg.hidden_sizes(text)


def test_png_bytes_round_trip():
    rgb = np.random.default_rng(0).integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    back = np.asarray(Image.open(io.BytesIO(png_bytes(rgb[:, :, :3]))))
    np.testing.assert_array_equal(back, rgb[:, :, :3])


@pytest.mark.parametrize("hidden", [(), (3,), (12, 4)])
def test_playground_figure_redraws_what_changed(hidden):
    trainer = pg.Trainer(pg.Config(hidden=hidden))
    figure = PlaygroundFigure(trainer, grid_size=12)
    first = figure.png()
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    for _ in range(12):  # past 10 epochs: the loss axis grows and the background is redrawn
        trainer.step()
    figure.update(trainer)
    blitted = figure.png()
    assert blitted != first
    fresh = PlaygroundFigure(trainer, grid_size=12).png()  # drawn whole, from scratch
    a, b = (np.asarray(Image.open(io.BytesIO(p)), dtype=int) for p in (blitted, fresh))
    assert a.shape == b.shape and (np.abs(a - b).sum(axis=2) > 30).sum() < 50
    assert plot_trainer(trainer, grid_size=12).axes


def test_playground_figure_renders():
    trainer = pg.train(pg.Config(dataset="circles"), 3)
    png = figure_png(
        plot_playground(trainer.decision_grid(20), trainer.X, trainer.t, trainer.losses, "circles")
    )
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


# ------------------------------------------------------------------ the widget, headless
@pytest.fixture
def widget():
    from nncourse.widgets import Playground

    return Playground(grid_size=20)


def test_widget_constructs_and_steps(widget):
    assert "epoch 0" in widget.status.value
    image0 = widget.image.value
    widget.step_button.click()
    assert widget.trainer.epoch == 1
    assert "epoch 1 " in widget.status.value
    assert widget.image.value != image0
    assert widget.step_seconds > 0  # recorded for the status line; timed in benchmarks/


def test_widget_reset_and_controls_rebuild_the_model(widget):
    widget.step(3)
    widget.reset_button.click()
    assert widget.trainer.epoch == 0
    widget.dataset.value = "spirals"
    widget.feature_boxes["sin(x1)"].value = True
    widget.hidden.value = "5"
    cfg = widget.trainer.config
    assert cfg.dataset == "spirals" and "sin(x1)" in cfg.features and cfg.hidden == (5,)
    widget.activation.value = "relu"
    assert widget.trainer.config.activation == "relu"


def test_widget_learning_rate_keeps_training_state(widget):
    widget.step(2)
    widget.lr.value = 0.3
    assert widget.trainer.epoch == 2 and widget.trainer.config.lr == 0.3


def test_widget_reports_bad_settings_instead_of_raising(widget):
    widget.hidden.value = "two"
    assert "whole numbers" in widget.status.value
    assert widget.step_button.disabled and widget.train_button.disabled
    widget.hidden.value = "3"
    assert "epoch 0" in widget.status.value and not widget.step_button.disabled
    for box in widget.feature_boxes.values():
        box.value = False
    assert "at least one input feature" in widget.status.value
    widget.feature_boxes["x1"].value = True
    assert "epoch 0" in widget.status.value
    assert widget.trainer.config.features == ("x1",)


def test_widget_train_runs_in_the_event_loop_until_paused(widget):
    async def scenario():
        widget.train_button.value = True
        assert widget.train_button.description == "Pause"
        await asyncio.sleep(0.6)
        running = widget.trainer.epoch
        widget.train_button.value = False
        await widget._task
        return running

    running = asyncio.run(scenario())
    assert running >= widget.epochs_per_frame
    assert widget.trainer.epoch >= running
    assert widget.train_button.description == "Train"


def test_widget_train_without_an_event_loop_trains_one_frame(widget):
    widget.train_button.value = True
    assert widget.trainer.epoch == widget.epochs_per_frame
    assert widget.train_button.value is False


def test_widget_displays_as_its_box(widget):
    bundle = widget._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_widget_noise_and_test_share_rebuild_the_data(widget):
    widget.step(2)
    widget.noise.value = 0.5
    assert widget.trainer.epoch == 0 and widget.trainer.config.noise == 0.5
    widget.test_fraction.value = 0.3
    assert widget.trainer.is_test.sum() == 60
    assert "test loss" in widget.status.value


def test_widget_regularisation_and_batch_size_apply_live(widget):
    widget.step(2)
    image = widget.image.value
    widget.regularization.value = "L2"
    widget.reg_rate.value = 0.1
    widget.batch_size.value = 25
    cfg = widget.trainer.config
    assert widget.trainer.epoch == 2
    assert (cfg.regularization, cfg.reg_rate, cfg.batch_size) == ("L2", 0.1, 25)
    widget.step_button.click()
    assert widget.trainer.epoch == 3 and widget.image.value != image
