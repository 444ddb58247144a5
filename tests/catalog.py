"""Every graded exercise's reference answer, in one table (for the tests over ``EXERCISES``).

``REFERENCE[exercise_id]`` is the tuple of objects a correct student would pass to the checker,
built from the answer key. ``TRIVIAL[exercise_id]`` adds trivial answers that the generic ones of
``tests/framework/test_every_exercise.py`` cannot express (a class whose methods return zeros).
"""

from __future__ import annotations

from nncourse.key import activations as act
from nncourse.key import (
    backprop,
    chain_rule,
    convexity,
    feature_maps,
    gradcheck,
    graph,
    linear_collapse,
    losses,
    mlp,
    optimizers,
    own_backprop,
    quadratics,
    separability,
    symmetry,
    threshold,
)


def _separate(X, y):
    found = separability.separate(X, y)
    return (found.w, found.b) if found.separable else None


def _gradient_check(loss_fn, grad_fn, params, h=1e-5):
    return gradcheck.per_tensor_check(loss_fn, params, grad_fn(params), h)


def _find_buggy(loss_fn, grad_fn, params, tol=1e-6):
    return gradcheck.failing(_gradient_check(loss_fn, grad_fn, params), tol)


REFERENCE: dict[str, tuple] = {
    "01.separable": (_separate,),
    "01.xor_features": (feature_maps.xor_features, feature_maps.xor_feature_weights),
    "01.threshold_xor": (threshold.xor_step_params,),
    "01.sign_xor": (threshold.xor_sign_params,),
    "01.mcculloch_pitts": (threshold.mcculloch_pitts_weights,),
    "01.universal": (threshold.universal_params,),
    "01.linear_collapse": (linear_collapse.collapse_linear,),
    "02.linear": (act.linear, act.linear_grad),
    "02.sigmoid": (act.sigmoid, act.sigmoid_grad),
    "02.tanh": (act.tanh, act.tanh_grad),
    "02.relu": (act.relu, act.relu_grad),
    "02.softmax": (act.softmax,),
    "02.softmax_jacobian": (act.softmax_jacobian,),
    "02.softmax_vjp": (act.softmax_vjp,),
    "02.sparsemax": (act.sparsemax,),
    "02.mlp_forward": (mlp.mlp_forward,),
    "02.squared_loss": (losses.squared_loss,),
    "02.cross_entropy": (losses.softmax_cross_entropy,),
    "03.logistic_signals": (chain_rule.logistic_error_signals,),
    "03.chain_rule": (chain_rule.r_and_grad, chain_rule.f_and_grad),
    "03.graph_engine": (graph.Node,),
    "03.mlp_backprop": (backprop.loss_and_grads,),
    "03.vector_backward": (backprop.softmax_backward, backprop.max_backward),
    "04.numerical_gradient": (gradcheck.numerical_gradient,),
    "04.relative_error": (gradcheck.relative_error,),
    "04.gradient_check": (_gradient_check,),
    "04.find_buggy": (_find_buggy,),
    "04.own_backprop": (own_backprop.check_my_backprop,),
    "05.jensen": (convexity.find_jensen_violation,),
    "05.permute_hidden": (symmetry.permute_hidden,),
    "05.count_equivalent": (symmetry.count_equivalent,),
    "05.average_permutations": (symmetry.average_permutations,),
    "05.hessian": (convexity.fd_hessian,),
    "05.classify": (convexity.classify_critical_point,),
    **{
        f"06.{name}": (getattr(quadratics, name),)
        for name in (
            "gradient_descent",
            "regime_1d",
            "direction_rates",
            "iterations_to_tol",
            "newton_step",
            "convergence_rate",
            "decay",
            "plateau_decay",
        )
    },
    **{
        f"07.{name}": (getattr(optimizers, name),)
        for name in (
            "sgd_step",
            "sgd_epoch",
            "momentum_step",
            "nesterov_step",
            "rprop_step",
            "quickprop_step",
            "adam_step",
        )
    },
}


def _always_a_separator(X, y):
    return [1.0] * len(X[0]), 0.0


def _constant_network(X, t):
    d = len(X[0])
    return [([[0.0] * d], [0.0]), ([[0.0]], [float(sum(t)) / len(t)])]


def _psi_without_product(X):
    return [[row[0], row[1], 0.0] for row in X]


