"""``roster import`` and ``records``: the class list into the gradebook, and the training record out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tic_course.cli.options import ROSTER_FORMATS, add_roster_options, course_folder
from tic_course.layout import CourseLayout


def cmd_roster_import(args: argparse.Namespace) -> int:
    from nbgrader.coursedir import CourseDirectory

    from tic_course.grading.records import RecordsError
    from tic_course.grading.records.course import course_config
    from tic_course.grading.roster import RosterError, read_roster
    from tic_course.grading.roster.gradebook import import_roster

    course = course_folder(args)
    try:
        roster = read_roster(Path(args.roster), args.roster_format)
        db = CourseDirectory(config=course_config(course)).db_url
        count = import_roster(roster, db)
    except (RosterError, RecordsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{args.roster}: {count} learner(s) ({roster.source}) added or updated in the gradebook ({db})")
    return 0


def cmd_records(args: argparse.Namespace) -> int:
    from tic_course.grading.records import RecordsError
    from tic_course.grading.records.course import write_course_records
    from tic_course.grading.report import ReportError, load_folder
    from tic_course.grading.roster import RosterError, read_roster
    from tic_course.grading.safe_text import console_text

    folder: Path = args.folder
    out: Path = args.out if args.out is not None else folder / "records"
    try:
        roster = read_roster(Path(args.roster), args.roster_format)
        results, _, assignments = load_folder(folder)
        chapters = Path(args.chapters) if args.chapters else CourseLayout.at(args.root).chapters
        paths = write_course_records(results, assignments, roster, out, course=course_folder(args).resolve(),
                                     chapters=chapters)
    except (RosterError, RecordsError, ReportError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: could not write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    strangers = sorted(set(results["learner_id"]) - set(roster.ids()))
    for learner in strangers:
        print(f"NOT ON ROSTER {console_text(learner)}: has results but is not on the class list "
              "(listed in not_on_roster.csv, left out of the training record)")
    print(f"Wrote {len(paths)} files to {out}")
    return 2 if strangers else 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("roster", help="the class list: import it into the gradebook",
                       description="Work with the class list exported from your LMS.")
    roster_sub = p.add_subparsers(dest="roster_command", required=True, metavar="COMMAND")
    p = roster_sub.add_parser(
        "import", help="add or update the class list's learners in the nbgrader gradebook",
        description="Read a class list (Canvas gradebook export, Moodle grading worksheet, participants list or "
        "grade export, Blackboard Full Grade Centre download, or a plain CSV with learner_id,name and optional "
        "email,lms_id,sis_id,section) and add or update each learner in the course's nbgrader gradebook with "
        "their name, e-mail and LMS id. The file is checked whole first: a bad file (missing columns, a "
        "learner twice, not UTF-8) is refused with its file and line, and nothing is changed.",
        epilog="Exit status: 0 imported; 2 the class list or the course could not be used.")
    p.add_argument("roster", metavar="ROSTER.csv", help="the class list")
    p.add_argument("--course", default=None, help="nbgrader course root (default: grading/)")
    p.add_argument("--roster-format", choices=ROSTER_FORMATS, default=None,
                   help="the class list's format (default: detected from its header row)")
    p.set_defaults(func=cmd_roster_import)

    p = sub.add_parser(
        "records", help="write the training record and who has not submitted",
        description="From an export folder (results.csv, items.csv and assignments.csv, as `tic-course grade` "
        "writes to REPORT_DIR/data) and the class list, write the training record (training_record.csv and "
        ".xlsx: one row per learner x module, learners who never started included), the non-submitter lists "
        "for a reminder mail merge (not_submitted.csv and not_submitted/<module code>.csv) and "
        "not_on_roster.csv. Codes, pass marks and the time zone come from c.TrainingRecord in the course's "
        "nbgrader_config.py; due dates from its gradebook; CPD minutes from the book.",
        epilog="Exit status: 0 written; 2 written, but someone with results is not on the class list (listed), "
        "or nothing written because an input could not be used.")
    p.add_argument("folder", type=Path, metavar="DIR", help="folder with results.csv, items.csv and assignments.csv")
    add_roster_options(p, "whose learners the record lists", required=True)
    p.add_argument("--course", default=None, help="nbgrader course root, for its settings (default: grading/)")
    p.add_argument("--chapters", default=None, help="the book's chapters, for minutes and titles "
                   "(default: book/chapters)")
    p.add_argument("--out", type=Path, default=None,
                   help="records folder to write (replaced whole if it holds older records; default: DIR/records)")
    p.set_defaults(func=cmd_records)
