"""Roster, attendance and record files, on their own (the built kit's files are in test_build)."""

from __future__ import annotations

import pytest

from tic_course.workshop.records import (
    Learner,
    RecordsError,
    certificate_id,
    csv_cell,
    read_attendance,
    training_record,
)


@pytest.mark.parametrize(
    ("value", "cell"),
    [("=1+1", "'=1+1"), ("+44 20", "'+44 20"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"), ("Ann", "Ann"), (5, "5")],
)
def test_spreadsheet_formulas_are_neutralised(value, cell):
    assert csv_cell(value) == cell


def test_attendance_without_a_roster_is_the_list(tmp_path):
    sheet = tmp_path / "a.csv"
    sheet.write_text("\ufefflearner_id,name,email,attended\nx1,Ann,a@x.example,Yes\nx2,Bob,,no\n\n", encoding="utf-8")
    people = read_attendance(sheet, [])
    assert people == [Learner("x1", "Ann", "a@x.example", True), Learner("x2", "Bob", "", False)]
    record = training_record(people, "C", [("M1", 30)], "2027-03-04T12:30:00+00:00").splitlines()
    assert record[1:] == [
        "x1,Ann,a@x.example,C,M1,attended,2027-03-04T12:30:00+00:00,30",
        "x2,Bob,,C,M1,not_attended,,0",
    ]


def test_roster_learners_missing_from_the_sheet_did_not_attend(tmp_path):
    sheet = tmp_path / "a.csv"
    sheet.write_text("learner_id,name,email,attended\nx2,B,b@x.example,yes\n", encoding="utf-8")
    roster = [Learner("x1", "Ann", "a@x.example"), Learner("x2", "Bob", "b@x.example")]
    assert [(p.name, p.attended) for p in read_attendance(sheet, roster)] == [("Ann", False), ("Bob", True)]


def test_unreadable_sheets(tmp_path):
    sheet = tmp_path / "a.csv"
    sheet.write_bytes(b"learner_id,name,email,attended\nx1,\xff,a@x.example,yes\n")
    with pytest.raises(RecordsError, match=r"a\.csv: not UTF-8 text \(save it from your spreadsheet as 'CSV UTF-8'\)$"):
        read_attendance(sheet, [])
    with pytest.raises(RecordsError, match=r"absent\.csv: file not found$"):
        read_attendance(tmp_path / "absent.csv", [])


def test_certificate_ids_are_stable_and_distinct():
    one = certificate_id("TIC", "2027-03-04", "x1", "Workshop")
    assert one == certificate_id("TIC", "2027-03-04", "x1", "Workshop")
    assert one != certificate_id("TIC", "2027-03-04", "x2", "Workshop")
    assert one.startswith("TIC-20270304-") and len(one) == len("TIC-20270304-") + 10
