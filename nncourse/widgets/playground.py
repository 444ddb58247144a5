"""The decision-boundary playground: TensorFlow Playground inside Jupyter, and one view more.

Controls choose the data set, its noise and train/test split, the input features, the hidden
layer sizes, the activation, the learning rate, the regularisation (type and strength) and the
batch size; Train/Step/Reset drive a ``nncourse.playground.Trainer``. The picture
(``nncourse.plots_playground.PlaygroundFigure``) shows the network with every unit's output as a
heat map and every weight as an edge (colour: sign, width: size), the decision boundary over
the training and test points, the points as the output layer sees them (the last hidden
layer's feature map, where the boundary is a straight line), and the training and test loss.
This module holds no maths.

    from nncourse.widgets import Playground
    Playground()
"""

from __future__ import annotations

import asyncio
import html
import time

import ipywidgets as w

from nncourse.engine import HIDDEN_UNITS
from nncourse.playground import (
    DATASETS,
    FEATURES,
    REGULARIZATIONS,
    Config,
    Trainer,
    feature_names,
    hidden_sizes,
)
from nncourse.plots_playground import PlaygroundFigure

LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
"""Choices offered for the learning rate."""

REG_RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
"""Choices offered for the regularisation strength (TensorFlow Playground's)."""

MAX_EPOCHS = 5000
"""Train stops by itself after this many epochs."""

_WIDE = {"layout": w.Layout(width="250px"), "style": {"description_width": "90px"}}


