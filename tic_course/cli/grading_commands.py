"""``intake``, ``grade`` and ``report``: submissions -> grades, feedback and the cohort report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tic_course.cli.options import add_roster_options, course_folder
from tic_course.layout import CourseLayout, LayoutError

if TYPE_CHECKING:  # the command imports its libraries when it runs, so `tic-course --help` stays fast
    import pandas as pd

    from tic_course.grading.roster import Roster


def cmd_grade(args: argparse.Namespace) -> int:
    from tic_course.grading.pipeline import GradingError, pipeline_config, run

    exercises = Path(args.exercises) if args.exercises else CourseLayout.at(args.root).exercises
    config = pipeline_config(workers=args.workers, db_url=args.db_url, report_dir=args.report_dir)
    try:
        summary = run(
            Path(args.source),
            course_folder(args),
            config=config,
            feedback=not args.no_feedback,
            force=args.force,
            exercises=exercises,
            learner_map=Path(args.learner_map) if args.learner_map else None,
            roster=Path(args.roster) if args.roster else None,
            roster_format=args.roster_format,
        )
    except GradingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return summary.exit_code


def cmd_intake(args: argparse.Namespace) -> int:
    from tic_course.grading.intake import (
        DEFAULT_PATTERNS,
        IntakeError,
        LmsPattern,
        intake,
        read_learner_map,
        released_grade_ids,
    )
    from tic_course.grading.safe_text import console_text

    course = course_folder(args)
    patterns = []
    for option in args.pattern:
        name, sep, regex = option.partition("=")
        try:
            if not (name and sep):
                raise ValueError(f"{option!r}: write NAME=REGEX")
            patterns.append(LmsPattern(name, regex))
        except ValueError as exc:
            print(f"error: --pattern {exc}", file=sys.stderr)
            return 2

    def show_progress(done: int, total: int) -> None:
        print(f"checked {done} of {total} files", file=sys.stderr, flush=True)

    try:  # the scenario sources are never a download, as `grade` also refuses
        protected = [CourseLayout.at(args.root).exercises]
    except LayoutError:  # a course outside a course repository
        protected = []

    try:
        learner_map = read_learner_map(Path(args.learner_map)) if args.learner_map else None
        assignments = set(args.assignment or released_grade_ids(course))
        if not assignments:
            raise IntakeError(f"no released notebooks in {course / 'release'}: run `tic-course release` first")
        result = intake(
            Path(args.source),
            course,
            assignments,
            [*patterns, *DEFAULT_PATTERNS],
            learner_map=learner_map,
            progress=None if args.quiet else show_progress,
            protected=protected,
        )
    except (IntakeError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    learners = len({p[0] for p in result.placed})
    print(
        f"{args.source}: placed {len(result.placed)} notebook(s) for {learners} learner(s) in "
        f"{course / 'submitted'}; {result.skipped_unchanged} unchanged; {len(result.rejected)} rejected."
    )
    for r in result.rejected:
        print(f"REJECTED {console_text(r.source)}: {console_text(r.reason)}")
    return 0 if result.placed or result.skipped_unchanged else 1


def cmd_report(args: argparse.Namespace) -> int:
    from tic_course.book.chapter_minutes import objective_texts
    from tic_course.grading.records import RecordsError
    from tic_course.grading.report import ReportError, ReportOutputError, load_folder, write_report
    from tic_course.grading.report.writer import DEFAULT_PASS_MARK
    from tic_course.grading.roster import RosterError, read_roster

    folder: Path = args.folder
    out: Path = args.out if args.out is not None else folder / "report"
    try:
        resolved_out, resolved_in = out.resolve(), folder.resolve()
        if resolved_out == resolved_in or resolved_out in resolved_in.parents:
            raise ReportOutputError(f"{out}: --out must not be the input folder or contain it")
        print(f"Reading {folder} ...")
        results, items, assignments = load_folder(folder)
        roster = read_roster(Path(args.roster), args.roster_format) if args.roster else None
        chapters = Path(args.chapters) if args.chapters else _default_chapters(args)
        # Everyone the report counts: a class list adds those who never submitted. The tables hold
        # one row per scenario (an nbgrader assignment), not per chapter module.
        learners = {*results["learner_id"], *(roster.ids() if roster else ())}
        print(f"Writing report for {len(learners)} learners, {len(assignments)} scenarios, {len(items)} items ...")
        paths = write_report(
            results, items, assignments, out, cohort_name=args.cohort_name,
            roster=roster.ids() if roster else (),
            pass_mark=DEFAULT_PASS_MARK if args.pass_mark is None else args.pass_mark,
            pass_marks=_module_pass_marks(args, assignments),
            not_on_roster=_strangers(results, roster),
            objective_texts=objective_texts(chapters) if chapters and chapters.is_dir() else {},
        )
    except (ReportError, RosterError, RecordsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: could not write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"Wrote {len(paths)} files to {out}: {', '.join(paths)}")
    return 0


def _module_pass_marks(args: argparse.Namespace, assignments) -> dict[str, float] | None:
    """{scenario: its chapter module's pass mark} from --course's config, unless --pass-mark sets one for all.

    The report and the training record must agree on who passed, so both read c.TrainingRecord.
    """
    from tic_course.grading.records.course import course_config, settings_of

    if args.pass_mark is not None or args.course is None:
        return None
    record = settings_of(args.course, course_config(args.course))
    return {a: record.pass_mark(c) for a, c in zip(assignments["assignment"], assignments["chapter"], strict=True)}


def _default_chapters(args: argparse.Namespace) -> Path | None:
    """The repository's book/chapters, when the report is written inside a course repository."""
    try:
        return CourseLayout.at(args.root).chapters
    except LayoutError:
        return None


def _strangers(results: pd.DataFrame, roster: Roster | None) -> dict[str, list[str]]:
    """{learner: assignments} with results but not on the class list (none without one)."""
    if roster is None:
        return {}
    known = set(roster.ids())
    rows = results[~results["learner_id"].isin(known)]
    return {learner: sorted(set(group["assignment"])) for learner, group in rows.groupby("learner_id")}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "grade",
        help="collect, autograde, give feedback and report, in one step",
        description="Collect an LMS download (zip or folder) or an nbgrader submitted/ tree, autograde it in "
        "parallel, generate feedback, and write results and the cohort report. Running it again "
        "changes nothing unless submissions changed. Exit status: 0 all graded; 2 finished, but some "
        "files were rejected or failed (listed); 1 nothing could be done.",
    )
    p.add_argument("source", help="LMS download (.zip or folder), or the course's submitted/ folder")
    p.add_argument("--course", default=None, help="nbgrader course root (default: grading/)")
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        help="worker processes; sets c.GradingPipeline.workers (default: the course config, else one per core)",
    )
    p.add_argument(
        "--db-url",
        default=None,
        help="gradebook database URL; sets c.CourseDirectory.db_url (e.g. postgresql+psycopg2://...)",
    )
    p.add_argument(
        "--report-dir",
        default=None,
        help="where results and the report go; sets c.GradingPipeline.report_dir (default: COURSE/reports)",
    )
    p.add_argument("--exercises", default=None, help="scenario files folder (default: exercises/)")
    p.add_argument(
        "--learner-map", default=None, help="CSV with columns lms_id,learner_id: record learners under your own ids"
    )
    add_roster_options(p, "put its learners in the gradebook, list and skip submitters it does not name, and "
                       "write the training record and who has not submitted (REPORT_DIR/records)")
    p.add_argument("--no-feedback", action="store_true", help="skip nbgrader generate_feedback")
    p.add_argument("--force", action="store_true", help="regrade every submission, changed or not")
    p.set_defaults(func=cmd_grade)

    p = sub.add_parser(
        "intake",
        help="place the notebooks of an LMS download in the course's submitted/ folder",
        description="Check an LMS bulk download (Canvas, Moodle or Blackboard zip or folder, or an "
        "nbgrader-style <learner>/<assignment>/<assignment>.ipynb tree) and place each usable "
        "notebook in COURSE/submitted/<learner>/<assignment>/ with a timestamp.txt, ready for "
        "`nbgrader autograde`. Every file that cannot be used is listed with the reason. Running it "
        "again changes nothing.",
        epilog="Exit status: 0 when at least one notebook was placed or all were already in place, 1 "
        "when nothing usable was found, 2 when intake could not start.",
    )
    p.add_argument("source", help="the LMS download: a .zip file or a folder")
    p.add_argument("--course", default=None, help="nbgrader course root with release/ (default: grading/)")
    p.add_argument(
        "--assignment",
        action="append",
        metavar="ID",
        help="take in only this assignment (repeatable; default: every assignment released in COURSE/release/)",
    )
    p.add_argument("--learner-map", metavar="CSV", help="CSV with columns lms_id,learner_id to rename LMS ids")
    p.add_argument(
        "--pattern",
        action="append",
        default=[],
        metavar="NAME=REGEX",
        help="an extra LMS naming pattern with the groups learner and filename, tried before the built-in "
        "canvas, moodle and blackboard patterns",
    )
    p.add_argument("--quiet", action="store_true", help="no progress messages")
    p.set_defaults(func=cmd_intake)

    p = sub.add_parser(
        "report",
        help="write the cohort report from exported tables",
        description="Write the educators' cohort report (report.html and CSV files) from an export folder "
        "holding results.csv, items.csv and assignments.csv.",
    )
    p.add_argument("folder", type=Path, metavar="DIR", help="folder with results.csv, items.csv and assignments.csv")
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help="report folder to write (replaced whole if it holds an older report; default: DIR/report)",
    )
    p.add_argument(
        "--cohort-name", default="Cohort", help="name shown at the top of the report (default: %(default)s)"
    )
    add_roster_options(p, "learners on it who submitted nothing count in every rate and are named per module; "
                       "learners with results but not on it are listed")
    p.add_argument("--pass-mark", type=float, default=None,
                   help="one percent at or above which a complete module counts as passed, for every module "
                        "(default: each module's pass mark from --course's c.TrainingRecord, else 80)")
    p.add_argument("--course", type=Path, default=None, metavar="DIR",
                   help="the nbgrader course whose nbgrader_config.py sets c.TrainingRecord.pass_marks per module, "
                        "as the training record uses them")
    p.add_argument("--chapters", default=None,
                   help="the book's chapters, to show learning objectives by their words (default: book/chapters)")
    p.set_defaults(func=cmd_report)
