"""Interactive views for the notebooks (ipywidgets). Widgets only wire controls to compute
(``nncourse.<topic>``) and drawing (``nncourse.plots_*``); they hold no maths of their own, and a
widget that rests on a graded exercise takes the student's own function.

    from nncourse.widgets import Playground
    Playground()                                   # unit 01: the decision-boundary playground
    LossSurface(permute_hidden)                    # unit 05: the loss between twins, 2-D slices
    LearningRateExplorer(gradient_descent, regime_1d)  # unit 06: gradient descent on a quadratic
    OptimizerRace({"momentum": momentum_step})     # unit 07: optimizers raced on three surfaces
"""

from nncourse.widgets.learning_rate import LearningRateExplorer
from nncourse.widgets.loss_surface import LossSurface
from nncourse.widgets.optimizer_race import OptimizerRace
from nncourse.widgets.playground import Playground

__all__ = ["LearningRateExplorer", "LossSurface", "OptimizerRace", "Playground"]
