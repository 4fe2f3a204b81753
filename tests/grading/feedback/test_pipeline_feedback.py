"""Manual grades flow through ``tic-course grade``: pages, nbgrader's feedback, results and the report.

One course with the fixture scenario and two learners: "writer" writes a reflection (awaiting
the educator), "optout" opts out. The educator then marks and comments as formgrader does; a
plain rerun (no ``--force``) must bring that into both feedback files. A resubmission after
manual grading must read "needs regrading" everywhere and not count as complete until marked.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from tests.conftest import FIXTURE, ROOT, make_course
from tic_course.grading.pipeline import GradingError, pipeline_config, run
from tic_course.notebook.release import build_sources, release
from tic_course.scenario.catalogue import load_all
from tools.submissions import fill_answers, solved_answers, write_submission

pytestmark = pytest.mark.slow

SID = "triage-pain"
CHAPTERS = ROOT / "book" / "chapters"
REFLECTION = "I treat each visit as new and ask what has changed, <b>even</b> when I know the patient."


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("manual")
    course = make_course(tmp / "course")
    exercises = tmp / "exercises"
    (exercises / SID).mkdir(parents=True)
    shutil.copy(FIXTURE, exercises / SID / "scenario.yml")
    [scenario] = load_all([exercises / SID / "scenario.yml"])
    release(build_sources([scenario], course), course, None)
    released = nbformat.read(course / "release" / SID / f"{SID}.ipynb", as_version=4)
    solved = solved_answers(scenario)
    write_submission(course, "writer", SID, fill_answers(released, scenario, solved | {"reflection": REFLECTION}))
    write_submission(course, "optout", SID, fill_answers(released, scenario, solved))  # solved = the opt-out phrase
    return course, exercises


def grade(course: Path, exercises: Path):
    return run(course / "submitted", course, exercises=exercises, config=pipeline_config(workers=2), chapters=CHAPTERS)


def page(course: Path, learner: str) -> str:
    return (course / "learner_feedback" / learner / f"{SID}.html").read_text(encoding="utf-8")


def db(course: Path) -> str:
    return f"sqlite:///{course / 'gradebook.db'}"


def mark_by_hand(course: Path, learner: str, score: float, comment: str) -> None:
    """What formgrader does: set the manual score, clear the flag, save the comment."""
    with Gradebook(db(course)) as gb:
        g = gb.find_grade("reflection", SID, SID, learner)
        g.manual_score, g.needs_manual_grade = score, False
        gb.find_comment("reflection", SID, SID, learner).manual_comment = comment
        gb.db.commit()


def test_manual_grades_flow_through_and_resubmissions_need_regrading(course, capsys):
    course, exercises = course
    first = grade(course, exercises)
    out = capsys.readouterr().out
    assert (first.graded, first.failed, first.learner_pages) == (2, [], 2)
    assert f"learner feedback: {course / 'learner_feedback'}/<learner>/<assignment>.html (2 written this run" in out
    writer = page(course, "writer")
    assert "Provisional total: 11 of 11 points so far; 1 item(s) still to be marked by your educator" in writer
    assert "awaiting your educator: 2 points available, not yet marked" in writer
    assert "I treat each visit as new and ask what has changed, &lt;b&gt;even&lt;/b&gt; when I know" in writer
    optout = page(course, "optout")
    assert "<strong>11 of 11 points</strong>" in optout and "Provisional" not in optout
    assert "opted out, not scored: you chose not to answer" in optout
    results = (course / "reports" / "data" / "results.csv").read_text(encoding="utf-8")
    assert results.splitlines()[0].endswith(",skills,state,checker_confidence")
    assert "writer,triage-pain,reflection,reflection,,2.0,True,," in results
    assert results.count(",awaiting your educator,\n") == 1 and results.count(',"opted out, not scored",\n') == 1
    optout_mtime = (course / "learner_feedback" / "optout" / f"{SID}.html").stat().st_mtime_ns

    # The educator marks the reflection in formgrader; a plain rerun brings it to both feedback files.
    mark_by_hand(course, "writer", 1.5, "Thank you: a clear, practical change.")
    second = grade(course, exercises)
    assert (second.graded, second.unchanged, second.learner_pages, second.failed) == (0, 2, 1, [])
    writer = page(course, "writer")
    assert "<strong>12.5 of 13 points</strong>" in writer and "Provisional" not in writer
    assert "1.5 of 2 points, marked by your educator" in writer
    assert "Thank you: a clear, practical change." in writer
    nbgrader_html = (course / "feedback" / "writer" / SID / f"{SID}.html").read_text(encoding="utf-8")
    assert "Thank you: a clear, practical change." in nbgrader_html
    assert (course / "learner_feedback" / "optout" / f"{SID}.html").stat().st_mtime_ns == optout_mtime
    completion = (course / "reports" / "report" / "completion.csv").read_text(encoding="utf-8")
    assert "writer,triage-pain,True,True,12.5,13.0" in completion

    # Nothing changed: nothing is rewritten.
    third = grade(course, exercises)
    assert (third.graded, third.learner_pages) == (0, 0)

    # The learner resubmits a changed reflection: the old manual mark no longer counts.
    nb_path = course / "submitted" / "writer" / SID / f"{SID}.ipynb"
    nb = nbformat.read(nb_path, 4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "reflection":
            cell.source = "A second, longer reflection about asking what has changed."
    nbformat.write(nb, nb_path)
    fourth = grade(course, exercises)
    out = capsys.readouterr().out
    assert fourth.graded == 1 and fourth.needs_regrading == ["writer/triage-pain"]
    assert "NEEDS REGRADING writer/triage-pain: resubmitted after manual grading" in out
    writer = page(course, "writer")
    assert "needs regrading: you resubmitted after your educator marked this" in writer
    assert "Provisional total: 11 of 11 points so far" in writer
    results = (course / "reports" / "data" / "results.csv").read_text(encoding="utf-8")
    assert "writer,triage-pain,reflection,reflection,,2.0,True," in results and ",needs regrading,\n" in results
    completion = (course / "reports" / "report" / "completion.csv").read_text(encoding="utf-8")
    assert "writer,triage-pain,True,False,11.0,11.0" in completion
    report = (course / "reports" / "report" / "report.html").read_text(encoding="utf-8")
    assert '<span class="flag">needs regrading</span> (1 item)' in report
    assert '<th scope="row">Submissions that need regrading (resubmitted after manual grading)</th><td>1</td>' in report

    # Marked again: complete again, and the page says so.
    mark_by_hand(course, "writer", 2.0, "Even better.")
    fifth = grade(course, exercises)
    assert fifth.needs_regrading == [] and fifth.learner_pages == 1
    assert "<strong>13 of 13 points</strong>" in page(course, "writer") and "Even better." in page(course, "writer")
    completion = (course / "reports" / "report" / "completion.csv").read_text(encoding="utf-8")
    assert "writer,triage-pain,True,True,13.0,13.0" in completion


def test_bad_reveal_setting_stops_before_grading(course):
    course, exercises = course
    config = pipeline_config(workers=1)
    config.LearnerFeedback.reveal_answers = "later"
    with pytest.raises(GradingError, match=r"nbgrader_config.py: c.LearnerFeedback.reveal_answers = 'later' is not a "):
        run(course / "submitted", course, exercises=exercises, config=config, chapters=CHAPTERS)
