"""Unit 02 in the student edition: no answer key imported, demos drawn with the student's code.

The checkers import ``nncourse.key`` only inside ``make_cases``; the demo and plot modules the
notebook uses do not import it at all, and the figures on graded material take the functions to
draw, saying in one line which exercise brings them to life while those are still stubs.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure
from nokey import run_without_key

from nncourse import engine, expressivity, plots_units
from nncourse.key import activations as act

pytestmark = pytest.mark.unit02

REPO = Path(__file__).resolve().parents[2]
CHECKERS = sorted((REPO / "nncourse" / "check" / "unit02").glob("*.py"))
STUDENT_MODULES = ("nncourse.expressivity", "nncourse.plots_units", "nncourse.engine")
NOTEBOOKS = (
    REPO / "solutions" / "02_activations.ipynb",
    REPO / "notebooks" / "02_activations.ipynb",
)

IMPORT_ALL = """
for name in sys.argv[1:]:
    importlib.import_module(name)
assert not any(m == "nncourse.key" or m.startswith("nncourse.key.") for m in sys.modules)
print("ok")
"""


def test_checkers_and_student_modules_import_without_the_key():
    modules = ["nncourse.check.unit02", *(f"nncourse.check.unit02.{p.stem}" for p in CHECKERS)]
    modules = [m.removesuffix(".__init__") for m in modules] + list(STUDENT_MODULES)
    done = run_without_key(IMPORT_ALL, *modules)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


@pytest.mark.parametrize("path", NOTEBOOKS, ids=["solutions", "release"])
def test_notebook_never_imports_the_key(path):
    nb = json.loads(path.read_text())
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "nncourse.key" not in code
    assert "ref_act" not in code


# ---------------------------------------------------------------- figures on graded material


def _stub(*args):
    raise NotImplementedError()


PAIRS = {name: act.ACTIVATIONS[name] for name in act.HIDDEN_ACTIVATIONS}


def test_plot_activations_draws_the_functions_it_is_given(capsys):
    calls = []

    def traced(z):
        calls.append(np.shape(z))
        return np.tanh(z)

    fig = plots_units.plot_activations({**PAIRS, "mine": (traced, act.tanh_grad)})
    assert isinstance(fig, Figure) and len(fig.axes) == 5
    assert calls == [(401,)]
    assert capsys.readouterr().out == ""
    line = fig.axes[1].lines[0]
    z = line.get_xdata()
    np.testing.assert_allclose(line.get_ydata(), act.sigmoid(z))
    np.testing.assert_allclose(fig.axes[1].lines[1].get_ydata(), act.sigmoid_grad(z))


def test_plot_activations_with_only_stubs_prints_one_line(capsys):
    fig = plots_units.plot_activations(
        {name: (_stub, _stub) for name in PAIRS}, exercises="Exercises 2.1-2.4"
    )
    assert fig is None
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert "Exercises 2.1-2.4" in out and "relu" in out and "Traceback" not in out


def test_plot_activations_draws_what_is_written_and_names_the_rest(capsys):
    pairs = {**PAIRS, "tanh": (act.tanh, _stub)}
    fig = plots_units.plot_activations(pairs)
    assert [ax.get_title() for ax in fig.axes] == ["linear", "sigmoid", "relu"]
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "tanh" in out and "sigmoid" not in out


def test_plot_activations_lets_a_real_error_through():
    def broken(z):
        raise ValueError("a bug in the student's code")

    with pytest.raises(ValueError, match="student's code"):
        plots_units.plot_activations({"relu": (broken, act.relu_grad)})


def test_compare_probabilities_prints_values_and_draws_the_sweep(capsys):
    scores = np.array([2.0, 1.5, 0.1, -1.0])
    fig = plots_units.compare_probabilities(
        {"softmax": act.softmax, "sparsemax": act.sparsemax}, scores
    )
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2
    assert out[0].startswith("softmax   :") and out[1].startswith("sparsemax :")
    assert str(np.round(act.sparsemax(scores), 3)) in out[1]
    soft, sparse = fig.axes[0].lines
    t = soft.get_xdata()
    np.testing.assert_allclose(soft.get_ydata(), act.sigmoid(t))
    assert sparse.get_ydata().min() == 0.0 and sparse.get_ydata().max() == 1.0


def test_compare_probabilities_with_stubs_prints_one_line(capsys):
    fig = plots_units.compare_probabilities(
        {"softmax": _stub, "sparsemax": _stub}, np.zeros(3), exercises="Exercises 2.5 and 2.8"
    )
    assert fig is None
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "Exercises 2.5 and 2.8" in out


def test_compare_probabilities_with_one_map_written(capsys):
    fig = plots_units.compare_probabilities(
        {"softmax": act.softmax, "sparsemax": _stub}, np.ones(3)
    )
    assert len(fig.axes[0].lines) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and "sparsemax" in out[1]


# ---------------------------------------------------------------- demos on ungraded material


@pytest.mark.parametrize("name", engine.HIDDEN_UNITS)
def test_random_features_use_the_engine_units(name):
    x = np.linspace(-3.0, 3.0, 50)
    H = expressivity.random_features(x, 7, np.random.default_rng(4), activation=name)
    rng = np.random.default_rng(4)
    w = rng.normal(0.0, 3.0, size=7)
    centres = rng.uniform(x.min(), x.max(), size=7)
    np.testing.assert_allclose(H[:, :-1], act.ACTIVATIONS[name][0](np.outer(x, w) - w * centres))
    np.testing.assert_array_equal(H[:, -1], 1.0)


def test_region_count_of_one_relu_layer_on_a_line():
    # 3 ReLUs: kinks on x = 1, y = -1, x + y = -0.5 (not concurrent: 7 regions in the square),
    # crossing the diagonal at three places (4 pieces)
    W = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    b = np.array([-1.0, 1.0, 0.5])
    params = [(W, b), (np.ones((1, 3)), np.zeros(1))]
    assert expressivity.count_regions_on_line(params, np.array([-3.0, -3.0]), [3.0, 3.0]) == 4
    count, labels = expressivity.count_regions_on_grid(params, n=101)
    assert count == 7 and labels.shape == (101, 101)
