"""Blackboard Learn (Original Course View): the Grade Center's "Work Offline > Upload".

Documentation: "Uploading or Downloading Grade Center Items for Working Offline",
http://library.blackboard.com/ref/3ea64795-6ecc-4abd-b595-0a9a8dfdec94/Content/_instructor_grade_center/grade_center_upload_download.htm
The rules it gives, and this file follows:

- a learner is identified by their username: the ``Username`` column (the roster's ``lms_id``);
  the name columns are there for the educator and are not used to match;
- a column is identified by its Column ID, the number after ``|`` at the end of the header as
  the Grade Center's own download writes it (``Years of dismissal [Total Pts: 13 Score] |4567``);
  a header without one creates a new column (a text column with 0 points possible, which the
  educator then edits into a score column);
- a comma-delimited file (.csv) has every value inside quotation marks; a header row first and
  one learner per line after it.

UTF-8, a full stop for decimals, and an empty cell for a learner with no grade to send.
"""

from __future__ import annotations

import re
from pathlib import Path

from tic_course.grading.lms_export.grades import ExportError, Gradebook, write_csv

LEARNER_COLUMNS = ["Last Name", "First Name", "Username", "Student ID"]
EXISTING = re.compile(r"\A.*\|\d+\Z", re.DOTALL)
NEED = "lms_id"  # the roster column Blackboard matches learners by (the username)


def header(module: dict, headers: dict[str, str]) -> str:
    """The column name for one module: the Grade Center column as configured, else its title (new)."""
    given = headers.get(module["assignment"])
    if given is None:
        return module["title"]
    if not EXISTING.match(given):
        raise ExportError(
            f"Blackboard column for {module['assignment']}: {given!r} has no Column ID; copy the header "
            "from the Grade Center's download, e.g. 'Years of dismissal [Total Pts: 13 Score] |4567'"
        )
    return given


def split_name(name: str) -> tuple[str, str]:
    """(last, first) from the roster's name: "Smith, Jane" or "Jane Smith" (the last word)."""
    if "," in name:
        last, first = name.split(",", 1)
        return last.strip(), first.strip()
    first, _, last = name.strip().rpartition(" ")
    return (last, first) if first else (name.strip(), "")


def rows(book: Gradebook, headers: dict[str, str]) -> list[list[str]]:
    """The header and one row per roster learner."""
    out = [LEARNER_COLUMNS + [header(m, headers) for m in book.modules]]
    for learner in book.roster.itertuples():
        last, first = split_name(learner.name)
        cells = [book.cell(learner.learner_id, m["assignment"]) for m in book.modules]
        out.append([last, first, learner.lms_id, learner.sis_id, *cells])
    return out


def write(book: Gradebook, headers: dict[str, str], out: Path) -> None:
    write_csv(out, rows(book, headers), quote_all=True)
