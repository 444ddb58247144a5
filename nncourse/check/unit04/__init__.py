"""Checkers for unit 04: finite differences, relative error, gradient checks of a network.

One module per exercise (``04.numerical_gradient`` lives in ``unit04/numerical_gradient.py``).
Usage in a notebook::

    from nncourse.check import unit04
    unit04.numerical_gradient(numerical_gradient)     # a Report that renders as a table

The student's functions take callables (``f``, ``loss_fn``, ``grad_fn``); the probes in
``nncourse.inside.probes.unit04`` build those where the student's code runs, from plain data.
"""

from nncourse.check.unit04.find_buggy import find_buggy
from nncourse.check.unit04.gradient_check import gradient_check
from nncourse.check.unit04.numerical_gradient import (
    DEFAULT_BOUND_ONE_SIDED,
    DEFAULT_BOUND_TWO_SIDED,
    numerical_gradient,
)
from nncourse.check.unit04.own_backprop import own_backprop as own_backprop
from nncourse.check.unit04.relative_error import relative_error

__all__ = [
    "DEFAULT_BOUND_ONE_SIDED",
    "DEFAULT_BOUND_TWO_SIDED",
    "find_buggy",
    "gradient_check",
    "numerical_gradient",
    "relative_error",
]
