"""Grader side of the sandbox: build the worker package, start workers, talk to them, kill them.

A ``Worker`` is one sandboxed interpreter (``python -I -S -B``) in its own empty temporary
directory, its own session and process group, with a clean environment (``PATH``, ``LANG``,
``HOME`` pointing at its directory, BLAS pinned to one thread -- and nothing else: no instructor
paths, no grading flags). It confines itself (see ``nncourse/inside/confine.py``) before it says
``ready``. The grader only ever reads JSON lines from it, with a deadline and a size cap, and kills
its whole process group when a deadline passes or the submission is done.

A ``WorkerPool`` keeps a few workers started ahead of time (numpy already imported), so start-up
is off the critical path; each worker serves exactly one submission and is then killed.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from nncourse.inside import wire

PACKAGE = "_nngrade"
"""Name of the standalone package the worker imports inside the sandbox."""

_INSIDE = Path(__file__).resolve().parent.parent / "inside"

_BOOT = (
    "import sys,json;c=json.loads(sys.argv[1]);sys.path[:0]=[c['lib'],c['site']];"
    "import numpy;sys.path.remove(c['site']);"
    f"from {PACKAGE}.worker import main;main()"
)


@dataclass(frozen=True)
class Limits:
    """Resource limits for one sandboxed worker.

    Attributes
    ----------
    timeout : float
        Wall-clock seconds per check (and per notebook cell) before the call is interrupted.
    grace : float
        Extra seconds after ``timeout`` before the whole process group is killed.
    budget : float
        Wall-clock seconds for one whole submission.
    memory_mb, cpu_seconds, file_mb, tmpfs_mb, nproc : int
        Address space, CPU time, largest file, size of the private working directory, processes.
    """

    timeout: float = 10.0
    grace: float = 1.5
    budget: float = 120.0
    memory_mb: int = 1024
    cpu_seconds: int = 120
    file_mb: int = 16
    tmpfs_mb: int = 64
    nproc: int = 64

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Layers:
    """Which optional OS layers to ask for (each degrades to nothing where unsupported)."""

    namespaces: bool = True
    landlock: bool = True
    seccomp: bool = True


class WorkerDied(RuntimeError):
    """The worker exited, was killed or broke the protocol."""


class WorkerTimeout(RuntimeError):
    """The worker did not answer before the deadline."""


class SandboxUnavailable(RuntimeError):
    """No worker could be started: a problem of the grading machine, not of the submission."""


def build_package(dest: Path) -> Path:
    """Copy ``nncourse/inside`` as the package ``_nngrade`` into ``dest``; return its lib.

    ``nncourse.inside`` imports only the standard library, numpy and itself (relatively), so the
    copy works unchanged where ``nncourse`` is not importable. The copy is made read-only;
    ``dest/lib`` is what goes on the worker's ``sys.path``.
    """
    pkg = Path(dest) / "lib" / PACKAGE
    shutil.copytree(_INSIDE, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    for path in sorted(pkg.rglob("*"), reverse=True):
        path.chmod(0o555 if path.is_dir() else 0o444)
    pkg.chmod(0o555)
    return pkg.parent


def read_dirs(lib: Path) -> list[str]:
    """Folders the worker may read: the standard library, numpy (+ its bundled libraries), lib."""
    stdlib = {os.path.dirname(os.__file__)}
    for mod in ("math", "_json", "select", "_struct"):
        spec_file = getattr(sys.modules.get(mod) or __import__(mod), "__file__", None)
        if spec_file:
            stdlib.add(os.path.dirname(spec_file))
    numpy_dir = os.path.dirname(np.__file__)
    libs = numpy_dir + ".libs"
    found = [numpy_dir, *([libs] if os.path.isdir(libs) else []), str(lib)]
    return sorted(stdlib) + found


def clean_env(workdir: str) -> dict[str, str]:
    """The worker's whole environment."""
    return {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "HOME": workdir,
        "TMPDIR": workdir,
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }


