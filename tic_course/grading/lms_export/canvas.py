"""Canvas: the Gradebook's "Import" CSV.

Documentation: https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807
and the importer itself, instructure/canvas-lms ``app/models/gradebook_importer.rb``, whose rules
this file follows:

- the header row starts ``Student``, ``ID``, then ``SIS User ID`` and ``SIS Login ID`` together,
  and ``Section`` as the last learner column; every later column is an assignment;
- an assignment column named ``Title (12345)`` (``Assignment.title_and_id``) updates the Canvas
  assignment with that id; any other name creates a new assignment with that title;
- a row whose first cell contains ``Points Possible`` gives new assignments their points. It is
  filled only for new columns: a value under an existing assignment would change its points;
- a learner is found by the Canvas user id in ``ID``, then the SIS User ID, then the SIS Login
  ID, then the name; so the roster's ``lms_id`` (the Canvas user id) goes in ``ID``;
- a cell that is blank or ``-`` holds no score (and clears one Canvas already has);
- comma-separated, RFC 4180 quoting, UTF-8; numbers with a full stop.
"""

from __future__ import annotations

import re
from pathlib import Path

from tic_course.grading.lms_export.grades import ExportError, Gradebook, format_points, write_csv

LEARNER_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
EXISTING = re.compile(r"\A(.*)\s+\((\d+)\)\Z", re.DOTALL)  # Canvas's Assignment.title_and_id
POINTS_ROW = "    Points Possible"  # as Canvas's own export writes it
NEED = "lms_id"  # the roster column Canvas matches learners by


def header(module: dict, headers: dict[str, str]) -> str:
    """The column name for one module: the Canvas column as configured, else its title (new)."""
    given = headers.get(module["assignment"])
    if given is None:
        return module["title"]
    if not EXISTING.match(given):
        raise ExportError(
            f"Canvas column for {module['assignment']}: {given!r} is not a Canvas column name; copy it "
            "from Canvas's gradebook export, e.g. 'Years of dismissal (678901)'"
        )
    return given


def rows(book: Gradebook, headers: dict[str, str]) -> list[list[str]]:
    """The header, the Points Possible row and one row per roster learner."""
    names = [header(m, headers) for m in book.modules]
    points = ["" if m["assignment"] in headers else format_points(m["points"]) for m in book.modules]
    out = [LEARNER_COLUMNS + names, [POINTS_ROW, "", "", "", "", *points]]
    for learner in book.roster.itertuples():
        cells = [book.cell(learner.learner_id, m["assignment"]) for m in book.modules]
        out.append([learner.name, learner.lms_id, learner.sis_id, "", learner.section, *cells])
    return out


def write(book: Gradebook, headers: dict[str, str], out: Path) -> None:
    write_csv(out, rows(book, headers))
