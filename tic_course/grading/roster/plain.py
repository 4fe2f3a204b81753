"""A plain class list, for a hospital's own spreadsheet or any LMS not read directly.

Columns (the header row names them, in any order; documented in the README):

- ``learner_id`` (required): the id the course records the learner under;
- ``name``, or ``first_name`` and ``last_name`` (required);
- ``email``, ``lms_id`` (the id intake reads from the LMS's file names, when it differs from
  ``learner_id``), ``sis_id`` and ``section`` (optional).
"""

from __future__ import annotations

from tic_course.grading.roster.learner import RosterLearner, checked, full_name
from tic_course.grading.roster.sheet import RosterError, Sheet, require

REQUIRED = ["learner_id"]
OPTIONAL = ["name", "first_name", "last_name", "email", "lms_id", "sis_id", "section"]


def matches(header: list[str]) -> bool:
    return "learner_id" in header


def learners(sheet: Sheet) -> list[RosterLearner]:
    require(sheet, REQUIRED, "plain")
    if "name" not in sheet.header and not {"first_name", "last_name"} <= set(sheet.header):
        raise RosterError(f"{sheet.where(sheet.header_line)}: a plain class list needs a 'name' column, "
                          "or 'first_name' and 'last_name'")
    out = []
    for line, row in sheet.rows:
        first, last = row.get("first_name", ""), row.get("last_name", "")
        name = row.get("name", "") or full_name(first, last)
        if not name:
            raise RosterError(f"{sheet.where(line)}: the learner's name is empty")
        out.append(checked(sheet, line, RosterLearner(
            learner_id=row["learner_id"], lms_id=row.get("lms_id", ""), first_name=first, last_name=last,
            name=name, email=row.get("email", ""), sis_id=row.get("sis_id", ""),
            section=row.get("section", ""), source="plain", line=line,
        )))
    return out
