"""The optimizer race: the student's update rules and the baseline, from one start, on one
surface; paths together on the contours, a step slider, a loss curve per racer and a rate
control per racer. Wiring only: the runs are ``nncourse.optimizer_race``, the picture is
``nncourse.plots_optimizers.plot_race``.

    from nncourse.widgets import OptimizerRace
    OptimizerRace({"momentum": (momentum_step, {"lr": 0.02}), "adam": (adam_step, {"lr": 0.1})})
"""

from __future__ import annotations

import html
import time

import ipywidgets as w

from nncourse.optimizer_race import SURFACES, contour_grid, run_baseline, run_rule, steps_to_reach
from nncourse.plots_optimizers import COLORS, RaceDrawing

BASELINE = "gradient step"
"""Name of the built-in racer (a fixed-rate gradient step inside the engine)."""


class OptimizerRace:
    """Controls and picture of the race, ready to display.

    Parameters
    ----------
    racers : dict of str -> (step, hyper)
        Update rules ``step(w, grad, state, **hyper) -> (w, state)`` and their keyword
        arguments; the first key of ``hyper`` (e.g. ``"lr"`` or ``"step0"``) gets a slider.
    surface : str
        Initial surface, a key of ``nncourse.optimizer_race.SURFACES``.
    n_steps : int
    baseline_lr : float
    exercises : dict of str -> str, optional
        Racer name -> exercise id, named in the status line while that rule is not written.

    Attributes
    ----------
    paths : dict of str -> Path
        The current runs (racers that raised are left out).
    widget : ipywidgets.Box
    run_seconds, draw_seconds : float
    """

    def __init__(
        self,
        racers: dict,
        surface: str = "ravine",
        n_steps: int = 120,
        baseline_lr: float = 0.015,
        exercises: dict | None = None,
    ) -> None:
        self.racers = dict(racers)
        self.n_steps = n_steps
        self.exercises = dict(exercises or {})
        self.run_seconds = self.draw_seconds = 0.0
        self.paths: dict = {}
        self._drawing: RaceDrawing | None = None
        self._drawings: dict = {}
        self._problems: dict = {}
        self.surface = w.Dropdown(options=list(SURFACES), value=surface, description="surface")
        self.step = w.IntSlider(
            value=n_steps,
            min=0,
            max=n_steps,
            description="step",
            continuous_update=True,
            layout=w.Layout(width="420px"),
        )
        self.use, self.rate = {}, {}
        rows = []
        for i, (name, (_, hyper)) in enumerate(
            [(BASELINE, (None, {"lr": baseline_lr})), *self.racers.items()]
        ):
            key, value = next(iter(hyper.items())) if hyper else ("lr", 0.01)
            self.use[name] = w.Checkbox(
                value=True, description=name, indent=False, layout=w.Layout(width="150px")
            )
            self.rate[name] = w.FloatLogSlider(
                value=value,
                base=10,
                min=-4,
                max=0.5,
                step=0.05,
                description=key,
                readout_format=".3g",
                continuous_update=False,
            )
            slug = name.replace(" ", "-")
            self.use[name].add_class(f"nncourse-race-use-{slug}")
            self.rate[name].add_class(f"nncourse-race-rate-{slug}")
            swatch = w.HTML(
                f"<span style='color:{COLORS[i % len(COLORS)]}'>&#9632;</span>",
                layout=w.Layout(width="18px"),
            )
            rows.append(w.HBox([swatch, self.use[name], self.rate[name]]))
        self.status = w.HTML()
        self.image = w.Image(format="png")
        for widget, name in (
            (self.surface, "surface"),
            (self.step, "step"),
            (self.status, "status"),
            (self.image, "plot"),
        ):
            widget.add_class(f"nncourse-race-{name}")
        self.widget = w.VBox([w.HBox([self.surface, self.step]), *rows, self.status, self.image])
        self.surface.observe(lambda change: self.rerun(), names="value")
        for name in self.use:
            self.use[name].observe(lambda change: self.rerun(), names="value")
            self.rate[name].observe(lambda change: self.rerun(), names="value")
        self.step.observe(lambda change: self.redraw(), names="value")
        self.rerun()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def hyper(self, name: str) -> dict:
        """The keyword arguments racer ``name`` runs with now (its rate from the slider)."""
        hyper = dict(self.racers[name][1]) if name in self.racers else {"lr": 0.0}
        key = next(iter(hyper)) if hyper else "lr"
        hyper[key] = float(self.rate[name].value)
        return hyper

    def rerun(self) -> None:
        """Run every ticked racer on the chosen surface, then redraw."""
        start = time.perf_counter()
        surface = SURFACES[self.surface.value]
        self.paths, self._problems = {}, {}
        if self.use[BASELINE].value:
            self.paths[BASELINE] = run_baseline(
                surface, self.n_steps, float(self.rate[BASELINE].value)
            )
        for name, (rule, _) in self.racers.items():
            if not self.use[name].value:
                continue
            try:
                self.paths[name] = run_rule(rule, surface, self.n_steps, self.hyper(name))
            except NotImplementedError:
                exercise = self.exercises.get(name)
                self._problems[name] = "not written yet" + (
                    f" (exercise {exercise} brings it to life)" if exercise else ""
                )
            except Exception as exc:  # the student's rule failed: say so, race the others
                self._problems[name] = f"raised {type(exc).__name__}: {exc}"
        name = self.surface.value
        if name not in self._drawings:  # one figure per surface, its background cached
            self._drawings[name] = RaceDrawing(
                contour_grid(surface, 100),
                [BASELINE, *self.racers],
                self.n_steps,
                surface.minimum,
                surface.blurb,
                surface.minima,
                surface.start,
            )
        self._drawing = self._drawings[name]
        self._drawing.set_paths(self.paths)
        self.run_seconds = time.perf_counter() - start
        self.redraw()

    def redraw(self) -> None:
        """Draw the paths up to the slider's step and update the status line."""
        start = time.perf_counter()
        surface = SURFACES[self.surface.value]
        if self._drawing is not None:
            self._drawing.show_step(self.step.value)
            self.image.value = self._drawing.png()
        self.draw_seconds = time.perf_counter() - start
        parts = []
        for racer, path in self.paths.items():
            reach = steps_to_reach(path, surface)
            if path.diverged_at is not None:
                result = f"diverged at step {path.diverged_at}"
            elif reach is not None:
                result = f"E - E_min &lt; 1e-3 at step {reach}"
            else:
                result = "not there yet"
            parts.append(f"{html.escape(racer)}: {result}")
        for racer, text in self._problems.items():
            parts.append(f"<b style='color:#cf222e'>{html.escape(racer)}: {html.escape(text)}</b>")
        self.status.value = (
            "<span style='font-family:monospace'>"
            f"step {self.step.value} &middot; "
            + " &middot; ".join(parts)
            + f"<span style='color:#888'> &middot; run {self.run_seconds * 1e3:.0f} ms"
            f" &middot; draw {self.draw_seconds * 1e3:.0f} ms</span></span>"
        )
