"""Grade one submission: run its cells in a sandboxed worker, judge every exercise here.

The grader process never executes, imports, unpickles or evaluates anything from the submission.
It sends the notebook's code cells to a worker (``sandbox.Worker``), then, for each graded cell of
the *source* notebook, builds the exercise's cases with a seed the student cannot know, sends each
case's plain-data inputs, decodes the plain-data reply (``wire``) and applies the case's judge,
which compares against values the reference code computed in this process.

A worker that dies, hangs or breaks the protocol is killed and replaced by a fresh one; the cell
or call that killed it is remembered (and skipped on the next worker, or reported), so one
``os._exit`` or endless loop costs that cell or check, never the submission.
"""

from __future__ import annotations

import dataclasses
import secrets
import time

from nncourse.check import EXERCISES
from nncourse.check.exercise import Case, run_cases
from nncourse.check.results import ERROR, PASS, TIMEOUT, CheckResult, Report
from nncourse.grading.sandbox import (
    Limits,
    SandboxUnavailable,
    Worker,
    WorkerDied,
    WorkerPool,
    WorkerTimeout,
)
from nncourse.grading.submissions import Cell, GradedCell, Spec, SubmissionError, read_cells
from nncourse.inside import wire
from nncourse.inside.guard import OK, RAISED, STUB, TIMED_OUT, Opaque, Outcome

MAX_RESTARTS = 12
"""Fresh workers one submission may use before the grader gives up on it."""

_STATUSES = {OK, RAISED, TIMED_OUT, STUB}


class _GiveUp(RuntimeError):
    """The submission cannot be run any further (budget or restarts exhausted)."""


class Session:
    """The sandboxed run of one notebook, restarted on a fresh worker whenever it breaks."""

    def __init__(self, pool: WorkerPool, cells: list[Cell], targets: list[str], limits: Limits):
        self.pool, self.cells, self.targets, self.limits = pool, cells, targets, limits
        self.deadline = time.monotonic() + limits.budget
        self.worker: Worker | None = None
        self.fatal: dict[int, str] = {}
        self.deaths: dict[int, int] = {}
        self.started_cells = 0
        self.cell_errors: dict[int, str] = {}
        self.defined: dict[str, str] = {}
        self.layers: dict = {}
        self.restarts = 0

    def _budget_left(self) -> float:
        return self.deadline - time.monotonic()

    def _drop(self) -> None:
        if self.worker is not None:
            self.worker.kill()
            self.worker = None

    def ensure_started(self) -> bool:
        """Make sure a worker has loaded the notebook; False when the submission gave up."""
        try:
            self._start()
        except _GiveUp:
            return False
        return True

    def _start(self) -> None:
        known = {c.index for c in self.cells}
        while self.worker is None:
            if self.restarts > MAX_RESTARTS:
                if not self.started_cells:  # never got as far as the student's code
                    raise SandboxUnavailable("sandboxed workers keep failing before any cell runs")
                raise _GiveUp(f"the notebook broke its sandbox {self.restarts} times")
            if self._budget_left() <= 0:
                raise _GiveUp(
                    f"the submission used its whole time budget ({self.limits.budget:g} s)"
                )
            worker = self.pool.take()
            self.layers = worker.layers
            run = [c for c in self.cells if c.index not in self.fatal]
            current = None
            try:
                worker.send(
                    {
                        "op": "load",
                        "limit": self.limits.timeout,
                        "targets": self.targets,
                        "cells": [{"index": c.index, "source": c.source} for c in run],
                    }
                )
                limit = time.monotonic() + self.limits.timeout + self.limits.grace
                while True:
                    msg = worker.receive(min(limit, self.deadline))
                    event = msg.get("event")
                    if event == "cell" and msg.get("index") in known:
                        current = msg["index"]
                        self.started_cells += 1
                        limit = time.monotonic() + self.limits.timeout + self.limits.grace
                    elif event == "done" and msg.get("index") == current:
                        if isinstance(msg.get("error"), str) and msg["error"]:
                            self.cell_errors[current] = msg["error"][:500]
                        current = None
                    elif (
                        event == "loaded"
                        and current is None
                        and isinstance(msg.get("defined"), dict)
                    ):
                        self.defined = {
                            k: str(v)[:40] for k, v in msg["defined"].items() if k in self.targets
                        }
                        self.worker = worker
                        return
                    else:
                        raise WorkerDied("unexpected message")
            except WorkerTimeout:
                timed_out = True
                reason = f"did not finish within {self.limits.timeout:g} s; the process was stopped"
            except WorkerDied:
                timed_out = False
                reason = (
                    "the process running the notebook exited during this cell "
                    "(os._exit, a crash, or the memory or CPU limit)"
                )
            worker.kill()
            self.restarts += 1
            if current is None:  # not during the student's code: start again
                continue
            self.deaths[current] = self.deaths.get(current, 0) + 1
            if timed_out or self.deaths[current] > 1:  # a crash gets one retry (outside kill?)
                self.fatal[current] = reason

    def call(self, targets: tuple[str, ...], case: Case, timeout: float) -> tuple[Outcome, str]:
        """Run one case in the worker; returns the outcome and the reference name it touched."""
        for attempt in (0, 1):
            try:
                self._start()
            except _GiveUp as exc:
                return Outcome(RAISED, error=f"not run: {exc}", from_grader=True), ""
            nonce = secrets.randbits(48)
            request = {
                "op": "call",
                "nonce": nonce,
                "targets": list(targets),
                "probe": case.probe,
                "timeout": timeout,
                "args": wire.encode(tuple(case.args)),
                "kwargs": wire.encode(dict(case.kwargs)),
            }
            hard = min(time.monotonic() + timeout + self.limits.grace, self.deadline)
            try:
                self.worker.send(request)
                reply = self.worker.receive(hard)
                return _outcome(reply, nonce)
            except WorkerTimeout:
                self._drop()
                if self._budget_left() <= 0:
                    why = f"the submission used its whole time budget ({self.limits.budget:g} s)"
                    return Outcome(TIMED_OUT, error=why), ""
                return Outcome(
                    TIMED_OUT,
                    error=f"did not finish within {timeout:g} s "
                    "(endless loop?); the process was stopped",
                ), ""
            except WorkerDied:
                self._drop()
                if attempt == 0:
                    continue
            except wire.WireError as exc:
                return Outcome(
                    RAISED, error=f"the result could not be read back ({exc})", from_grader=True
                ), ""
        return Outcome(
            RAISED,
            error="the process running your code exited (or garbled its "
            "reply) during this call: os._exit, a crash, or the memory or CPU limit",
            from_grader=True,
        ), ""

    def close(self) -> None:
        self._drop()


