"""The bug catalogue: each bug breaks exactly the tensors it claims to, and checks catch it."""

from __future__ import annotations

import ast
import inspect

import numpy as np
import pytest

from nncourse.inside.probes import unit04 as probes
from nncourse.key import backprop, buggy_grads, gradcheck
from nncourse.key.buggy_grads import Bug

pytestmark = pytest.mark.unit04


def _setup(seed, sizes, combo, activation="tanh", n=6):
    rng = np.random.default_rng(seed)
    params = [(rng.normal(size=(o, i)), rng.normal(0, 0.3, o)) for i, o in zip(sizes, sizes[1:])]
    X = rng.normal(size=(n, sizes[0]))
    y = (
        rng.integers(0, sizes[-1], n)
        if combo[1] == "cross_entropy"
        else rng.uniform(size=(n, sizes[-1]))
    )
    return {"activation": activation, "output": combo[0], "loss": combo[1]}, params, X, y


@pytest.mark.parametrize("combo", backprop.VALID_COMBINATIONS)
@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu", "linear"])
def test_no_bugs_is_the_reference_backprop(combo, activation):
    net, params, X, y = _setup(0, (3, 4, 4, 2), combo, activation)
    loss, grads = buggy_grads.buggy_loss_and_grads(X, y, params, (), **net)
    ref_loss, ref = backprop.loss_and_grads(X, y, params, **net)
    assert loss == ref_loss
    for (dW, db), (rW, rb) in zip(grads, ref):
        assert np.allclose(dW, rW, rtol=1e-13, atol=1e-15)
        assert np.allclose(db, rb, rtol=1e-13, atol=1e-15)
    assert buggy_grads.make_loss_fn(X, y, **net)(params) == pytest.approx(ref_loss, rel=1e-14)


CATALOGUE = [
    (Bug("transposed_weight", 2), ("linear", "squared")),
    (Bug("transposed_weight", 1), ("softmax", "cross_entropy")),
    (Bug("no_activation_grad", 1), ("linear", "squared")),
    (Bug("no_activation_grad", 2), ("softmax", "squared")),
    (Bug("loss_times_2"), ("linear", "squared")),
    (Bug("loss_times_2"), ("softmax", "cross_entropy")),
    (Bug("bias_not_averaged", 3), ("softmax", "cross_entropy")),
    (Bug("bias_wrong_axis", 2), ("linear", "squared")),
    (Bug("softmax_no_outer"), ("softmax", "squared")),
    (Bug("softmax_no_outer"), ("softmax", "cross_entropy")),
]


@pytest.mark.parametrize(("bug", "combo"), CATALOGUE, ids=lambda v: str(v))
def test_each_bug_breaks_exactly_the_tensors_it_claims(bug, combo):
    net, params, X, y = _setup(1, (3, 4, 4, 2), combo)
    correct = buggy_grads.buggy_loss_and_grads(X, y, params, (), **net)[1]
    wrong = buggy_grads.buggy_loss_and_grads(X, y, params, (bug,), **net)[1]
    claimed = buggy_grads.affected_tensors((bug,), 3)
    for name, (layer, slot) in zip(gradcheck.tensor_names(3), np.ndindex(3, 2)):
        same = np.shape(wrong[layer][slot]) == np.shape(correct[layer][slot]) and np.array_equal(
            wrong[layer][slot], correct[layer][slot]
        )
        assert same == (name not in claimed), name
    errors = gradcheck.per_tensor_check(buggy_grads.make_loss_fn(X, y, **net), params, wrong)
    assert gradcheck.failing(errors) == claimed
    assert all(errors[n] > 1e-3 for n in claimed)


def test_known_signatures_of_the_bugs():
    net, params, X, y = _setup(2, (3, 4, 2), ("linear", "squared"), n=5)
    loss_fn = buggy_grads.make_loss_fn(X, y, **net)
    doubled = buggy_grads.buggy_loss_and_grads(X, y, params, (Bug("loss_times_2"),), **net)[1]
    for err in gradcheck.per_tensor_check(loss_fn, params, doubled).values():
        assert err == pytest.approx(1 / 3, rel=1e-6)
    not_avg = buggy_grads.buggy_loss_and_grads(X, y, params, (Bug("bias_not_averaged", 1),), **net)[
        1
    ]
    assert gradcheck.per_tensor_check(loss_fn, params, not_avg)["b1"] == pytest.approx(
        4 / 6, rel=1e-6
    )  # (N - 1) / (N + 1) with N = 5
    axis = buggy_grads.buggy_loss_and_grads(X, y, params, (Bug("bias_wrong_axis", 1),), **net)[1]
    assert axis[0][1].shape == (5,)


def test_validation_errors():
    net, params, X, y = _setup(3, (3, 4, 2), ("linear", "squared"))
    for bugs, words in [
        ((Bug("typo"),), "unknown bug kind"),
        ((Bug("transposed_weight", 3),), "needs a layer in 1..2"),
        ((Bug("no_activation_grad", 2),), "needs a layer in 1..1"),
        ((Bug("softmax_no_outer"),), "needs output='softmax'"),
    ]:
        with pytest.raises(ValueError, match=words):
            buggy_grads.buggy_loss_and_grads(X, y, params, bugs, **net)


def test_suspects_match_their_answer_key():
    net, params, X, y = _setup(4, (4, 5, 5, 3), ("softmax", "squared"))
    loss_fn = buggy_grads.make_loss_fn(X, y, **net)
    answers = buggy_grads.suspect_answers(7)
    suspects = buggy_grads.suspects(X, y, seed=7, **net)
    assert list(answers) == list(suspects) == list("ABCDEFGH")
    for letter, grad_fn in suspects.items():
        errors = gradcheck.per_tensor_check(loss_fn, params, grad_fn(params))
        assert gradcheck.failing(errors) == answers[letter], letter
    assert buggy_grads.suspect_answers(8) != answers  # the order depends on the seed


def test_probe_loss_equals_the_reference_loss():
    """The sandbox builds loss_fn with its own forward pass; it must agree with the checker's."""
    for seed, combo in enumerate(backprop.VALID_COMBINATIONS):
        for activation in ("tanh", "sigmoid", "relu", "linear"):
            net, params, X, y = _setup(seed, (3, 5, 4, 3), combo, activation)
            ref = buggy_grads.make_loss_fn(X, y, **net)(params)
            assert probes.network_loss(params, X, y, net) == pytest.approx(ref, rel=1e-13)


def test_probe_functions_refuse_wrong_shapes_and_other_points():
    f = probes.build_function("sin_cubic", {"a": np.ones(3), "c": np.ones(3), "offset": 0.0}, (3,))
    with pytest.raises(ValueError, match=r"f expects x of shape \(3,\)"):
        f(np.ones((1, 3)))
    net, params, X, y = _setup(5, (2, 3, 2), ("linear", "squared"))
    grads = backprop.loss_and_grads(X, y, params, **net)[1]

    def student(loss_fn, grad_fn, p):
        assert grad_fn([(W.copy(), b.copy()) for W, b in p])[0][0].shape == (3, 2)
        with pytest.raises(ValueError, match="only answers at the params"):
            grad_fn([(W + 1.0, b) for W, b in p])
        with pytest.raises(ValueError, match="expects W1 of shape"):
            loss_fn([(W.T, b) for W, b in p])
        return "done"

    assert probes.check_network((student,), net, X, y, params, grads) == ("done", True)


def test_probe_module_imports_only_numpy_and_the_standard_library():
    tree = ast.parse(inspect.getsource(probes))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            roots.add(node.module.split(".")[0])
    assert roots <= {"__future__", "numpy"}
