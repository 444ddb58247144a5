"""Nothing importable in the student edition answers a graded exercise.

Every callable reachable in the student edition -- module functions (public or private), classes,
their methods, and functions kept in module-level containers -- is handed to every exercise's
checker in each of the exercise's slots (the other slots hold stubs), on the visible cases, each
case judged on its own (a case that needs others counts only with them). No case may pass: a pass
means the student edition holds (part of) an answer. Visible cases suffice: every input of every
case is drawn from the seed, so a helper that answers one seed's inputs would answer another's (a
second, hidden seed doubled the scan's three minutes).
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil

import numpy as np
import pytest

import nncourse
from nncourse.check import EXERCISES
from nncourse.check.exercise import result_from_outcome
from nncourse.check.results import PASS
from nncourse.course.wheel import INSTRUCTOR_ONLY
from nncourse.inside.guard import guarded_call
from nncourse.inside.probes import PROBES

pytestmark = pytest.mark.student

SKIP_MODULES = ("nncourse.widgets", "nncourse.inside.confine", "nncourse.inside.worker")
"""Widget classes build ipywidgets and take no plain-data calls (their compute is scanned);
``confine`` and ``worker`` confine the very process that calls them (rlimits, seccomp, Landlock)
and answer nothing."""


def _identity(*args, **kwargs):
    return args[0] if len(args) == 1 else args


def _first_item(*args, **kwargs):
    return args[0][0]


def _zero(*args, **kwargs):
    return 0.0


def _none(*args, **kwargs):
    return None


TRIVIAL = (_identity, _first_item, _zero, _none)
"""Answers that know nothing: the input handed back, its first item, zero, None. A case one of these
passes is no evidence of a leak (any such helper would pass it), so the scan leaves it out."""


@pytest.fixture(autouse=True)
def _no_figures(monkeypatch):
    """Drawing functions fail at once: a Figure is never what a check judges, and drawing
    every candidate on every input would take minutes."""
    import matplotlib.figure

    def refuse(*args, **kwargs):
        raise RuntimeError("no figures while scanning")

    monkeypatch.setattr(matplotlib.figure.Figure, "__init__", refuse)


def _student_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(nncourse.__path__, "nncourse."):
        top = info.name.split(".")[1]
        if top in INSTRUCTOR_ONLY or f"{top}.py" in INSTRUCTOR_ONLY:
            continue
        if info.name.startswith(SKIP_MODULES):
            continue
        names.append(info.name)
    return sorted(names)


def _callables_of(value, seen: set[int], ours: set[str], depth: int = 0):
    """Callables defined in the student modules ``ours`` (imports from elsewhere are skipped:
    in the student edition a name imported from the answer key would not exist)."""
    if id(value) in seen or depth > 2:
        return
    seen.add(id(value))
    if inspect.isclass(value):
        if value.__module__ in ours:
            yield value
            for member in vars(value).values():
                fn = member.__func__ if isinstance(member, classmethod | staticmethod) else member
                if inspect.isfunction(fn):
                    yield fn
        return
    if inspect.isfunction(value):
        if value.__module__ in ours:
            yield value
        return
    if isinstance(value, dict):
        for v in value.values():
            yield from _callables_of(v, seen, ours, depth + 1)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _callables_of(v, seen, ours, depth + 1)


@functools.cache
def student_callables() -> list:
    seen: set[int] = set()
    found = []
    ours = set(_student_modules())
    for name in sorted(ours):
        module = importlib.import_module(name)
        for value in vars(module).values():
            found.extend(_callables_of(value, seen, ours))
    return found


def _stub(*args, **kwargs):
    raise NotImplementedError()


def _passes(exercise, objs, cases) -> list[str]:
    passed = []
    for case in cases:
        if case.probe:
            fn = functools.partial(PROBES[case.probe], tuple(objs))
        else:
            fn = objs[0]
        # 0.3 s: every reference answer takes milliseconds here; what runs longer is a demo's
        # training loop being fed an exercise's inputs, and is not an answer
        outcome = guarded_call(fn, case.args, case.kwargs, timeout=0.3, quiet=True)
        if result_from_outcome(case, outcome).status == PASS:
            passed.append(case.name)
    # a case that needs others earns nothing without them (a property of the right values)
    by_name = {case.name: case for case in cases}
    return [name for name in passed if all(n in passed for n in by_name[name].needs)]


def test_the_scan_sees_the_student_edition():
    names = {f"{c.__module__}.{c.__qualname__}" for c in student_callables()}
    assert "nncourse.engine.unit" in names
    assert not [n for n in names if n.startswith(("nncourse.key", "nncourse.grading"))]


@pytest.mark.parametrize("ex_id", sorted(EXERCISES))
def test_no_student_edition_callable_answers(ex_id):
    exercise = EXERCISES[ex_id]
    cases = exercise.cases()
    answers = []
    with np.errstate(all="ignore"):
        for slot in range(len(exercise.targets)):
            objs = [_stub] * len(exercise.targets)
            trivial = set()
            for answer in TRIVIAL:
                objs[slot] = answer
                trivial |= set(_passes(exercise, objs, cases))
            for candidate in student_callables():
                objs[slot] = candidate
                hits = [h for h in _passes(exercise, objs, cases) if h not in trivial]
                if hits:
                    answers.append(
                        f"{candidate.__module__}.{candidate.__qualname__} as "
                        f"{exercise.targets[slot]}: {hits}"
                    )
    assert answers == []
