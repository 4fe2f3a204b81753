"""Roster learners go into nbgrader's gradebook with their LMS ids; strangers are only listed."""

from __future__ import annotations

from nbgrader.api import Gradebook

from tic_course.grading.roster import read_roster, unknown_learners
from tic_course.grading.roster.gradebook import import_roster


def test_import_creates_then_updates_students(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text('Student,ID,SIS User ID,SIS Login ID,Section\n"Smith, Jane",12345,S1,jane@nhs.example,A\n'
                    '"Okafor, Chidi",12346,,,B\n', encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'gradebook.db'}"
    assert import_roster(read_roster(path), db) == 2
    path.write_text('Student,ID,SIS User ID,SIS Login ID,Section\n"Smith-Jones, Jane",12345,S1,jane@nhs.example,A\n'
                    '"Okafor, Chidi",12346,,,B\n', encoding="utf-8")
    assert import_roster(read_roster(path), db) == 2
    with Gradebook(db) as gb:
        students = {s.id: (s.first_name, s.last_name, s.email, s.lms_user_id) for s in gb.students}
    assert students == {
        "12345": ("Jane", "Smith-Jones", "jane@nhs.example", "12345"),
        "12346": ("Chidi", "Okafor", None, "12346"),
    }


def test_plain_name_is_split_for_nbgrader(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("learner_id,name\nL1,Mary Ann Lee\nL2,Cher\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'gradebook.db'}"
    import_roster(read_roster(path), db)
    with Gradebook(db) as gb:
        assert {s.id: (s.first_name, s.last_name, s.lms_user_id) for s in gb.students} == {
            "L1": ("Mary Ann", "Lee", None), "L2": (None, "Cher", None)}


def test_unknown_submitters_are_listed(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("learner_id,name\nL1,Ann\nL2,Bea\n", encoding="utf-8")
    assert unknown_learners(read_roster(path), ["L2", "L9", "L1", "L9", "L3"]) == ["L3", "L9"]
