"""The sandboxed worker: runs one submission's cells, then answers the grader's calls.

Started by the grader as ``python -I -S -B -c "<boot>" CONFIG_JSON`` in an empty directory with a
clean environment. It imports numpy and ``_nngrade``, confines itself (``confine``), says
``ready`` and waits. Messages are JSON lines (``wire``) on the pipes that were its stdin/stdout;
fds 0-2 are then pointed at ``/dev/null`` so nothing student code prints can reach the grader.

Requests:

``{"op": "load", "cells": [{"index", "source"}], "limit": s}``
    Execute the cells in order, each top-level statement separately (a failing statement costs
    only itself), under a per-cell time limit. Emits ``{"event": "cell", "index"}`` before and
    ``{"event": "done", "index", "error"}`` after each cell, then ``{"event": "loaded",
    "defined": {name: kind}}`` for the names asked for in ``"targets"``.
``{"op": "call", "nonce", "targets": [...], "probe", "args", "kwargs", "timeout"}``
    One guarded call; replies ``{"nonce", "status", "value", "error", "seconds", "reference"}``.

``nncourse`` imports resolve to inert stand-ins: calling one raises ``ReferenceCodeUsed`` and the
reply names it, so the grader can tell a delegating answer from a wrong one.
"""

from __future__ import annotations

import ast
import builtins
import importlib.abc
import importlib.machinery
import json
import os
import re
import sys
import time
import types
import warnings

import numpy as np

from . import confine, wire
from .guard import CheckTimeout, _alarm, guarded_call
from .probes import PROBES

_TOUCHED: list[str] = []


class ReferenceCodeUsed(Exception):
    """Raised when graded code calls the course's reference implementation."""


class _Unavailable:
    """Stands in for anything imported from ``nncourse`` inside the sandbox."""

    def __init__(self, path: str) -> None:
        object.__setattr__(self, "_path", path)

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Unavailable(f"{self._path}.{name}")

    def __call__(self, *args, **kwargs):
        _TOUCHED.append(self._path)
        raise ReferenceCodeUsed(
            f"{self._path} is the course's reference code, which graded answers cannot call"
        )

    def __repr__(self) -> str:
        return f"<reference code {self._path} (not available when grading)>"


class _StubModule(types.ModuleType):
    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Unavailable(f"{self.__name__}.{name}")


class _ReferenceFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Resolve ``nncourse`` and its submodules to stand-ins (first on ``sys.meta_path``)."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname == "nncourse" or fullname.startswith("nncourse."):
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        return None

    def create_module(self, spec):
        module = _StubModule(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module):
        return None


class _Channel:
    def __init__(self, rfd: int, wfd: int) -> None:
        self.rfile = os.fdopen(rfd, "rb", buffering=1 << 16)
        self.wfd = wfd

    def send(self, message: dict) -> None:
        data = memoryview(wire.dumps(message))
        while data:
            data = data[os.write(self.wfd, data) :]

    def receive(self) -> dict | None:
        line = self.rfile.readline(wire.MAX_LINE_BYTES + 1)
        return json.loads(line) if line else None


_MAGIC = re.compile(r"^\s*[%!]")


def _statements(source: str, index: int) -> list:
    """Compile a cell into one code object per top-level statement (IPython magics skipped)."""
    if source.lstrip().startswith("%%"):
        return []
    lines = ["pass  # magic" if _MAGIC.match(line) else line for line in source.splitlines()]
    tree = ast.parse("\n".join(lines), filename=f"<cell {index}>")
    return [
        compile(ast.Module(body=[node], type_ignores=[]), f"<cell {index}>", "exec")
        for node in tree.body
    ]


def _describe(exc: BaseException) -> str:
    if isinstance(exc, CheckTimeout):
        return "timeout"
    if isinstance(exc, SyntaxError):
        return f"SyntaxError: {exc.msg} (line {exc.lineno})"
    if isinstance(exc, SystemExit):
        return f"SystemExit: the cell called exit({exc.code!r})"
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return (f"{type(exc).__name__}: {text}" if text else type(exc).__name__)[:500]


