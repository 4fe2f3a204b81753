"""The Canvas file, read back by the rules of Canvas's gradebook importer (gradebook_importer.rb)."""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.grading.lms_export.cohort import SAFE_HOSTILE, assignments, results, roster
from tic_course.grading.lms_export import ExportError, export_gradebook


def read_back(path) -> list[list[str]]:
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")  # strict: Canvas reads UTF-8
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=","))


def test_new_assignments_by_title_with_points_possible(tmp_path):
    out = tmp_path / "canvas.csv"
    export_gradebook("canvas", results(), assignments(), roster(), out)
    rows = read_back(out)
    header = rows[0]
    # Canvas's header rules: Student, ID, then SIS User ID + SIS Login ID, Section last.
    assert "Student" in header[0] and "ID" in header[1]
    assert re.match(r"SIS\s+User\s+ID", header[2]) and re.match(r"SIS\s+Login\s+ID", header[3])
    assert header[4] == "Section"
    assert rows == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Triage: pain", "Years of dismissal"],
        ["    Points Possible", "", "", "", "", "13", "10"],
        ["Smith, Jane", "1001", "S-1", "", "Ward 7", "12.5", "6.4"],
        [SAFE_HOSTILE, "1002", "S-2", "", "Ward 7", "10.64", ""],
        ["Ali Khan", "1003", "", "", "ED", "", ""],
    ]
    assert "Points Possible" in rows[1][0]
    data = out.read_bytes()
    assert data.count(b"\r\n") == 5 and b'"\'=HYPERLINK(""http://evil.example"",""x""), Bob\nO\'Neil"' in data


def test_existing_canvas_assignments_keep_their_points(tmp_path):
    out = tmp_path / "canvas.csv"
    export_gradebook("canvas", results(), assignments(), roster(), out,
                     headers={"triage-pain": "Triage: pain (678901)"})
    rows = read_back(out)
    assert rows[0][5:] == ["Triage: pain (678901)", "Years of dismissal"]
    title, number = re.fullmatch(r"(.*)\s+\((\d+)\)", rows[0][5]).groups()  # Assignment.title_and_id
    assert (title, number) == ("Triage: pain", "678901")
    assert rows[1][5:] == ["", "10"]  # blank: the existing assignment's points are not changed


def test_a_column_name_without_a_canvas_id_is_refused(tmp_path):
    with pytest.raises(ExportError, match=r"Canvas column for triage-pain: 'Triage pain' is not a Canvas column name"):
        export_gradebook("canvas", results(), assignments(), roster(), tmp_path / "c.csv",
                         headers={"triage-pain": "Triage pain"})
    assert not (tmp_path / "c.csv").exists()
