"""The decision-boundary playground: a small TensorFlow-Playground inside Jupyter.

Controls choose the data set, the input features, the hidden layer sizes, the activation and the
learning rate; Train/Step/Reset drive a ``nncourse.playground.Trainer``; the picture is
``nncourse.plots_xor.plot_playground`` rendered to PNG. This module holds no maths.

    from nncourse.widgets import Playground
    Playground()
"""

from __future__ import annotations

import asyncio
import html
import time

import ipywidgets as w

from nncourse.engine import HIDDEN_UNITS
from nncourse.playground import DATASETS, FEATURES, Config, Trainer, feature_names, hidden_sizes
from nncourse.plots_xor import figure_png, plot_playground

LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
"""Choices offered for the learning rate."""

MAX_EPOCHS = 5000
"""Train stops by itself after this many epochs."""


class Playground:
    """Controls, picture and status line of the playground, ready to display.

    Parameters
    ----------
    config : Config, optional
        Initial settings (``nncourse.playground.Config()`` by default).
    grid_size : int
        Resolution of the decision-boundary contour.
    epochs_per_frame : int
        Epochs trained between two redraws while Train is on.

    Attributes
    ----------
    trainer : Trainer
        The model being trained; replaced by Reset or by changing a setting.
    widget : ipywidgets.Box
        What the notebook displays.
    step_seconds, draw_seconds : float
        Wall-clock time of the last training epoch and of the last redraw.
    """

    def __init__(
        self, config: Config | None = None, grid_size: int = 60, epochs_per_frame: int = 3
    ) -> None:
        cfg = config or Config()
        self.grid_size = grid_size
        self.epochs_per_frame = epochs_per_frame
        self.step_seconds = self.draw_seconds = 0.0
        self._task: asyncio.Future | None = None
        self.dataset = w.Dropdown(options=DATASETS, value=cfg.dataset, description="data")
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
        )
        self.activation = w.Dropdown(
            options=HIDDEN_UNITS, value=cfg.activation, description="activation"
        )
        self.lr = w.Dropdown(options=LEARNING_RATES, value=cfg.lr, description="learn. rate")
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
        ):
            widget.add_class(f"nncourse-playground-{name}")
        self._seed = cfg.seed
        self._extra = {"batch_size": cfg.batch_size, "n_points": cfg.n_points, "noise": cfg.noise}
        self.widget = self._layout()
        self._wire()
        self.trainer = Trainer(cfg)
        self.redraw()

    # ----------------------------------------------------------------- layout and wiring
    def _layout(self) -> w.Box:
        features = w.HBox(
            [w.Label("features", layout=w.Layout(width="80px")), *self.feature_boxes.values()]
        )
        settings = w.HBox([w.VBox([self.dataset, self.activation]), w.VBox([self.hidden, self.lr])])
        buttons = w.HBox([self.train_button, self.step_button, self.reset_button])
        return w.VBox(
            [settings, features, buttons, self.status, self.image], layout=w.Layout(width="auto")
        )

    def _wire(self) -> None:
        for control in (self.dataset, self.hidden, self.activation, *self.feature_boxes.values()):
            control.observe(lambda change: self.reset(), names="value")
        self.lr.observe(self._on_lr, names="value")
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
            seed=self._seed,
            **self._extra,
        )

    def reset(self) -> None:
        """Stop training, build a fresh model from the current settings and redraw."""
        self.train_button.value = False
        try:
            self.trainer = Trainer(self.config())
        except ValueError as exc:  # bad settings: say so, and train nothing until fixed
            self.step_button.disabled = self.train_button.disabled = True
            self._show_status(f"<b style='color:#cf222e'>{html.escape(str(exc))}</b>")
            return
        self.step_button.disabled = self.train_button.disabled = False
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
        """Draw the boundary and loss curve for the current weights; update the status line."""
        start = time.perf_counter()
        tr = self.trainer
        title = f"{tr.config.dataset}: {', '.join(tr.config.features)}"
        fig = plot_playground(tr.decision_grid(self.grid_size), tr.X, tr.t, tr.losses, title)
        self.image.value = figure_png(fig)
        self.draw_seconds = time.perf_counter() - start
        self._show_status(
            f"epoch {tr.epoch} &middot; loss {tr.losses[-1]:.4f} &middot; "
            f"accuracy {tr.accuracy():.0%}"
            f"<span style='color:#888'> &middot; step {self.step_seconds * 1e3:.1f} ms"
            f" &middot; draw {self.draw_seconds * 1e3:.0f} ms</span>"
        )

    def _show_status(self, text: str) -> None:
        self.status.value = f"<span style='font-family:monospace'>{text}</span>"

    def _on_lr(self, change) -> None:
        self.trainer.set_learning_rate(change["new"])

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
