"""`tic-course grade --roster`: the class list enters the gradebook, a stranger's work is listed
and not graded, and the training record and non-submitter lists are written beside the report."""

from __future__ import annotations

import csv
import zipfile

import nbformat
import pytest
from nbgrader.api import Gradebook, MissingEntry

from tests.conftest import FIXTURE, ROOT
from tests.grading.test_pipeline import build_course, canvas_name, released_nb
from tic_course.grading.pipeline import GradingError, pipeline_config, run
from tic_course.scenario.catalogue import load_all
from tools.submissions import fill_answers, solved_answers

pytestmark = pytest.mark.slow

ROSTER = ('Student,ID,SIS User ID,SIS Login ID,Section\n    Points Possible,,,,\n'
          '"Smith, Jane",1001,S1,jane@nhs.example,A\n"Evans, Siân",1003,S3,sian@nhs.example,A\n')


def test_grade_with_a_roster(tmp_path, capsys):
    course, exercises = build_course(tmp_path)
    fixture = load_all([FIXTURE])[0]
    solved = nbformat.writes(fill_answers(released_nb(course, "triage-pain"), fixture, solved_answers(fixture)))
    download = tmp_path / "canvas.zip"
    with zipfile.ZipFile(download, "w") as zf:
        zf.writestr(canvas_name(1001, "triage-pain"), solved)
        zf.writestr(canvas_name(1002, "triage-pain"), solved)  # 1002 is not on the class list
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")

    summary = run(download, course, config=pipeline_config(workers=1), exercises=exercises, feedback=False,
                  chapters=ROOT / "book" / "chapters", roster=tmp_path / "roster.csv")
    assert summary.graded == 1 and summary.not_on_roster == {"1002": ["triage-pain"]}
    assert summary.exit_code == 2
    assert "NOT ON ROSTER 1002 (triage-pain): not graded" in capsys.readouterr().out
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        assert {s.id: (s.first_name, s.email, s.lms_user_id) for s in gb.students} == {
            "1001": ("Jane", "jane@nhs.example", "1001"), "1003": ("Siân", "sian@nhs.example", "1003")}
        with pytest.raises(MissingEntry):
            gb.find_submission("triage-pain", "1002")

    records = summary.records
    with (records / "training_record.csv").open(encoding="utf-8", newline="") as fh:
        rows = [(r["learner_id"], r["module_code"], r["status"], r["cpd_minutes"]) for r in csv.DictReader(fh)]
    # one module: the chapter and both its scenarios; 1001 has not handed in years-of-dismissal yet
    assert rows == [("1001", "clinician-associated-trauma", "not_submitted", "0"),
                    ("1003", "clinician-associated-trauma", "not_submitted", "0")]
    with (records / "not_submitted.csv").open(encoding="utf-8", newline="") as fh:
        missing = [(r["email"], r["not_submitted"]) for r in csv.DictReader(fh)]
    assert missing == [("jane@nhs.example", "Seven years of 'your tests are normal'"),
                       ("sian@nhs.example", "Pain at triage; Seven years of 'your tests are normal'")]
    assert (records / "not_on_roster.csv").read_text().splitlines() == ["learner_id,assignments",
                                                                        "1002,triage-pain"]


def test_a_bad_roster_stops_grading_before_anything_is_collected(tmp_path):
    course, exercises = build_course(tmp_path)
    (tmp_path / "roster.csv").write_bytes("learner_id,name\nL1,Zo\u00eb\n".encode("cp1252"))
    with pytest.raises(GradingError, match=r"roster\.csv:2: not UTF-8 text"):
        run(tmp_path / "nothing.zip", course, exercises=exercises, roster=tmp_path / "roster.csv")
    assert not list(course.glob("submitted/*"))


def test_records_carry_no_answer_key(tmp_path):
    """The non-submitter lists are mailed to learners: no option text or key of any item is in them."""
    import json

    from tests.grading.test_pipeline import REAL
    from tic_course.grading.results import items_table

    course, exercises = build_course(tmp_path)
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    (tmp_path / "empty").mkdir()
    summary = run(tmp_path / "empty", course, config=pipeline_config(workers=1), exercises=exercises,
                  feedback=False, chapters=ROOT / "book" / "chapters", roster=tmp_path / "roster.csv")
    items = items_table(load_all([FIXTURE, REAL]))
    texts = [t for cell in items["option_texts"] if cell for t in json.loads(cell).values()]
    assert texts
    for path in summary.records.rglob("*.csv"):
        written = path.read_text(encoding="utf-8")
        assert not [t for t in texts if t in written], path
