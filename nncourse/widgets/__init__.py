"""Interactive views for the notebooks (ipywidgets). Widgets only wire controls to compute
(``nncourse.<topic>``) and drawing (``nncourse.plots_*``); they hold no maths of their own.

    from nncourse.widgets import Playground
    Playground()            # the decision-boundary playground of unit 01
"""

from nncourse.widgets.loss_surface import LossSurface as LossSurface  # unit 05
from nncourse.widgets.optimizer_race import OptimizerRace as OptimizerRace  # unit 07
from nncourse.widgets.playground import Playground

__all__ = ["LossSurface", "OptimizerRace", "Playground"]
