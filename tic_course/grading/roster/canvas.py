"""Canvas: the gradebook export (Grades > Export > "Export Entire Gradebook").

Columns, as Canvas documents them: ``Student`` (the sortable name, "Last, First"), ``ID`` (the
Canvas user id), ``SIS User ID``, ``SIS Login ID``, ``Section``, then one column per assignment
("Name (assignment id)") and the read-only score columns. The second row is ``Points Possible``
(older exports also had a ``Muted`` row, newer ones may add a row with only each assignment's
posting policy, "Manual Posting"), and Canvas's "Test Student" (the student view) is listed
as ``Student, Test``; none of these is a learner.
Sources: https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-export-grades-in-the-Gradebook/ta-p/809
and the column-by-column notes at https://nemogb-dev.github.io/nemogb-r/articles/detailed-canvas-export-info.html

The learner id is the Canvas user id, the number intake reads from a "Download Submissions" file
name (``smithjane_12345_...``: see tic_course/grading/intake/canvas.py). Canvas's export has no
e-mail column; where an institution's logins are e-mail addresses, ``SIS Login ID`` is one and is
used as the e-mail, otherwise the e-mail is left empty.
"""

from __future__ import annotations

from tic_course.grading.roster.learner import RosterLearner, checked
from tic_course.grading.roster.sheet import RosterError, Sheet, require

REQUIRED = ["Student", "ID"]
SIGNATURE = {"SIS User ID", "SIS Login ID", "Section"}
NOT_LEARNERS = {"points possible", "muted", "student, test"}


def matches(header: list[str]) -> bool:
    return set(REQUIRED) <= set(header) and bool(SIGNATURE & set(header))


def learners(sheet: Sheet) -> list[RosterLearner]:
    require(sheet, REQUIRED, "Canvas gradebook")
    out = []
    for line, row in sheet.rows:
        student, user_id = row["Student"], row["ID"]
        if student.lower() in NOT_LEARNERS or not (student or user_id):
            continue  # a summary row: points possible, muted, or a posting policy under the assignments
        if not user_id.isdigit():
            raise RosterError(f"{sheet.where(line)}: ID {user_id!r} is not a Canvas user id (a number)")
        last, sep, first = student.partition(", ")
        if not sep:
            first, last = "", student
        login = row.get("SIS Login ID", "")
        out.append(checked(sheet, line, RosterLearner(
            learner_id=user_id, lms_id=user_id, first_name=first, last_name=last,
            name=f"{first} {last}".strip(), email=login if "@" in login else "",
            sis_id=row.get("SIS User ID", ""), section=row.get("Section", ""), source="canvas", line=line,
        )))
    return out
