"""Checkers for unit 07: the optimizers (one module per exercise).

Usage in a notebook::

    from nncourse.check import unit07
    unit07.adam_step(adam_step)     # a Report that renders as a table
"""

from nncourse.check.unit07.adam_step import adam_step
from nncourse.check.unit07.momentum_step import momentum_step
from nncourse.check.unit07.nesterov_step import nesterov_step
from nncourse.check.unit07.quickprop_step import quickprop_step
from nncourse.check.unit07.rprop_step import rprop_step
from nncourse.check.unit07.sgd_epoch import sgd_epoch
from nncourse.check.unit07.sgd_step import sgd_step

__all__ = [
    "adam_step",
    "momentum_step",
    "nesterov_step",
    "quickprop_step",
    "rprop_step",
    "sgd_epoch",
    "sgd_step",
]
