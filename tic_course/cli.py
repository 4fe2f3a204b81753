"""The ``tic-course`` command: validate scenarios, build notebooks, release student versions.

Run ``tic-course --help`` (or ``python -m tic_course --help``) for the sub-commands. Every
sub-command exits non-zero with a message naming the file and the problem when input is bad, and
writes each output file atomically so a failure never leaves half a notebook behind.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from tic_course.book.scenario_pages import practice_page
from tic_course.environment import ensure_own_bin_on_path, tool_env
from tic_course.notebook.source import build_source_notebook, write_notebook_atomically
from tic_course.scenario import ScenarioError, load_scenario

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = ROOT / "exercises"
COURSE = ROOT / "grading"
BOOK_SCENARIOS = ROOT / "book" / "scenarios"


def scenario_files(paths: list[str]) -> list[Path]:
    """The scenario files named, or every ``exercises/*/scenario.yml`` when none are."""
    if paths:
        return [Path(p) for p in paths]
    return sorted(EXERCISES.glob("*/scenario.yml"))


def cmd_validate(args: argparse.Namespace) -> int:
    files = scenario_files(args.files)
    failed = 0
    for file in files:
        try:
            data = load_scenario(file)
        except ScenarioError as exc:
            failed += 1
            print(exc.report(), file=sys.stderr)
            continue
        n_nodes = len(data["conversation"]["nodes"])
        print(
            f"ok  {file}  ({n_nodes} conversation nodes, {len(data['checkpoints'])} checkpoints, "
            f"{data['total_points']} points)"
        )
    if failed:
        print(f"{failed} of {len(files)} scenario file(s) have problems; nothing was written.", file=sys.stderr)
    return 1 if failed else 0


def load_all(files: list[Path]) -> list[dict]:
    """Validate every file before anything is written; exit listing every problem otherwise.

    Validating all files first keeps the course consistent: one bad file stops the whole build
    instead of leaving some notebooks new and others stale.
    """
    scenarios, problems = [], []
    for file in files:
        try:
            scenarios.append(load_scenario(file))
        except ScenarioError as exc:
            problems.append(exc.report())
    if problems:
        raise SystemExit("\n".join(problems) + "\nNo notebooks were written.")
    ids = [s["id"] for s in scenarios]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise SystemExit(f"scenario id(s) used by more than one file: {', '.join(sorted(dupes))}")
    return scenarios


def _shown(path: Path, course: Path) -> Path:
    """A path as the user thinks of it: relative to the folder that holds the course."""
    return path.relative_to(course.parent) if path.is_relative_to(course.parent) else path


def build_sources(scenarios: list[dict], course: Path) -> list[str]:
    """Write the source notebook of each (already validated) scenario; return their ids."""
    for i, s in enumerate(scenarios, 1):
        dest = course / "source" / s["id"] / f"{s['id']}.ipynb"
        write_notebook_atomically(build_source_notebook(s), dest)
        print(f"[{i}/{len(scenarios)}] built {_shown(dest, course)}")
    return [s["id"] for s in scenarios]


def release(ids: list[str], course: Path, book_dir: Path | None) -> None:
    """Run ``nbgrader generate_assignment`` for each scenario, then copy it into the book."""
    for i, sid in enumerate(ids, 1):
        proc = subprocess.run(
            [sys.executable, "-m", "nbgrader", "generate_assignment", sid, "--force", "--log-level=WARN"],
            cwd=course,
            capture_output=True,
            text=True,
            env=tool_env(),
        )
        if proc.returncode:
            raise SystemExit(f"nbgrader generate_assignment {sid} failed:\n{proc.stdout}{proc.stderr}")
        released = course / "release" / sid / f"{sid}.ipynb"
        print(f"[{i}/{len(ids)}] released {_shown(released, course)}")
        if book_dir is not None:
            book_dir.mkdir(parents=True, exist_ok=True)
            tmp = book_dir / f".{sid}-notebook.ipynb.tmp"
            shutil.copyfile(released, tmp)
            tmp.replace(book_dir / f"{sid}-notebook.ipynb")


