"""Moodle: the gradebook's "Import > CSV file".

Documentation: https://docs.moodle.org/en/Grade_import (and moodle/moodle
``grade/import/csv/classes/load_data.php``). Why this and not the assignment's offline grading
worksheet: the worksheet is one file per assignment, and it finds learners by "Participant N",
which exists only for a learner who submitted to that assignment; the gradebook import takes
every module in one file and finds learners by e-mail address or ID number, which the roster
has for everyone. The cost: Moodle shows an imported activity grade as "overridden" in the
grader report, which is what a grade that came from outside Moodle is.

The rules the file follows: the first row names the columns (any names: on the import page the
educator maps "Email address" to the user's email address under "Identify user by", and each
module's column to its grade item, or to a new grade item); comma-separated with double quotes
(the default separator and enclosure of Moodle's CSV reader), UTF-8 (the default encoding); a
full stop for decimals; an empty cell imports no grade.
"""

from __future__ import annotations

from pathlib import Path

from tic_course.grading.lms_export.grades import Gradebook, write_csv

LEARNER_COLUMNS = ["Email address", "ID number", "Full name"]
NEED = "email"  # the roster column Moodle matches learners by


def header(module: dict, headers: dict[str, str]) -> str:
    """The column name for one module: as configured (the grade item's name), else its title."""
    return headers.get(module["assignment"], module["title"])


def rows(book: Gradebook, headers: dict[str, str]) -> list[list[str]]:
    """The header and one row per roster learner."""
    out = [LEARNER_COLUMNS + [header(m, headers) for m in book.modules]]
    for learner in book.roster.itertuples():
        cells = [book.cell(learner.learner_id, m["assignment"]) for m in book.modules]
        out.append([learner.email, learner.sis_id, learner.name, *cells])
    return out


def write(book: Gradebook, headers: dict[str, str], out: Path) -> None:
    write_csv(out, rows(book, headers))
