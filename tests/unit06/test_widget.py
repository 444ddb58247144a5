"""The learning-rate widget built headless: it runs the functions it is given, labels the regime
per eigen-direction, redraws on every slider, and says so in words when the student's code fails.
"""

from __future__ import annotations

import numpy as np
import pytest

from nncourse.key import quadratics as key
from nncourse.widgets import LearningRateExplorer
from nncourse.widgets.learning_rate import STEPS

pytestmark = pytest.mark.unit06


def _stub(*args, **kwargs):
    raise NotImplementedError()


@pytest.fixture
def explorer():
    return LearningRateExplorer(key.gradient_descent, key.regime_1d)


def test_starts_with_a_picture_and_a_label(explorer):
    assert bytes(explorer.image.value).startswith(b"\x89PNG")
    assert "λ₁ = 1.0: monotone" in explorer.label
    assert "λ₂ = 3.0: monotone" in explorer.label and explorer.label.endswith("converges")


@pytest.mark.parametrize(
    ("eta", "word2", "overall"),
    [
        (1 / 3, "one step", "converges"),
        (0.5, "oscillating", "converges"),
        (0.7, "divergent", "diverges"),
    ],
)
def test_moving_eta_changes_the_label_and_picture(explorer, eta, word2, overall):
    before = explorer.image.value
    explorer.eta.value = eta
    assert f"λ₂ = 3.0: {word2}" in explorer.label and overall in explorer.label
    assert explorer.image.value != before


@pytest.mark.parametrize("control", ["lam1", "lam2", "degrees"])
def test_every_slider_redraws(explorer, control):
    before, label = explorer.image.value, explorer.label
    slider = getattr(explorer, control)
    slider.value = slider.max
    assert explorer.image.value != before and explorer.label != label


def test_uses_the_students_functions():
    calls = []

    def my_gd(grad, w0, eta, steps):
        calls.append(steps)
        return key.gradient_descent(grad, w0, eta, steps)

    LearningRateExplorer(my_gd, lambda a, eta: (1 / a, "my words"))
    assert calls == [STEPS, STEPS]  # first check, first drawing


@pytest.mark.parametrize("which", [0, 1])
def test_a_stub_raises_not_implemented_for_the_notebook_cell(which):
    fns = [key.gradient_descent, key.regime_1d]
    fns[which] = _stub
    with pytest.raises(NotImplementedError):
        LearningRateExplorer(*fns)


def test_a_failing_function_is_reported_in_one_line(explorer):
    explorer._gd = lambda grad, w0, eta, steps: np.zeros((3, 2))
    explorer.eta.value = 0.2
    assert "your function failed" in explorer.label and "shape (3, 2)" in explorer.label
    assert "Traceback" not in explorer.status.value
