"""Checkers for unit 02: activations and their derivatives, softmax, sparsemax, MLP forward, losses.

One module per exercise (``02.softmax`` lives in ``unit02/softmax.py``). Usage in a notebook::

    from nncourse.check import unit02
    unit02.sigmoid(sigmoid, sigmoid_grad)     # a Report that renders as a table
"""

from nncourse.check.unit02.cross_entropy import cross_entropy
from nncourse.check.unit02.linear import linear
from nncourse.check.unit02.mlp_forward import mlp_forward
from nncourse.check.unit02.relu import relu
from nncourse.check.unit02.sigmoid import sigmoid
from nncourse.check.unit02.softmax import softmax
from nncourse.check.unit02.softmax_jacobian import softmax_jacobian
from nncourse.check.unit02.softmax_vjp import softmax_vjp
from nncourse.check.unit02.sparsemax import sparsemax
from nncourse.check.unit02.squared_loss import squared_loss
from nncourse.check.unit02.tanh import tanh

__all__ = [
    "cross_entropy",
    "linear",
    "mlp_forward",
    "relu",
    "sigmoid",
    "softmax",
    "softmax_jacobian",
    "softmax_vjp",
    "sparsemax",
    "squared_loss",
    "tanh",
]
