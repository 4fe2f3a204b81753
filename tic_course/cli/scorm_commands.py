"""``scorm build``: the course as SCORM 1.2 and 2004 packages for a hospital's LMS."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tic_course.layout import CourseLayout


def parse_pass_marks(values: list[str]) -> dict[str, int]:
    """``80`` (every module) or ``consent=70`` (one module) -> {"*": 80, "consent": 70}."""
    marks: dict[str, int] = {}
    for value in values:
        code, sep, mark = value.rpartition("=")
        try:
            number = int(mark)
        except ValueError:
            raise argparse.ArgumentTypeError(f"--pass-mark {value!r}: the mark must be a whole number") from None
        marks[code if sep else "*"] = number
    return marks


def cmd_scorm_build(args: argparse.Namespace) -> int:
    from tic_course.scorm.modules import ModuleError
    from tic_course.scorm.package import build, summary
    from tic_course.scorm.pages import PageError

    layout = CourseLayout.at(args.root)
    try:
        marks = parse_pass_marks(args.pass_mark)
        built = build(layout, Path(args.out) if args.out else layout.build / "scorm", marks)
    except (argparse.ArgumentTypeError, ModuleError, PageError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(summary(built))
    print(f"{len(built)} packages in {built[0].path.parent}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    scorm = sub.add_parser(
        "scorm",
        help="SCORM packages of the course for a learning management system",
        description="Package the built book for an LMS (Moodle, Totara, ESR and others).",
    )
    group = scorm.add_subparsers(dest="scorm_command", required=True, metavar="SUBCOMMAND")
    p = group.add_parser(
        "build",
        help="write a SCORM 1.2 and a SCORM 2004 zip for each module and for the whole course",
        description="Write, from the built book (_build/html: run `make book` first), a SCORM 1.2 and a SCORM "
        "2004 4th Edition zip for each module (a chapter and its practice scenarios) and for the whole "
        "course, and print each package's size. They report completion, pass or fail, score, time, "
        "every answer and the place to resume (README: Delivering through a SCORM LMS).",
    )
    p.add_argument("--out", default=None, help="output folder (default: _build/scorm)")
    p.add_argument(
        "--pass-mark",
        action="append",
        default=[],
        metavar="[MODULE=]PER_CENT",
        help="pass mark in per cent, for every module (80) or one module (consent=70); default 80; repeatable",
    )
    p.set_defaults(func=cmd_scorm_build)
