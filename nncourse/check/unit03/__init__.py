"""Checkers for unit 03: error signals, the chain rule, a graph engine, MLP backprop, softmax/max.

One module per exercise (``03.graph_engine`` lives in ``unit03/graph_engine.py``). Usage in a
notebook::

    from nncourse.check import unit03
    unit03.chain_rule(r_and_grad, f_and_grad)
    unit03.graph_engine(Node)
    unit03.mlp_backprop(mlp_loss_and_grads)
"""

from nncourse.check.unit03.chain_rule import chain_rule
from nncourse.check.unit03.graph_engine import graph_engine
from nncourse.check.unit03.logistic_signals import logistic_signals
from nncourse.check.unit03.mlp_backprop import mlp_backprop
from nncourse.check.unit03.vector_backward import vector_backward

__all__ = [
    "chain_rule",
    "graph_engine",
    "logistic_signals",
    "mlp_backprop",
    "vector_backward",
]
