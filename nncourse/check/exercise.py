"""Exercises, their cases and the one runner that turns cases into a ``Report``.

An ``Exercise`` is a list of small named property checks (``Case``). Each case says which
inputs to send (plain data chosen by the checker), how to call the student's code (directly or
through a named probe in ``nncourse.inside.probes``), and how to judge what comes back.

A case is data from end to end: its inputs are plain data and its judge is a ``Judge``, a
module-level function of the student edition plus plain-data parameters (the expected values).
That is what keeps the answer key with the instructor:

* ``Exercise.make_cases(rng)`` builds cases with the answer key (``nncourse.key``, imported
  inside the function), for any seed;
* ``nncourse release`` runs it once per exercise with the exercise's own seed and stores those
  *visible* cases as data in the student edition (``nncourse.check.visible``); a notebook's
  check cell judges with them, so it needs no reference code;
* hidden inputs (any other seed) are built on the instructor's side only: by the grader, which
  sends ``case.args`` to a sandboxed worker and applies ``case.judge`` in its own process, and by
  the hidden test cells that stock nbgrader runs.
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nncourse.check.judge import Verdict
from nncourse.check.results import (
    ERROR,
    FAIL,
    NOT_ATTEMPTED,
    PASS,
    TIMEOUT,
    CheckResult,
    Report,
)
from nncourse.inside.guard import (
    DEFAULT_TIMEOUT,
    OK,
    RAISED,
    STUB,
    TIMED_OUT,
    Outcome,
    describe_value,
    guarded_call,
    to_plain,
)
from nncourse.inside.probes import PROBES


@dataclass(frozen=True)
class Judge:
    """A judge as data: ``fn(got, **params)``.

    Attributes
    ----------
    fn : callable
        A module-level function of ``nncourse.check`` (never a lambda or closure), called as
        ``fn(got, **params)`` and returning a ``Verdict``.
    params : dict
        Plain data: numbers, strings, numpy arrays, lists/tuples/str-keyed dicts of them.
    """

    fn: Callable[..., Verdict]
    params: dict

    def __call__(self, got: Any) -> Verdict:
        return self.fn(got, **self.params)


def judge(fn: Callable[..., Verdict], /, **params: Any) -> Judge:
    """``judge(expect_array, expected=y, name="softmax(z)")``: a ``Judge`` for a case."""
    return Judge(fn, params)


@dataclass(frozen=True)
class Case:
    """One named property check.

    Attributes
    ----------
    name : str
        Shown to the student, e.g. ``"stable at z = 1000"``.
    call : str
        The call in words, e.g. ``"softmax(z) with z = [1000, 0]"``.
    judge : Judge
        ``judge(plain_value) -> Verdict``; runs in the checker's own process only.
    args, kwargs : tuple, dict
        Plain data (numbers, strings, float64 arrays, lists/dicts of them).
    probe : str
        Name of a probe in ``nncourse.inside.probes.PROBES``; empty means call the first target
        as ``target(*args, **kwargs)``.
    points : float
        Weight of this case within the exercise.
    hint : str
        Extra hint added when the judge's verdict has none.
    needs : tuple of str
        Names of other cases of the same exercise that must pass for this case's points to
        count: a property (input unchanged, shape, dtype) earns nothing without correct values.
    part : str
        The piece of the student's work this case exercises (``"Node.__pow__"``,
        ``"xor_weights"``). In an exercise whose cases name parts, a stub fails only the cases
        it reaches and the others are still run and credited (part-by-part credit).
    """

    name: str
    call: str
    judge: Callable[[Any], Verdict]
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    probe: str = ""
    points: float = 1.0
    hint: str = ""
    needs: tuple[str, ...] = ()
    part: str = ""


class HiddenCasesUnavailable(RuntimeError):
    """Raised for cases that need the answer key where it is not installed."""

    def __init__(self, exercise_id: str) -> None:
        super().__init__(
            f"{exercise_id}: these checks are built with the answer key, which only the "
            "instructor's installation has; the check cell in your notebook uses the visible "
            "checks (call it without a seed)"
        )


@dataclass(frozen=True)
class Exercise:
    """A graded exercise: the names the student defines and a factory of cases.

    Calling the exercise with the student's objects runs every case and returns a ``Report``:
    ``unit02.softmax(softmax)``.

    Attributes
    ----------
    id : str
        Registry id ``"<unit>.<name>"``, e.g. ``"02.softmax"``.
    title : str
        Human title shown in reports.
    targets : tuple of str
        Names the student defines, in the order the exercise takes them.
    make_cases : callable
        ``make_cases(rng) -> list[Case]``; ``rng`` is a seeded ``np.random.Generator``. It may
        import the answer key (``nncourse.key``) inside its body, never at module level.
    timeout : float
        Per-call time limit in seconds.
    """

    id: str
    title: str
    targets: tuple[str, ...]
    make_cases: Callable[[np.random.Generator], list[Case]]
    timeout: float = DEFAULT_TIMEOUT

    @property
    def grade_id(self) -> str:
        """nbgrader ``grade_id`` of the hidden-test cell, e.g. ``test_02_softmax``."""
        return "test_" + self.id.replace(".", "_")

    @property
    def answer_id(self) -> str:
        """nbgrader ``grade_id`` of the solution cell."""
        return "answer_" + self.id.replace(".", "_")

    def default_seed(self) -> int:
        return zlib.crc32(self.id.encode())

    def cases(self, seed: int | None = None) -> list[Case]:
        """The cases for this run; the same seed gives the same cases.

        Without a seed: the visible cases, from the data ``nncourse release`` stored in the
        student edition. With a seed: cases built with the answer key (instructor side only).

        Raises
        ------
        HiddenCasesUnavailable
            For a seed when the answer key is not installed.
        """
        if seed is None:
            from nncourse.check import visible

            stored = visible.load(self.id)
            if stored is not None:
                return stored
            seed = self.default_seed()
        return self.build_cases(seed)

    def build_cases(self, seed: int) -> list[Case]:
        """Cases built with the answer key for ``seed`` (what the grader and release use)."""
        try:
            return list(self.make_cases(np.random.default_rng(seed)))
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("nncourse.key"):
                raise HiddenCasesUnavailable(self.id) from exc
            raise

    def __call__(
        self,
        *objs: Any,
        seed: int | None = None,
        timeout: float | None = None,
        quiet: bool = False,
    ) -> Report:
        """Check the student's objects (one per target) and return a ``Report``."""
        if len(objs) != len(self.targets):
            names = ", ".join(self.targets)
            return Report(
                self.id,
                [
                    CheckResult(
                        "called correctly",
                        ERROR,
                        message=f"this checker takes {len(self.targets)} argument(s): {names}; "
                        f"it was given {len(objs)}",
                        hint=f"call it as check({names})",
                    )
                ],
                self.title,
            )
        not_callable = [(n, o) for n, o in zip(self.targets, objs) if not callable(o)]
        if not_callable:
            name, obj = not_callable[0]
            return Report(
                self.id,
                [
                    CheckResult(
                        "called correctly",
                        ERROR,
                        message=f"`{name}` should be a function, but the checker was given "
                        f"{describe_value(to_plain(obj))}",
                        hint=f"pass the function itself, `{name}`, not the result of calling it",
                    )
                ],
                self.title,
            )
        limit = self.timeout if timeout is None else timeout
        try:
            cases = self.cases(seed)
        except HiddenCasesUnavailable as exc:
            return Report(
                self.id,
                [CheckResult("checks available", ERROR, message=str(exc))],
                self.title,
            )

        def call_locally(case: Case) -> Outcome:
            if case.probe:
                fn = functools.partial(PROBES[case.probe], objs)
            else:
                fn = objs[0]
            return guarded_call(fn, case.args, case.kwargs, timeout=limit, quiet=quiet)

        return run_cases(self, cases, call_locally)