def write_practice_pages(scenarios: list[dict], book_dir: Path) -> None:
    """One practice page per scenario, beside its released notebook."""
    book_dir.mkdir(parents=True, exist_ok=True)
    for s in scenarios:
        tmp = book_dir / f".{s['id']}.md.tmp"
        tmp.write_text(practice_page(s), encoding="utf-8")
        tmp.replace(book_dir / f"{s['id']}.md")


def cmd_build(args: argparse.Namespace) -> int:
    course = Path(args.course)
    scenarios = load_all(scenario_files(args.files))
    ids = build_sources(scenarios, course)
    if args.release:
        book_dir = None if args.no_book else Path(args.book_dir)
        release(ids, course, book_dir)
        if book_dir is not None:
            write_practice_pages(scenarios, book_dir)
    return 0


def main(argv: list[str] | None = None) -> int:
    ensure_own_bin_on_path()  # nbgrader runs `alembic` when it creates a gradebook
    parser = argparse.ArgumentParser(
        prog="tic-course",
        description="Trauma-informed care course tools: scenario file -> nbgrader source notebook -> student release.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "validate",
        help="check scenario files and report every problem",
        description="Check scenario files against the schema and the whole-file rules.",
    )
    p.add_argument("files", nargs="*", help="scenario files (default: exercises/*/scenario.yml)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "build",
        help="validate scenarios and build their notebooks",
        description="Validate scenario files, write nbgrader source notebooks to "
        "COURSE/source/, and (with --release) run nbgrader "
        "generate_assignment and copy the student notebooks into the book.",
    )
    p.add_argument("files", nargs="*", help="scenario files (default: exercises/*/scenario.yml)")
    p.add_argument("--course", default=str(COURSE), help="nbgrader course root (default: grading/)")
    p.add_argument("--release", action="store_true", help="also release student versions with nbgrader")
    p.add_argument(
        "--book-dir",
        default=str(BOOK_SCENARIOS),
        help="where released notebooks are copied for the book (default: book/scenarios/)",
    )
    p.add_argument("--no-book", action="store_true", help="release without copying into the book")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser(
        "grade",
        help="collect, autograde, give feedback and report, in one step",
        description="Collect an LMS download (zip or folder) or an nbgrader submitted/ tree, autograde it in "
        "parallel, generate feedback, and write results and the cohort report. Running it again "
        "changes nothing unless submissions changed. Exit status: 0 all graded; 2 finished, but some "
        "files were rejected or failed (listed); 1 nothing could be done.",
    )
    p.add_argument("source", help="LMS download (.zip or folder), or the course's submitted/ folder")
    p.add_argument("--course", default=str(COURSE), help="nbgrader course root (default: grading/)")
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        help="worker processes (default: GradingPipeline.workers in the config, else one per core)",
    )
    p.add_argument(
        "--db-url", default=None, help="gradebook database URL, overriding the config (e.g. postgresql+psycopg2://...)"
    )
    p.add_argument("--report-dir", default=None, help="where results and the report go (default: COURSE/reports)")
    p.add_argument("--exercises", default=str(EXERCISES), help="scenario files folder (default: exercises/)")
    p.add_argument(
        "--learner-map", default=None, help="CSV with columns lms_id,learner_id: record learners under your own ids"
    )
    p.add_argument("--no-feedback", action="store_true", help="skip nbgrader generate_feedback")
    p.add_argument("--force", action="store_true", help="regrade every submission, changed or not")
    p.set_defaults(func=cmd_grade)

    args = parser.parse_args(argv)
    return args.func(args)


def cmd_grade(args: argparse.Namespace) -> int:
    from tic_course.grading.pipeline import run

    summary = run(
        Path(args.source),
        Path(args.course),
        db_url=args.db_url,
        workers=args.workers,
        report_dir=Path(args.report_dir) if args.report_dir else None,
        feedback=not args.no_feedback,
        force=args.force,
        exercises=Path(args.exercises),
        learner_map=Path(args.learner_map) if args.learner_map else None,
    )
    return summary.exit_code


if __name__ == "__main__":
    sys.exit(main())
