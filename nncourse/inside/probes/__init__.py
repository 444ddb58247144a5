"""Probes: small drivers that exercise student code which is more than one plain function call.

A probe is ``probe(targets, *args, **kwargs) -> plain data``, where ``targets`` is the tuple of
student objects an exercise names (functions or classes). Examples: build a computation graph
with the student's ``Value`` class and return its gradients; run the student's optimizer for
``n`` steps and return the path.

Probes run next to student code -- in the notebook kernel, and in the grader's sandboxed
worker -- so this package imports **only the standard library, numpy and its own modules
(relatively)**. It never imports reference solutions, and the grader copies it into the sandbox
on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PROBES: dict[str, Callable[..., Any]] = {}
"""Every probe by name; ``Case.probe`` refers to these names."""


def probe(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Register ``fn`` under its own name."""
    if fn.__name__ in PROBES:
        raise ValueError(f"probe {fn.__name__!r} is registered twice")
    PROBES[fn.__name__] = fn
    return fn


@probe
def call_target(targets: tuple, index: int, *args, **kwargs) -> Any:
    """Call ``targets[index](*args, **kwargs)``: the exercise's second, third, ... function."""
    return targets[index](*args, **kwargs)


@probe
def call_each(targets: tuple, calls: list) -> list:
    """Call ``targets[i](*args)`` for each ``(i, args)`` in ``calls``; return the list of results.

    Useful when one property needs several student functions evaluated on the same input.
    """
    return [targets[i](*args) for i, args in calls]


from . import unit01 as unit01  # noqa: E402  (registers unit 01's probes)
from . import unit02  # noqa: E402,F401  (registers unit 02's probes)
from . import unit03 as unit03  # noqa: E402  (registers unit 03's probes)
from . import unit04 as unit04  # noqa: E402  (registers unit 04's probes)
from . import unit05 as unit05  # noqa: E402  (registers unit 05 probes)
from . import unit06 as unit06  # noqa: E402  (registers unit 06's probes)
from . import unit07 as unit07  # noqa: E402  (registers unit 07's probes)
