"""Command line: ``nncourse release | demo | grade | author | exercises``.

Every command prints what it did and where its files went; library modules never print. Bad
input is refused before any work starts with one line on stderr (``nncourse <command>: error:
...``, saying what was wrong and what to do) and exit code 2; a run that graded nobody, or whose
grader failed on a submission, exits 1. No command shows a Python traceback: an unexpected
error is reported in one line and its traceback saved to a file named in that line.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

EXIT_USAGE = 2
"""Exit code for input refused before any work started."""
EXIT_INTERNAL = 70
"""Exit code for an unexpected error (its traceback is saved to a file)."""


class UsageError(Exception):
    """Input the command cannot use; the message is one line saying what to do."""


def _here() -> Path:
    """The course folder: the current directory (paths default to its solutions/, notebooks/,
    grading/ and out/, so the commands work the same from an editable checkout and from an
    installed wheel)."""
    return Path.cwd()


def _rel(path: Path) -> str:
    path = Path(path)
    try:
        return str(path.resolve().relative_to(_here().resolve()))
    except ValueError:
        return str(path)


def _say(text: str) -> None:
    print(text, flush=True)


# ---------------------------------------------------------------- release


def _release_error(exc: Exception) -> UsageError:
    return UsageError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)


def _cmd_release(args: argparse.Namespace) -> int:
    from nncourse.course.release import ReleaseError, compare_release, release_all

    try:
        if args.check:
            diff = compare_release(args.solutions, args.notebooks)
        else:
            done = release_all(args.solutions, args.notebooks, wheel_dir=args.wheel_dir)
    except ReleaseError as exc:
        raise _release_error(exc) from exc
    if args.check:
        if diff.up_to_date:
            _say(f"{args.notebooks} is up to date with {args.solutions}.")
            return 0
        for label, names in (
            ("stale", diff.stale),
            ("missing", diff.missing),
            ("extra", diff.extra),
        ):
            for name in names:
                _say(f"{label}: {args.notebooks / name}")
        for name in diff.stale_data:
            _say(f"stale visible cases: nncourse/check/data/{name}")
        _say("Run `nncourse release` to rebuild the student notebooks and visible cases.")
        return 1
    for path in done.data:
        _say(f"visible cases {path}")
    for path in done.notebooks:
        _say(f"released {path}")
    _say(f"student wheel {done.wheel}")
    return 0


# ---------------------------------------------------------------- demo


def _cmd_demo(args: argparse.Namespace) -> int:
    from nncourse.course.execute import cell_grades, error_outputs, execute_notebook
    from nncourse.course.release import ReleaseError, release

    _check_grade_args(args)
    _say("== 1. Build the student release with nbgrader's generate_assignment")
    try:
        released = release(args.solutions, args.notebooks)
    except ReleaseError as exc:
        raise _release_error(exc) from exc
    for path in released:
        _say(f"   released {_rel(path)}")
    _say("== 2. Run every solution notebook headless; nbgrader scores each hidden test cell")
    total = earned = 0.0
    failed = False
    for path in sorted(Path(args.solutions).glob("*.ipynb")):
        nb = execute_notebook(path)
        _say(f"   {path.name}")
        for g in cell_grades(nb):
            mark = "ok " if g.points == g.max_points else "LOW"
            _say(f"     {mark} {g.grade_id:<34} {g.points:5.2f} / {g.max_points:.2f}")
            total += g.max_points
            earned += g.points
            failed |= g.points != g.max_points
        for err in error_outputs(nb):
            _say(f"     traceback in {err}")
            failed = True
    _say(f"== Solutions score {earned:.2f} / {total:.2f}")
    _say(
        f"== 3. Grade the example class in sandboxes with `nncourse grade` ({_rel(args.submitted)})"
    )
    run = _grade(args)
    _say(f"   graded {len(run.graded)}, unchanged {len(run.reused)}, in {run.seconds:.1f} s")
    _print_grading(run)
    return 1 if failed or run.failed or not run.results else 0


# ---------------------------------------------------------------- grade

MARKS = {
    "pass": "+",
    "partial": "~",
    "fail": "x",
    "error": "x",
    "timeout": "T",
    "not attempted": ".",
    "reference code": "R",
    "manual": "?",
}


def grading_table(run) -> list[str]:
    """The terminal table: one line per submission, columns as wide as the longest name."""
    from nncourse.grading.autograde import gradebook_table

    results = {(r["student"], r["assignment"]): r for r in run.results}
    rows = gradebook_table(run.out)
    w_student = max([len("student"), *(len(r[0]) for r in rows)])
    w_assignment = max([len("assignment"), *(len(r[1]) for r in rows)])
    lines = [f"{'student':<{w_student}}  {'assignment':<{w_assignment}}   score /   max  cells"]
    for student, assignment, score, top in rows:
        res = results.get((student, assignment))
        cells = "".join(MARKS.get(r["status"], "?") for r in res["rows"]) if res else ""
        late = run.late.get(f"{student}/{assignment}", "")
        lines.append(
            f"{student:<{w_student}}  {assignment:<{w_assignment}}  {score:6.2f} / {top:5.2f}  "
            f"{cells}{'  ' + late if late else ''}"
        )
    return lines


def _print_grading(run) -> None:
    """Sandbox layers, the gradebook table and where the outputs went."""
    _say("   sandbox layers:")
    for layer, what in run.layers.items():
        _say(f"     {layer:<13} {what or 'not available here'}")
    _say(
        f"   gradebook ({_rel(run.gradebook)}): + pass  ~ partial  x fail/error  T timeout  "
        ". not attempted  R reference code  ? manual"
    )
    for line in grading_table(run):
        _say(f"     {line}")
    _say(f"   grades.csv: {_rel(run.csv)} (one row per cell, then a 'total' row per submission)")
    _say(f"   feedback:   {_rel(run.feedback)}/<student>/<assignment>/<notebook>.html")
    _say(f"   plot:       {_rel(run.plot)}")
    _say(f"   class report (common mistakes, answers that look alike): {_rel(run.report)}")


def _progress(args: argparse.Namespace):
    """``on_result`` for ``grade``: a bar on a terminal, one log line per submission otherwise."""
    state = {"bar": None, "start": time.monotonic()}
    tty = sys.stderr.isatty() and not args.no_progress

    def progress(result, done, total):
        if total == 0:
            return
        if tty:
            from tqdm import tqdm

            if state["bar"] is None:
                state["bar"] = tqdm(total=total, unit="nb", desc="grading")
            if done:
                state["bar"].update(1)
                if result:
                    state["bar"].set_postfix_str(result["student"][:24], refresh=False)
            return
        if args.no_progress:
            return
        if not done:
            print(f"grading {total} submission(s)", file=sys.stderr, flush=True)
            return
        elapsed = time.monotonic() - state["start"]
        if result is None:
            what = "grader failure (reported at the end)"
        else:
            earned = sum(r["points"] or 0 for r in result["rows"])
            top = sum(r["max_points"] for r in result["rows"])
            what = (
                f"{result['student']}/{result['assignment']}: {earned:g} / {top:g} "
                f"({result.get('seconds', 0):.1f} s)"
            )
        width = len(str(total))
        print(f"[{done:>{width}}/{total}] {elapsed:6.1f} s  {what}", file=sys.stderr, flush=True)

    def close():
        if state["bar"] is not None:
            state["bar"].close()

    return progress, close


def _writable_folder(path: Path, flag: str) -> None:
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise UsageError(f"{flag} {path} is a file; give a folder")
    probe = path
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not probe.is_dir():
        raise UsageError(f"cannot write {flag} {path}: {probe} is not a folder")


def _check_grade_args(args: argparse.Namespace) -> None:
    """Refuse out-of-range numbers and missing optional engines before anything is read."""
    from nncourse.grading.autograde import MAX_WORKERS

    if not (math.isfinite(args.timeout) and 0 < args.timeout <= 3600):
        raise UsageError(
            f"--timeout {args.timeout:g} is out of range: give the seconds per check and per "
            "cell, more than 0 and at most 3600 (default 10)"
        )
    if not 256 <= args.memory <= 2**20:
        raise UsageError(
            f"--memory {args.memory} is out of range: give the MB per sandbox, from 256 to "
            "1048576 (default 1024)"
        )
    if args.workers is not None and not 1 <= args.workers <= MAX_WORKERS:
        raise UsageError(
            f"--workers {args.workers} is out of range: give from 1 to {MAX_WORKERS} "
            "(default: the number of cores)"
        )
    if args.scheduler is not None:
        try:
            import distributed  # noqa: F401
        except ImportError as exc:
            raise UsageError(
                "--scheduler needs Dask, which is not installed here: pip install "
                "'nncourse[dask]' (or grade without --scheduler)"
            ) from exc
    _writable_folder(args.out, "--out")
    if args.nbgrader_config is not None and not Path(args.nbgrader_config).is_file():
        raise UsageError(f"--nbgrader-config {args.nbgrader_config} is not a file")


def _limits(args: argparse.Namespace):
    from nncourse.grading.sandbox import Limits

    base = Limits()
    budget = max(base.budget, 6 * args.timeout)  # a long --timeout must fit in the budget
    return Limits(
        timeout=args.timeout,
        memory_mb=args.memory,
        budget=budget,
        cpu_seconds=max(base.cpu_seconds, int(budget)),
    )


def _nbgrader_config(args: argparse.Namespace) -> Path | None:
    if args.nbgrader_config is not None:
        return Path(args.nbgrader_config)
    default = Path("grading") / "nbgrader_config.py"
    return default if default.is_file() else None


def _duedates(values: list[str] | None) -> dict[str, str]:
    due = {}
    for value in values or []:
        name, sep, when = value.partition("=")
        if sep and name and not name[0].isdigit():
            due[name.strip()] = when.strip()
        else:
            due["*"] = value.strip()
    return due


def _grade(args: argparse.Namespace):
    from nncourse.grading.autograde import grade
    from nncourse.grading.submissions import InputError

    _check_grade_args(args)
    progress, close = _progress(args)
    try:
        return grade(
            args.submitted,
            out=args.out,
            solutions=args.solutions,
            workers=args.workers,
            scheduler=args.scheduler,
            force=args.force,
            limits=_limits(args),
            on_result=progress,
            duedates=_duedates(args.duedate),
            nbgrader_config=_nbgrader_config(args),
        )
    except InputError as exc:
        raise UsageError(str(exc)) from exc
    finally:
        close()


def _cmd_grade(args: argparse.Namespace) -> int:
    run = _grade(args)
    hint = "" if args.force else " (--force regrades them)"
    _say(
        f"graded {len(run.graded)} submission(s), {len(run.reused)} unchanged since the last run"
        f"{hint}, in {run.seconds:.1f} s"
    )
    for key in run.unknown:
        _say(f"   skipped {key}: no source notebook for its assignment in {args.solutions}")
    for key, error in run.failed.items():
        _say(f"   grader failure on {key}: {error} (rerun to retry)")
    if run.results:
        _print_grading(run)
    if not run.results:
        print(
            "nncourse grade: error: nobody was graded (every submission failed; see above)",
            file=sys.stderr,
        )
    return 1 if run.failed or not run.results else 0


def _cmd_report(args: argparse.Namespace) -> int:
    from nncourse.grading.report import load_results, write_report

    out = Path(args.out)
    if not (out / "results").is_dir() or not load_results(out):
        raise UsageError(f"{out} holds no grading results; run `nncourse grade --out {out}` first")
    if not Path(args.solutions).is_dir():
        raise UsageError(f"--solutions {args.solutions} is not a folder")
    notebooks = Path(args.notebooks)
    path = write_report(out, Path(args.solutions), notebooks if notebooks.is_dir() else None)
    _say(f"class report: {_rel(path)} (mistakes.csv and similar.csv beside it)")
    return 0


# ---------------------------------------------------------------- author, exercises


def _cmd_author(args: argparse.Namespace) -> int:
    from nncourse.course.authoring import script_to_notebook, write_notebook
    from nncourse.grading.gradebook import FILE_MODE

    script, out = Path(args.script), Path(args.out)
    if not script.is_file():
        raise UsageError(
            f"the script {script} does not exist"
            if not script.exists()
            else f"{script} is not a file; give the percent-format script to convert"
        )
    if out.suffix != ".ipynb":
        raise UsageError(f"the output {out} must end in .ipynb (a notebook)")
    if out.exists() and not out.is_file():
        raise UsageError(f"the output {out} is a folder; give a notebook file name")
    if out.resolve() == script.resolve():
        raise UsageError("the output is the script itself; give another file name")
    try:
        text = script.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"the script {script} is not UTF-8 text") from exc
    except OSError as exc:
        raise UsageError(f"cannot read the script {script} ({exc.strerror})") from exc
    try:
        nb = script_to_notebook(text)
    except ValueError as exc:
        raise UsageError(f"{script}: {exc}") from exc
    if not nb.cells:
        raise UsageError(
            f"{script} has no cells: start each cell with a '# %%' line (see nncourse/course/"
            "authoring.py)"
        )
    _writable_folder(out.parent, "the output folder")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".ipynb", dir=out.parent)
        os.close(fd)
        try:
            write_notebook(nb, Path(tmp))
            os.chmod(tmp, FILE_MODE)
            os.replace(tmp, out)
        finally:
            Path(tmp).unlink(missing_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot write {out} ({exc.strerror or exc})") from exc
    _say(f"wrote {out}")
    return 0


def _cmd_exercises(args: argparse.Namespace) -> int:
    from nncourse.check import EXERCISES

    for ex_id, ex in sorted(EXERCISES.items()):
        _say(f"{ex_id:<28} {ex.grade_id:<32} {', '.join(ex.targets)}")
    return 0


# ---------------------------------------------------------------- parser


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (and ``--help`` says the rest)."""

    def error(self, message: str):
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _positive_int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid whole number: {text!r}") from None


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid number: {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="nncourse", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

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

    def grading(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--out",
            type=Path,
            default=Path("out") / "grading",
            help="output folder: gradebook.db, grades.csv, feedback/, scores.png "
            "(default: out/grading)",
        )
        p.add_argument(
            "--workers",
            type=_positive_int,
            default=None,
            help="parallel sandboxes (default: cores)",
        )
        p.add_argument(
            "--scheduler", default=None, help="Dask scheduler address to run the jobs on"
        )
        p.add_argument("--force", action="store_true", help="regrade unchanged submissions too")
        p.add_argument(
            "--timeout",
            type=_number,
            default=10.0,
            help="seconds per check and per cell (default 10)",
        )
        p.add_argument(
            "--memory", type=_positive_int, default=1024, help="MB of memory per sandbox"
        )
        p.add_argument(
            "--duedate",
            action="append",
            metavar="[ASSIGNMENT=]WHEN",
            help="due date stored in the gradebook (UTC unless a zone is given); later "
            "timestamp.txt times are late, and nbgrader's late-penalty plugin applies",
        )
        p.add_argument(
            "--nbgrader-config",
            type=Path,
            default=None,
            help="nbgrader_config.py whose late-penalty settings apply "
            "(default: grading/nbgrader_config.py when present)",
        )
        p.add_argument("--no-progress", action="store_true", help="no progress bar or log lines")

    p = sub.add_parser("demo", help="release, run the solutions headless, grade the examples")
    paths(p)
    grading(p)
    p.set_defaults(func=_cmd_demo, submitted=Path("grading") / "submitted")

    p = sub.add_parser("grade", help="grade submissions in sandboxes (nbgrader layout or zip)")
    p.add_argument(
        "submitted",
        type=Path,
        nargs="?",
        default=Path("grading") / "submitted",
        help="<submitted>/<student>/<assignment>/<notebook>.ipynb folder, or a zip",
    )
    p.add_argument("--solutions", type=Path, default=Path("solutions"))
    grading(p)
    p.set_defaults(func=_cmd_grade)

    p = sub.add_parser("report", help="rebuild the class report from stored grading results")
    p.add_argument(
        "--out", type=Path, default=Path("out") / "grading", help="the grading output folder"
    )
    paths(p)
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("author", help="convert a percent-format script into a source notebook")
    p.add_argument("script", type=Path)
    p.add_argument("out", type=Path)
    p.set_defaults(func=_cmd_author)

    p = sub.add_parser("exercises", help="list every registered exercise")
    p.set_defaults(func=_cmd_exercises)
    return parser


def _save_traceback(command: str) -> Path | None:
    try:
        fd, name = tempfile.mkstemp(prefix=f"nncourse-{command}-error-", suffix=".txt")
        with os.fdopen(fd, "w") as fh:
            fh.write(traceback.format_exc())
        return Path(name)
    except OSError:
        return None


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a one-line usage error (2)
        return int(exc.code or 0)
    prog = f"nncourse {args.command}"
    try:
        return int(args.func(args) or 0)
    except UsageError as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr, flush=True)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"{prog}: interrupted; finished work is kept", file=sys.stderr, flush=True)
        return 130
    except Exception as exc:  # noqa: BLE001 - never a traceback on the terminal
        saved = _save_traceback(args.command)
        words = str(exc).splitlines()[0][:200] if str(exc) else ""
        where = f"; details in {saved}" if saved else ""
        print(
            f"{prog}: internal error: {type(exc).__name__}: {words}{where} (please report it)",
            file=sys.stderr,
            flush=True,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
