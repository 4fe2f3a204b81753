"""The Blackboard file, read back by the Grade Center's upload rules (every value quoted, |id)."""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.grading.lms_export.cohort import HOSTILE, assignments, results, roster
from tic_course.grading.lms_export import ExportError, export_gradebook
from tic_course.grading.lms_export.blackboard import split_name


def test_every_value_quoted_username_and_column_ids(tmp_path):
    out = tmp_path / "bb.csv"
    export_gradebook("blackboard", results(), assignments(), roster(), out,
                     headers={"triage-pain": "Triage: pain [Total Pts: 13 Score] |4567"})
    text = out.read_bytes().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    again = io.StringIO(newline="")
    csv.writer(again, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    assert again.getvalue() == text  # "data in each column ... contained within a quote character"
    last, first = split_name(HOSTILE)
    assert rows == [
        ["Last Name", "First Name", "Username", "Student ID", "Triage: pain [Total Pts: 13 Score] |4567",
         "Years of dismissal"],
        ["Smith", "Jane", "1001", "S-1", "12.5", "6.4"],
        ["'" + last, first, "1002", "S-2", "10.64", ""],
        ["Khan", "Ali", "1003", "", "", ""],
    ]
    assert re.search(r"\|(\d+)$", rows[0][4]).group(1) == "4567"
    assert "|" not in rows[0][5]  # no Column ID: Blackboard creates a new column


def test_a_header_without_a_column_id_is_refused(tmp_path):
    with pytest.raises(ExportError, match="Blackboard column for years-of-dismissal: 'Years' has no Column ID"):
        export_gradebook("blackboard", results(), assignments(), roster(), tmp_path / "b.csv",
                         headers={"years-of-dismissal": "Years"})


@pytest.mark.parametrize(("name", "parts"), [("Smith, Jane", ("Smith", "Jane")), ("Jane Smith", ("Smith", "Jane")),
                                             ("Cher", ("Cher", "")), ("Mary Ann Jones", ("Jones", "Mary Ann"))])
def test_names_split_into_last_and_first(name, parts):
    assert split_name(name) == parts