@dataclass
class Worker:
    """One sandboxed interpreter and its pipes."""

    proc: subprocess.Popen
    workdir: str
    layers: dict = field(default_factory=dict)
    _buffer: bytearray = field(default_factory=bytearray)
    ready: bool = False

    @classmethod
    def start(cls, lib: Path, root: Path, limits: Limits, layers: Layers) -> Worker:
        workdir = tempfile.mkdtemp(prefix="w-", dir=root)
        config = {
            "lib": str(lib),
            "site": os.path.dirname(os.path.dirname(np.__file__)),
            "workdir": workdir,
            "read_dirs": read_dirs(lib),
            "memory_mb": limits.memory_mb,
            "cpu_seconds": limits.cpu_seconds,
            "file_mb": limits.file_mb,
            "tmpfs_mb": limits.tmpfs_mb,
            "nproc": limits.nproc,
            "namespaces": layers.namespaces,
            "landlock": layers.landlock,
            "seccomp": layers.seccomp,
        }
        proc = subprocess.Popen(
            [sys.executable, "-I", "-S", "-B", "-c", _BOOT, json.dumps(config)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=workdir,
            env=clean_env(workdir),
            start_new_session=True,
            close_fds=True,
        )
        return cls(proc, workdir)

    def wait_ready(self, timeout: float = 60.0) -> None:
        if not self.ready:
            message = self.receive(time.monotonic() + timeout)
            if message.get("event") != "ready":
                raise WorkerDied("the worker did not start")
            self.layers = message.get("layers", {})
            self.ready = True

    def send(self, message: dict) -> None:
        try:
            self.proc.stdin.write(wire.dumps(message))
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError, ValueError) as exc:
            raise WorkerDied("the worker's input pipe is closed") from exc

    def receive(self, deadline: float) -> dict:
        """The next message, or ``WorkerTimeout`` at ``deadline`` / ``WorkerDied`` on EOF."""
        fd = self.proc.stdout.fileno()
        while True:
            cut = self._buffer.find(b"\n")
            if cut >= 0:
                line = bytes(self._buffer[:cut])
                del self._buffer[: cut + 1]
                try:
                    return wire.loads(line)
                except wire.WireError as exc:
                    raise WorkerDied(f"the worker sent an unreadable message ({exc})") from exc
            if len(self._buffer) > wire.MAX_LINE_BYTES:
                raise WorkerDied("the worker sent a message that is too large")
            left = deadline - time.monotonic()
            if left <= 0:
                raise WorkerTimeout()
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                raise WorkerTimeout()
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                raise WorkerDied("the worker exited")
            self._buffer += chunk

    def kill(self) -> None:
        """Kill the whole process group, reap it and remove the working directory."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        shutil.rmtree(self.workdir, ignore_errors=True)


class WorkerPool:
    """Workers started ahead of time; ``take()`` hands out a fresh one, each used once.

    Parameters
    ----------
    size : int
        How many started workers to keep waiting.
    limits, layers : Limits, Layers
        Applied to every worker.
    """

    def __init__(self, size: int, limits: Limits | None = None, layers: Layers | None = None):
        self.limits = limits or Limits()
        self.layers = layers or Layers()
        self.size = max(1, size)
        self._root = Path(tempfile.mkdtemp(prefix="nncourse-sandbox-"))
        self._root.chmod(0o711)
        self.lib = build_package(self._root / "pkg")
        self._ready: deque[Worker] = deque()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._closed = False
        self._refill_thread = threading.Thread(target=self._refill, daemon=True)
        self._refill_thread.start()
        self._wake.set()

    def _spawn(self) -> Worker:
        return Worker.start(self.lib, self._root, self.limits, self.layers)

    def _refill(self) -> None:
        while not self._closed:
            self._wake.wait(0.5)
            self._wake.clear()
            while not self._closed:
                with self._lock:
                    if len(self._ready) >= self.size:
                        break
                worker = self._spawn()
                with self._lock:
                    if self._closed:
                        worker.kill()
                        return
                    self._ready.append(worker)

    def take(self) -> Worker:
        """A started, confined, never-used worker (one that died while waiting is replaced)."""
        for attempt in range(4):
            with self._lock:
                worker = self._ready.popleft() if self._ready and attempt < 2 else None
            self._wake.set()
            if worker is not None and worker.proc.poll() is not None:
                worker.kill()
                continue
            worker = worker or self._spawn()
            try:
                worker.wait_ready()
                return worker
            except (WorkerDied, WorkerTimeout):
                worker.kill()
        raise SandboxUnavailable("could not start a sandboxed worker (4 attempts)")

    def close(self) -> None:
        """Kill every waiting worker and remove the package folder."""
        self._closed = True
        self._wake.set()
        self._refill_thread.join(timeout=30)
        with self._lock:
            while self._ready:
                self._ready.popleft().kill()
        shutil.rmtree(self._root, ignore_errors=True)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
