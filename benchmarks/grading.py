"""Benchmark: stock ``nbgrader autograde`` against ``nncourse grade`` on the same class, one run.

The class is the example class ``grading/submitted`` (honest, buggy, broken and hostile
students of unit 02) plus extra copies of its ordinary students, in a temporary nbgrader course
(``source/``, ``submitted/``, ``gradebook.db``): nothing in the repository is touched, not even by
the hostile notebooks that stock nbgrader runs unprotected. BLAS is pinned to one thread in every
process. Both graders are run as their command-line tools, so start-up is included:

* ``nbgrader autograde 02_activations --force`` (serial, in the student's kernel, 30 s per cell);
* ``nncourse grade submitted --force`` (sandboxed workers, one per core).

Printed: submissions/s for each and the ratio; nncourse's per-notebook time inside a worker
(which is all grading overhead for an ordinary notebook: its own code runs in milliseconds);
what an endless loop cost; and, per student, the points each grader gave. A second round grades
only ordinary notebooks (honest and buggy ones, copied), the bulk of a real class.

Run: ``python benchmarks/grading.py`` (``--copies N`` extra copies of each ordinary student,
``--quick-copies N`` for the second round).
Goals: ratio >= 2 on 2 cores, <= 1.5 s overhead per notebook, an endless loop costs no more
than the per-check limit (plus the kill grace).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
ASSIGNMENT = "02_activations"
ORDINARY = ("honest_", "bug_")


def build_course(root: Path, copies: int, quick_only: bool = False) -> list[str]:
    """A temporary nbgrader course with the class in ``submitted/``; returns the student ids.

    ``quick_only`` keeps only the ordinary students that need no special handling (no
    deliberate sleeps, no edited cells).
    """
    source = root / "source" / ASSIGNMENT
    source.mkdir(parents=True)
    shutil.copyfile(REPO / "solutions" / f"{ASSIGNMENT}.ipynb", source / f"{ASSIGNMENT}.ipynb")
    (root / "solutions").mkdir()
    shutil.copyfile(
        REPO / "solutions" / f"{ASSIGNMENT}.ipynb", root / "solutions" / f"{ASSIGNMENT}.ipynb"
    )
    (root / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.root = {str(root)!r}\n"
        "c.CourseDirectory.course_id = 'bench'\n"
        f"c.CourseDirectory.db_url = 'sqlite:///{root / 'gradebook.db'}'\n"
        f"c.Exchange.root = {str(root / 'exchange')!r}\n"
    )
    students = []
    for student_dir in sorted((REPO / "grading" / "submitted").iterdir()):
        if quick_only and (
            not student_dir.name.startswith(ORDINARY)
            or student_dir.name in ("honest_slow", "honest_edited_cells")
        ):
            continue
        names = [student_dir.name]
        if student_dir.name.startswith(ORDINARY):
            names += [f"{student_dir.name}_copy{i}" for i in range(1, copies + 1)]
        for name in names:
            shutil.copytree(student_dir, root / "submitted" / name)
            students.append(name)
    return students


def _env() -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)
    return dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")


def run_nbgrader(root: Path, students: list[str]) -> tuple[float, list[str]]:
    """Seconds for stock ``nbgrader autograde`` on the whole class, and who stopped the batch.

    When nbgrader aborts the whole command on one submission (it does, e.g. on duplicated
    cells), that submission and those it had already attempted are moved aside and the command
    is run again on the rest, as an instructor would; the time of every run counts.
    """
    nbgrader = [sys.executable, "-m", "nbgrader"]
    subprocess.run(
        [*nbgrader, "generate_assignment", ASSIGNMENT, "--force"],
        cwd=root,
        env=_env(),
        check=True,
        capture_output=True,
    )
    aborted: list[str] = []
    seconds = 0.0
    for attempt in range(len(students)):
        start = time.perf_counter()
        done = subprocess.run(
            [*nbgrader, "autograde", ASSIGNMENT, *(["--force"] * (not attempt))],
            cwd=root,
            env=_env(),
            capture_output=True,
            text=True,
        )
        seconds += time.perf_counter() - start
        log = done.stdout + done.stderr
        remaining = sorted(s for s in students if (root / "submitted" / s).exists())
        attempted = [s for s in remaining if f"Creating/updating student with ID '{s}'" in log]
        if not attempted or len(attempted) == len(remaining):
            break
        aborted.append(attempted[-1])
        (root / "set-aside").mkdir(exist_ok=True)
        for student in attempted:
            shutil.move(root / "submitted" / student, root / "set-aside" / student)
    return seconds, aborted


def _autograded(root: Path, student: str) -> Path:
    return root / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"


def nbgrader_scores(root: Path, students: list[str]) -> dict[str, float | None]:
    """The points stock nbgrader gave each student (its autograded notebooks), None if none."""
    import nbformat

    from nncourse.course.execute import cell_grades

    scores: dict[str, float | None] = {}
    for student in students:
        path = _autograded(root, student)
        scores[student] = (
            sum(g.points for g in cell_grades(nbformat.read(path, as_version=4)))
            if path.exists()
            else None
        )
    return scores


def gradebook_zeroed(root: Path, scores: dict[str, float | None]) -> list[str]:
    """Students whose score in nbgrader's gradebook differs from its own autograded notebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        book = {s.student.id: float(s.score) for s in gb.find_assignment(ASSIGNMENT).submissions}
    return sorted(s for s, v in scores.items() if v is not None and abs(book.get(s, v) - v) > 1e-6)