class Playground:
    """Controls, picture and status line of the playground, ready to display.

    Parameters
    ----------
    config : Config, optional
        Initial settings (``nncourse.playground.Config()`` by default).
    grid_size : int
        Resolution of the decision map and of every unit's heat map.
    epochs_per_frame : int
        Epochs trained between two redraws while Train is on.

    Attributes
    ----------
    trainer : Trainer
        The model being trained; replaced by Reset or by changing a setting that needs fresh
        data or a fresh network (learning rate, regularisation and batch size apply live).
    figure : PlaygroundFigure
        The picture, rebuilt with the trainer.
    widget : ipywidgets.Box
        What the notebook displays.
    step_seconds, draw_seconds : float
        Wall-clock time of the last training epoch and of the last redraw.
    """

    def __init__(
        self, config: Config | None = None, grid_size: int = 32, epochs_per_frame: int = 3
    ) -> None:
        cfg = config or Config()
        self.grid_size = grid_size
        self.epochs_per_frame = epochs_per_frame
        self.step_seconds = self.draw_seconds = 0.0
        self._task: asyncio.Future | None = None
        self.dataset = w.Dropdown(options=DATASETS, value=cfg.dataset, description="data", **_WIDE)
        self.noise = w.FloatSlider(
            value=cfg.noise, min=0.0, max=2.0, step=0.1, description="noise", **_WIDE
        )
        self.test_fraction = w.FloatSlider(
            value=cfg.test_fraction, min=0.1, max=0.9, step=0.1, description="test share", **_WIDE
        )
        self.feature_boxes = {
            name: w.ToggleButton(
                value=name in cfg.features, description=name, layout=w.Layout(width="68px")
            )
            for name in FEATURES
        }
        self.hidden = w.Text(
            value=", ".join(str(h) for h in cfg.hidden),
            description="hidden",
            placeholder="e.g. 4, 2 (empty: none)",
            continuous_update=False,
            **_WIDE,
        )
        self.activation = w.Dropdown(
            options=HIDDEN_UNITS, value=cfg.activation, description="activation", **_WIDE
        )
        self.lr = w.Dropdown(
            options=LEARNING_RATES, value=cfg.lr, description="learning rate", **_WIDE
        )
        self.regularization = w.Dropdown(
            options=REGULARIZATIONS, value=cfg.regularization, description="regularisation", **_WIDE
        )
        self.reg_rate = w.Dropdown(
            options=REG_RATES, value=cfg.reg_rate, description="reg. rate", **_WIDE
        )
        self.batch_size = w.IntSlider(
            value=cfg.batch_size, min=1, max=50, description="batch size", **_WIDE
        )
        self.train_button = w.ToggleButton(description="Train", icon="play")
        self.step_button = w.Button(description="Step", icon="step-forward")
        self.reset_button = w.Button(description="Reset", icon="refresh")
        self.status = w.HTML()
        self.image = w.Image(format="png")
        for widget, name in (
            (self.train_button, "train"),
            (self.step_button, "step"),
            (self.reset_button, "reset"),
            (self.status, "status"),
            (self.image, "plot"),
            (self.noise, "noise"),
            (self.test_fraction, "test-share"),
            (self.regularization, "regularization"),
            (self.reg_rate, "reg-rate"),
            (self.batch_size, "batch-size"),
            (self.dataset, "dataset"),
            (self.activation, "activation"),
            (self.hidden, "hidden"),
            (self.lr, "lr"),
        ):
            widget.add_class(f"nncourse-playground-{name}")
        self._seed, self._n_points = cfg.seed, cfg.n_points
        self.widget = self._layout()
        self._wire()
        self.trainer = Trainer(cfg)
        self.figure = PlaygroundFigure(self.trainer, grid_size=grid_size)
        self.redraw()

    # ----------------------------------------------------------------- layout and wiring
    def _layout(self) -> w.Box:
        features = w.HBox(
            [w.Label("features", layout=w.Layout(width="80px")), *self.feature_boxes.values()]
        )
        settings = w.HBox(
            [
                w.VBox([self.dataset, self.noise, self.test_fraction]),
                w.VBox([self.activation, self.hidden, self.lr]),
                w.VBox([self.regularization, self.reg_rate, self.batch_size]),
            ]
        )
        buttons = w.HBox([self.train_button, self.step_button, self.reset_button])
        return w.VBox(
            [settings, features, buttons, self.status, self.image], layout=w.Layout(width="auto")
        )

    def _wire(self) -> None:
        fresh = (self.dataset, self.noise, self.test_fraction, self.hidden, self.activation)
        for control in (*fresh, *self.feature_boxes.values()):
            control.observe(lambda change: self.reset(), names="value")
        for control in (self.lr, self.regularization, self.reg_rate, self.batch_size):
            control.observe(self._on_live, names="value")
        self.step_button.on_click(lambda button: self.step())
        self.reset_button.on_click(lambda button: self.reset())
        self.train_button.observe(self._on_train, names="value")

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    # ----------------------------------------------------------------- actions
    def config(self) -> Config:
        """The settings the controls show now (raises ValueError for bad ones)."""
        return Config(
            dataset=self.dataset.value,
            features=feature_names([n for n, b in self.feature_boxes.items() if b.value]),
            hidden=hidden_sizes(self.hidden.value),
            activation=self.activation.value,
            lr=float(self.lr.value),
            batch_size=int(self.batch_size.value),
            n_points=self._n_points,
            noise=float(self.noise.value),
            test_fraction=round(float(self.test_fraction.value), 6),
            regularization=self.regularization.value,
            reg_rate=float(self.reg_rate.value),
            seed=self._seed,
        )

    def reset(self) -> None:
        """Stop training, build a fresh model and picture from the current settings, redraw."""
        self.train_button.value = False
        try:
            self.trainer = Trainer(self.config())
        except ValueError as exc:  # bad settings: say so, and train nothing until fixed
            self.step_button.disabled = self.train_button.disabled = True
            self._show_status(f"<b style='color:#cf222e'>{html.escape(str(exc))}</b>")
            return
        self.step_button.disabled = self.train_button.disabled = False
        self.figure = PlaygroundFigure(self.trainer, grid_size=self.grid_size)
        self.redraw()

    def step(self, epochs: int = 1) -> float:
        """Train ``epochs`` epochs, redraw, and return the training loss."""
        for _ in range(epochs):
            start = time.perf_counter()
            self.trainer.step()
            self.step_seconds = time.perf_counter() - start
        self.redraw()
        return self.trainer.losses[-1]

    def redraw(self) -> None:
        """Repaint the picture for the current weights; update the status line."""
        start = time.perf_counter()
        tr = self.trainer
        self.figure.update(tr)
        self.image.value = self.figure.png()
        self.draw_seconds = time.perf_counter() - start
        self._show_status(
            f"epoch {tr.epoch} &middot; loss {tr.losses[-1]:.4f} &middot; "
            f"test loss {tr.test_losses[-1]:.4f} &middot; "
            f"accuracy {tr.accuracy():.0%}, test {tr.accuracy(test=True):.0%}"
            f"<span style='color:#888'> &middot; step {self.step_seconds * 1e3:.1f} ms"
            f" &middot; draw {self.draw_seconds * 1e3:.0f} ms</span>"
        )

    def _show_status(self, text: str) -> None:
        self.status.value = f"<span style='font-family:monospace'>{text}</span>"

    def _on_live(self, change) -> None:
        """Learning rate, regularisation and batch size: applied from the next step on."""
        try:
            self.trainer.retune(
                lr=float(self.lr.value),
                batch_size=int(self.batch_size.value),
                regularization=self.regularization.value,
                reg_rate=float(self.reg_rate.value),
            )
        except ValueError as exc:
            self._show_status(f"<b style='color:#cf222e'>{html.escape(str(exc))}</b>")

    def _on_train(self, change) -> None:
        if not change["new"]:
            self.train_button.description, self.train_button.icon = "Train", "play"
            return
        self.train_button.description, self.train_button.icon = "Pause", "pause"
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (plain Python): train one frame and stop
            self.step(self.epochs_per_frame)
            self.train_button.value = False
            return
        self._task = loop.create_task(self._train_loop())

    async def _train_loop(self) -> None:
        """Train and redraw frame by frame until Train is switched off (or MAX_EPOCHS)."""
        while self.train_button.value and self.trainer.epoch < MAX_EPOCHS:
            self.step(self.epochs_per_frame)
            await asyncio.sleep(0.01)  # let the kernel handle clicks between frames
        self.train_button.value = False
