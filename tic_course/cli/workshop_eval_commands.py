"""``workshop questionnaire`` and ``workshop evaluate``: a workshop's pre/post evaluation.

Registered under the ``workshop`` command group (see :mod:`tic_course.cli`), beside the kit's
``workshop build``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tic_course.layout import CourseLayout

if TYPE_CHECKING:
    from tic_course.workshop.evaluation.questionnaire import Questionnaire


def _questionnaire(args: argparse.Namespace) -> Questionnaire:
    """The questionnaire named by --questionnaire, or the course's own; imported late to keep --help fast."""
    from tic_course.workshop.evaluation.questionnaire import default_file, load_questionnaire

    return load_questionnaire(
        Path(args.questionnaire) if args.questionnaire else default_file(), CourseLayout.at(args.root)
    )


def cmd_questionnaire(args: argparse.Namespace) -> int:
    from tic_course.workshop.evaluation.questionnaire import QuestionnaireError
    from tic_course.workshop.evaluation.report import write_questionnaire

    try:
        questionnaire = _questionnaire(args)
    except QuestionnaireError as exc:
        print(exc, file=sys.stderr)
        return 1
    try:
        paths = write_questionnaire(questionnaire, Path(args.out))
    except OSError as exc:
        print(f"error: cannot write into {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for path in paths:
        print(path)
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from tic_course.workshop.evaluation.forms import ResponsesError, read_responses
    from tic_course.workshop.evaluation.questionnaire import QuestionnaireError
    from tic_course.workshop.evaluation.report import write_report
    from tic_course.workshop.evaluation.statistics import evaluate

    try:
        questionnaire = _questionnaire(args)
        responses = read_responses(Path(args.responses), questionnaire)
    except (QuestionnaireError, ResponsesError) as exc:
        print(exc, file=sys.stderr)
        print("Nothing was written.", file=sys.stderr)
        return 1
    evaluation = evaluate(questionnaire, responses)
    out = Path(args.out) if args.out else Path(args.responses).resolve().parent
    try:
        report = write_report(evaluation, out, datetime.now())
    except OSError as exc:
        print(f"error: cannot write into {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(
        f"{len(evaluation.paired_codes)} paired, {len(evaluation.only_before)} before only, "
        f"{len(evaluation.only_after)} after only"
    )
    print(report)
    return 0


def register(workshop: argparse._SubParsersAction) -> None:
    """Add the evaluation commands to the ``workshop`` group's sub-commands."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--questionnaire",
        default=None,
        help="questionnaire YAML (default: the course's own, tic_course/workshop/evaluation/questionnaire.yml)",
    )
    p = workshop.add_parser(
        "questionnaire",
        parents=[common],
        help="write the printable pre/post questionnaire, the form set-up sheet and CSV templates",
        description="Write questionnaire.html (print it on A4 or US Letter), form-setup.html (how to build the "
        "same form in Microsoft Forms or Google Forms) and CSV templates whose columns match each export. "
        "Knowledge questions are read from the course's knowledge checks, so they match the book.",
    )
    p.add_argument("--out", required=True, help="folder to write into (created if needed)")
    p.set_defaults(func=cmd_questionnaire)

    p = workshop.add_parser(
        "evaluate",
        parents=[common],
        help="report pre/post change from a Microsoft Forms or Google Forms export",
        description="Read a form export (CSV), check every row, pair before and after forms by participant "
        "code, and write evaluation-report.html: change per item and overall with the Wilcoxon signed-rank "
        "test and an effect size, satisfaction, comments and unpaired forms. Kirkpatrick levels 1-2 only. "
        "Exit status 1, with every problem listed by row and column, if the export cannot be used.",
    )
    p.add_argument("responses", help="the export, saved as CSV UTF-8")
    p.add_argument("--out", default=None, help="folder for the report (default: the export's folder)")
    p.set_defaults(func=cmd_evaluate)
