"""``export``: files to load back into the LMS, from a graded course.

``tic-course export gradebook`` writes the grades in Canvas's, Moodle's or Blackboard's own
import format (:mod:`tic_course.grading.lms_export`); ``tic-course export feedback`` packs the
learners' feedback pages for the LMS's bulk feedback upload, or as a folder per learner
(:mod:`tic_course.grading.feedback_return`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tic_course.cli.options import course_folder


def cmd_gradebook(args: argparse.Namespace) -> int:
    from tic_course.grading.lms_export import ExportError, export_from_course
    from tic_course.grading.roster import RosterError, read_roster
    from tic_course.grading.safe_text import console_text

    columns = {}
    for option in args.column:
        module, sep, header = option.partition("=")
        if not (module and sep and header):
            print(f"error: --column {option!r}: write MODULE=COLUMN", file=sys.stderr)
            return 2
        columns[module] = header
    try:
        roster = read_roster(Path(args.roster), args.roster_format).frame()
        book = export_from_course(args.lms, course_folder(args), roster, Path(args.out), columns=columns)
    except (RosterError, ExportError) as exc:
        print(f"error: {console_text(exc)}", file=sys.stderr)
        return 2
    print(f"Wrote {args.out}: {len(book.roster)} learner(s), {len(book.modules)} module(s), "
          f"{len(book.points)} grade(s) for {args.lms}.")
    for line in book.held_back:
        print(f"HELD BACK {console_text(line)}")
    for line in book.not_in_roster:
        print(f"NOT IN ROSTER {console_text(line)}: not written (add the learner to the roster, or check the id)")
    return 0


def cmd_feedback(args: argparse.Namespace) -> int:
    from tic_course.grading.feedback import LearnerFeedback
    from tic_course.grading.feedback_return import ReturnError, export_feedback
    from tic_course.grading.pipeline import GradingError, feedback_settings, load_course
    from tic_course.grading.safe_text import console_text

    course = course_folder(args).resolve()
    try:
        coursedir, _ = load_course(course)
        settings: LearnerFeedback = feedback_settings(course, coursedir.config)
        result = export_feedback(course, args.lms, Path(args.out), folder=settings.folder,
                                 assignments=set(args.assignment) if args.assignment else None)
    except (GradingError, ReturnError, OSError) as exc:
        print(f"error: {console_text(exc)}", file=sys.stderr)
        return 2
    count = sum(len(names) for names in result.written.values())
    print(f"Wrote {count} page(s) into {len(result.written)} {'folder' if args.lms == 'folders' else 'zip'}(s) "
          f"in {args.out}; {len(result.skipped)} skipped.")
    for where, why in result.skipped:
        print(f"SKIPPED {console_text(where)}: {console_text(why)}")
    return 0 if count or not result.skipped else 1


def register(sub: argparse._SubParsersAction) -> None:
    group = sub.add_parser("export", help="grades and feedback to load back into the LMS",
                           description="Files to load back into Canvas, Moodle or Blackboard, from a graded course.")
    inner = group.add_subparsers(dest="export_command", required=True, metavar="WHAT")

    p = inner.add_parser(
        "gradebook",
        help="grades in the LMS's gradebook import format",
        description="Write one grade per roster learner and module in the LMS's own import format, from the "
        "results `tic-course grade` wrote. A module is blank for a learner who did not submit it or whose "
        "marking is not finished (listed as HELD BACK). Scores are the honest totals scaled to the module's "
        "points (or c.GradebookExport.points), less the late penalty.",
        epilog="Column names: c.GradebookExport.canvas_columns / moodle_columns / blackboard_columns in the "
        "course's nbgrader_config.py, or --column. Exit status: 0 written; 2 nothing written (reason given).",
    )
    p.add_argument("--lms", required=True, choices=["canvas", "moodle", "blackboard"])
    p.add_argument("--roster", required=True, metavar="CSV", help="the class list exported from the LMS")
    p.add_argument("--roster-format", default=None, choices=["canvas", "moodle", "blackboard", "plain"],
                   help="the class list's format (default: recognised from its header row)")
    p.add_argument("--out", required=True, metavar="CSV", help="the file to write")
    p.add_argument("--course", default=None, help="nbgrader course root (default: grading/)")
    p.add_argument("--column", action="append", default=[], metavar="MODULE=COLUMN",
                   help="the LMS's own column for a module, e.g. 'triage-pain=Triage: pain (678901)' (repeatable)")
    p.set_defaults(func=cmd_gradebook)

    p = inner.add_parser(
        "feedback",
        help="the learners' feedback pages for the LMS's bulk feedback upload",
        description="Pack the learners' feedback pages: --lms moodle writes ASSIGNMENT.zip for Moodle's 'Upload "
        "multiple feedback files in a zip'; --lms canvas writes ASSIGNMENT.zip for Canvas's 'Upload feedback' in "
        "the Gradebook; --lms folders writes LEARNER/ASSIGNMENT.html. Files are named from the LMS's own download "
        "names, kept by intake; a page that cannot be matched is listed as SKIPPED.",
        epilog="Exit status: 0 written; 1 nothing could be matched; 2 nothing written (reason given).",
    )
    p.add_argument("--lms", required=True, choices=["moodle", "canvas", "folders"])
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write (replaced whole if an earlier return)")
    p.add_argument("--course", default=None, help="nbgrader course root (default: grading/)")
    p.add_argument("--assignment", action="append", metavar="ID", help="only this assignment (repeatable)")
    p.set_defaults(func=cmd_feedback)
