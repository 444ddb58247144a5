"""Regenerate the README's figures: one small PNG per unit, ``docs/img/unitNN_figure.png``.

An instructor script: the figures draw the answer key's functions (``nncourse.key``) through
the package's own plot functions, exactly as the notebooks draw the student's. BLAS is pinned
to one thread (unit 03's figure is a timing). The widget screenshots come from the browser
tests instead: ``NNCOURSE_SCREENSHOT=docs/img/unit01_playground.png pytest
tests/unit01/test_widget_browser.py`` (likewise units 05-07).

Run: ``python docs/make_figures.py`` (all units) or ``python docs/make_figures.py 02 05``;
``--check`` draws every figure without writing and fails if one is over the size limit.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import io  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

IMG = Path(__file__).resolve().parent / "img"
MAX_BYTES = 150_000
DPI = 72


def unit01():
    """XOR through the feature map (x1, x2, x1 x2): a plane in 3-D, a hyperbola in the plane."""
    from nncourse import plots_xor
    from nncourse.key import feature_maps as key

    axis = np.linspace(-0.5, 1.5, 161)
    g1, g2 = np.meshgrid(axis, axis)
    w, b = key.xor_feature_weights()[0], -0.25  # any b in [-1, 0) is right; -0.5 gives 2 lines
    score = (key.xor_features(np.column_stack([g1.ravel(), g2.ravel()])) @ w + b).reshape(g1.shape)
    return plots_xor.plot_boundary(
        key.XOR_INPUTS, 2 * key.XOR_TARGETS - 1, score, (-0.5, 1.5, -0.5, 1.5),
        title="XOR through a feature map",
    )  # fmt: skip


def unit02():
    """The four hidden units and their derivatives."""
    from nncourse import plots_units
    from nncourse.key import activations as a

    units = {name: (getattr(a, name), getattr(a, f"{name}_grad")) for name in HIDDEN}
    return plots_units.plot_activations(units)


HIDDEN = ("linear", "sigmoid", "tanh", "relu")


def unit03():
    """Backward against forward: the matrix products' times and the predicted ratios."""
    from nncourse import backprop_cost, plots_backprop

    rng = np.random.default_rng(0)
    sizes, batch = [784, 256, 256, 10], 64
    times = backprop_cost.time_products(sizes, batch, rng)
    predicted = {
        "backward": backprop_cost.multiply_adds(sizes, batch)["ratio"],
        "backward_to_input": backprop_cost.multiply_adds(sizes, batch, True)["ratio"],
    }
    return plots_backprop.plot_pass_times(
        times, predicted, f"sizes {sizes}, batch {batch}, 1 thread"
    )


def unit04():
    """The finite-difference error against the step h, float64 and float32."""
    from nncourse import gradcheck_demo, plots_gradcheck
    from nncourse.key import gradcheck

    hs = np.logspace(-16, 0, 65)
    curves = [
        gradcheck_demo.error_curve(gradcheck.numerical_gradient, np.sin, np.cos, 1.0, hs, dtype)
        for dtype in (np.float64, np.float32)
    ]
    return plots_gradcheck.plot_error_vs_h(curves)


def unit05():
    """A saddle: gradient descent from (1.5, 0) stops there, from (1.5, 1e-6) it escapes."""
    from nncourse import landscape_demos as demos
    from nncourse import plots_surface

    paths = {
        "start (1.5, 0)": demos.saddle_path([1.5, 0.0], steps=250),
        "start (1.5, 1e-6)": demos.saddle_path([1.5, 1e-6], steps=250),
    }
    gx = np.linspace(-1.6, 1.6, 81)
    GX, GY = np.meshgrid(gx, gx)
    return plots_surface.plot_saddle((gx, gx, 0.5 * GX**2 + 0.25 * (GY**2 - 1) ** 2), paths)


def unit06():
    """Gradient descent on a rotated quadratic, just below and just above the stable rate."""
    from nncourse import plots_quadratics, quadratics_demo
    from nncourse.key import quadratics

    A = quadratics_demo.rotated_matrix(1.0, 4.0, np.deg2rad(35))
    b = -A @ np.array([1.0, 0.5])
    start = np.array([-1.5, 2.0])
    paths = {
        f"η = {eta}": quadratics.gradient_descent(lambda w: A @ w + b, start, eta, 25)
        for eta in (0.48, 0.52)
    }
    return plots_quadratics.plot_paths_2d(A, b, paths, radius=4.0)


def unit07():
    """The optimizer race on the first surface: momentum, Nesterov and Adam."""
    from nncourse import optimizer_race as race
    from nncourse import plots_optimizers
    from nncourse.key import optimizers as o

    name, surface = next(iter(race.SURFACES.items()))
    racers = {
        "momentum": (o.momentum_step, {"lr": 0.01}),
        "nesterov": (o.nesterov_step, {"lr": 0.01}),
        "adam": (o.adam_step, {"lr": 0.1}),
    }
    paths = {"gradient step": race.run_baseline(surface, 120, lr=0.015)}
    paths.update(
        {r: race.run_rule(rule, surface, 120, hyper) for r, (rule, hyper) in racers.items()}
    )
    return plots_optimizers.plot_race(
        race.contour_grid(surface), paths, minimum=surface.minimum, title=surface.blurb,
        minima=surface.minima,
    )  # fmt: skip


UNITS = {"01": unit01, "02": unit02, "03": unit03, "04": unit04, "05": unit05, "06": unit06,
         "07": unit07}  # fmt: skip


def render(unit: str) -> bytes:
    """The unit's figure as PNG bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = UNITS[unit]()
    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("units", nargs="*", default=list(UNITS), help="e.g. 01 05 (default all)")
    parser.add_argument("--check", action="store_true", help="draw, write nothing")
    args = parser.parse_args(argv)
    failed = False
    for unit in args.units:
        png = render(unit)
        path = IMG / f"unit{unit}_figure.png"
        too_big = len(png) > MAX_BYTES
        failed |= too_big
        if not args.check and not too_big:
            IMG.mkdir(parents=True, exist_ok=True)
            path.write_bytes(png)
        verdict = "OVER the limit" if too_big else ("ok" if args.check else "written")
        print(f"{path.relative_to(IMG.parent.parent)}: {len(png) / 1000:.0f} kB {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
