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
import os
import secrets
import shutil
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from nncourse.check import EXERCISES
from nncourse.grading import feedback, gradebook
from nncourse.grading.sandbox import Layers, Limits, WorkerPool
from nncourse.grading.session import grade_job
from nncourse.grading.submissions import (
    MAX_NOTEBOOK_BYTES,
    Spec,
    Submission,
    extract_zip,
    find_specs,
    find_submissions,
)

DEFAULT_OUT = Path("out") / "grading"
"""Default output folder, relative to the course folder (the current directory)."""
GRADER_VERSION = "nncourse-grade-1"
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


def _run_dask(jobs: list[dict], scheduler: str):
    from distributed import Client
    from distributed import as_completed as dask_completed

    with Client(scheduler, set_as_default=False) as client:
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
) -> GradeRun:
    """Grade every submission under ``submitted`` (a folder or a ``.zip``).

    Parameters
    ----------
    submitted : path
        ``<submitted>/<student>/<assignment>/<notebook>.ipynb`` folder, or a zip of that tree.
    out : path
        Output folder (an nbgrader course directory): ``gradebook.db``, ``grades.csv``,
        ``feedback/``, ``autograded/``, ``results/``, ``scores.png``.
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

    Returns
    -------
    GradeRun
    """
    from threadpoolctl import threadpool_limits

    start = time.monotonic()
    out, solutions = Path(out), Path(solutions)
    limits, layers = limits or Limits(), layers or Layers()
    out.mkdir(parents=True, exist_ok=True)
    submitted = Path(submitted)
    if submitted.is_file():
        unpacked = out / "unzipped"
        shutil.rmtree(unpacked, ignore_errors=True)
        submitted = extract_zip(submitted, unpacked)
    specs = find_specs(solutions)
    run = GradeRun(out)
    secret = secrets.token_bytes(32)
    titles = {ex_id: ex.title for ex_id, ex in EXERCISES.items()}
    results: dict[str, dict] = {}
    jobs, raw = [], {}
    for sub in find_submissions(submitted):
        spec = specs.get(sub.assignment)
        if spec is None:
            run.unknown.append(sub.key)
            continue
        with sub.path.open("rb") as fh:
            data = fh.read(MAX_NOTEBOOK_BYTES + 1)
        old = gradebook.load_result(out, sub.student, sub.assignment, sub.notebook)
        if not force and old is not None and old.get("digest") == content_hash(data, spec, limits):
            results[sub.key] = old
            run.reused.append(sub.key)
            continue
        raw[sub.key] = data
        jobs.append(make_job(sub, spec, limits, secret, data))
    for name in sorted({j["assignment"] for j in jobs} | {k.split("/")[1] for k in results}):
        gradebook.ensure_assignment(out, specs[name], solutions / specs[name].notebook)
    book = gradebook.GradebookWriter(out) if jobs or results else None
    total = len(jobs)
    if on_result:
        on_result(None, 0, total)
    last_csv = 0.0
    try:
        with threadpool_limits(1):
            stream = (
                _run_dask(jobs, scheduler)
                if scheduler
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
                book.record(result)
                feedback.write_feedback(out, result, titles)
                try:
                    gradebook.write_autograded(out, result, raw[key])
                except (ValueError, RecursionError, AttributeError, TypeError):
                    pass  # not a well-formed notebook: formgrader has nothing to show anyway
                results[key] = result
                run.graded.append(key)
                run.layers = result.get("layers") or run.layers
                if time.monotonic() - last_csv > 2.0:
                    gradebook.write_csv(out / "grades.csv", _sorted(results))
                    last_csv = time.monotonic()
                if on_result:
                    on_result(result, done, total)
        for key in run.reused:
            book.record(results[key])
            run.layers = run.layers or results[key].get("layers") or {}
    finally:
        run.results = _sorted(results)
        gradebook.write_csv(out / "grades.csv", run.results)
        if book is not None:
            book.close()
    if run.results:
        from nncourse.grading.plots import save_score_plot

        save_score_plot(run.results, out / "scores.png")
    run.seconds = time.monotonic() - start
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