def _outcome(reply: dict, nonce: int) -> tuple[Outcome, str]:
    """Validate a call reply field by field; anything odd is a protocol error."""
    status, error = reply.get("status"), reply.get("error")
    seconds, reference = reply.get("seconds"), reply.get("reference")
    if (
        reply.get("nonce") != nonce
        or status not in _STATUSES
        or not isinstance(error, str)
        or type(seconds) not in (int, float)
        or not isinstance(reference, str)
    ):
        raise WorkerDied("malformed reply")
    value = wire.decode(reply.get("value"), opaque=Opaque) if status == OK else None
    return Outcome(status, value, error[:500], float(seconds)), reference[:200]


def _grader_words(result: CheckResult) -> CheckResult:
    """A result whose message is the grader's own sentence: capitalised, with a fitting hint."""
    if not result.from_grader:
        return result
    words = result.message
    hint = result.hint
    if "exited" in words:
        hint = "look for os._exit(), exit() or a huge allocation; run the call in a new cell"
    elif "not run" in words:
        hint = ""
    return dataclasses.replace(result, message=words[:1].upper() + words[1:], hint=hint)


def row_status(report: Report, delegated: bool) -> str:
    """One word for the gradebook row: pass, partial, fail, error, timeout, not attempted..."""
    if delegated:
        return "reference code"
    if not report.attempted:
        return "not attempted"
    if report.passed:
        return PASS
    statuses = {r.status for r in report.results}
    if PASS in statuses:
        return "partial"
    if TIMEOUT in statuses:
        return TIMEOUT
    return ERROR if statuses == {ERROR} else "fail"


def _all_cases(cases: list[Case], status: str, message: str, hint: str) -> list[CheckResult]:
    return [
        CheckResult(c.name, status, message=message, call=c.call, hint=hint, points=c.points)
        for c in cases
    ]


def _answer_context(answer_id: str, cells: list[Cell], cell_errors: dict, fatal: dict) -> str:
    mine = [c for c in cells if c.grade_id == answer_id]
    if not mine:
        return f" (the answer cell {answer_id} is not in the notebook)"
    for c in mine:
        why = fatal.get(c.index) or cell_errors.get(c.index)
        if why:
            return f" (the answer cell {answer_id} failed: {why})"
    return ""


def grade_exercise(session: Session, cell: GradedCell, seed: int, cells: list[Cell]) -> dict:
    """Check one auto-graded cell's exercise; returns its gradebook row."""
    ex = EXERCISES[cell.exercise]
    timeout = min(session.limits.timeout, ex.timeout)
    cases = ex.cases(seed)
    session.ensure_started()
    missing = [t for t in ex.targets if session.defined.get(t, "missing") == "missing"]
    borrowed = [t for t in ex.targets if session.defined.get(t) == "reference"]
    touched: list[str] = []
    if missing and session.worker is not None:
        context = _answer_context(cell.answer_id, cells, session.cell_errors, session.fatal)
        names = " and ".join(f"`{t}`" for t in missing)
        report = Report(
            ex.id,
            _all_cases(
                cases,
                ERROR,
                f"{names} {'is' if len(missing) == 1 else 'are'} not defined when your "
                f"notebook runs{context}",
                "define it in the answer cell and make sure that cell runs "
                "without an error (only the standard library and numpy are available)",
            ),
            ex.title,
        )
    else:

        def call(case: Case) -> Outcome:
            outcome, reference = session.call(ex.targets, case, timeout)
            if reference:
                touched.append(reference)
            return outcome

        report = run_cases(ex, cases, call) if not borrowed else Report(ex.id, [], ex.title)
        report.results = [_grader_words(r) for r in report.results]
    delegated = bool(borrowed or touched)
    if delegated:
        name = touched[0] if touched else f"nncourse ({', '.join(borrowed)})"
        report = Report(
            ex.id,
            _all_cases(
                cases,
                ERROR,
                f"your answer calls {name}, the course's reference implementation; "
                "graded answers must be your own code, so this exercise scores 0",
                "write the function yourself with numpy",
            ),
            ex.title,
        )
    return {
        "grade_id": cell.grade_id,
        "exercise": ex.id,
        "points": report.points(cell.points),
        "max_points": cell.points,
        "status": row_status(report, delegated),
        "report": report.to_dict(),
    }


