"""The grades an LMS gradebook receives: one final score per roster learner and module.

Every LMS format in this package writes the same numbers; only the columns and the CSV rules
differ. A learner's score for a module is the course's honest total
(:mod:`tic_course.grading.states`): scored items only, as a share of the points they carry,
scaled to the module's points so that an opt-out never lowers it, less the late penalty
(:mod:`tic_course.grading.late_policy`). A module is left blank, never zero, when the learner
did not submit it or when anything in it is still waiting for the educator (awaiting marking or
needing regrading): an LMS would otherwise show a provisional mark as final. Learners in the
results but not in the roster are never added to the file; they are listed for the educator.

The roster is the table ``tic_course.grading.roster`` reads from the LMS's class list, with the
columns ``ROSTER_COLUMNS``; learners are joined to results by ``learner_id``.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tic_course import atomic
from tic_course.grading.safe_text import csv_cell
from tic_course.grading.states import total

ROSTER_COLUMNS = ["learner_id", "lms_id", "name", "email", "sis_id", "section", "source"]
"""The roster contract: ``Roster.frame()`` of ``tic_course.grading.roster`` (empty strings for unknowns)."""


class ExportError(Exception):
    """A gradebook file cannot be written: a bad roster, column name or output path."""


@dataclass
class Gradebook:
    """What goes into every LMS file: learners in roster order, modules, and the cells."""

    roster: pd.DataFrame
    modules: list[dict]  # {"assignment", "title", "points"} in the course's order
    points: dict[tuple[str, str], float] = field(default_factory=dict)  # (learner, module) -> points
    held_back: list[str] = field(default_factory=list)  # "learner/module: why", for the console
    not_in_roster: list[str] = field(default_factory=list)

    def cell(self, learner: str, assignment: str) -> str:
        """The score as the file writes it ("12.5"), or "" when there is none to send."""
        value = self.points.get((learner, assignment))
        return "" if value is None else format_points(value)


def format_points(value: float) -> str:
    """Points with a full stop for the decimal point and at most two decimals, no trailing zeros.

    Every LMS here reads numbers this way in an English-language site; no thousands separator
    (a module has at most a few dozen points).
    """
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def check_roster(roster: pd.DataFrame, lms: str, need: str) -> pd.DataFrame:
    """The roster's columns as text; an ExportError when a column, or a learner's ``need``, is missing."""
    missing = [c for c in ROSTER_COLUMNS if c not in roster.columns]
    if missing:
        raise ExportError(f"the roster lacks the column(s) {', '.join(missing)} (expected {', '.join(ROSTER_COLUMNS)})")
    frame = roster.loc[:, ROSTER_COLUMNS].fillna("").astype(str)
    # A roster may leave lms_id empty where the LMS's id is the course's own learner id.
    frame["lms_id"] = frame["lms_id"].where(frame["lms_id"].str.strip() != "", frame["learner_id"])
    blank = frame[frame[need].str.strip() == ""]
    if not blank.empty:
        who = ", ".join(blank["learner_id"].head(5))
        raise ExportError(
            f"the {lms} gradebook matches learners by {need}, and the roster has none for: {who}"
            f"{' and others' if len(blank) > 5 else ''}; import the roster from the {lms} class list"
        )
    duplicated = frame[frame["learner_id"].duplicated()]
    if not duplicated.empty:
        raise ExportError(f"the roster lists learner {duplicated['learner_id'].iloc[0]!r} twice")
    return frame


def gradebook(results: pd.DataFrame, assignments: pd.DataFrame, roster: pd.DataFrame) -> Gradebook:
    """The scores to send, from ``results.csv`` and ``assignments.csv`` (as the report reads them)."""
    modules = [
        {"assignment": str(a.assignment), "title": str(a.title), "points": float(a.total_points)}
        for a in assignments.itertuples()
    ]
    book = Gradebook(roster=roster, modules=modules)
    known = set(roster["learner_id"])
    points = {m["assignment"]: m["points"] for m in modules}
    for (learner, assignment), rows in results.groupby(["learner_id", "assignment"], sort=True):
        if learner not in known:
            book.not_in_roster.append(f"{learner}/{assignment}")
            continue
        if assignment not in points:
            continue
        summed = total([
            (r.state, None if pd.isna(r.score) else float(r.score), float(r.max_score)) for r in rows.itertuples()
        ])
        if summed.provisional:
            book.held_back.append(f"{learner}/{assignment}: {summed.waiting} item(s) still to be marked")
            continue
        if summed.max_score <= 0:
            book.held_back.append(f"{learner}/{assignment}: no item was scored (every one opted out)")
            continue
        penalty = float(rows["late_penalty_percent"].fillna(0).max()) if "late_penalty_percent" in rows else 0.0
        share = summed.score / summed.max_score
        value = points[assignment] * share * (1 - penalty / 100)
        book.points[(learner, assignment)] = round(value, 2) if math.isfinite(value) else 0.0
    return book


def write_csv(out: Path, rows: list[list[str]], *, quote_all: bool = False, bom: bool = False) -> None:
    """Write ``rows`` as RFC 4180 CSV (comma, double quotes, CRLF), UTF-8, atomically.

    Every text cell goes through :func:`tic_course.grading.safe_text.csv_cell`, so a learner's
    name that starts with ``=`` cannot run as a formula when the educator opens the file.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    text = ("\ufeff" if bom else "") + buffer.getvalue()
    try:
        atomic.write_text(Path(out), text)
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from None
