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

TRIVIAL: dict[str, list[tuple]] = {}
"""Extra trivial answers per exercise, beside the generic ones (zeros, ones, ...)."""
