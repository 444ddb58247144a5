"""Command line: ``nncourse release | demo | grade | author | exercises``.

Every command prints what it did and where its files went; library modules never print.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _here() -> Path:
    """The course folder: the current directory (paths default to its solutions/, notebooks/,
    grading/ and out/, so the commands work the same from an editable checkout and from an
    installed wheel)."""
    return Path.cwd()


def _cmd_release(args: argparse.Namespace) -> int:
    from nncourse.course.release import compare_release, release, write_visible
    from nncourse.course.wheel import build_student_wheel

    if args.check:
        diff = compare_release(args.solutions, args.notebooks)
        if diff.up_to_date:
            print(f"{args.notebooks} is up to date with {args.solutions}.")
            return 0
        for label, names in (
            ("stale", diff.stale),
            ("missing", diff.missing),
            ("extra", diff.extra),
        ):
            for name in names:
                print(f"{label}: {args.notebooks / name}")
        for name in diff.stale_data:
            print(f"stale visible cases: nncourse/check/data/{name}")
        print("Run `nncourse release` to rebuild the student notebooks and visible cases.")
        return 1
    for path in write_visible():
        print(f"visible cases {path}")
    for path in release(args.solutions, args.notebooks):
        print(f"released {path}")
    print(f"student wheel {build_student_wheel(args.wheel_dir)}")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from nncourse.course.execute import cell_grades, error_outputs, execute_notebook
    from nncourse.course.release import release

    print("== 1. Build the student release with nbgrader's generate_assignment")
    for path in release(args.solutions, args.notebooks):
        print(f"   released {path.relative_to(_here()) if path.is_relative_to(_here()) else path}")
    print("== 2. Run every solution notebook headless; nbgrader scores each hidden test cell")
    total = earned = 0.0
    failed = False
    for path in sorted(Path(args.solutions).glob("*.ipynb")):
        nb = execute_notebook(path)
        print(f"   {path.name}")
        for g in cell_grades(nb):
            mark = "ok " if g.points == g.max_points else "LOW"
            print(f"     {mark} {g.grade_id:<34} {g.points:5.2f} / {g.max_points:.2f}")
            total += g.max_points
            earned += g.points
            failed |= g.points != g.max_points
        for err in error_outputs(nb):
            print(f"     traceback in {err}")
            failed = True
    print(f"== Solutions score {earned:.2f} / {total:.2f}")
    print("== 3. Grade the example class in sandboxes with `nncourse grade` (grading/submitted)")
    run = _grade(build_parser().parse_args(["grade", "--solutions", str(args.solutions)]))
    print(f"   graded {len(run.graded)}, unchanged {len(run.reused)}, in {run.seconds:.1f} s")
    _print_grading(run)
    return 1 if failed or run.failed else 0


def _print_grading(run) -> None:
    """Sandbox layers, the gradebook table and where the outputs went."""
    from nncourse.grading.autograde import gradebook_table

    def rel(path: Path) -> str:
        return str(path.relative_to(_here()) if path.is_relative_to(_here()) else path)

    print("   sandbox layers:")
    for layer, what in run.layers.items():
        print(f"     {layer:<13} {what or 'not available here'}")
    marks = {
        "pass": "+",
        "partial": "~",
        "fail": "x",
        "error": "x",
        "timeout": "T",
        "not attempted": ".",
        "reference code": "R",
        "manual": "?",
    }
    results = {(r["student"], r["assignment"]): r for r in run.results}
    print(
        f"   gradebook ({rel(run.gradebook)}): + pass  ~ partial  x fail/error  T timeout  "
        ". not attempted  R reference code  ? manual"
    )
    for student, assignment, score, top in gradebook_table(run.out):
        res = results.get((student, assignment))
        cells = "".join(marks.get(r["status"], "?") for r in res["rows"]) if res else ""
        print(f"     {student:<30} {assignment:<22} {score:6.2f} / {top:5.2f}  {cells}")
    print(f"   grades.csv: {rel(run.csv)}")
    print(f"   feedback:   {rel(run.feedback)}/<student>/<assignment>/<notebook>.html")
    print(f"   plot:       {rel(run.plot)}")


def _grade(args: argparse.Namespace):
    from tqdm import tqdm

    from nncourse.grading.autograde import grade
    from nncourse.grading.sandbox import Limits

    bar = None

    def progress(result, done, total):
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, unit="nb", desc="grading", disable=args.no_progress or None)
        if done:
            bar.update(1)
            if result:
                bar.set_postfix_str(result["student"][:24], refresh=False)

    limits = Limits(timeout=args.timeout, memory_mb=args.memory)
    try:
        return grade(
            args.submitted,
            out=args.out,
            solutions=args.solutions,
            workers=args.workers,
            scheduler=args.scheduler,
            force=args.force,
            limits=limits,
            on_result=progress,
        )
    finally:
        if bar is not None:
            bar.close()


def _cmd_grade(args: argparse.Namespace) -> int:
    run = _grade(args)
    print(
        f"graded {len(run.graded)} submission(s), {len(run.reused)} unchanged since the last run "
        f"(--force regrades them), in {run.seconds:.1f} s"
    )
    for key in run.unknown:
        print(f"   skipped {key}: no source notebook for its assignment")
    for key, error in run.failed.items():
        print(f"   grader failure on {key}: {error} (rerun to retry)")
    _print_grading(run)
    return 1 if run.failed else 0


def _cmd_author(args: argparse.Namespace) -> int:
    from nncourse.course.authoring import convert

    print(f"wrote {convert(args.script, args.out)}")
    return 0


def _cmd_exercises(args: argparse.Namespace) -> int:
    from nncourse.check import EXERCISES

    for ex_id, ex in sorted(EXERCISES.items()):
        print(f"{ex_id:<28} {ex.grade_id:<32} {', '.join(ex.targets)}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nncourse", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def paths(p: argparse.ArgumentParser) -> None:
        p.add_argument("--solutions", type=Path, default=Path("solutions"))
        p.add_argument("--notebooks", type=Path, default=Path("notebooks"))

    p = sub.add_parser("release", help="build notebooks/ from solutions/ with nbgrader")
    paths(p)
    p.add_argument("--check", action="store_true", help="only report whether notebooks/ is stale")
    p.add_argument(
        "--wheel-dir",
        type=Path,
        default=Path("dist"),
        help="where the student wheel goes (default: dist/)",
    )
    p.set_defaults(func=_cmd_release)

    p = sub.add_parser("demo", help="release, run the solutions headless, grade the examples")
    paths(p)
    p.set_defaults(func=_cmd_demo)

    p = sub.add_parser("grade", help="grade submissions in sandboxes (nbgrader layout or zip)")
    p.add_argument(
        "submitted",
        type=Path,
        nargs="?",
        default=Path("grading") / "submitted",
        help="<submitted>/<student>/<assignment>/<notebook>.ipynb folder, or a zip",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=Path("out") / "grading",
        help="output folder: gradebook.db, grades.csv, feedback/, scores.png",
    )
    p.add_argument("--solutions", type=Path, default=Path("solutions"))
    p.add_argument("--workers", type=int, default=None, help="parallel sandboxes (default: cores)")
    p.add_argument("--scheduler", default=None, help="Dask scheduler address to run the jobs on")
    p.add_argument("--force", action="store_true", help="regrade unchanged submissions too")
    p.add_argument(
        "--timeout", type=float, default=10.0, help="seconds per check and per cell (default 10)"
    )
    p.add_argument("--memory", type=int, default=1024, help="MB of memory per sandbox")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_grade)

    p = sub.add_parser("author", help="convert a percent-format script into a source notebook")
    p.add_argument("script", type=Path)
    p.add_argument("out", type=Path)
    p.set_defaults(func=_cmd_author)

    p = sub.add_parser("exercises", help="list every registered exercise")
    p.set_defaults(func=_cmd_exercises)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
