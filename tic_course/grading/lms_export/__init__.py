"""Gradebook files in each LMS's own import format, from the results tables and the roster.

One module per LMS (``canvas``, ``moodle``, ``blackboard``), each citing the documentation it
follows; :mod:`.grades` decides the numbers once for all of them. Run
``tic-course export gradebook --help``.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pandas as pd

from tic_course.grading.lms_export import blackboard, canvas, moodle
from tic_course.grading.lms_export.grades import (
    ROSTER_COLUMNS,
    ExportError,
    Gradebook,
    check_roster,
    format_points,
    gradebook,
)

__all__ = ["FORMATS", "ROSTER_COLUMNS", "ExportError", "Gradebook", "export_gradebook", "format_points"]

FORMATS: dict[str, ModuleType] = {"canvas": canvas, "moodle": moodle, "blackboard": blackboard}


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
    module.rows(book, headers or {})  # column names checked before anything is written
    module.write(book, headers or {}, Path(out))
    return book
