"""Checkers for unit 01: linear separability, XOR, feature maps, threshold networks, universality
and the collapse of deep linear networks.

One module per exercise (``01.separable`` lives in ``unit01/separable.py``). Usage in a
notebook::

    from nncourse.check import unit01
    unit01.separable(linear_separator)
    unit01.threshold_xor(threshold_xor)

Threshold convention (every check below): step(z) = 1 if z >= 0 else 0, and
sgn(z) = +1 if z >= 0 else -1 -- a unit whose pre-activation is exactly 0 fires. Weights are
evaluated by the checker on every row of the truth table, so *any* weights that are correct
under this convention pass.
"""

from nncourse.check.unit01.common import CONVENTION
from nncourse.check.unit01.linear_collapse import linear_collapse
from nncourse.check.unit01.mcculloch_pitts import mcculloch_pitts
from nncourse.check.unit01.separable import separable
from nncourse.check.unit01.sign_xor import sign_xor
from nncourse.check.unit01.threshold_xor import threshold_xor
from nncourse.check.unit01.universal import universal
from nncourse.check.unit01.xor_features import xor_features

__all__ = [
    "CONVENTION",
    "linear_collapse",
    "mcculloch_pitts",
    "separable",
    "sign_xor",
    "threshold_xor",
    "universal",
    "xor_features",
]
