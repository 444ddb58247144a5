"""``nncourse grade``: grade a class of nbgrader submissions, in parallel, in sandboxes.

    from nncourse.grading.autograde import grade
    run = grade("grading/submitted", out="out/grading")

For each ``<student>/<assignment>/<notebook>.ipynb`` (or a zip of them) whose assignment has a
source notebook in ``solutions/``, one job is graded by ``session.grade_job`` in a fresh sandboxed
worker. Jobs run on a thread pool sized to the cores (each thread drives one worker process; BLAS
is pinned to one thread everywhere) or, with ``scheduler=``, on a Dask cluster.

A submission whose notebook, source notebook, limits and grader version are unchanged since its
last result is not graded again (``force=True`` regrades). Results are saved one by one as they
finish (``results/``), then the gradebook, feedback and ``autograded/`` copy; ``grades.csv`` and the
summary plot are rewritten from all results, so a crash mid-run loses no finished grade.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import os
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from nncourse.check import EXERCISES
from nncourse.grading import feedback, gradebook
from nncourse.grading.sandbox import Layers, Limits, WorkerPool
from nncourse.grading.session import grade_job
from nncourse.grading.submissions import (
    LAYOUT,
    MAX_NOTEBOOK_BYTES,
    InputError,
    Spec,
    Submission,
    describe_layout,
    extract_zip,
    find_specs,
    find_submissions,
    zip_submissions,
)

DEFAULT_OUT = Path("out") / "grading"
"""Default output folder, relative to the course folder (the current directory)."""
GRADER_VERSION = "nncourse-grade-2"
"""Part of every content hash: bump it when a change to the grader should regrade everything."""


@dataclass
class GradeRun:
    """What one ``grade`` call did.

    Attributes
    ----------
    out : Path
        Output (nbgrader course) folder.
    results : list of dict
        One result per submission found (graded now or reused), sorted by student.
    graded, reused : list of str
        ``student/assignment/notebook`` keys graded in this run / unchanged since the last one.
    failed : dict
        Key -> error for jobs the grader itself could not finish (retried on the next run).
    unknown : list of str
        Submissions whose assignment has no source notebook.
    late : dict
        ``student/assignment`` -> "submitted 2 h 5 min late", for late submissions.
    layers : dict
        The sandbox layers the workers reported (layer -> description, empty when unavailable).
    seconds : float
        Wall-clock time of the whole run.
    """

    out: Path
    results: list[dict] = field(default_factory=list)
    graded: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    layers: dict = field(default_factory=dict)
    seconds: float = 0.0
    late: dict[str, str] = field(default_factory=dict)

    @property
    def csv(self) -> Path:
        return self.out / "grades.csv"

    @property
    def plot(self) -> Path:
        return self.out / "scores.png"

    @property
    def feedback(self) -> Path:
        return self.out / "feedback"

    @property
    def report(self) -> Path:
        return self.out / "report" / "index.html"

    @property
    def gradebook(self) -> Path:
        return self.out / "gradebook.db"


def content_hash(data: bytes, spec: Spec, limits: Limits) -> str:
    """Hash of everything a grade depends on: notebook bytes, source notebook, limits, version."""
    h = hashlib.sha256()
    for part in (GRADER_VERSION, spec.digest, json.dumps(limits.to_dict(), sort_keys=True)):
        h.update(part.encode() + b"\0")
    h.update(data)
    return h.hexdigest()


def make_job(sub: Submission, spec: Spec, limits: Limits, secret: bytes, data: bytes) -> dict:
    """The plain-data description of one grading job (what a local thread or Dask worker gets).

    Seeds come from a secret drawn for this run, so the inputs cannot be guessed from the
    notebook (nor from a previous run).
    """
    seeds = {}
    for cell in spec.cells:
        mac = hmac.new(secret, f"{sub.key}/{cell.grade_id}".encode(), hashlib.sha256).digest()
        seeds[cell.grade_id] = int.from_bytes(mac[:4], "little")
    return {
        "student": sub.student,
        "assignment": sub.assignment,
        "notebook": sub.notebook,
        "data": data.decode("utf-8", errors="replace"),
        "spec": spec.to_dict(),
        "seeds": seeds,
        "limits": limits.to_dict(),
        "digest": content_hash(data, spec, limits),
    }


_REMOTE: dict[tuple, WorkerPool] = {}
_REMOTE_LOCK = threading.Lock()


def remote_grade_job(job: dict) -> dict:
    """``grade_job`` with a per-process worker pool: what a Dask worker runs."""
    key = tuple(sorted(job["limits"].items()))
    with _REMOTE_LOCK:
        if key not in _REMOTE:
            import atexit

            _REMOTE[key] = WorkerPool(2, Limits(**job["limits"]))
            atexit.register(_REMOTE[key].close)
        pool = _REMOTE[key]
    return grade_job(job, pool)


def _default_workers() -> int:
    return max(
        1,
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1),
    )


def _run_local(jobs: list[dict], workers: int, limits: Limits, layers: Layers):
    with (
        WorkerPool(workers + 1, limits, layers) as pool,
        ThreadPoolExecutor(max_workers=workers) as executor,
    ):
        futures = {executor.submit(grade_job, job, pool): job for job in jobs}
        for future in as_completed(futures):
            yield futures[future], future


def _connect(scheduler: str):
    """A Dask client for ``scheduler``; ``InputError`` when Dask is missing or it is unreachable."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise InputError(
            "--scheduler needs Dask, which is not installed here: pip install 'nncourse[dask]' "
            "(or grade without --scheduler)"
        ) from exc
    try:
        return Client(scheduler, set_as_default=False, timeout="15s")
    except Exception as exc:  # noqa: BLE001 - OSError, TimeoutError, ValueError for a bad address
        raise InputError(
            f"could not reach the Dask scheduler at {scheduler!r} ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0][:150] if str(exc) else 'no answer'}); start it, or check "
            "the address (tcp://host:8786)"
        ) from exc


