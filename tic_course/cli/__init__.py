"""``tic-course``: the one command for authors, educators and the build.

It is thin on purpose (otter-grader's model): each sub-command parses its arguments, builds the
:class:`~tic_course.layout.CourseLayout` and delegates to a library function. The sub-commands
follow the data flow:

========================  ==================================================================
``validate``              check scenario files (``exercises/<id>/scenario.yml``)
``build``                 scenario -> nbgrader source notebook (``--release`` also releases)
``release``               source -> student assignment (nbgrader), plus the book's pages
``intake``                LMS download -> ``grading/submitted/``
``grade``                 intake, autograde, feedback and report in one step
``report``                exported tables -> the cohort report
``roster import``         the LMS's class list -> the gradebook's learners
``records``               results + class list -> training record and non-submitter lists
``check-chapters``        the book's chapter rules (objectives, checks, citations)
``assets``                fetch the pinned browser libraries the offline site serves
``workshop``              a face-to-face workshop: ``build`` (print-ready materials and records),
                          ``questionnaire`` and ``evaluate`` (pre/post evaluation)
``scorm build``           SCORM 1.2 and 2004 packages of each module and the course, for an LMS
========================  ==================================================================

Every sub-command exits 0 on success, non-zero with a message naming the file and the problem
otherwise; ``--help`` on each explains the rest.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tic_course.cli import (
    book_commands,
    grading_commands,
    records_commands,
    scenario_commands,
    scorm_commands,
    workshop_commands,
)
from tic_course.environment import ensure_own_bin_on_path
from tic_course.layout import LayoutError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tic-course",
        description="Trauma-informed care course tools. Data flow: scenario -> source notebook -> "
        "release -> submission -> grade -> feedback -> report.",
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=None,
        help="the course repository (default: the one that holds the current folder)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in (scenario_commands, grading_commands, records_commands, book_commands, workshop_commands,
                  scorm_commands):
        group.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    ensure_own_bin_on_path()  # nbgrader runs `alembic` and kernels found on PATH
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except LayoutError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