def _run_cell(source: str, index: int, namespace: dict, limit: float) -> str:
    """Execute one cell; return the first error in words ('' when it ran cleanly)."""
    try:
        codes = _statements(source, index)
    except (SyntaxError, ValueError) as exc:
        return _describe(exc)
    first = ""
    deadline = time.monotonic() + limit
    for code in codes:
        left = deadline - time.monotonic()
        if left <= 0:
            return first or "timeout"
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"), _alarm(left):
                warnings.simplefilter("ignore")
                exec(code, namespace)  # noqa: S102 - this is the sandbox
        except CheckTimeout:
            return first or "timeout"
        except BaseException as exc:  # noqa: BLE001 - student code may raise anything
            first = first or _describe(exc)
    return first


def _kind(obj) -> str:
    if obj is None:
        return "none"
    if isinstance(obj, _Unavailable):
        return "reference"
    if isinstance(obj, type):
        return "class"
    return "callable" if callable(obj) else type(obj).__name__


def _serve(channel: _Channel, namespace: dict) -> None:
    while True:
        request = channel.receive()
        if request is None or request.get("op") == "bye":
            return
        if request["op"] == "load":
            for cell in request["cells"]:
                channel.send({"event": "cell", "index": cell["index"]})
                error = _run_cell(cell["source"], cell["index"], namespace, request["limit"])
                channel.send({"event": "done", "index": cell["index"], "error": error})
            defined = {
                name: _kind(namespace.get(name, None)) if name in namespace else "missing"
                for name in request.get("targets", [])
            }
            channel.send({"event": "loaded", "defined": defined})
        elif request["op"] == "call":
            channel.send(_call(request, namespace))


def _call(request: dict, namespace: dict) -> dict:
    objs = tuple(namespace.get(name) for name in request["targets"])
    args = wire.decode(request["args"])
    kwargs = wire.decode(request["kwargs"])
    if request.get("probe"):
        probe = PROBES[request["probe"]]

        def fn(*a, **k):
            return probe(objs, *a, **k)
    else:
        fn = objs[0]
    del _TOUCHED[:]
    outcome = guarded_call(fn, tuple(args), kwargs, timeout=request["timeout"], quiet=True)
    reply = {
        "nonce": request["nonce"],
        "status": outcome.status,
        "error": outcome.error,
        "seconds": outcome.seconds,
        "reference": _TOUCHED[0] if _TOUCHED else "",
    }
    try:
        reply["value"] = wire.encode(outcome.value)
    except wire.WireError as exc:
        reply.update(status="error", value=None, error=f"the result is too large to grade ({exc})")
    return reply


def main() -> None:
    """Boot, confine, serve. ``sys.argv[1]`` is the JSON configuration from the grader."""
    config = json.loads(sys.argv[1])
    sys.argv[:] = [""]  # nothing for student code to read about the grader
    rfd, wfd = os.dup(0), os.dup(1)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - lives as long as we do
    sys.stdin = None
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.pop(name, None)
    sys.meta_path.insert(0, _ReferenceFinder())
    confine.die_with_parent()
    layers = {
        "limits": confine.limits(
            config["memory_mb"], config["cpu_seconds"], config["file_mb"], config["nproc"]
        ),
        "namespaces": confine.namespaces(config["workdir"], config["tmpfs_mb"])
        if config["namespaces"]
        else "",
    }
    layers["landlock"] = (
        confine.landlock(config["read_dirs"], [os.getcwd()], [os.devnull])
        if config["landlock"]
        else ""
    )
    layers["capabilities"] = confine.drop_capabilities()
    layers["seccomp"] = confine.seccomp() if config["seccomp"] else ""
    channel = _Channel(rfd, wfd)
    channel.send({"event": "ready", "layers": layers, "pid": os.getpid()})
    namespace = {"__name__": "__main__", "__builtins__": builtins}
    try:
        _serve(channel, namespace)
    finally:
        os._exit(0)
