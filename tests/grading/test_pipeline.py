"""`tic-course grade` end to end: LMS zip -> parallel autograde -> feedback -> report.

Uses a throwaway course with the fixture scenario and one real scenario, a Canvas-style zip
holding good, partly wrong, blank and deliberately broken submissions, and checks exact scores,
every robustness case, idempotent and interrupted runs, manual grades, and PostgreSQL.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from tests.conftest import FIXTURE, ROOT, make_course
from tests.grading.test_nbgrader_pipeline import PARTLY_WRONG
from tic_course.grading.pipeline import pipeline_config, run
from tic_course.notebook.release import build_sources, release
from tic_course.scenario.catalogue import load_all
from tools.submissions import fill_answers, solved_answers

pytestmark = pytest.mark.slow

REAL = ROOT / "exercises" / "years-of-dismissal" / "scenario.yml"


def released_nb(course: Path, sid: str) -> nbformat.NotebookNode:
    return nbformat.read(course / "release" / sid / f"{sid}.ipynb", as_version=4)


def set_cell(nb, gid: str, source: str) -> None:
    for c in nb.cells:
        if c.metadata.get("nbgrader", {}).get("grade_id") == gid:
            c.source = source


def canvas_name(user: int, sid: str) -> str:
    return f"learner{user}_{user}_{user + 500000}_{sid}.ipynb"


def build_course(tmp: Path, db_url: str | None = None) -> tuple[Path, Path]:
    """A course with two released assignments, and its exercises folder."""
    course = make_course(tmp / "course")
    if db_url:
        with (course / "nbgrader_config.py").open("a", encoding="utf-8") as fh:
            fh.write(f"\nc.CourseDirectory.db_url = {db_url!r}\n")
    exercises = tmp / "exercises"
    (exercises / "triage-pain").mkdir(parents=True)
    shutil.copy(FIXTURE, exercises / "triage-pain" / "scenario.yml")
    (exercises / "years-of-dismissal").mkdir(parents=True)
    shutil.copy(REAL, exercises / "years-of-dismissal" / "scenario.yml")
    scenarios = load_all(
        [exercises / "triage-pain" / "scenario.yml", exercises / "years-of-dismissal" / "scenario.yml"]
    )
    release(build_sources(scenarios, course), course, None)
    return course, exercises


def lms_zip(course: Path, dest: Path) -> Path:
    """The cohort as a Canvas bulk download, including every robustness case."""
    fixture = load_all([FIXTURE])[0]
    real = load_all([REAL])[0]
    tp = released_nb(course, "triage-pain")
    files: dict[str, bytes] = {}

    def add(name: str, nb) -> None:
        files[name] = nbformat.writes(nb).encode("utf-8")

    add(canvas_name(1001, "triage-pain"), fill_answers(tp, fixture, solved_answers(fixture)))
    add(canvas_name(1002, "triage-pain"), tp)  # blank
    add(canvas_name(1003, "triage-pain"), fill_answers(tp, fixture, PARTLY_WRONG))
    add(
        canvas_name(1001, "years-of-dismissal"),
        fill_answers(released_nb(course, "years-of-dismissal"), real, solved_answers(real)),
    )
    files[canvas_name(1004, "triage-pain")] = b'{"cells": [ this is not json'
    add(canvas_name(1005, "triage-pain"), released_nb(course, "years-of-dismissal"))  # wrong assignment
    nb = fill_answers(tp, fixture, solved_answers(fixture))  # tricks in answer cells and added cells
    set_cell(nb, "first-words-answer", "class A:\n    def __eq__(s, o): return True\nanswer_1 = A()")
    set_cell(
        nb,
        "red-flags-answer",
        'answer_2 = "A, B, D"\nprint("All tests passed!")\n'
        'print(open("../../../source/triage-pain/triage-pain.ipynb").read())',
    )
    set_cell(nb, "escalation-order-answer", "while True:\n    pass")
    nb.cells.insert(3, nbformat.v4.new_code_cell("import os; os._exit(1)"))
    nb.cells.insert(4, nbformat.v4.new_code_cell('print("x" * 5_000_000)'))
    nb.cells.insert(
        5, nbformat.v4.new_code_cell("import tic_course.grading.scoring as s\ns.score_rewrite = lambda *a, **k: 3.0")
    )
    add(canvas_name(1006, "triage-pain"), nb)
    nb = fill_answers(tp, fixture, solved_answers(fixture))  # str subclass; edited test; deleted + reordered
    set_cell(nb, "first-words-answer", 'class S(str):\n    def __eq__(s, o): return True\nanswer_1 = S("Z")')
    set_cell(nb, "red-flags-check", "3.0")
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "rewrite-regular-answer"]
    nb.cells[3], nb.cells[6] = nb.cells[6], nb.cells[3]
    for c in nb.cells:
        c.metadata.get("nbgrader", {}).pop("checksum", None)
    add(canvas_name(1007, "triage-pain"), nb)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(dest, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
        # a non-UTF-8 file name (cp1252 "é", no UTF-8 flag): must be handled, not crash the batch
        info = zipfile.ZipInfo(f"l\xe9arner1008_1008_501008_{'triage-pain'}.ipynb")
        zf.writestr(info, nbformat.writes(fill_answers(tp, fixture, solved_answers(fixture))).encode())
    return dest


# Hand-computed automatic scores (reflections need a human, so they are not included):
EXPECTED_TP = {
    "1001": 11.0,  # all right
    "1002": 0.0,  # blank
    "1003": 3.0,  # PARTLY_WRONG, see test_nbgrader_pipeline
    "1006": 6.0,  # eq-object answer -> 0 of 2; red flags kept (3); the order cell held only a loop -> 0; rewrite 3
    "1007": 6.0,  # str subclass -> 0; edited test restored (red flags 3); order 3; rewrite deleted -> 0
    "1008": 11.0,  # the non-UTF-8 name only affects the file name
}


def auto_totals(db_url: str, assignment: str) -> dict[str, float]:
    with Gradebook(db_url) as gb:
        return {s.student.id: s.score for s in gb.assignment_submissions(assignment)}


def snapshot(course: Path, db_url: str) -> dict:
    """Everything a rerun must leave untouched: grades and the autograded files."""
    state = {}
    with Gradebook(db_url) as gb:
        for a in ("triage-pain", "years-of-dismissal"):
            for sub in gb.assignment_submissions(a):
                state[(a, sub.student.id)] = sorted(
                    (g.name, g.auto_score, g.manual_score, g.needs_manual_grade)
                    for nb in sub.notebooks
                    for g in nb.grades
                )
    files = {
        str(p.relative_to(course)): p.stat().st_mtime_ns for p in (course / "autograded").rglob("*") if p.is_file()
    }
    return {"grades": state, "files": files}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pipeline")
    course, exercises = build_course(tmp)
    zip_path = lms_zip(course, tmp / "lms" / "canvas-download.zip")
    summary = run(zip_path, course, config=pipeline_config(workers=2), exercises=exercises)
    return course, exercises, zip_path, summary


def db_of(course: Path) -> str:
    return f"sqlite:///{course / 'gradebook.db'}"


def test_exact_scores(graded):
    course, *_ = graded
    assert auto_totals(db_of(course), "triage-pain") == EXPECTED_TP
    assert auto_totals(db_of(course), "years-of-dismissal") == {"1001": 13.0}


def test_bad_files_are_reported_and_the_batch_continues(graded):
    *_, summary = graded
    reasons = dict(summary.rejected)
    assert any("1004" in src and "not valid JSON" in r for src, r in reasons.items()), reasons
    assert any("1005" in src and "belongs to assignment years-of-dismissal" in r for src, r in reasons.items()), reasons
    assert summary.exit_code == 2
    assert summary.failed == []
    assert summary.graded == 7


def test_tricks_are_explained_in_notes(graded):
    *_, summary = graded
    notes = {o.job.learner: o.notes for o in summary.notes if o.job.assignment == "triage-pain"}
    assert (
        "answer cell 'first-words-answer': answer_1 was not plain text between quote marks, so it was marked as "
        "unanswered" in notes["1006"]
    )
    assert "3 code cell(s) added to the notebook were removed and not run" in notes["1006"]
    assert "the answer cell 'rewrite-regular-answer' was missing, so it was marked as unanswered" in notes["1007"]
    assert "cells had been moved; the original order was used" in notes["1007"]


def test_no_learner_code_ran(graded):
    course, *_ = graded
    text = (course / "autograded" / "1006" / "triage-pain" / "triage-pain.ipynb").read_text(encoding="utf-8")
    assert "All tests passed" not in text and "x" * 1000 not in text and "_exit" not in text


def test_feedback_explains_without_the_key(graded):
    course, *_ = graded
    html = (course / "feedback" / "1003" / "triage-pain" / "triage-pain.html").read_text(encoding="utf-8")
    assert "2 of 3 pairs of neighbouring steps are in the right order." in html
    assert "B, C, D, A" not in html and "correct=" not in html


def test_report_and_exports(graded):
    course, *_ = graded
    report = course / "reports" / "report" / "report.html"
    html = report.read_text(encoding="utf-8")
    assert "I choose to opt out" not in html  # reflection text never reaches a report
    results = (course / "reports" / "data" / "results.csv").read_text(encoding="utf-8")
    assert results.splitlines()[0] == (
        "learner_id,assignment,item_id,item_type,score,max_score,needs_manual,"
        "answer,submitted_at,late,late_days,late_penalty_percent,objectives,skills,state,checker_confidence"
    )
    assert '1003,triage-pain,red-flags,multiple_select,0.0,3.0,False,"A,C"' in results
    # The checker's confidence in each rewrite it read, never the text, least sure first (then by
    # assignment, item and learner). The partly wrong reply keeps the original's label: the
    # overall reading moves it from partial to poor at 59%, medium, so it heads the queue. The model
    # answer earns 3 of 3 at high confidence; a blank answer is plainly blank: high.
    queue = (course / "reports" / "data" / "review_queue.csv").read_text(encoding="utf-8").splitlines()
    assert queue[0] == "checker_confidence,learner_id,assignment,item_id,score,max_score"
    assert queue[1] == "medium,1003,triage-pain,rewrite-regular,1.0,3.0"
    assert queue[2] == "high,1001,triage-pain,rewrite-regular,3.0,3.0"
    assert "high,1002,triage-pain,rewrite-regular,0.0,3.0" in queue
    # No second "compliance" record that counts graded work as done: the training record
    # (written with --roster) is the one record of who completed what.
    assert not (course / "reports" / "report" / "compliance.csv").exists()


def test_formgrader_sees_reflections_waiting_for_a_human(graded):
    """nbgrader's formgrader reads the course through NbGraderAPI: it must work on our course."""
    from nbgrader.apps.api import NbGraderAPI

    from tic_course.grading.pipeline import load_course

    course, *_ = graded
    coursedir, _ = load_course(course)
    api = NbGraderAPI(coursedir, config=coursedir.config)
    rows = {r["student"]: r for r in api.get_notebook_submissions("triage-pain", "triage-pain")}
    assert rows["1001"]["needs_manual_grade"] is True  # the opt-out reflection waits for the educator
    assert rows["1002"]["needs_manual_grade"] is False  # blank reflection: 0 automatically, "No response."
    assert sorted(api.get_autograded_students("triage-pain")) == sorted(EXPECTED_TP)


