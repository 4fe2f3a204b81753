"""Each LMS's class-list export is read into the exact roster rows, format detected or forced."""

from __future__ import annotations

from pathlib import Path

import pytest

from tic_course.grading.roster import ROSTER_COLUMNS, RosterError, read_roster

CANVAS = (
    "Student,ID,SIS User ID,SIS Login ID,Section,Years of dismissal (678901),Current Score\n"
    "    Points Possible,,,,,10,\n"
    ",,,,,Manual Posting,\n"
    '"Smith, Jane",12345,S-001,jane.smith@nhs.example,Ward 4,8,80\n'
    '"Okafor, Chidi",12346,,cokafor,Ward 5,,\n'
    '"Student, Test",99999,,,,,\n'
)
MOODLE_WORKSHEET = (
    "Identifier,Full name,Email address,Status,Grade,Maximum Grade,Grade can be changed,Last modified (grade)\n"
    "Participant 4321,Siân Evans,sian.evans@nhs.example,Submitted for grading,,10.00,Yes,-\n"
    "Participant 4322,Zoë Brown,zoe.brown@nhs.example,No submission,,10.00,Yes,-\n"
)
MOODLE_PARTICIPANTS = (
    "First name,Last name,Email address,Roles,Groups,Last access to course\n"
    "Siân,Evans,sian.evans@nhs.example,Student,Ward 4,1 day\n"
    "Tom,Teacher,tom@nhs.example,Teacher,,Now\n"
    "Zoë,Brown,zoe.brown@nhs.example,Student,,Never\n"
)
MOODLE_GRADES = (
    "First name,Last name,ID number,Institution,Department,Email address,Assignment: Consent (Real),"
    "Last downloaded from this course\n"
    "Siân,Evans,E100,Trust,Maternity,sian.evans@nhs.example,8.00,1700000000\n"
)
BLACKBOARD = (
    '"Last Name","First Name","Username","Student ID","Last Access","Availability",'
    '"Consent [Total Pts: 10 Score] |123"\n'
    '"Patel","Asha","apatel","U123","2026-03-01","Yes","8"\n'
)
PLAIN = "learner_id,name,email,lms_id,section\nL0001,Jane Smith,jane@nhs.example,12345,Ward 4\n"


def write(tmp_path: Path, text: str, name: str = "roster.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def rows(path: Path, fmt: str | None = None) -> list[list[str]]:
    frame = read_roster(path, fmt).frame()
    assert list(frame.columns) == ROSTER_COLUMNS
    assert not frame.isna().any().any()
    return frame.values.tolist()


def test_canvas_gradebook_export(tmp_path):
    assert rows(write(tmp_path, CANVAS)) == [
        ["12345", "12345", "Jane Smith", "jane.smith@nhs.example", "S-001", "Ward 4", "canvas"],
        ["12346", "12346", "Chidi Okafor", "", "", "Ward 5", "canvas"],
    ]


def test_moodle_grading_worksheet_uses_intakes_participant_id(tmp_path):
    assert rows(write(tmp_path, MOODLE_WORKSHEET)) == [
        ["4321", "4321", "Siân Evans", "sian.evans@nhs.example", "", "", "moodle"],
        ["4322", "4322", "Zoë Brown", "zoe.brown@nhs.example", "", "", "moodle"],
    ]


def test_moodle_participants_skip_staff_and_use_email(tmp_path):
    assert rows(write(tmp_path, MOODLE_PARTICIPANTS)) == [
        ["sian.evans@nhs.example", "", "Siân Evans", "sian.evans@nhs.example", "", "Ward 4", "moodle"],
        ["zoe.brown@nhs.example", "", "Zoë Brown", "zoe.brown@nhs.example", "", "", "moodle"],
    ]


def test_moodle_grade_export(tmp_path):
    assert rows(write(tmp_path, MOODLE_GRADES)) == [
        ["sian.evans@nhs.example", "", "Siân Evans", "sian.evans@nhs.example", "E100", "", "moodle"],
    ]


def test_blackboard_full_grade_centre_csv_and_utf16_tab_download(tmp_path):
    expected = [["apatel", "apatel", "Asha Patel", "", "U123", "", "blackboard"]]
    assert rows(write(tmp_path, BLACKBOARD)) == expected
    tabbed = BLACKBOARD.replace('","', '"\t"')
    assert rows(write(tmp_path, tabbed, "gc.xls", encoding="utf-16")) == expected


def test_plain(tmp_path):
    assert rows(write(tmp_path, PLAIN)) == [
        ["L0001", "12345", "Jane Smith", "jane@nhs.example", "", "Ward 4", "plain"],
    ]


def test_bom_and_semicolons_from_european_excel_are_accepted(tmp_path):
    text = "\ufeff" + PLAIN.replace(",", ";")
    assert rows(write(tmp_path, text)) == [
        ["L0001", "12345", "Jane Smith", "jane@nhs.example", "", "Ward 4", "plain"],
    ]


def test_formula_looking_names_stay_data(tmp_path):
    path = write(tmp_path, 'learner_id,name\nL1,"=HYPERLINK(""http://x"",""Click"")"\nL2,+44 7700 900123\n')
    assert [r[2] for r in rows(path)] == ['=HYPERLINK("http://x","Click")', "+44 7700 900123"]


def test_format_can_be_forced(tmp_path):
    # A plain list that happens to have Canvas-like columns is read as plain when told so.
    path = write(tmp_path, "learner_id,name,Student,ID,Section\nL1,Jane Smith,x,y,z\n")
    assert rows(path, "plain")[0][:3] == ["L1", "", "Jane Smith"]
    with pytest.raises(RosterError, match=r"roster\.csv:2: ID 'y' is not a Canvas user id"):
        read_roster(path)
    with pytest.raises(RosterError, match=r"roster\.csv:1: not a Blackboard Grade Centre class list: missing"):
        read_roster(path, "blackboard")
    with pytest.raises(RosterError, match="unknown roster format 'excel'"):
        read_roster(path, "excel")
