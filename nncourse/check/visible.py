"""The visible cases: computed by ``nncourse release`` with the answer key, shipped as data.

A notebook's check cell (``unit02.softmax(softmax)``) judges the student's code on these cases,
so the student edition needs no reference code: each case's inputs are plain data and its judge
is a module-level function of ``nncourse.check`` with plain-data parameters (the expected
values). One JSON file per unit lives in ``nncourse/check/data/``; arrays travel as tagged
base64 bytes (``nncourse.inside.wire``), so a reload is exact.
"""

from __future__ import annotations

import functools
import importlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from nncourse.check.exercise import Case, Exercise, Judge
from nncourse.inside import wire

DATA = Path(__file__).resolve().parent / "data"
"""Folder of the per-unit files ``<unit>.json`` (e.g. ``02.json``)."""


class VisibleDataError(ValueError):
    """A stored case cannot be rebuilt (a judge that is not a module-level checker function)."""


def _unit(exercise_id: str) -> str:
    return exercise_id.split(".", 1)[0]


def _function_name(fn: Any) -> str:
    module, qualname = getattr(fn, "__module__", ""), getattr(fn, "__qualname__", "")
    if not module.startswith("nncourse.check") or "<" in qualname or "." in qualname:
        raise VisibleDataError(
            f"judge {qualname or fn!r} must be a module-level function of nncourse.check "
            f"(found in {module or 'no module'}): a case's judge is stored as data"
        )
    return f"{module}:{qualname}"


def case_to_data(case: Case) -> dict:
    """One case as JSON-ready data (see ``case_from_data``)."""
    if not isinstance(case.judge, Judge):
        raise VisibleDataError(f"case {case.name!r}: its judge must be a Judge, not a closure")
    return {
        "name": case.name,
        "call": case.call,
        "args": wire.encode(tuple(case.args)),
        "kwargs": wire.encode(dict(case.kwargs)),
        "probe": case.probe,
        "points": case.points,
        "hint": case.hint,
        "needs": list(case.needs),
        "part": case.part,
        "judge": _function_name(case.judge.fn),
        "params": wire.encode(dict(case.judge.params)),
    }


def _resolve(name: str) -> Any:
    module, _, qualname = name.partition(":")
    if not module.startswith("nncourse.check") or not qualname.isidentifier():
        raise VisibleDataError(f"judge {name!r} is not a checker function")
    fn = getattr(importlib.import_module(module), qualname, None)
    if not callable(fn):
        raise VisibleDataError(f"judge {name!r} does not exist")
    return fn


def case_from_data(data: dict) -> Case:
    """Rebuild a case stored by ``case_to_data``."""
    return Case(
        name=data["name"],
        call=data["call"],
        judge=Judge(_resolve(data["judge"]), wire.decode(data["params"])),
        args=wire.decode(data["args"]),
        kwargs=wire.decode(data["kwargs"]),
        probe=data["probe"],
        points=float(data["points"]),
        hint=data["hint"],
        needs=tuple(data.get("needs", ())),
        part=data.get("part", ""),
    )


def unit_data(exercises: Iterable[Exercise]) -> dict[str, str]:
    """``{unit: json text}`` of every exercise's visible cases (built with the answer key)."""
    by_unit: dict[str, dict] = {}
    for ex in sorted(exercises, key=lambda e: e.id):
        cases = ex.build_cases(ex.default_seed())
        by_unit.setdefault(_unit(ex.id), {})[ex.id] = [case_to_data(c) for c in cases]
    return {
        unit: json.dumps(found, indent=1, sort_keys=True, allow_nan=True) + "\n"
        for unit, found in by_unit.items()
    }


@functools.cache
def _unit_file(unit: str) -> dict:
    path = DATA / f"{unit}.json"
    if not path.is_file():
        return {}
    return json.loads(path.read_text())


def load(exercise_id: str) -> list[Case] | None:
    """The stored visible cases of one exercise, or None when none are stored."""
    stored = _unit_file(_unit(exercise_id)).get(exercise_id)
    if stored is None:
        return None
    return [case_from_data(d) for d in stored]


POINTS_FILE = "points.json"


def points_data(points: dict[str, float]) -> str:
    """JSON text of ``{exercise id: points}`` (see ``points``)."""
    return json.dumps(dict(sorted(points.items())), indent=1) + "\n"


def points(exercise_id: str) -> float | None:
    """The exercise's points in its notebook, as ``nncourse release`` stored them, or None."""
    value = _unit_file(POINTS_FILE[: -len(".json")]).get(exercise_id)
    return None if value is None else float(value)


def forget() -> None:
    """Drop cached files (after ``nncourse release`` rewrote them)."""
    _unit_file.cache_clear()
