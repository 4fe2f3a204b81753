"""Who came: the roster and attendance CSVs, and the records made from them.

A hospital's learning-management system imports a training record, so its columns are a
contract (documented in the README): one row per roster learner x module, status ``attended``
or ``not_attended``, the completion time in ISO 8601 with its time zone, and CPD minutes.
Names come from people, and spreadsheets open these files, so every cell that could be read
as a formula is neutralised before it is written.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

ROSTER_COLUMNS = ["learner_id", "name", "email"]
ATTENDANCE_COLUMNS = [*ROSTER_COLUMNS, "attended"]
TRAINING_RECORD_COLUMNS = [
    "learner_id",
    "name",
    "email",
    "course_code",
    "module_code",
    "status",
    "date_completed",
    "cpd_minutes",
]
REGISTER_COLUMNS = ["certificate_id", "learner_id", "name", "email", "course_code", "date", "cpd_hours", "facilitator"]


class RecordsError(ValueError):
    """A roster or attendance file is unusable; the message names the file, line and column."""


@dataclass(frozen=True)
class Learner:
    learner_id: str
    name: str
    email: str
    attended: bool | None = None  # None on a roster; yes/no on an attendance sheet


def csv_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: one starting with = + - @ or a control is prefixed with '."""
    text = str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def csv_text(columns: list[str], rows: list[list[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([[csv_cell(v) for v in row] for row in rows])
    return out.getvalue()


def _rows(file: Path, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
    try:
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise RecordsError(f"{file}: file not found") from None
    except UnicodeDecodeError:
        raise RecordsError(f"{file}: not UTF-8 text (save it from your spreadsheet as 'CSV UTF-8')") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise RecordsError(f"{file}:1: missing column(s) {', '.join(missing)} (the header must be {','.join(columns)})")
    return [(reader.line_num, row) for row in reader]


def _learners(file: Path, columns: list[str]) -> list[Learner]:
    learners, seen = [], set()
    for line, row in _rows(file, columns):
        values = {c: (row.get(c) or "").strip() for c in columns}
        if not any(values.values()):
            continue
        for column in ("learner_id", "name"):
            if not values[column]:
                raise RecordsError(f"{file}:{line}: {column} is empty")
        if values["email"] and "@" not in values["email"]:
            raise RecordsError(f"{file}:{line}: email {values['email']!r} is not an e-mail address")
        if values["learner_id"] in seen:
            raise RecordsError(f"{file}:{line}: learner_id {values['learner_id']!r} appears twice")
        seen.add(values["learner_id"])
        attended = None
        if "attended" in columns:
            answer = values["attended"].lower()
            if answer not in {"yes", "no"}:
                raise RecordsError(f"{file}:{line}: attended is {values['attended']!r}: write yes or no")
            attended = answer == "yes"
        learners.append(Learner(values["learner_id"], values["name"], values["email"], attended))
    return learners


def read_roster(file: Path) -> list[Learner]:
    """Learners expected at the session (``learner_id,name,email``)."""
    return _learners(file, ROSTER_COLUMNS)


def read_attendance(file: Path, roster: list[Learner]) -> list[Learner]:
    """The filled-in attendance sheet; with a roster, every learner on it, in roster order.

    A learner on the roster but missing from the sheet did not attend. Someone on the sheet but
    not on the roster is an error: the record needs their id and e-mail from the roster.
    """
    sheet = _learners(file, ATTENDANCE_COLUMNS)
    if not roster:
        return sheet
    known = {learner.learner_id for learner in roster}
    strangers = [learner.learner_id for learner in sheet if learner.learner_id not in known]
    if strangers:
        raise RecordsError(f"{file}: learner_id(s) not on the roster: {', '.join(strangers)}; add them to the roster")
    came = {learner.learner_id: learner.attended for learner in sheet}
    return [Learner(r.learner_id, r.name, r.email, came.get(r.learner_id, False)) for r in roster]


def attendance_template(roster: list[Learner]) -> str:
    """The sheet the facilitator fills in after the session (roster names pre-filled)."""
    return csv_text(ATTENDANCE_COLUMNS, [[r.learner_id, r.name, r.email, ""] for r in roster])


def certificate_id(course_code: str, day: str, learner_id: str, title: str) -> str:
    """A stable id: the same learner at the same workshop always gets the same certificate number."""
    digest = hashlib.sha256("\x1f".join([course_code, day, title, learner_id]).encode()).hexdigest()[:10].upper()
    return f"{course_code}-{day.replace('-', '')}-{digest}"


def training_record(
    learners: list[Learner], course_code: str, modules: list[tuple[str, int]], completed: str
) -> str:
    """One row per learner x module: ``modules`` is [(module code, CPD minutes)]."""
    rows = []
    for learner in learners:
        for code, minutes in modules:
            status = "attended" if learner.attended else "not_attended"
            rows.append([
                learner.learner_id, learner.name, learner.email, course_code, code, status,
                completed if learner.attended else "", minutes if learner.attended else 0,
            ])
    return csv_text(TRAINING_RECORD_COLUMNS, rows)
