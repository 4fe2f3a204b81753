"""``workshop``: the hospital workshop kit, one sub-command per function.

``tic-course workshop build WORKSHOP.yml`` prints a session's materials. Each sub-command is one
``register_<name>`` function taking the ``workshop`` group's sub-parsers, listed in
:data:`SUBCOMMANDS`, so another (``evaluate``) is added by writing its function and listing it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from tic_course.cli import workshop_eval_commands
from tic_course.layout import CourseLayout


def cmd_build(args: argparse.Namespace) -> int:
    from tic_course.workshop.build import KitFolderError, build
    from tic_course.workshop.config import WorkshopError, load_workshop
    from tic_course.workshop.fonts import font_folder
    from tic_course.workshop.records import RecordsError

    workshop_file = Path(args.workshop)
    layout = CourseLayout.at(args.root) if args.root else CourseLayout.find(workshop_file.resolve().parent)
    try:
        workshop = load_workshop(workshop_file, layout)
    except WorkshopError as exc:
        print(exc.report(), file=sys.stderr)
        print("No files were written.", file=sys.stderr)
        return 1
    out = Path(args.out) if args.out else layout.build / "workshops" / workshop_file.stem
    fonts = font_folder(layout.cache / "workshop-fonts", layout.cache / "npm")
    try:
        attendance = Path(args.attendance) if args.attendance else None
        written = build(workshop, out, fonts=fonts, paper=args.paper, attendance=attendance)
    except (RecordsError, KitFolderError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("No files were written.", file=sys.stderr)
        return 1
    print(f"{len(written) + 1} files in {out}; open {out / 'index.html'}")
    return 0


def register_build(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "build",
        help="print-ready files for one workshop (guide, role-play cards, handouts, sign-in, certificates)",
        description="Check WORKSHOP.yml against the course, then write a folder of print-ready PDFs and CSVs with an "
        "index.html. With --attendance (the filled-in attendance sheet) it also writes certificates, the certificate "
        "register and the training record. The folder is replaced whole, only when everything was built.",
    )
    p.add_argument("workshop", help="the workshop file (see workshops/ for examples)")
    p.add_argument("--out", default=None, help="output folder (default: _build/workshops/<file name>)")
    p.add_argument("--paper", choices=("a4", "letter"), default="a4", help="paper size (default: a4)")
    p.add_argument("--attendance", default=None, help="the filled-in attendance CSV (learner_id,name,email,attended)")
    p.set_defaults(func=cmd_build)


SUBCOMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [register_build, workshop_eval_commands.register]


def register(sub: argparse._SubParsersAction) -> None:
    group = sub.add_parser(
        "workshop",
        help="hospital workshop kit: printed materials and records for a face-to-face session",
        description="Tools for running the course as a face-to-face workshop.",
    )
    workshop_sub = group.add_subparsers(dest="workshop_command", required=True, metavar="SUBCOMMAND")
    for add in SUBCOMMANDS:
        add(workshop_sub)