def _run_dask(jobs: list[dict], client):
    from distributed import as_completed as dask_completed

    futures = {
        client.submit(
            remote_grade_job,
            job,
            pure=False,
            key=f"grade-{job['student']}-{job['assignment']}-"
            f"{job['notebook']}-{secrets.token_hex(4)}",
        ): job
        for job in jobs
    }
    for future in dask_completed(list(futures), loop=client.loop):
        yield futures[future], future


MAX_WORKERS = 512
"""Most sandboxes ``grade`` runs at once."""
MARKER = ".nncourse-grading"
"""File that marks a folder as an ``nncourse grade`` output folder."""


def check_limits(limits: Limits, workers: int | None) -> None:
    """``InputError`` for limits or a worker count that cannot grade anything."""
    if not (math.isfinite(limits.timeout) and 0 < limits.timeout <= 3600):
        raise InputError(
            f"--timeout {limits.timeout:g} is out of range: give the seconds per check and per "
            "cell, more than 0 and at most 3600 (default 10)"
        )
    if not 256 <= limits.memory_mb <= 2**20:
        raise InputError(
            f"--memory {limits.memory_mb} is out of range: give the MB per sandbox, from 256 "
            "(numpy must fit) to 1048576 (default 1024)"
        )
    if workers is not None and not 1 <= workers <= MAX_WORKERS:
        raise InputError(
            f"--workers {workers} is out of range: give from 1 to {MAX_WORKERS} sandboxes "
            "(default: the number of cores)"
        )


def _first_entries(folder: Path, n: int = 2) -> list[str]:
    names = []
    for entry in folder.iterdir():
        names.append(entry.name)
        if len(names) >= n:
            break
    return names


