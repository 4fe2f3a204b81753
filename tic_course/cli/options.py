"""Defaults the sub-commands share: an explicit path wins, otherwise the course's own folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from tic_course.layout import CourseLayout


def course_folder(args: argparse.Namespace) -> Path:
    """``--course`` when given, else the repository's nbgrader course (``grading/``)."""
    return Path(args.course) if args.course else CourseLayout.at(args.root).course


def scenario_files(args: argparse.Namespace) -> list[Path]:
    """The scenario files named on the command line, or every ``exercises/*/scenario.yml``."""
    return [Path(p) for p in args.files] if args.files else CourseLayout.at(args.root).scenario_files()


ROSTER_FORMATS = ("canvas", "moodle", "blackboard", "plain")


def add_roster_options(parser: argparse.ArgumentParser, what: str, *, required: bool = False) -> None:
    """``--roster CSV`` and ``--roster-format``, worded the same on every command that takes them."""
    parser.add_argument("--roster", metavar="CSV", default=None, required=required,
                        help=f"the class list (Canvas gradebook export, Moodle grading worksheet, participants or "
                        f"grades export, Blackboard Full Grade Centre download, or a plain CSV): {what}")
    parser.add_argument("--roster-format", choices=ROSTER_FORMATS, default=None,
                        help="the class list's format (default: detected from its header row)")
