"""The Moodle file, read back as Moodle's grade import reads it (comma, double quotes, UTF-8)."""

from __future__ import annotations

import csv
import io

from tests.grading.lms_export.cohort import SAFE_HOSTILE, assignments, results, roster
from tic_course.grading.lms_export import export_gradebook


def test_one_row_per_learner_mapped_by_email(tmp_path):
    out = tmp_path / "moodle.csv"
    export_gradebook("moodle", results(), assignments(), roster(), out,
                     headers={"years-of-dismissal": "Assignment: Years of dismissal"})
    data = out.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""), delimiter=",", quotechar='"'))
    assert rows == [
        ["Email address", "ID number", "Full name", "Triage: pain", "Assignment: Years of dismissal"],
        ["jane.smith@nhs.example", "S-1", "Smith, Jane", "12.5", "6.4"],
        ["bob@nhs.example", "S-2", SAFE_HOSTILE, "10.64", ""],
        ["ali.khan@nhs.example", "", "Ali Khan", "", ""],
    ]
    assert all(float(cell) >= 0 for row in rows[1:] for cell in row[3:] if cell)  # plain decimals