def test_rerun_changes_nothing(graded):
    course, exercises, zip_path, _ = graded
    before = snapshot(course, db_of(course))
    again = run(zip_path, course, config=pipeline_config(workers=2), exercises=exercises)
    assert (again.graded, again.unchanged, again.placed) == (0, 7, 0)
    assert snapshot(course, db_of(course)) == before


def test_manual_grades_survive_regrading(graded):
    course, exercises, zip_path, _ = graded
    with Gradebook(db_of(course)) as gb:
        grade = gb.find_grade("reflection", "triage-pain", "triage-pain", "1001")
        grade.manual_score = 2.0
        gb.db.commit()
    # The learner resubmits a changed notebook: it is regraded, and the manual grade stays.
    nb_path = course / "submitted" / "1001" / "triage-pain" / "triage-pain.ipynb"
    nb = nbformat.read(nb_path, 4)
    set_cell(nb, "first-words-answer", 'answer_1 = "A"')
    nbformat.write(nb, nb_path)
    summary = run(course / "submitted", course, config=pipeline_config(workers=2), exercises=exercises, feedback=False)
    assert summary.graded == 1
    with Gradebook(db_of(course)) as gb:
        grade = gb.find_grade("reflection", "triage-pain", "triage-pain", "1001")
        assert grade.manual_score == 2.0 and grade.needs_manual_grade  # kept, and flagged for review
        assert gb.find_grade("first-words-check", "triage-pain", "triage-pain", "1001").auto_score == 0.0


