"""``tic-course roster import`` and ``tic-course records``: files written, messages, exit status."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

from nbgrader.api import Gradebook

from tests.conftest import make_course
from tests.grading.test_report import export
from tic_course.cli import main as tic_course

ROSTER = "learner_id,name,email\nL1,Jane Smith,jane@nhs.example\nL2,Chidi Okafor,chidi@nhs.example\n" \
         "L3,Siân Evans,sian@nhs.example\nL4,Asha Patel,asha@nhs.example\nL6,Nia Jones,nia@nhs.example\n"


def chapters(folder: Path) -> Path:
    folder.mkdir()
    (folder / "welcome.md").write_text("| Chapter | About |\n|---|---|\n| {ref}`lab-1` | a | 30 min |\n"
                                       "| {ref}`lab-2` | b | 40 min |\n", encoding="utf-8")
    (folder / "ch-1.md").write_text("(lab-1)=\n# Consent as a process\n", encoding="utf-8")
    (folder / "ch-2.md").write_text("(lab-2)=\n# When harm has happened\n", encoding="utf-8")
    return folder


def test_roster_import_then_records(tmp_path, capsys):
    course = make_course(tmp_path / "course")
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    assert tic_course(["roster", "import", str(tmp_path / "roster.csv"), "--course", str(course)]) == 0
    assert "5 learner(s) (plain) added or updated in the gradebook" in capsys.readouterr().out
    db = f"sqlite:///{course / 'gradebook.db'}"
    with Gradebook(db) as gb:
        assert {s.id: s.email for s in gb.students}["L6"] == "nia@nhs.example" and len(gb.students) == 5
        gb.update_or_create_assignment("m2", duedate=datetime(2024, 3, 8, 17, 0))

    folder = export(tmp_path / "export")
    argv = ["records", str(folder), "--roster", str(tmp_path / "roster.csv"), "--course", str(course),
            "--chapters", str(chapters(tmp_path / "chapters"))]
    assert tic_course(argv) == 2  # L5 has results but is not on the roster
    out = capsys.readouterr().out
    assert "NOT ON ROSTER L5: has results but is not on the class list" in out
    assert "Wrote 6 files to" in out
    with (folder / "records" / "not_submitted.csv").open(encoding="utf-8", newline="") as fh:
        assert list(csv.reader(fh)) == [
            ["name", "email", "learner_id", "module_code", "module_title", "not_submitted", "due_date"],
            ["Asha Patel", "asha@nhs.example", "L4", "ch-2", "When harm has happened", "Module two",
             "2024-03-08T17:00:00+00:00"],
            ["Nia Jones", "nia@nhs.example", "L6", "ch-1", "Consent as a process", "Module one", ""],
            ["Nia Jones", "nia@nhs.example", "L6", "ch-2", "When harm has happened", "Module two",
             "2024-03-08T17:00:00+00:00"],
        ]
    record = (folder / "records" / "training_record.csv").read_text(encoding="utf-8").splitlines()
    assert record[1] == "L1,Jane Smith,jane@nhs.example,trauma-informed-care,ch-1,Consent as a process,passed," \
                        "80.0,80.0,2024-03-01T09:00:00+00:00,50"
    assert (folder / "records" / "not_on_roster.csv").read_text().splitlines() == ["learner_id,assignments",
                                                                                    "L5,m1;m2"]


def test_bad_roster_exits_2_naming_file_and_line_and_writes_nothing(tmp_path, capsys):
    course = make_course(tmp_path / "course")
    (tmp_path / "roster.csv").write_text("learner_id,name\nL1,Ann\nL1,Bea\n", encoding="utf-8")
    assert tic_course(["roster", "import", str(tmp_path / "roster.csv"), "--course", str(course)]) == 2
    err = capsys.readouterr().err
    assert f"error: {tmp_path / 'roster.csv'}:3: learner id 'L1' is already on line 2" in err
    assert not (course / "gradebook.db").exists()
    folder = export(tmp_path / "export")
    assert tic_course(["records", str(folder), "--roster", str(tmp_path / "roster.csv"), "--course",
                       str(course)]) == 2
    assert not (folder / "records").exists()


def test_help_of_each_command(capsys):
    for argv in (["roster", "import", "--help"], ["records", "--help"]):
        try:
            tic_course(argv)
        except SystemExit as exc:
            assert exc.code == 0
        assert "Exit status" in capsys.readouterr().out
