"""Checkers for unit 06: learning rates on quadratics.

One module per exercise (``06.regime_1d`` lives in ``unit06/regime_1d.py``). Usage::

    from nncourse.check import unit06
    unit06.regime_1d(regime_1d)      # a Report that renders as a table
"""

from nncourse.check.unit06.convergence_rate import convergence_rate
from nncourse.check.unit06.decay import decay
from nncourse.check.unit06.direction_rates import direction_rates
from nncourse.check.unit06.gradient_descent import gradient_descent
from nncourse.check.unit06.iterations_to_tol import iterations_to_tol
from nncourse.check.unit06.newton_step import newton_step
from nncourse.check.unit06.plateau_decay import plateau_decay
from nncourse.check.unit06.regime_1d import regime_1d

__all__ = [
    "convergence_rate",
    "decay",
    "direction_rates",
    "gradient_descent",
    "iterations_to_tol",
    "newton_step",
    "plateau_decay",
    "regime_1d",
]