def prepare_out(out: Path) -> None:
    """Make sure ``out`` can be written and holds nothing but earlier grading output.

    A folder that exists and holds other files (a course folder, ``notebooks/``, the class) is
    refused rather than written into. Raises ``InputError``.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out} is a file; give a folder for the grading outputs")
    if out.is_dir():
        known = any((out / n).exists() for n in (MARKER, "gradebook.db", "results"))
        others = _first_entries(out)
        if others and not known:
            raise InputError(
                f"--out {out} already holds other files ({', '.join(others)}); "
                "nncourse grade writes only into a new or empty folder or an earlier output "
                "folder: choose another --out"
            )
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".write-test-{secrets.token_hex(4)}"
        probe.write_bytes(b"")
        probe.unlink()
        if not (out / MARKER).exists():
            gradebook.atomic_write(out / MARKER, "written by nncourse grade\n")
    except OSError as exc:
        raise InputError(
            f"cannot write to --out {out} ({exc.strerror or exc}); choose a folder you can write"
        ) from exc


def _check_submitted(submitted: Path) -> None:
    if not submitted.exists():
        raise InputError(
            f"{submitted} does not exist; give the folder of submissions ({LAYOUT}) or a zip of it"
        )
    if submitted.is_file():
        if submitted.suffix == ".ipynb":
            raise InputError(
                f"{submitted} is a single notebook; nncourse grade takes a folder (or zip) laid "
                f"out {LAYOUT}: put it at <folder>/<student>/<assignment>/{submitted.name}"
            )
        zip_submissions(submitted)
    elif not find_submissions(submitted):
        raise InputError(
            f"{submitted} holds no submission at {LAYOUT}: {describe_layout(submitted)}"
        )


def parse_duedates(duedates: dict[str, str] | None) -> dict[str, datetime]:
    """``{assignment or "*": text}`` -> UTC datetimes (nbgrader's parser); ``InputError``."""
    from nbgrader.utils import parse_utc

    parsed = {}
    for name, text in (duedates or {}).items():
        try:
            parsed[name] = parse_utc(text)
        except (ValueError, OverflowError, TypeError) as exc:
            raise InputError(
                f"--duedate {text!r} is not a date; write it as 2026-03-01 23:59 (UTC) or "
                "2026-03-01 23:59:00 -0500"
            ) from exc
    return parsed


def load_nbgrader_config(path: Path | str | None):
    """The traitlets ``Config`` of an ``nbgrader_config.py`` (None without a path)."""
    if path is None:
        return None
    from traitlets.config.loader import PyFileConfigLoader

    path = Path(path)
    try:
        return PyFileConfigLoader(path.name, path=str(path.parent.resolve())).load_config()
    except Exception as exc:  # noqa: BLE001 - whatever the config file raises
        raise InputError(
            f"could not load the nbgrader configuration {path} ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0][:150] if str(exc) else ''})"
        ) from exc


def grade(
    submitted: Path | str,
    *,
    out: Path | str = DEFAULT_OUT,
    solutions: Path | str = "solutions",
    workers: int | None = None,
    scheduler: str | None = None,
    force: bool = False,
    limits: Limits | None = None,
    layers: Layers | None = None,
    on_result: Callable[[dict | None, int, int], None] | None = None,
    duedates: dict[str, str] | None = None,
    nbgrader_config: Path | str | None = None,
) -> GradeRun:
    """Grade every submission under ``submitted`` (a folder or a ``.zip``).

    Parameters
    ----------
    submitted : path
        ``<submitted>/<student>/<assignment>/<notebook>.ipynb`` folder, or a zip of that tree.
        nbgrader's ``<student>/<assignment>/timestamp.txt`` is read as the submission time.
    out : path
        Output folder (an nbgrader course directory): ``gradebook.db``, ``grades.csv``,
        ``feedback/``, ``autograded/``, ``results/``, ``scores.png``. A folder holding anything
        else is refused.
    solutions : path
        Source notebooks, ``<assignment>.ipynb`` each.
    workers : int, optional
        Submissions graded at once (default: the number of cores).
    scheduler : str, optional
        Address of a Dask scheduler; the jobs then run on its workers.
    force : bool
        Regrade submissions whose content hash is unchanged.
    limits, layers : Limits, Layers, optional
        Sandbox limits and OS layers.
    on_result : callable, optional
        ``on_result(result_or_None, done, total)`` after each job (for a progress bar); called
        once with ``None`` before the first job finishes, to announce the total.
    duedates : dict, optional
        ``{assignment: "2026-03-01 23:59"}`` (``"*"``: every assignment): stored in the gradebook
        as nbgrader's due dates, so late submissions are flagged and penalised.
    nbgrader_config : path, optional
        An ``nbgrader_config.py`` whose late-penalty settings apply (as in nbgrader autograde).

    Returns
    -------
    GradeRun

    Raises
    ------
    InputError
        Before any work starts, for input that cannot be graded: missing or empty folders, a
        file that is not a zip, no source notebook for any submission, limits out of range,
        an output folder that cannot be written, Dask missing or unreachable.
    """
    start = time.monotonic()
    out, solutions, submitted = Path(out), Path(solutions), Path(submitted)
    limits, layers = limits or Limits(), layers or Layers()
    check_limits(limits, workers)
    specs = find_specs(solutions)
    _check_submitted(submitted)
    due = parse_duedates(duedates)
    config = load_nbgrader_config(nbgrader_config)
    for name in due:
        if name != "*" and name not in specs:
            raise InputError(f"--duedate names {name!r}, which has no source notebook")
    prepare_out(out)
    client = _connect(scheduler) if scheduler else None
    unpacked = None
    try:
        if submitted.is_file():
            unpacked = Path(tempfile.mkdtemp(prefix=".unzipped-", dir=out))
            submitted = extract_zip(submitted, unpacked)
        run = _grade(
            submitted,
            out,
            solutions,
            specs,
            workers,
            client,
            force,
            limits,
            layers,
            on_result,
            due,
            config,
        )
    finally:
        if unpacked is not None:
            shutil.rmtree(unpacked, ignore_errors=True)
        if client is not None:
            client.close()
    run.seconds = time.monotonic() - start
    return run


def _grade(
    submitted,
    out,
    solutions,
    specs,
    workers,
    client,
    force,
    limits,
    layers,
    on_result,
    due,
    config,
) -> GradeRun:
    from threadpoolctl import threadpool_limits

    run = GradeRun(out)
    secret = secrets.token_bytes(32)
    titles = {ex_id: ex.title for ex_id, ex in EXERCISES.items()}
    results: dict[str, dict] = {}
    jobs, raw, stamps = [], {}, {}
    found = find_submissions(submitted)
    for sub in found:
        spec = specs.get(sub.assignment)
        if spec is None:
            run.unknown.append(sub.key)
            continue
        stamps[sub.key] = sub.timestamp()
        with sub.path.open("rb") as fh:
            data = fh.read(MAX_NOTEBOOK_BYTES + 1)
        old = gradebook.load_result(out, sub.student, sub.assignment, sub.notebook)
        if not force and old is not None and old.get("digest") == content_hash(data, spec, limits):
            results[sub.key] = old
            run.reused.append(sub.key)
            continue
        raw[sub.key] = data
        jobs.append(make_job(sub, spec, limits, secret, data))
    if not jobs and not results:
        names = sorted({s.assignment for s in found})
        raise InputError(
            f"no submission has a source notebook: the submissions are for {', '.join(names)}, "
            f"the solutions folder {solutions} has {', '.join(sorted(specs))}; "
            "give the right --solutions"
        )
    assignments = sorted({j["assignment"] for j in jobs} | {k.split("/")[1] for k in results})
    for name in assignments:
        gradebook.ensure_assignment(out, specs[name], solutions / specs[name].notebook)
    book = gradebook.GradebookWriter(out, config)
    for name in assignments:
        when = due.get(name) or due.get("*")
        if when is not None:
            book.set_duedate(name, when)
    late: dict[str, str] = {}

    def record(key: str, result: dict) -> None:
        seconds = book.record(result, stamps.get(key))
        if seconds > 0:
            late[f"{result['student']}/{result['assignment']}"] = gradebook.late_words(seconds)

    total = len(jobs)
    if on_result:
        on_result(None, 0, total)
    last_csv = 0.0
    try:
        with threadpool_limits(1):
            stream = (
                _run_dask(jobs, client)
                if client is not None
                else _run_local(jobs, workers or _default_workers(), limits, layers)
            )
            for done, (job, future) in enumerate(stream, start=1):
                key = f"{job['student']}/{job['assignment']}/{job['notebook']}"
                try:
                    result = future.result()
                except Exception as exc:  # noqa: BLE001 - one broken job never stops the batch
                    run.failed[key] = f"{type(exc).__name__}: {exc}"
                    if on_result:
                        on_result(None, done, total)
                    continue
                gradebook.save_result(out, result)
                record(key, result)
                feedback.write_feedback(out, result, titles)
                try:
                    gradebook.write_autograded(out, result, raw[key])
                except (ValueError, RecursionError, AttributeError, TypeError):
                    pass  # not a well-formed notebook: formgrader has nothing to show anyway
                results[key] = result
                run.graded.append(key)
                run.layers = result.get("layers") or run.layers
                if time.monotonic() - last_csv > 2.0:
                    gradebook.write_csv(out / "grades.csv", _sorted(results), late)
                    last_csv = time.monotonic()
                if on_result:
                    on_result(result, done, total)
        for key in run.reused:
            record(key, results[key])
            run.layers = run.layers or results[key].get("layers") or {}
    finally:
        run.results = _sorted(results)
        run.late = dict(late)
        gradebook.write_csv(out / "grades.csv", run.results, late)
        book.close()
    if run.results:
        from nncourse.grading.plots import save_score_plot
        from nncourse.grading.report import write_report

        save_score_plot(run.results, out / "scores.png")
        release = Path(solutions).parent / "notebooks"
        write_report(out, Path(solutions), release if release.is_dir() else None)
    return run


def _sorted(results: dict[str, dict]) -> list[dict]:
    return [results[k] for k in sorted(results)]


def gradebook_table(out: Path | str = DEFAULT_OUT) -> list[tuple[str, str, float, float]]:
    """(student, assignment, score, max score) rows read back from ``out/gradebook.db``."""
    book = gradebook.GradebookWriter(Path(out))
    try:
        return book.table()
    finally:
        book.close()
