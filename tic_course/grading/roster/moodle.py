"""Moodle: the assignment's grading worksheet, the participants list, or the grade export.

Three Moodle files name a course's learners, and only one of them carries the id intake reads:

* **Grading worksheet** (assignment > "Download grading worksheet", the offline grading
  feedback plugin): ``Identifier`` ("Participant 4321"), ``Full name``, ``Email address``,
  ``Status``, ``Grade``... The number is the participant id Moodle writes into the "Download all
  submissions" file names (``Jane Smith_4321_assignsubmission_file...``, see
  tic_course/grading/intake/moodle.py), so the learner id is that number, as for intake.
  Source: moodle/moodle ``mod/assign/feedback/offline`` (``importgradeslib.php`` reads the same
  columns back; https://docs.moodle.org/en/Assignment_settings#Feedback_types "Offline grading
  worksheet").
* **Participants** (Participants > "Download table data as" CSV): ``First name``, ``Last name``
  (``Surname`` in older versions), ``Email address``, ``Roles``, ``Groups``, ``Last access to
  course``. Rows whose role is not a student role are not learners and are skipped.
  Source: https://docs.moodle.org/en/Participants
* **Grade export** (Grades > Export > "Plain text file"): ``First name``, ``Last name``,
  ``ID number``, ``Institution``, ``Department``, ``Email address``, then the grade columns.
  Source: https://docs.moodle.org/en/Grade_export (and ``grade/export/txt/grade_export_txt.php``).

The participants list and the grade export carry no Moodle id at all, so their learner id is the
e-mail address (which is also how Moodle's own grade import identifies users). Submissions then
reach those ids through intake's ``--learner-map`` (participant id -> e-mail), or use the grading
worksheet, whose ids are intake's own.
"""

from __future__ import annotations

import re

from tic_course.grading.roster.learner import RosterLearner, checked, full_name
from tic_course.grading.roster.sheet import RosterError, Sheet, require

WORKSHEET = ["Identifier", "Full name"]
PEOPLE = ["First name", "Email address"]
LAST_NAME = ("Last name", "Surname")
PARTICIPANT = re.compile(r"Participant\s+(\d+)", re.IGNORECASE)


def matches(header: list[str]) -> bool:
    columns = set(header)
    return set(WORKSHEET) <= columns or (set(PEOPLE) <= columns and bool(columns & set(LAST_NAME)))


def _worksheet(sheet: Sheet) -> list[RosterLearner]:
    out = []
    for line, row in sheet.rows:
        found = PARTICIPANT.fullmatch(row["Identifier"])
        if not found:
            raise RosterError(f"{sheet.where(line)}: Identifier {row['Identifier']!r} is not 'Participant <number>'")
        name = row["Full name"]
        first, _, last = name.partition(" ")
        out.append(checked(sheet, line, RosterLearner(
            learner_id=found[1], lms_id=found[1], first_name=first, last_name=last, name=name,
            email=row.get("Email address", ""), sis_id=row.get("ID number", ""), section="",
            source="moodle", line=line,
        )))
    return out


def _people(sheet: Sheet) -> list[RosterLearner]:
    last_column = next(c for c in LAST_NAME if c in sheet.header)
    out = []
    for line, row in sheet.rows:
        roles = row.get("Roles", "")
        if roles and "student" not in roles.lower():
            continue  # a teacher or non-editing teacher on the participants page
        email = row["Email address"]
        if not email:
            raise RosterError(f"{sheet.where(line)}: Email address is empty; this Moodle list identifies "
                              "learners by e-mail address")
        first, last = row["First name"], row[last_column]
        out.append(checked(sheet, line, RosterLearner(
            learner_id=email, lms_id="", first_name=first, last_name=last, name=full_name(first, last),
            email=email, sis_id=row.get("ID number", ""), section=row.get("Groups", ""),
            source="moodle", line=line,
        )))
    return out


def learners(sheet: Sheet) -> list[RosterLearner]:
    if set(WORKSHEET) <= set(sheet.header):
        return _worksheet(sheet)
    require(sheet, PEOPLE, "Moodle participants or grades")
    if not set(LAST_NAME) & set(sheet.header):
        require(sheet, [LAST_NAME[0]], "Moodle participants or grades")
    return _people(sheet)
