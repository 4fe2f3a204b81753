"""Blackboard Learn: the Full Grade Centre download (Work Offline > Download > Full Grade Centre).

Columns, as Blackboard documents them for the Original Course View: the default user columns
``Last Name``, ``First Name``, ``Username``, ``Student ID``, ``Last Access`` and ``Availability``,
then one column per Grade Centre item. "The unique identifier used for each student is the
student's username." Blackboard downloads it tab-separated in UTF-16 by default, or as a comma
CSV; both are read (tic_course/grading/roster/sheet.py).
Sources: https://en-us.help.blackboard.com/Learn/9.1_Older_Versions/9.1_2014_and_2015/Instructor/120_Grade_Center/010_Customize_Grade_Center/010_Grade_Center_Columns
and http://library.blackboard.com/ref/3ea64795-6ecc-4abd-b595-0a9a8dfdec94/Content/_instructor_grade_center/grade_center_upload_download.htm

The learner id is the username, which intake reads from an "Assignment File Download" file name
(``<assignment>_<username>_attempt_...``: see tic_course/grading/intake/blackboard.py). The
download has no e-mail column unless the institution added one; an ``Email`` column is used if
present.
"""

from __future__ import annotations

from tic_course.grading.roster.learner import RosterLearner, checked, full_name
from tic_course.grading.roster.sheet import Sheet, require

REQUIRED = ["Last Name", "First Name", "Username"]


def matches(header: list[str]) -> bool:
    return set(REQUIRED) <= set(header)


def learners(sheet: Sheet) -> list[RosterLearner]:
    require(sheet, REQUIRED, "Blackboard Grade Centre")
    email = next((c for c in ("Email", "Email Address", "E-mail") if c in sheet.header), None)
    out = []
    for line, row in sheet.rows:
        first, last = row["First Name"], row["Last Name"]
        out.append(checked(sheet, line, RosterLearner(
            learner_id=row["Username"], lms_id=row["Username"], first_name=first, last_name=last,
            name=full_name(first, last), email=row[email] if email else "",
            sis_id=row.get("Student ID", ""), section="", source="blackboard", line=line,
        )))
    return out