def run_nncourse(root: Path, workers: int) -> tuple[float, dict[str, dict]]:
    """Seconds for ``nncourse grade`` on the class, and its results by student."""
    out = root / "nncourse-out"
    cmd = [
        sys.executable,
        "-m",
        "nncourse.cli",
        "grade",
        str(root / "submitted"),
        "--out",
        str(out),
        "--solutions",
        str(root / "solutions"),
        "--force",
        "--no-progress",
        "--workers",
        str(workers),
    ]
    start = time.perf_counter()
    subprocess.run(cmd, cwd=REPO, env=_env(), check=True, capture_output=True)
    seconds = time.perf_counter() - start
    results = {
        p.parent.parent.name: json.loads(p.read_text())
        for p in (out / "results").glob("*/*/*.json")
    }
    return seconds, results


def worker_startup(samples: int = 5) -> float:
    """Median seconds from spawning a sandboxed worker to its ``ready`` (off the critical path)."""
    from nncourse.grading.sandbox import Layers, Limits, Worker, build_package

    with tempfile.TemporaryDirectory() as tmp:
        lib = build_package(Path(tmp) / "pkg")
        times = []
        for _ in range(samples):
            start = time.perf_counter()
            worker = Worker.start(lib, Path(tmp), Limits(), Layers())
            worker.wait_ready()
            times.append(time.perf_counter() - start)
            worker.kill()
    return statistics.median(times)


def quick_round(copies: int, workers: int) -> None:
    """Throughput on ordinary notebooks only (what most of a real class looks like)."""
    with tempfile.TemporaryDirectory(prefix="nncourse-bench-") as tmp:
        root = Path(tmp)
        students = build_course(root, copies, quick_only=True)
        t_nb, _ = run_nbgrader(root, students)
        t_nn, results = run_nncourse(root, workers)
    n = len(students)
    inside = statistics.median(r["seconds"] for r in results.values())
    print(f"\nordinary notebooks only ({n}: honest and buggy, no sleeps, no edited cells)")
    print(
        f"stock nbgrader autograde: {t_nb:7.1f} s  {n / t_nb:6.2f} submissions/s  "
        f"({t_nb / n:.2f} s per notebook, start-up included)"
    )
    print(
        f"nncourse grade:           {t_nn:7.1f} s  {n / t_nn:6.2f} submissions/s  "
        f"({t_nn / n:.2f} s per notebook, start-up included; {inside:.2f} s inside a worker)"
    )
    print(f"ratio (nncourse / nbgrader throughput): {t_nb / t_nn:.1f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1, help="extra copies of ordinary students")
    parser.add_argument(
        "--quick-copies", type=int, default=2, help="extra copies in the ordinary-notebooks round"
    )
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    args = parser.parse_args(argv)
    expected = json.loads((REPO / "grading" / "expected.json").read_text())["students"]
    with tempfile.TemporaryDirectory(prefix="nncourse-bench-") as tmp:
        root = Path(tmp)
        students = build_course(root, args.copies)
        n = len(students)
        print(
            f"class: {n} submissions of {ASSIGNMENT} ({args.copies} extra copies of each "
            f"honest/bug student), {args.workers} cores, BLAS 1 thread"
        )
        t_nb, aborted = run_nbgrader(root, students)
        nb_scores = nbgrader_scores(root, students)
        zeroed = gradebook_zeroed(root, nb_scores)
        for path in sorted((root / "set-aside").glob("*")):
            shutil.move(path, root / "submitted" / path.name)
        t_nn, results = run_nncourse(root, args.workers)
        startup = worker_startup()
    print(
        f"stock nbgrader autograde: {t_nb:7.1f} s  {n / t_nb:6.2f} submissions/s"
        + (f"  (the batch stopped on {', '.join(aborted)}: set aside, rerun)" if aborted else "")
    )
    print(f"nncourse grade:           {t_nn:7.1f} s  {n / t_nn:6.2f} submissions/s")
    print(f"ratio (nncourse / nbgrader throughput): {t_nb / t_nn:.1f}x")
    ordinary = [
        r["seconds"] for s, r in results.items() if s.startswith(ORDINARY) and "slow" not in s
    ]
    print(
        f"nncourse per notebook inside a worker (ordinary submissions, n={len(ordinary)}): "
        f"median {statistics.median(ordinary):.2f} s, max {max(ordinary):.2f} s "
        f"(worker start-up {startup:.2f} s, pre-started off the critical path)"
    )
    loop = results["broken_endless_loop"]
    from nncourse.grading.sandbox import Limits

    limits = Limits()
    print(
        f"endless loops: broken_endless_loop (one in a cell, one in relu_grad) took "
        f"{loop['seconds']:.1f} s with a {limits.timeout:g} s per-check limit and a "
        f"{limits.grace:g} s kill grace (at most {2 * (limits.timeout + limits.grace):g} s)"
    )
    print(f"\n{'student':<34}{'expected':>9}{'nncourse':>10}{'nbgrader':>10}")
    for student in sorted(expected):
        got = sum(r["points"] or 0 for r in results[student]["rows"])
        theirs = nb_scores.get(student)
        print(
            f"{student:<34}{expected[student]['total']:9.2f}{got:10.2f}"
            + (f"{theirs:10.2f}" if theirs is not None else f"{'no grade':>10}")
        )
    if zeroed:
        print(
            f"nbgrader's gradebook no longer matches its own results for {len(zeroed)} "
            "student(s): hostile_write_gradebook rewrote it"
        )
    quick_round(args.quick_copies, args.workers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