def result_from_outcome(case: Case, outcome: Outcome) -> CheckResult:
    """Turn one call's outcome into a ``CheckResult``, judging the value when the call worked."""
    common = {
        "name": case.name,
        "call": case.call,
        "points": case.points,
        "needs": tuple(case.needs),
    }
    if outcome.status == STUB:
        where = outcome.error.partition(" in ")[2]
        return CheckResult(
            status=NOT_ATTEMPTED,
            message=f"`{where}` still raises NotImplementedError"
            if where
            else "the code still raises NotImplementedError",
            hint="replace `raise NotImplementedError()` with your solution",
            **common,
        )
    if outcome.status == TIMED_OUT:
        return CheckResult(
            status=TIMEOUT,
            message=f"the call {outcome.error}",
            hint="look for a loop whose condition never becomes false",
            **common,
        )
    if outcome.status == RAISED and outcome.from_grader:
        return CheckResult(status=ERROR, message=outcome.error, from_grader=True, **common)
    if outcome.status == RAISED:
        said = "" if outcome.error.startswith("returned ") else "raised "
        return CheckResult(
            status=ERROR,
            message=f"the call {said}{outcome.error}",
            hint=case.hint or "run the call yourself in a new cell to see the full traceback",
            **common,
        )
    if outcome.status != OK:
        return CheckResult(status=ERROR, message=outcome.error or "the call failed", **common)
    try:
        verdict = case.judge(outcome.value)
    except Exception as exc:  # noqa: BLE001 - a judge must never crash the report
        verdict = Verdict(False, f"the result could not be judged ({type(exc).__name__}: {exc})")
    return CheckResult(
        status=PASS if verdict.passed else FAIL,
        message=verdict.message,
        expected=verdict.expected,
        got=verdict.got,
        hint=verdict.hint or (case.hint if not verdict.passed else ""),
        wanted=verdict.wanted,
        detail=verdict.detail,
        mistake=verdict.mistake,
        **common,
    )


