"""The cost demo's counting and timing helpers (timing the function passed in), and figures."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from nncourse import backprop_cost, plots_backprop

pytestmark = pytest.mark.unit03


def test_multiply_adds_of_the_digit_network():
    counts = backprop_cost.multiply_adds([784, 256, 256, 10], 64)
    assert counts["forward"] == 64 * (784 * 256 + 256 * 256 + 256 * 10)
    assert counts["backward"] == 2 * counts["forward"] - 64 * 784 * 256
    assert counts["ratio"] == pytest.approx(1.2533, abs=1e-4)
    assert backprop_cost.multiply_adds([784, 256, 256, 10], 64, input_grad=True)["ratio"] == 2.0


def test_equal_layers_give_two_minus_one_over_depth():
    for depth in (1, 2, 4):
        ratio = backprop_cost.multiply_adds([32] * (depth + 1), 8)["ratio"]
        assert ratio == pytest.approx((2 * depth - 1) / depth)


def test_product_times_are_positive():
    times = backprop_cost.time_products([6, 5, 3], 4, np.random.default_rng(0), repeats=2)
    assert set(times) == {"forward", "backward", "backward_to_input"}
    assert all(t > 0 for t in times.values())


def test_the_student_function_is_timed_on_one_blas_thread():
    from threadpoolctl import threadpool_info

    calls = []

    def loss_and_grads(X, y, params, activation, output, loss):
        calls.append((X.shape, [W.shape for W, _ in params], activation, output, loss))
        calls[-1] += (max((p["num_threads"] for p in threadpool_info()), default=1),)
        return 0.0, [(np.zeros_like(W), np.zeros_like(b)) for W, b in params]

    rng = np.random.default_rng(0)
    t = backprop_cost.time_loss_and_grads(loss_and_grads, [6, 5, 3], 4, rng, repeats=2)
    assert t > 0 and len(calls) == 3  # one warm-up, two timed
    assert calls[0][:5] == ((4, 6), [(5, 6), (3, 5)], "relu", "linear", "squared")
    assert all(c[5] == 1 for c in calls)
    out = backprop_cost.scaling(loss_and_grads, [[4, 4, 2], [4, 8, 2]], 3, rng, repeats=1)
    assert out.shape == (2,) and np.all(out > 0)


def test_a_stub_raises_at_once():
    calls = []

    def stub(*args):
        calls.append(args)
        raise NotImplementedError()

    with pytest.raises(NotImplementedError):
        backprop_cost.time_loss_and_grads(stub, [6, 5, 3], 4, np.random.default_rng(0))
    assert len(calls) == 1


def test_plots_return_figures():
    import matplotlib.pyplot as plt

    fig = plots_backprop.plot_pass_times(
        {"forward": 1e-3, "backward": 1.3e-3, "backward_to_input": 2e-3},
        {"backward": 1.25, "backward_to_input": 2.0},
    )
    assert isinstance(fig, Figure)
    fig = plots_backprop.plot_pass_times(
        {"forward": 1e-3, "backward": 1.3e-3, "backward_to_input": 2e-3, "yours": 3e-3},
        {"backward": 1.25, "backward_to_input": 2.0},
    )
    assert len(fig.axes[0].patches) == 4
    fig2 = plots_backprop.plot_cost_scaling(
        np.arange(1, 4),
        np.array([1e-3, 2e-3, 3e-3]),
        np.array([8, 16, 32]),
        np.array([1e-4, 4e-4, 1.6e-3]),
    )
    assert isinstance(fig2, Figure) and len(fig2.axes) == 2
    plt.close("all")
