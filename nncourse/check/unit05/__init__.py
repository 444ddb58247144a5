"""Checkers for unit 05: convexity, permutation symmetry, critical points.

One module per exercise (``05.jensen`` lives in ``unit05/jensen.py``). Usage in a notebook::

    from nncourse.check import unit05
    unit05.permute_hidden(permute_hidden)     # a Report that renders as a table
"""

from nncourse.check.unit05.average_permutations import average_permutations
from nncourse.check.unit05.classify import classify
from nncourse.check.unit05.count_equivalent import count_equivalent
from nncourse.check.unit05.hessian import hessian
from nncourse.check.unit05.jensen import jensen
from nncourse.check.unit05.permute_hidden import permute_hidden

__all__ = [
    "average_permutations",
    "classify",
    "count_equivalent",
    "hessian",
    "jensen",
    "permute_hidden",
]