def test_empty_zip_is_reported(graded, tmp_path):
    course, exercises, *_ = graded
    empty = tmp_path / "empty.zip"
    zipfile.ZipFile(empty, "w").close()
    summary = run(empty, course, config=pipeline_config(workers=1), exercises=exercises, feedback=False)
    assert summary.exit_code == 2
    assert any("empty" in reason for _, reason in summary.rejected)


def test_interrupted_run_loses_and_duplicates_nothing(tmp_path):
    course, exercises = build_course(tmp_path)
    zip_path = lms_zip(course, tmp_path / "lms.zip")
    cmd = [
        sys.executable,
        "-m",
        "tic_course",
        "grade",
        str(zip_path),
        "--course",
        str(course),
        "--exercises",
        str(exercises),
        "--workers",
        "1",
        "--no-feedback",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if len(list((course / "autograded").glob("*/*/.tic-graded.json"))) >= 2:
            break
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = len(list((course / "autograded").glob("*/*/.tic-graded.json")))
    assert 2 <= done_before < 7, "the run must be cut part-way for this test to mean anything"
    summary = run(zip_path, course, config=pipeline_config(workers=2), exercises=exercises, feedback=False)
    assert summary.graded + summary.unchanged == 7
    assert summary.unchanged >= done_before - 1  # at most the in-flight one is redone
    assert auto_totals(db_of(course), "triage-pain") == EXPECTED_TP
    with Gradebook(db_of(course)) as gb:
        assert len(gb.assignment_submissions("triage-pain")) == len(EXPECTED_TP)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres():
    """A real PostgreSQL server on 127.0.0.1, started for these tests and stopped after."""
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    if not bins:
        pytest.skip("PostgreSQL server binaries are not installed (apt-get install postgresql; .ci/run does this)")
    bin_dir = bins[-1]
    # PostgreSQL refuses to run as root, so as root the server runs as the 'postgres' user, in a
    # folder that user can reach (pytest's own temporary folders are private to root).
    run_as = [] if os.geteuid() != 0 else ["runuser", "-u", "postgres", "--"]
    base = Path(tempfile.mkdtemp(prefix="tic-pg-"))
    data = base / "data"
    if run_as:
        shutil.chown(base, "postgres")
    port = _free_port()
    subprocess.run(
        [*run_as, str(bin_dir / "initdb"), "-D", str(data), "-U", "tic", "--auth=trust"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            *run_as,
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-w",
            "-o",
            f"-h 127.0.0.1 -p {port} -k {data}",
            "-l",
            str(data / "log"),
            "start",
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "tic", "gradebook"],
        check=True,
        capture_output=True,
    )
    yield f"postgresql+psycopg2://tic@127.0.0.1:{port}/gradebook"
    subprocess.run([*run_as, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"], capture_output=True)
    shutil.rmtree(base, ignore_errors=True)


def test_postgresql_gradebook(postgres, tmp_path):
    course, exercises = build_course(tmp_path, db_url=postgres)
    zip_path = lms_zip(course, tmp_path / "lms.zip")
    summary = run(zip_path, course, config=pipeline_config(workers=2), exercises=exercises, feedback=False)
    assert summary.graded == 7
    assert auto_totals(postgres, "triage-pain") == EXPECTED_TP
    assert not (course / "gradebook.db").exists()
    again = run(zip_path, course, config=pipeline_config(workers=2), exercises=exercises, feedback=False)
    assert (again.graded, again.unchanged) == (0, 7)
    assert json.loads((course / "autograded" / "1001" / "triage-pain" / ".tic-graded.json").read_text())["notes"] == []