TRIVIAL: dict[str, list[tuple]] = {
    "01.separable": [(_always_a_separator,)],
    "01.universal": [(_constant_network,)],
    "01.xor_features": [(_psi_without_product, feature_maps.xor_feature_weights)],
}
"""Extra trivial answers per exercise, beside the generic ones (zeros, ones, ...)."""


# -- 03.graph_engine asks for a class: its trivial answers are classes -----------------------


class _ZeroNode:
    """Every operation returns Node(0.0); backward sets every grad it knows to 0."""

    def __init__(self, value, parents=()):
        self.value, self.grad, self.parents = float(value), 0.0, parents

    def _zero(self, *_args):
        return type(self)(0.0, (self,))

    __add__ = __radd__ = __mul__ = __rmul__ = __sub__ = __neg__ = __pow__ = _zero
    exp = cos = sigmoid = _zero

    def backward(self):
        self.grad = 0.0


class _SameNode(_ZeroNode):
    """Every operation returns its input node itself; backward leaves the grads alone."""

    def _zero(self, *_args):
        return self

    __add__ = __radd__ = __mul__ = __rmul__ = __sub__ = __neg__ = __pow__ = _zero
    exp = cos = sigmoid = _zero

    def backward(self):
        pass


def _replayed_node():
    """A Node replaying the visible checks: each operation looks its result up in a table of
    (operation, operand values) seen on the visible graphs, and backward sets each node's grad
    from a table of (value -> grad); anything not in the tables is 0."""
    from nncourse.check import EXERCISES
    from nncourse.inside.probes.unit03 import build_graph

    results, grads = {}, {}

    class Recorder(graph.Node):
        def _record(self, name, result, *operands):
            key = (name, *(round(getattr(o, "value", o), 9) for o in operands))
            results.setdefault(key, result.value)
            return result

    for name in ("__add__", "__mul__", "__neg__", "__sub__", "__pow__", "exp", "cos", "sigmoid"):

        def method(self, *other, _name=name):
            out = getattr(graph.Node, _name)(self, *other)
            return Recorder._record(self, _name, out, self, *other)

        setattr(Recorder, name, method)
    for case in EXERCISES["03.graph_engine"].cases():
        if case.probe in ("graph_values", "graph_probe"):
            nodes = build_graph(Recorder, case.args[0])
            nodes[-1].backward()
            grads.update({round(n.value, 9): n.grad for n in nodes})

    class Replay(_ZeroNode):
        def _look_up(self, name, *other):
            key = (name, *(round(getattr(o, "value", o), 9) for o in (self, *other)))
            return Replay(results.get(key, 0.0), (self, *other))

        def backward(self):
            stack, seen = [self], set()
            while stack:
                node = stack.pop()
                if id(node) not in seen and isinstance(node, Replay):
                    seen.add(id(node))
                    node.grad = grads.get(round(node.value, 9), 0.0)
                    stack.extend(node.parents)

    for name in ("__add__", "__mul__", "__neg__", "__sub__", "__pow__", "exp", "cos", "sigmoid"):
        setattr(Replay, name, lambda self, *o, _n=name: Replay._look_up(self, _n, *o))
    Replay.__radd__, Replay.__rmul__ = Replay.__add__, Replay.__mul__
    return Replay


TRIVIAL["03.graph_engine"] = [(_ZeroNode,), (_SameNode,), (_replayed_node(),)]


# Units 05-07: trivial answers the generic ones cannot express (a pair (w, state), a label).
def _still(w, grad, state=None, **hyper):
    return w, state


def _zero_weights(w, grad, state=None, **hyper):
    return {k: 0 * v for k, v in w.items()}, state


TRIVIAL.update(
    {
        **{
            f"07.{name}": [(_still,), (_zero_weights,)]
            for name in (
                "sgd_step",
                "momentum_step",
                "nesterov_step",
                "rprop_step",
                "quickprop_step",
                "adam_step",
            )
        },
        "05.classify": [
            ((lambda f, w, label=label: label),)
            for label in ("minimum", "maximum", "saddle", "degenerate", "not critical")
        ],
        "05.count_equivalent": [((lambda sizes, c=c: c),) for c in (1, 6, 120, 3628800)],
        "06.iterations_to_tol": [((lambda *args, c=c: c),) for c in (-1, 0, 1)],
    }
)
