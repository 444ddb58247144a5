"""The learning-rate widget: gradient descent on a 2-D quadratic, live.

Sliders set the rate eta, the two eigenvalues of ``A`` and the rotation of its eigenvectors.
The path comes from the student's ``gradient_descent`` (exercise 6.1) and the regime label from
the student's ``regime_1d`` (exercise 6.2) applied to each eigen-direction; the picture is
``nncourse.plots_quadratics.ExplorerFigure``. This module holds no maths.

    from nncourse.widgets import LearningRateExplorer
    LearningRateExplorer(gradient_descent, regime_1d)
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable

import ipywidgets as w
import numpy as np

from nncourse.plots_quadratics import ExplorerFigure
from nncourse.quadratics_demo import minimum, overall_regime, quadratic_loss, rotated_matrix

W_STAR = np.array([0.5, -0.5])
"""Where the widget's quadratic has its minimum."""

W0 = np.array([-2.0, 1.6])
"""Where every run starts."""

STEPS = 40
"""Gradient-descent steps drawn."""


class LearningRateExplorer:
    """Sliders, regime label and picture of the learning-rate widget, ready to display.

    Parameters
    ----------
    gradient_descent : callable
        The student's ``gradient_descent(grad, w0, eta, steps) -> path (steps + 1, 2)``.
    regime_1d : callable
        The student's ``regime_1d(a, eta) -> (eta_opt, name)``.
    eta, lam1, lam2, degrees : float
        Initial slider values.

    Raises
    ------
    NotImplementedError
        When either student function is still a stub (the notebook cell says which to write).

    Attributes
    ----------
    widget : ipywidgets.Box
        What the notebook displays.
    label : str
        The regime line as plain text (also shown above the picture).
    draw_seconds : float
        Wall-clock time of the last recompute and redraw.
    """

    def __init__(
        self,
        gradient_descent: Callable,
        regime_1d: Callable,
        *,
        eta: float = 0.3,
        lam1: float = 1.0,
        lam2: float = 3.0,
        degrees: float = 30.0,
    ) -> None:
        self._gd, self._regime = gradient_descent, regime_1d
        slider = dict(
            continuous_update=True,
            readout_format=".2f",
            style={"description_width": "90px"},
            layout=w.Layout(width="380px"),
        )
        self.eta = w.FloatSlider(
            value=eta, min=0.02, max=2.5, step=0.02, description="rate η", **slider
        )
        self.lam1 = w.FloatSlider(
            value=lam1, min=0.1, max=4.0, step=0.1, description="eigenvalue λ₁", **slider
        )
        self.lam2 = w.FloatSlider(
            value=lam2, min=0.1, max=4.0, step=0.1, description="eigenvalue λ₂", **slider
        )
        slider["readout_format"] = ".0f"
        self.degrees = w.FloatSlider(
            value=degrees, min=0.0, max=180.0, step=5.0, description="rotation (°)", **slider
        )
        self.status = w.HTML()
        self.image = w.Image(format="png")
        for widget, name in (
            (self.eta, "eta"),
            (self.lam1, "lam1"),
            (self.lam2, "lam2"),
            (self.degrees, "rotation"),
            (self.status, "label"),
            (self.image, "plot"),
        ):
            widget.add_class(f"nncourse-lr-{name}")
        self.label, self.draw_seconds = "", 0.0
        self._picture = ExplorerFigure(W_STAR, max_steps=STEPS)
        self._compute()  # a stub raises NotImplementedError here, before anything is shown
        self.widget = w.VBox(
            [
                w.HBox([w.VBox([self.eta, self.lam1]), w.VBox([self.lam2, self.degrees])]),
                self.status,
                self.image,
            ],
            layout=w.Layout(padding="4px 12px"),
        )
        for control in (self.eta, self.lam1, self.lam2, self.degrees):
            control.observe(lambda change: self.redraw(), names="value")
        self.redraw()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def _compute(self) -> tuple:
        """Run the student's functions for the current sliders: (A, b, path, gaps, label)."""
        lams = (self.lam1.value, self.lam2.value)
        A = rotated_matrix(*lams, np.deg2rad(self.degrees.value))
        b = -A @ W_STAR
        path = np.asarray(
            self._gd(lambda v: A @ v + b, W0.copy(), self.eta.value, STEPS), dtype=float
        )
        if path.shape != (STEPS + 1, 2):
            raise ValueError(
                f"gradient_descent returned shape {path.shape}, expected {(STEPS + 1, 2)}"
            )
        names = [str(self._regime(lam, self.eta.value)[1]) for lam in lams]
        with np.errstate(over="ignore", invalid="ignore"):
            gaps = quadratic_loss(A, b, 0.0, path) - quadratic_loss(A, b, 0.0, minimum(A, b))
        label = (
            f"η = {self.eta.value:.2f} · θ = {self.degrees.value:.0f}° · "
            f"λ₁ = {lams[0]:.1f}: {names[0]} · "
            f"λ₂ = {lams[1]:.1f}: {names[1]} ⇒ {overall_regime(names)}"
        )
        return A, b, path, gaps, label

    def redraw(self) -> None:
        """Recompute the run for the current sliders, redraw, and update the label."""
        start = time.perf_counter()
        try:
            A, b, path, gaps, label = self._compute()
        except Exception as exc:  # noqa: BLE001 - the student's code: say what, never a traceback
            self.label = f"your function failed: {type(exc).__name__}: {exc}"
            self.status.value = f"<b style='color:#cf222e'>{html.escape(self.label)}</b>"
            return
        self.image.value = self._picture.draw(A, b, path, gaps, label.split(" ⇒ ")[-1])
        self.draw_seconds = time.perf_counter() - start
        self.label = label
        self.status.value = (
            f"<span style='font-family:monospace'>{html.escape(label)}"
            f"<span style='color:#888'> · {self.draw_seconds * 1e3:.0f} ms</span></span>"
        )
