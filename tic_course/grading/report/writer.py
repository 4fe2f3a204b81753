"""Write the report folder: report.html and the CSV files, swapped in whole or not at all.

Everything is built in a temporary folder beside the destination and put in place with
:func:`tic_course.atomic.replace_folder`, so an educator opening the report while it is being
rewritten sees the old complete report or the new one, and a failure halfway (a full disk, bad
input found late) leaves the previous report untouched and no partial files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from tic_course.atomic import replace_folder
from tic_course.grading.item_analysis import distractors, item_statistics, mastery
from tic_course.grading.report.glance import glance
from tic_course.grading.report.inputs import (
    ReportOutputError,
    check_references,
    prepare_assignments,
    prepare_items,
    prepare_results,
    restrict_answers,
)
from tic_course.grading.report.render import render_html
from tic_course.grading.report.tables import completion_table, csv_exports
from tic_course.grading.safe_text import clean, csv_safe

REPORT_HTML = "report.html"
DEFAULT_PASS_MARK = 80.0


def check_out_dir(out_dir: Path) -> None:
    """Refuse to replace anything that is not an earlier report (or an empty folder).

    The report folder is replaced whole, so pointing --out at the wrong folder must not delete
    someone's files.
    """
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise ReportOutputError(f"{out_dir}: exists and is not a folder")
    if any(out_dir.iterdir()) and not (out_dir / REPORT_HTML).is_file():
        raise ReportOutputError(
            f"{out_dir}: folder is not empty and holds no {REPORT_HTML}; "
            "refusing to replace it (choose a new or report folder)"
        )


def folder_mode(out_dir: Path) -> int:
    """Permissions for the new report folder: those of the report it replaces, else the umask's.

    mkdtemp makes a private (0700) folder; keeping that would silently lock colleagues out of
    a shared report folder, so the swapped-in folder looks as if it had been made with mkdir.
    """
    if out_dir.is_dir():
        return out_dir.stat().st_mode & 0o7777
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o777 & ~umask


def late_submissions(results: pd.DataFrame) -> list[dict]:
    """One row per late submission (learner, module, days late, penalty %), for the late-policy section."""
    late = results[results["late"]].drop_duplicates(["learner_id", "assignment"])
    late = late.sort_values(["assignment", "learner_id"], kind="stable")
    return [
        {"learner_id": r.learner_id, "assignment": r.assignment, "days": int(r.late_days),
         "penalty": f"{float(r.late_penalty_percent):g}%"}
        for r in late.itertuples()
    ]


def write_report(
    results: pd.DataFrame,
    items: pd.DataFrame,
    assignments: pd.DataFrame,
    out_dir: Path,
    *,
    cohort_name: str = "Cohort",
    generated_at: datetime | None = None,
    roster: Sequence[str] = (),
    pass_mark: float = DEFAULT_PASS_MARK,
    pass_marks: Mapping[str, float] | None = None,
    rejected: Sequence[tuple[str, str]] = (),
    not_on_roster: Mapping[str, Sequence[str]] | None = None,
    objective_texts: Mapping[str, str] | None = None,
    extra_includes: Sequence[str] = (),
    late_policy: str = "",
) -> dict[str, Path]:
    """Write report.html and the CSV files into ``out_dir``; return {file name: path}.

    Everything is built in a temporary folder next to ``out_dir`` and swapped in at the end, so
    a failure leaves the previous report untouched and no partial files. Raises
    ReportInputError for tables that break the contract, ReportOutputError when ``out_dir``
    exists and is not a report folder. A fixed ``generated_at`` gives byte-identical files.

    ``roster`` (learner ids of the class list) adds learners who submitted nothing, so every
    rate counts them and the report names who is missing. ``pass_marks`` ({assignment: percent},
    as the training record sets them per module), else ``pass_mark``, decide the pass rate.
    ``rejected`` ((file, reason) from intake) and ``not_on_roster`` ({learner: assignments} not
    graded) are listed under what was not graded; ``objective_texts`` shows objectives by their
    words; ``extra_includes`` names further templates of the report package to render after the
    detailed sections (see :func:`~.render.render_html`).
    """
    out_dir = Path(out_dir)
    results = prepare_results(results)
    items = prepare_items(items)
    assignments = prepare_assignments(assignments)
    check_references(results, items, assignments)
    results = restrict_answers(results, items)
    check_out_dir(out_dir)
    generated_at = generated_at or datetime.now(UTC)
    if generated_at.tzinfo is None:
        generated_at = generated_at.replace(tzinfo=UTC)

    completion = completion_table(results, assignments, roster)
    objectives = mastery(results, "objectives", "objective")
    skills = mastery(results, "skills", "skill")
    stats = item_statistics(results, items)
    options, others = distractors(results, items)
    marks = {a: float((pass_marks or {}).get(a, pass_mark)) for a in assignments["assignment"]}
    first_screen = glance(completion, assignments, results, stats, marks=marks,
                          rejected=[(clean(f), clean(r)) for f, r in rejected], strangers=not_on_roster)
    page = render_html(
        cohort_name=clean(cohort_name),
        generated_at=generated_at,
        completion=completion,
        assignments=assignments,
        objectives=objectives,
        skills=skills,
        stats=stats,
        options=options,
        others=others,
        glance=first_screen,
        objective_texts=objective_texts,
        extra_includes=extra_includes,
        late_policy=late_policy,
        late=late_submissions(results),
    )
    csvs = csv_exports(
        completion=completion,
        objectives=objectives,
        skills=skills,
        stats=stats,
        options=options,
    )

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    mode = folder_mode(out_dir)
    # The staging folder is private until replace_folder swaps it in whole, so its files are
    # written directly: the folder swap, not each file, is what makes the report atomic.
    built = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    try:
        built.chmod(mode)
        (built / REPORT_HTML).write_text(page, encoding="utf-8")
        for name, table in csvs.items():
            csv_safe(table).to_csv(built / name, index=False, encoding="utf-8", lineterminator="\n")
        replace_folder(built, out_dir)
    except BaseException:
        shutil.rmtree(built, ignore_errors=True)
        raise
    return {name: out_dir / name for name in [REPORT_HTML, *csvs]}
