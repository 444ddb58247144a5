"""Properties of the unit 03 reference code (hypothesis where the maths allows)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nncourse.key import backprop as bp
from nncourse.key import chain_rule as cr
from nncourse.key.activations import softmax, softmax_jacobian
from nncourse.key.graph import Node, topological_order
from nncourse.key.mlp import mlp_forward
from nncourse.key.mlp_train import MLPTrainer

pytestmark = pytest.mark.unit03

COMBOS = [("linear", "squared"), ("softmax", "squared"), ("softmax", "cross_entropy")]


def _problem(seed, sizes, n, activation, output, loss):
    rng = np.random.default_rng(seed)
    params = [
        (rng.normal(0, 1 / math.sqrt(i), size=(o, i)), rng.normal(0, 0.5, size=o))
        for i, o in zip(sizes, sizes[1:])
    ]
    X = rng.normal(size=(n, sizes[0]))
    if loss == "cross_entropy":
        y = rng.integers(0, sizes[-1], size=n)
    else:
        y = rng.normal(size=(n, sizes[-1]))
    return X, y, params


def _fd_grads(X, y, params, activation, output, loss, h=1e-6):
    out = []
    for layer in range(len(params)):
        pair = []
        for which in (0, 1):
            T = params[layer][which]
            G = np.zeros_like(T)
            for idx in np.ndindex(T.shape):
                old = T[idx]
                T[idx] = old + h
                a = bp.loss_and_grads(X, y, params, activation, output, loss)[0]
                T[idx] = old - h
                c = bp.loss_and_grads(X, y, params, activation, output, loss)[0]
                T[idx] = old
                G[idx] = (a - c) / (2 * h)
            pair.append(G)
        out.append(tuple(pair))
    return out


@given(
    seed=st.integers(0, 2**32 - 1),
    sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4),
    n=st.integers(1, 4),
    activation=st.sampled_from(["sigmoid", "tanh", "relu", "linear"]),
    combo=st.sampled_from(COMBOS),
)
def test_backprop_equals_finite_differences_on_random_small_nets(seed, sizes, n, activation, combo):
    output, loss = combo
    if output == "softmax" and sizes[-1] < 2:
        sizes = [*sizes[:-1], 2]
    X, y, params = _problem(seed, sizes, n, activation, output, loss)
    value, grads = bp.loss_and_grads(X, y, params, activation, output, loss)
    fd = _fd_grads(X, y, params, activation, output, loss)
    for (dW, db), (fW, fb), (W, b) in zip(grads, fd, params):
        assert dW.shape == W.shape and db.shape == b.shape
        np.testing.assert_allclose(dW, fW, rtol=1e-5, atol=1e-7)
        np.testing.assert_allclose(db, fb, rtol=1e-5, atol=1e-7)


def test_forward_matches_unit02_and_does_not_mutate():
    X, y, params = _problem(0, [3, 4, 2], 5, "tanh", "linear", "squared")
    before = [(W.copy(), b.copy()) for W, b in params]
    out, cache = bp.forward(X, params, "tanh")
    np.testing.assert_array_equal(out, mlp_forward(X, params, "tanh"))
    assert [c.shape for c in cache.pre_activations] == [(5, 4), (5, 2)]
    bp.loss_and_grads(X, y, params, "tanh")
    for (W, b), (W0, b0) in zip(params, before):
        np.testing.assert_array_equal(W, W0)
        np.testing.assert_array_equal(b, b0)


def test_backward_to_input_matches_finite_differences():
    X, y, params = _problem(1, [3, 4, 2], 2, "sigmoid", "softmax", "squared")
    out, cache = bp.forward(X, params, "sigmoid", "softmax")
    grads, dX = bp.backward_to_input(cache, (out - y) / 2)
    h = 1e-6
    for idx in np.ndindex(X.shape):
        Xp, Xm = X.copy(), X.copy()
        Xp[idx] += h
        Xm[idx] -= h
        fd = (
            bp.loss_and_grads(Xp, y, params, "sigmoid", "softmax")[0]
            - bp.loss_and_grads(Xm, y, params, "sigmoid", "softmax")[0]
        ) / (2 * h)
        assert dX[idx] == pytest.approx(fd, rel=1e-5, abs=1e-8)
    for (a, b), (c, d) in zip(grads, bp.backward(cache, (out - y) / 2)):
        np.testing.assert_array_equal(a, c)
        np.testing.assert_array_equal(b, d)


def test_invalid_names_are_refused():
    X, y, params = _problem(0, [2, 2], 1, "relu", "linear", "squared")
    for kwargs in (
        {"activation": "swish"},
        {"output": "sparsemax"},
        {"output": "linear", "loss": "cross_entropy"},
    ):
        with pytest.raises(ValueError):
            bp.loss_and_grads(X, y, params, **kwargs)


@given(seed=st.integers(0, 2**32 - 1), c=st.integers(2, 6), n=st.integers(1, 3))
def test_softmax_backward_is_the_jacobian_transpose_product(seed, c, n):
    rng = np.random.default_rng(seed)
    z, dy = rng.normal(0, 3, size=(n, c)), rng.normal(size=(n, c))
    dz = bp.softmax_backward(softmax(z), dy)
    for row in range(n):
        np.testing.assert_allclose(dz[row], softmax_jacobian(z[row]).T @ dy[row], atol=1e-12)
    np.testing.assert_allclose(dz.sum(axis=1), 0.0, atol=1e-12)  # softmax is shift invariant


@given(seed=st.integers(0, 2**32 - 1), c=st.integers(1, 6), n=st.integers(1, 3))
def test_max_backward_routes_to_the_argmax(seed, c, n):
    rng = np.random.default_rng(seed)
    z, dy = rng.normal(size=(n, c)), rng.normal(size=n)
    dz = bp.max_backward(z, dy)
    assert dz.shape == z.shape
    np.testing.assert_array_equal(np.count_nonzero(dz, axis=1) <= 1, True)
    np.testing.assert_allclose(dz.sum(axis=1), dy)
    h = 1e-7  # away from ties, max is differentiable: compare with finite differences
    for i in range(n):
        for j in range(c):
            zp = z.copy()
            zp[i, j] += h
            fd = (bp.max_forward(zp)[i] - bp.max_forward(z)[i]) / h * dy[i]
            assert dz[i, j] == pytest.approx(fd, abs=1e-6)


def test_max_backward_on_a_vector_and_at_ties():
    np.testing.assert_array_equal(bp.max_backward(np.array([1.0, 3.0, 3.0]), 2.0), [0, 2.0, 0])


_UNARY = ["exp", "cos", "sin", "sigmoid", "tanh", "neg", "square"]


@given(
    ops=st.lists(
        st.tuples(
            st.sampled_from(_UNARY + ["add", "mul", "sub", "div"]),
            st.integers(0, 50),
            st.integers(0, 50),
        ),
        min_size=1,
        max_size=12,
    ),
    a=st.floats(-1.5, 1.5),
    b=st.floats(0.5, 1.5),
)
def test_graph_engine_equals_finite_differences(ops, a, b):
    def build(av, bv):
        nodes = [Node(av), Node(bv)]
        for name, i, j in ops:
            x, y = nodes[i % len(nodes)], nodes[j % len(nodes)]
            if name == "exp":
                x = x.sigmoid()  # keep values tame before exp
                nodes.append(x.exp())
            elif name == "square":
                nodes.append(x**2)
            elif name == "neg":
                nodes.append(-x)
            elif name in ("cos", "sin", "sigmoid", "tanh"):
                nodes.append(getattr(x, name)())
            elif name == "div":
                nodes.append(x / (y.sigmoid() + 0.5))
            else:
                nodes.append({"add": x + y, "mul": x * y, "sub": x - y}[name])
        out = nodes[-1] + nodes[0] * 0.1 + 0.2 * nodes[1]  # both inputs reach the output
        return nodes, out

    nodes, out = build(a, b)
    out.backward()
    h = 1e-6
    for k, (da, db) in enumerate(((h, 0.0), (0.0, h))):
        fd = (build(a + da, b + db)[1].value - build(a - da, b - db)[1].value) / (2 * h)
        assert nodes[k].grad == pytest.approx(fd, rel=1e-5, abs=1e-7)


def test_graph_examples_and_repeated_backward():
    t = Node(2.0)
    r = (t**2) * (3 * t + 1)
    r.backward()
    assert (r.value, t.grad) == (28.0, 40.0)
    r.backward()  # grads are reset, not accumulated across calls
    assert t.grad == 40.0
    t = Node(0.7)
    x, y = t.cos(), t**2
    f = y + (x * y).exp()
    f.backward()
    assert t.grad == pytest.approx(cr.f_grad_closed_form(0.7), rel=1e-14)
    w, b = Node(0.8), Node(-0.3)
    z = w * 1.5 + b
    loss = 0.5 * (z.sigmoid() - 1.0) ** 2 + 0.05 * w**2
    loss.backward()
    ref = cr.logistic_error_signals(0.8, -0.3, 1.5, 1.0, 0.1)
    assert loss.value == pytest.approx(ref["loss"], rel=1e-14)
    assert (w.grad, b.grad) == (
        pytest.approx(ref["w_bar"], rel=1e-12),
        pytest.approx(ref["b_bar"], rel=1e-12),
    )
    assert (2 - Node(0.5)).value == 1.5 and Node(1.0).log().value == 0.0


def test_topological_order_is_valid_and_handles_deep_chains():
    x = Node(0.3)
    y = x
    for _ in range(5000):  # deeper than Python's recursion limit
        y = y + 0.0001 * y.cos()
    order = topological_order(y)
    position = {id(n): i for i, n in enumerate(order)}
    assert len(position) == len(order) and order[-1] is y
    for node in order:
        assert all(position[id(p)] < position[id(node)] for p in node.parents)
    y.backward()
    assert math.isfinite(x.grad) and 0.5 < x.grad < 1.0


@pytest.mark.parametrize(
    "w, b, x, t, lam", [(1.0, 0.0, 1.0, 0.0, 0.0), (-1.2, 0.4, -2.0, 1.0, 0.5)]
)
def test_logistic_signals_match_finite_differences(w, b, x, t, lam):
    def loss(w_, b_):
        return cr.logistic_error_signals(w_, b_, x, t, lam)["loss"]

    s = cr.logistic_error_signals(w, b, x, t, lam)
    h = 1e-6
    assert s["w_bar"] == pytest.approx((loss(w + h, b) - loss(w - h, b)) / (2 * h), rel=1e-6)
    assert s["b_bar"] == pytest.approx((loss(w, b + h) - loss(w, b - h)) / (2 * h), rel=1e-6)
    y = 1 / (1 + math.exp(-(w * x + b)))
    assert s["y_bar"] == pytest.approx(y - t) and s["z_bar"] == pytest.approx((y - t) * y * (1 - y))


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "linear"])
@pytest.mark.parametrize("combo", COMBOS)
def test_fast_trainer_matches_reference(activation, combo):
    output, loss = combo
    X, y, params = _problem(4, [5, 6, 4, 3], 7, activation, output, loss)
    trainer = MLPTrainer(params, 7, activation, output, loss)
    value, grads = bp.loss_and_grads(X, y, params, activation, output, loss)
    v2, g2 = trainer.loss_and_grads(X, y)
    assert v2 == pytest.approx(value, rel=1e-12)
    for (a, b), (c, d) in zip(grads, g2):
        np.testing.assert_allclose(c, a, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(d, b, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(
        trainer.forward(X), bp.forward(X, params, activation, output)[0], rtol=1e-12
    )
    assert trainer.sgd_step(X, y, 0.3) == pytest.approx(value, rel=1e-12)
    for (W, b), (dW, db), (W2, b2) in zip(params, grads, trainer.params):
        np.testing.assert_allclose(W2, W - 0.3 * dW, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(b2, b - 0.3 * db, rtol=1e-12, atol=1e-14)


def test_fast_trainer_leaves_caller_params_alone_and_checks_batch():
    X, y, params = _problem(5, [3, 4, 2], 4, "relu", "softmax", "cross_entropy")
    before = [W.copy() for W, _ in params]
    trainer = MLPTrainer(params, 4)
    trainer.sgd_step(X, y, 1.0)
    for (W, _), W0 in zip(params, before):
        np.testing.assert_array_equal(W, W0)
    with pytest.raises(ValueError):
        trainer.sgd_step(X[:3], y[:3], 1.0)
    with pytest.raises(ValueError):
        MLPTrainer(params, 4, output="linear", loss="cross_entropy")
