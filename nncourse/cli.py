"""Command line: ``nncourse release | demo | author | exercises``.

Every command prints what it did and where its files went; library modules never print.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _cmd_release(args: argparse.Namespace) -> int:
    from nncourse.grading.release import compare_release, release

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
        print("Run `nncourse release` to rebuild the student notebooks.")
        return 1
    for path in release(args.solutions, args.notebooks):
        print(f"released {path}")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from nncourse.grading.execute import cell_grades, error_outputs, execute_notebook
    from nncourse.grading.release import release

    print("== 1. Build the student release with nbgrader's generate_assignment")
    for path in release(args.solutions, args.notebooks):
        print(f"   released {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")
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
    return 1 if failed else 0


def _cmd_author(args: argparse.Namespace) -> int:
    from nncourse.grading.authoring import convert

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
        p.add_argument("--solutions", type=Path, default=REPO / "solutions")
        p.add_argument("--notebooks", type=Path, default=REPO / "notebooks")

    p = sub.add_parser("release", help="build notebooks/ from solutions/ with nbgrader")
    paths(p)
    p.add_argument("--check", action="store_true", help="only report whether notebooks/ is stale")
    p.set_defaults(func=_cmd_release)

    p = sub.add_parser("demo", help="release, run the solutions headless, grade the examples")
    paths(p)
    p.set_defaults(func=_cmd_demo)

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
