"""Two promises checked over every registered exercise (``EXERCISES``), on hidden inputs.

* **No points without working code.** Trivial answers score 0: zeros, ones or a constant of the
  right shape, the input returned, ``None``, and a table that replays the visible checks' outputs.
* **Honest variants keep every point.** The reference's values returned as lists or tuples,
  computed and returned in float32, with a warning raised or a line printed on the way.

Each variant wraps the reference answer (``tests/catalog.py``) at its calls, so it needs no
knowledge of the exercise: a "zeros" answer returns zeros shaped like what the reference returns
for the same inputs. A new exercise is covered the day it is registered.
"""

from __future__ import annotations

import functools
import inspect
import warnings

import numpy as np
import pytest
from catalog import REFERENCE, TRIVIAL

from nncourse.check import EXERCISES

HIDDEN = 20_261_128
"""A seed no notebook uses: the inputs no student has seen."""


def _map(value, leaf):
    """``value`` rebuilt with ``leaf`` applied to every number, array, string or bool in it."""
    if isinstance(value, dict):
        return {k: _map(v, leaf) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_map(v, leaf) for v in value)
    return leaf(value)


def _filled(fill):
    def leaf(v):
        if isinstance(v, np.ndarray):
            return np.full(v.shape, fill, dtype=float)
        if isinstance(v, bool | np.bool_):
            return bool(fill)
        if isinstance(v, int | float | np.number):
            return type(v)(fill) if not isinstance(v, np.integer) else int(fill)
        if isinstance(v, str):
            return ""
        return v

    return leaf


def _key(args) -> str:
    return repr(_map(list(args), lambda v: v.tolist() if isinstance(v, np.ndarray) else v))


def _shape_key(args) -> str:
    return repr(
        _map(list(args), lambda v: ("a", v.shape) if isinstance(v, np.ndarray) else type(v))
    )


def _wrap(objs: tuple, transform) -> tuple:
    """Each function target replaced by ``transform(target, index)``; classes kept."""
    return tuple(
        transform(obj, i) if inspect.isfunction(obj) else obj for i, obj in enumerate(objs)
    )


def _on_result(change):
    def transform(fn, _index):
        @functools.wraps(fn)
        def answer(*args, **kwargs):
            return change(fn(*args, **kwargs), args)

        return answer

    return transform


def _replay_table(ex_id: str) -> tuple:
    """The reference's outputs on the visible checks, replayed for any input."""
    ref = REFERENCE[ex_id]
    tables: list[dict] = [{} for _ in ref]
    shapes: list[dict] = [{} for _ in ref]

    def record(fn, i):
        def answer(*args, **kwargs):
            out = fn(*args, **kwargs)
            tables[i].setdefault(_key(args), out)
            shapes[i].setdefault(_shape_key(args), out)
            return out

        return answer

    EXERCISES[ex_id](*_wrap(ref, record), quiet=True)

    def replay(fn, i):
        def answer(*args, **kwargs):
            if _key(args) in tables[i]:
                return tables[i][_key(args)]
            if _shape_key(args) in shapes[i]:
                return shapes[i][_shape_key(args)]
            return next(iter(tables[i].values()), None)

        return answer

    return _wrap(ref, replay)


TRIVIAL_KINDS = {
    "zeros": _on_result(lambda out, _a: _map(out, _filled(0))),
    "ones": _on_result(lambda out, _a: _map(out, _filled(1))),
    "constant": _on_result(lambda out, _a: _map(out, _filled(0.5))),
    "the input": _on_result(lambda _out, args: args[0] if args else None),
    "None": _on_result(lambda _out, _a: None),
}


def _takes_no_input(objs: tuple) -> bool:
    """True when every function takes no parameters (unit 01's fixed XOR weights): its visible
    output *is* the answer asked for, so a replayed table is the answer, not a trick."""
    functions = [o for o in objs if inspect.isfunction(o)]
    return all(not inspect.signature(f).parameters for f in functions)


def _trivial_answers(ex_id: str) -> list[tuple[str, tuple]]:
    ref = REFERENCE[ex_id]
    found = []
    if any(inspect.isfunction(o) for o in ref):  # a class's trivial answers are in TRIVIAL
        found = [(kind, _wrap(ref, t)) for kind, t in TRIVIAL_KINDS.items()]
        if not _takes_no_input(ref):
            found.append(("replayed visible outputs", _replay_table(ex_id)))
    found += [(f"extra {k}", objs) for k, objs in enumerate(TRIVIAL.get(ex_id, []))]
    return found


def test_every_exercise_has_a_reference_and_a_function_to_vary():
    assert set(REFERENCE) == set(EXERCISES)
    for ex_id, objs in REFERENCE.items():
        if not any(inspect.isfunction(o) for o in objs):
            assert TRIVIAL.get(ex_id), f"{ex_id}: add its trivial answers to tests/catalog.py"


@pytest.mark.parametrize("ex_id", sorted(EXERCISES))
def test_trivial_answers_score_zero(ex_id):
    paid = {}
    for kind, objs in _trivial_answers(ex_id):
        report = EXERCISES[ex_id](*objs, seed=HIDDEN, quiet=True)
        if report.earned_points > 0:
            paid[kind] = [r.name for r in report.results if report.counts(r)]
    assert not paid, f"{ex_id}: trivial answers earn points: {paid}"


# ---------------------------------------------------------------------- honest variants


def _as_lists(out, _args):
    return _map(out, lambda v: v.tolist() if isinstance(v, np.ndarray) else v)


def _as_tuples(out, _args):
    def leaf(v):
        if isinstance(v, np.ndarray):
            listed = v.tolist()
            return _map(listed, lambda x: x) if v.ndim == 0 else _to_tuple(listed)
        return v

    return _map(out, leaf)


def _to_tuple(x):
    return tuple(_to_tuple(v) for v in x) if isinstance(x, list) else x


def _f32(v):
    if isinstance(v, np.ndarray) and v.dtype == np.float64:
        return v.astype(np.float32)
    if isinstance(v, float):
        return np.float32(v)
    return v


def _float32(fn, _index):
    @functools.wraps(fn)
    def answer(*args, **kwargs):
        args = _map(list(args), lambda v: _f32(v) if isinstance(v, np.ndarray) else v)
        return _map(fn(*args, **kwargs), _f32)

    return answer


def _noisy(say):
    def transform(fn, _index):
        @functools.wraps(fn)
        def answer(*args, **kwargs):
            say()
            return fn(*args, **kwargs)

        return answer

    return transform


HONEST_KINDS = {
    "lists": _on_result(_as_lists),
    "tuples": _on_result(_as_tuples),
    "float32": _float32,
    "a warning": _noisy(lambda: warnings.warn("about to return", RuntimeWarning, stacklevel=2)),
    "printing": _noisy(lambda: print("debug: computing")),
}


@pytest.mark.parametrize("kind", sorted(HONEST_KINDS))
@pytest.mark.parametrize("ex_id", sorted(EXERCISES))
def test_honest_variants_keep_every_point(ex_id, kind):
    objs = _wrap(REFERENCE[ex_id], HONEST_KINDS[kind])
    for seed in (None, HIDDEN):
        report = EXERCISES[ex_id](*objs, seed=seed, quiet=True)
        lost = [f"{r.name}: {r.message}" for r in report.results if not report.counts(r)]
        assert not lost, f"{ex_id} answered with {kind} (seed {seed}) loses points: {lost}"
