"""Scenario file -> source notebook -> nbgrader release -> submissions -> autograde, for real.

Runs nbgrader's own commands in a throwaway course that uses the real ``grading/`` config.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from tests.conftest import EXERCISES, FIXTURE, make_course, nbgrader
from tic_course.notebook.release import build_sources, release
from tic_course.scenario import load_scenario
from tic_course.scenario.catalogue import load_all
from tools.submissions import fill_answers, solved_answers, write_submission

pytestmark = pytest.mark.slow

# A specific, partly wrong submission of the fixture, with its hand-computed score:
#   first-words  "c"          wrong option                                 0 of 2
#   red-flags    "A, C"       1 right - 1 wrong = 0 of 3 applicable         0 of 3
#   order        "C, B, D, A" (B,C) broken; (C,D), (D,A) kept: 2/3 x 3       2 of 3
#   rewrite      reflects 'changed' (1), invites '?' (1), says 'regular' (0): 2 of 3 by the
#                criteria; the overall reading (59%, medium) reads a reply that keeps the
#                original's label as poor and moves it down one band                1 of 3
PARTLY_WRONG = {
    "first-words": "c",
    "red-flags": "A, C",
    "escalation-order": "C, B, D, A",
    "rewrite-regular": "Please take a seat, you are a regular so you know the wait is long, what has changed?",
}


def autograded_scores(course: Path, assignment: str) -> dict[str, dict[str, float | None]]:
    out: dict[str, dict[str, float | None]] = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for sub in gb.assignment_submissions(assignment):
            grades = {}
            for nb in sub.notebooks:
                for g in nb.grades:
                    grades[g.name] = None if g.needs_manual_grade else g.auto_score
            out[sub.student.id] = grades
    return out


@pytest.fixture(scope="module")
def fixture_course(tmp_path_factory) -> Path:
    course = make_course(tmp_path_factory.mktemp("course"))
    [sid] = build_sources(load_all([FIXTURE]), course)
    release([sid], course, None)
    scenario = load_scenario(FIXTURE)
    released = nbformat.read(course / "release" / sid / f"{sid}.ipynb", as_version=4)
    write_submission(course, "solved", sid, fill_answers(released, scenario, solved_answers(scenario)))
    write_submission(course, "blank", sid, released)
    write_submission(course, "partly", sid, fill_answers(released, scenario, PARTLY_WRONG))
    proc = nbgrader(course, "autograde", sid, "--create", "--log-level=ERROR")
    assert proc.returncode == 0, proc.stderr
    return course


def test_solved_source_notebook_passes_nbgrader_validate(fixture_course):
    proc = nbgrader(fixture_course, "validate", "source/triage-pain/triage-pain.ipynb")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Success! Your notebook passes all the tests." in proc.stdout


def test_unsolved_release_fails_nbgrader_validate(fixture_course):
    proc = nbgrader(fixture_course, "validate", "release/triage-pain/triage-pain.ipynb")
    assert "Success!" not in proc.stdout


def test_solved_submission_gets_full_automatic_marks(fixture_course):
    grades = autograded_scores(fixture_course, "triage-pain")["solved"]
    assert grades == {
        "first-words-check": 2.0,
        "red-flags-check": 3.0,
        "escalation-order-check": 3.0,
        "rewrite-regular-check": 3.0,
        "reflection": None,
    }


def test_blank_submission_scores_zero(fixture_course):
    grades = autograded_scores(fixture_course, "triage-pain")["blank"]
    assert grades == {
        "first-words-check": 0.0,
        "red-flags-check": 0.0,
        "escalation-order-check": 0.0,
        "rewrite-regular-check": 0.0,
        "reflection": 0.0,
    }


def test_partly_wrong_submission_scores_exactly(fixture_course):
    grades = autograded_scores(fixture_course, "triage-pain")["partly"]
    assert grades == {
        "first-words-check": 0.0,
        "red-flags-check": 0.0,
        "escalation-order-check": 2.0,
        "rewrite-regular-check": 1.0,
        "reflection": 0.0,
    }
    assert sum(v for v in grades.values() if v) == 3.0


def test_autograded_feedback_explains_without_the_key(fixture_course):
    nb = nbformat.read(fixture_course / "autograded" / "partly" / "triage-pain" / "triage-pain.ipynb", 4)
    outputs = {
        c.metadata["nbgrader"]["grade_id"]: "".join(o.get("text", "") for o in c.outputs)
        for c in nb.cells
        if c.get("outputs")
    }
    assert (
        "You chose C: not the best reply. A label that signals judgement before assessment."
        in outputs["first-words-check"]
    )
    assert "2 of 3 pairs of neighbouring steps are in the right order." in outputs["escalation-order-check"]
    assert (
        "\u2717 Avoids labels such as 'regular' or 'frequent flyer' (found: \u201cregular\u201d)"
        in outputs["rewrite-regular-check"]
    )
    assert "B, C, D, A" not in json.dumps(nb)


LEAK_MARKERS = (
    "BEGIN SOLUTION",
    "END SOLUTION",
    "BEGIN HIDDEN TESTS",
    "score_single_choice",
    "score_multiple_select",
    "score_ordering",
    "score_rewrite",
    "correct='",
    "correct=[",
    "Marking guidance",
    "any_of",
    "none_of",
    "order=[",
    "model_answer=",
)


def secrets_of(scenario: dict) -> list[str]:
    """Text only instructors may see: model answers and marking guidance. (Rubric patterns are
    short regular expressions that can coincide with practice text; LEAK_MARKERS catches the
    rubric itself.)"""
    found = []
    for item in scenario["checkpoints"]:
        if item["type"] == "rewrite":
            found.append(item["model_answer"].strip())
        if item["type"] == "reflection":
            found.append(item["marking_guidance"].strip())
    return found


def test_release_has_no_solutions_hidden_tests_or_keys(fixture_course):
    text = (fixture_course / "release" / "triage-pain" / "triage-pain.ipynb").read_text(encoding="utf-8")
    for marker in LEAK_MARKERS:
        assert marker not in text
    for secret in secrets_of(load_scenario(FIXTURE)):
        assert json.dumps(secret)[1:-1] not in text and secret not in text


def test_student_answer_cells_read_like_plain_instructions(fixture_course):
    nb = nbformat.read(fixture_course / "release" / "triage-pain" / "triage-pain.ipynb", 4)
    answers = [c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id", "").endswith("-answer")]
    assert answers[0] == '# Type one letter (A, B or C) between the quotes, then press Shift+Enter.\nanswer_1 = ""\n'
    assert all("NotImplementedError" not in a and "YOUR CODE HERE" not in a for a in answers)


@pytest.fixture(scope="module")
def library_course(tmp_path_factory) -> tuple[Path, list[dict]]:
    """Every real scenario, released and autograded with solved, blank and partly wrong work."""
    course = make_course(tmp_path_factory.mktemp("library"))
    ids = build_sources(load_all(EXERCISES), course)
    release(ids, course, None)
    scenarios = [load_scenario(f) for f in EXERCISES]
    for s in scenarios:
        released = nbformat.read(course / "release" / s["id"] / f"{s['id']}.ipynb", as_version=4)
        write_submission(course, "solved", s["id"], fill_answers(released, s, solved_answers(s)))
        write_submission(course, "blank", s["id"], released)
        write_submission(course, "partly", s["id"], fill_answers(released, s, partly_wrong(s)))
        proc = nbgrader(course, "autograde", s["id"], "--create", "--log-level=ERROR")
        assert proc.returncode == 0, proc.stderr
    return course, scenarios


def partly_wrong(scenario: dict) -> dict[str, str]:
    """A generic partly wrong answer set whose score follows from the scenario by arithmetic."""
    answers = {}
    for item in scenario["checkpoints"]:
        if item["type"] == "single_choice":
            answers[item["id"]] = next(o["key"] for o in item["options"] if not o["correct"])
        elif item["type"] == "multiple_select":
            answers[item["id"]] = ", ".join([o["key"] for o in item["options"] if o["correct"]][:-1])
        elif item["type"] == "ordering":
            order = list(item["order"])
            order[0], order[1] = order[1], order[0]
            answers[item["id"]] = ", ".join(order)
    return answers


def expected_partly_wrong(item: dict) -> float:
    if item["type"] == "multiple_select":
        k = sum(o["correct"] for o in item["options"])
        return round(item["points"] * (k - 1) / k, 2)
    if item["type"] == "ordering":
        n = len(item["order"])
        return round(item["points"] * (n - 2) / (n - 1), 2)
    return 0.0


def test_every_scenario_solved_blank_and_partly_wrong(library_course):
    course, scenarios = library_course
    for s in scenarios:
        scores = autograded_scores(course, s["id"])
        for item in s["checkpoints"]:
            key = item["id"] if item["type"] == "reflection" else f"{item['id']}-check"
            solved = None if item["type"] == "reflection" else float(item["points"])
            assert scores["solved"][key] == solved, (s["id"], key)
            assert scores["blank"][key] == 0.0, (s["id"], key)
            assert scores["partly"][key] == (0.0 if item["type"] == "reflection" else expected_partly_wrong(item)), (
                s["id"],
                key,
            )


def test_every_solved_source_passes_nbgrader_validate(library_course):
    course, scenarios = library_course
    for s in scenarios:
        proc = nbgrader(course, "validate", f"source/{s['id']}/{s['id']}.ipynb")
        assert "Success! Your notebook passes all the tests." in proc.stdout, (s["id"], proc.stdout)


def test_no_release_leaks_a_key(library_course):
    course, scenarios = library_course
    for s in scenarios:
        text = (course / "release" / s["id"] / f"{s['id']}.ipynb").read_text(encoding="utf-8")
        for marker in LEAK_MARKERS:
            assert marker not in text, (s["id"], marker)
        for secret in secrets_of(s):
            assert secret not in text and json.dumps(secret)[1:-1] not in text, (s["id"], secret)
