"""Gradebook files in each LMS's own import format, from the results tables and the roster.

One module per LMS (``canvas``, ``moodle``, ``blackboard``), each citing the documentation it
follows; :mod:`.grades` decides the numbers once for all of them. Run
``tic-course export gradebook --help``.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pandas as pd
from traitlets import Dict, TraitError
from traitlets.config import Config, Configurable

from tic_course.grading.lms_export import blackboard, canvas, moodle
from tic_course.grading.lms_export.grades import (
    ROSTER_COLUMNS,
    ExportError,
    Gradebook,
    check_roster,
    format_points,
    gradebook,
)

__all__ = ["FORMATS", "ROSTER_COLUMNS", "ExportError", "Gradebook", "GradebookExport", "export_from_course",
           "export_gradebook", "format_points"]

FORMATS: dict[str, ModuleType] = {"canvas": canvas, "moodle": moodle, "blackboard": blackboard}


class GradebookExport(Configurable):
    """Settings for ``tic-course export gradebook``, read from the course's nbgrader_config.py."""

    canvas_columns = Dict(
        {}, help="{module id: Canvas column} as Canvas's gradebook export names it, e.g. 'Triage (678901)'."
    ).tag(config=True)
    moodle_columns = Dict({}, help="{module id: column name} for Moodle's grade import (default: the title).").tag(
        config=True
    )
    blackboard_columns = Dict(
        {}, help="{module id: Grade Center column} with its Column ID, e.g. 'Triage [Total Pts: 13 Score] |4567'."
    ).tag(config=True)
    points = Dict({}, help="{module id: points} the LMS column is out of, when not the module's points.").tag(
        config=True
    )


def export_gradebook(
    lms: str,
    results: pd.DataFrame,
    assignments: pd.DataFrame,
    roster: pd.DataFrame,
    out: Path,
    *,
    headers: dict[str, str] | None = None,
    points: dict[str, float] | None = None,
) -> Gradebook:
    """Write ``out`` in ``lms``'s gradebook import format; return what was written (and held back).

    ``roster`` has the columns ``ROSTER_COLUMNS`` (learner_id, lms_id, name, email, sis_id,
    section, source). ``headers`` maps a module id to the LMS's own column for it (copied from
    the LMS's gradebook export); a module without one becomes a new column. ``points`` maps a
    module id to what the LMS column is out of, when that differs from the module's points.
    Raises ExportError, before anything is written, for an unknown LMS, a roster without the
    column the LMS matches learners by, or a malformed column name.
    """
    if lms not in FORMATS:
        raise ExportError(f"unknown LMS {lms!r} (expected one of {', '.join(FORMATS)})")
    module = FORMATS[lms]
    frame = check_roster(roster, lms.capitalize(), module.NEED)
    table = assignments.copy()
    unknown = sorted((set(headers or {}) | set(points or {})) - set(table["assignment"]))
    if unknown:
        raise ExportError(f"no module {', '.join(unknown)} in this course (modules: {', '.join(table['assignment'])})")
    for assignment, value in (points or {}).items():
        if not float(value) > 0:
            raise ExportError(f"points for {assignment} must be more than 0, not {value!r}")
        table.loc[table["assignment"] == assignment, "total_points"] = float(value)
    book = gradebook(results, table, frame)
    names = [module.header(m, headers or {}) for m in book.modules]  # checked before anything is written
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ExportError(f"two modules would share the {lms} column {repeated[0]!r}: give each its own column")
    module.write(book, headers or {}, Path(out))
    return book


def export_from_course(
    lms: str, course: Path, roster: pd.DataFrame, out: Path, *, columns: dict[str, str] | None = None
) -> Gradebook:
    """Export the course's latest results (``<report_dir>/data/``, as ``tic-course grade`` wrote them).

    Column names and points come from ``c.GradebookExport`` in the course's nbgrader_config.py;
    ``columns`` (from the command line) override them. Raises ExportError with the file or setting.
    """
    from tic_course.grading.pipeline import GradingError, load_course
    from tic_course.grading.report import ReportError, load_folder

    try:
        _, settings = load_course(Path(course).resolve(), Config())
        export = GradebookExport(config=settings.config)
    except (GradingError, TraitError) as exc:
        raise ExportError(str(exc)) from None
    data = (Path(course).resolve() / settings.report_dir / "data").resolve()
    try:
        results, _, assignments = load_folder(data)
    except ReportError as exc:
        raise ExportError(f"{exc} (run `tic-course grade` first: it writes {data})") from None
    headers = dict(getattr(export, f"{lms}_columns", {}) if lms in FORMATS else {}) | (columns or {})
    return export_gradebook(lms, results, assignments, roster, out, headers=headers, points=dict(export.points))