def cell_notes(spec: Spec, cells: list[Cell]) -> dict[str, str]:
    """Deleted or duplicated test/answer cells, by test ``grade_id``, in words."""
    counts: dict[str, int] = {}
    for c in cells:
        counts[c.grade_id] = counts.get(c.grade_id, 0) + 1
    notes = {}
    for g in spec.cells:
        parts = []
        n_test, n_answer = counts.get(g.grade_id, 0), counts.get(g.answer_id, 0)
        if g.kind == "auto" and n_test == 0:
            parts.append(
                f"the test cell {g.grade_id} is missing (deleted?); the answer was "
                "graded anyway, from the functions the notebook defines"
            )
        if n_test > 1:
            parts.append(
                f"the test cell {g.grade_id} appears {n_test} times (duplicated); "
                "it was graded once"
            )
        if g.answer_id and g.kind == "auto" and n_answer == 0:
            parts.append(f"the answer cell {g.answer_id} is missing (deleted?)")
        if n_answer > 1:
            parts.append(
                f"the answer cell {g.answer_id} appears {n_answer} times; as in "
                "'Run All', the last definition counts"
            )
        if parts:
            notes[g.grade_id] = "; ".join(parts)
    return notes


def grade_job(job: dict, pool: WorkerPool) -> dict:
    """Grade one submission described by plain data (see ``autograde.make_job``)."""
    start = time.monotonic()
    spec = Spec(
        job["assignment"],
        job["spec"]["notebook"],
        tuple(_graded_cell(c) for c in job["spec"]["cells"]),
        job["spec"]["digest"],
    )
    result = {k: job[k] for k in ("student", "assignment", "notebook", "digest", "seeds")}
    limits = Limits(**job["limits"])
    try:
        cells = read_cells(job["data"].encode("utf-8"))
    except SubmissionError as exc:
        result.update(
            rows=[_unread_row(g, str(exc)) for g in spec.cells],
            notes={},
            errors={},
            layers={},
            seconds=time.monotonic() - start,
            restarts=0,
        )
        return result
    tests = {g.grade_id for g in spec.cells if g.kind == "auto"}
    run = [c for c in cells if not c.is_test and c.grade_id not in tests]
    targets = sorted({t for g in spec.cells for t in g.targets})
    session = Session(pool, run, targets, limits)
    rows = []
    try:
        for g in spec.cells:
            if g.kind == "manual":
                rows.append(
                    {
                        "grade_id": g.grade_id,
                        "exercise": "",
                        "points": None,
                        "max_points": g.points,
                        "status": "manual",
                        "report": None,
                    }
                )
            elif not g.exercise:
                rows.append(_unread_row(g, f"no registered exercise has grade_id {g.grade_id}"))
            else:
                rows.append(grade_exercise(session, g, job["seeds"][g.grade_id], run))
    finally:
        session.close()
    answer_cells = {c.index: c.grade_id for c in run if c.meta.get("solution") or c.grade_id}
    errors = {
        str(i): {"grade_id": answer_cells[i], "error": e}
        for i, e in {**session.cell_errors, **session.fatal}.items()
        if i in answer_cells
    }
    result.update(
        rows=rows,
        notes=cell_notes(spec, cells),
        errors=errors,
        layers=session.layers,
        seconds=time.monotonic() - start,
        restarts=session.restarts,
        stopped_cells={str(i): why for i, why in session.fatal.items()},
    )
    return result


def _graded_cell(d: dict) -> GradedCell:
    return GradedCell(
        d["grade_id"], float(d["points"]), d["kind"], d["exercise"], tuple(d["targets"])
    )


def _unread_row(g: GradedCell, message: str) -> dict:
    return {
        "grade_id": g.grade_id,
        "exercise": g.exercise,
        "points": 0.0 if g.kind == "auto" else None,
        "max_points": g.points,
        "status": "error" if g.kind == "auto" else "manual",
        "report": {
            "exercise": g.exercise,
            "title": "",
            "passed": False,
            "attempted": True,
            "score": 0.0,
            "results": [
                {
                    "name": "notebook readable",
                    "status": ERROR,
                    "message": message,
                    "call": "",
                    "expected": "",
                    "got": "",
                    "hint": "",
                    "points": 1.0,
                }
            ],
        },
    }
