"""Interactive views for the notebooks (ipywidgets). Widgets only wire controls to compute
(``nncourse.<topic>``) and drawing (``nncourse.plots_*``); they hold no maths of their own.

    from nncourse.widgets import Playground
    Playground()            # the decision-boundary playground of unit 01
"""

from nncourse.widgets.learning_rate import LearningRateExplorer
from nncourse.widgets.playground import Playground

__all__ = ["LearningRateExplorer", "Playground"]