def run_cases(exercise: Exercise, cases: list[Case], call: Callable[[Case], Outcome]) -> Report:
    """Run every case through ``call`` and collect a ``Report``.

    A stub (``NotImplementedError``) marks every later case "not attempted" without calling
    again, unless the cases name parts (``Case.part``): then each case is still run, so what is
    written earns its points and each stub is named. After a timeout the remaining cases are not
    run (each would cost the limit). Both tiers (the check cell and the grader) use this one rule,
    so the same code on the same inputs gets the same points.
    """
    by_part = any(case.part for case in cases)
    results: list[CheckResult] = []
    stop: CheckResult | None = None
    for case in cases:
        if stop is not None:
            results.append(
                CheckResult(
                    case.name,
                    stop.status,
                    message=stop.message
                    if stop.status == NOT_ATTEMPTED
                    else "not run: an earlier call did not finish in time",
                    call=case.call,
                    points=case.points,
                    needs=tuple(case.needs),
                )
            )
            continue
        result = result_from_outcome(case, call(case))
        results.append(result)
        if result.status == TIMEOUT or (result.status == NOT_ATTEMPTED and not by_part):
            stop = result
    return Report(exercise.id, results, exercise.title, max_points=_points_of(exercise.id))


def _points_of(exercise_id: str) -> float | None:
    """The exercise's points in its notebook, as ``nncourse release`` stored them (or None)."""
    from nncourse.check import visible

    return visible.points(exercise_id)


EXERCISES: dict[str, Exercise] = {}
"""Every registered exercise by id, e.g. ``EXERCISES["02.softmax"]``."""


def register(exercise: Exercise) -> Exercise:
    """Add an exercise to ``EXERCISES`` (ids must be unique) and return it."""
    if not isinstance(exercise, Exercise) or not isinstance(exercise.id, str):
        raise TypeError(f"register() takes an Exercise, not {type(exercise).__name__}")
    if exercise.id in EXERCISES:
        raise ValueError(f"exercise {exercise.id!r} is registered twice")
    EXERCISES[exercise.id] = exercise
    return exercise


def exercise_for_grade_id(grade_id: str) -> Exercise | None:
    """The exercise whose hidden-test cell has this nbgrader ``grade_id``, or None."""
    for exercise in EXERCISES.values():
        if exercise.grade_id == grade_id:
            return exercise
    return None


def grade_cell(exercise_id: str, *objs: Any, points: float, seed: int) -> float:
    """Grade one exercise in the student's kernel (the stock-nbgrader tier); returns points.

    Used by the hidden part of each test cell. Output is quiet, so stray prints in student code
    cannot turn into stderr output that stock nbgrader would score as 0. ``nncourse grade``
    does not trust this number: it re-checks the answer out of process.
    """
    report = EXERCISES[exercise_id](*objs, seed=seed, quiet=True)
    return report.points(points)
