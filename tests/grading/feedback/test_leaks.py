"""No key, hidden test or rubric pattern reaches a learner's page, for every released assignment.

Every real scenario is released and autograded by nbgrader with one all-wrong and one all-right
submission; the learners' pages are then written from that gradebook under each
``reveal_answers`` setting (and before and after a due date) and searched for what only
educators may see: hidden-test lines (read from the source notebook's test cells), rubric
patterns, marking guidance, model replies, worked orders and the feedback of right options the
learner did not choose.
"""

from __future__ import annotations

import json
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import pytest
from markupsafe import escape
from nbgrader.api import Gradebook
from traitlets.config import Config

from tests.conftest import EXERCISES, ROOT, make_course, nbgrader
from tic_course.checkpoints.rubric import CAVEAT
from tic_course.grading.feedback import LearnerFeedback, page_path, write_pages
from tic_course.grading.feedback.teaching import course_objectives
from tic_course.notebook.release import build_sources, release
from tic_course.scenario import load_scenario
from tic_course.scenario.catalogue import load_all
from tools.submissions import fill_answers, solved_answers, write_submission

pytestmark = pytest.mark.slow

BOOK = "https://learning.example.nhs.uk/tic/"
HOSTILE = '<script>alert("x")</script> I would ask the patient what they need. <img src=x onerror=alert(1)>'
NOW = datetime(2026, 6, 1, tzinfo=UTC)
TEMPLATE = (ROOT / "tic_course" / "grading" / "feedback" / "templates" / "page.html.j2").read_text(encoding="utf-8")


def wrong_answers(scenario: dict) -> dict[str, str]:
    """Zero on every auto-graded item: wrong options only, the order reversed, the original reply."""
    answers = {}
    for item in scenario["checkpoints"]:
        if item["type"] in ("single_choice", "multiple_select"):
            wrong = [o["key"] for o in item["options"] if not o["correct"]]
            answers[item["id"]] = wrong[0] if item["type"] == "single_choice" else ", ".join(wrong)
        elif item["type"] == "ordering":
            answers[item["id"]] = ", ".join(reversed(item["order"]))
        elif item["type"] == "rewrite":
            answers[item["id"]] = item["original"].strip()
        elif item["type"] == "reflection":
            answers[item["id"]] = HOSTILE
    return answers


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> tuple[Path, dict[str, dict]]:
    course = make_course(tmp_path_factory.mktemp("leaks"))
    ids = build_sources(load_all(EXERCISES), course)
    release(ids, course, None)
    scenarios = {s["id"]: s for s in (load_scenario(f) for f in EXERCISES)}
    for sid, s in scenarios.items():
        released = nbformat.read(course / "release" / sid / f"{sid}.ipynb", as_version=4)
        write_submission(course, "right", sid, fill_answers(released, s, solved_answers(s)))
        write_submission(course, "wrong", sid, fill_answers(released, s, wrong_answers(s)))
        proc = nbgrader(course, "autograde", sid, "--create", "--log-level=ERROR")
        assert proc.returncode == 0, proc.stderr
    return course, scenarios


def settings(reveal: str) -> LearnerFeedback:
    config = Config()
    config.LearnerFeedback.reveal_answers = reveal
    config.LearnerFeedback.book_url = BOOK
    config.LearnerFeedback.folder = f"learner_feedback_{reveal}"
    return LearnerFeedback(config=config)


def set_due(course: Path, scenarios: dict, due: datetime | None) -> None:
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for sid in scenarios:
            gb.update_or_create_assignment(sid, duedate=due)


def pages(course: Path, scenarios: dict, reveal: str, due: datetime | None) -> dict[tuple[str, str], str]:
    set_due(course, scenarios, due)
    s = settings(reveal)
    jobs = [(learner, sid) for sid in scenarios for learner in ("right", "wrong")]
    written = write_pages(
        course, scenarios, f"sqlite:///{course / 'gradebook.db'}", jobs, s, chapters=ROOT / "book" / "chapters", now=NOW
    )
    assert written.failed == [] and len(written.pages) == len(jobs)
    return {(learner, sid): page_path(course, s, learner, sid).read_text(encoding="utf-8") for learner, sid in jobs}


def hidden_test_lines(course: Path, sid: str) -> list[str]:
    nb = nbformat.read(course / "source" / sid / f"{sid}.ipynb", as_version=4)
    lines = []
    for cell in nb.cells:
        inside = False
        for line in cell.source.splitlines():
            if "BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "END HIDDEN TESTS" in line:
                inside = False
            elif inside and line.strip():
                lines.append(line.strip())
    assert lines, sid
    return lines


def visible_text(scenario: dict, answers: dict[str, str]) -> str:
    """Everything a learner is meant to read for this scenario, to tell a pattern from plain words.

    The page's own fixed wording, the objectives and chapter titles count too: a rubric pattern
    such as "your choice" or "temperature" is plain English that may also appear there, which
    gives nothing away. (Model replies and worked orders are checked whole by key_secrets.)
    """
    teaching = [f"{o.text} {o.chapter_title}" for o in course_objectives(ROOT / "book" / "chapters").values()]
    parts = [scenario["title"], CAVEAT, TEMPLATE, *teaching, *answers.values()]
    for item in scenario["checkpoints"]:
        parts += [item["prompt"], item.get("original", "")]
        for o in item.get("options", []) + item.get("steps", []):
            parts += [o["text"], o.get("feedback", "")]
        for c in item.get("rubric", []):
            parts += [c["description"], c["hint"]]
        parts += [item.get("model_answer", ""), item.get("explanation", "")]
    return "\n".join(parts)


def esc(text: str) -> str:
    """As the page's autoescaping writes text (Jinja2's markupsafe)."""
    return str(escape(text))


def absent(text: str, page: str) -> bool:
    return text not in page and esc(text) not in page


def key_secrets(scenario: dict, answers: dict[str, str]) -> list[str]:
    """What would give away the key of items answered wrongly by ``answers``."""
    found = []
    for item in scenario["checkpoints"]:
        chosen = {k.strip() for k in answers.get(item["id"], "").split(",")}
        if item["type"] in ("single_choice", "multiple_select"):
            found += [o["feedback"].strip() for o in item["options"] if o["correct"] and o["key"] not in chosen]
        elif item["type"] == "ordering":
            found.append(", ".join(item["order"]))
            if item.get("explanation"):
                found.append(item["explanation"].strip())
        elif item["type"] == "rewrite":
            found.append(item["model_answer"].strip())
    return found


def always_secret(course: Path, scenario: dict, answers: dict[str, str]) -> list[str]:
    """Never on any learner's page: hidden tests, marking guidance, rubric patterns not in plain text."""
    visible = visible_text(scenario, answers)
    found = hidden_test_lines(course, scenario["id"])
    for item in scenario["checkpoints"]:
        if item["type"] == "reflection":
            found.append(item["marking_guidance"].strip())
        for c in item.get("rubric", []):
            found += [p for p in c.get("any_of", []) + c.get("none_of", []) if p not in visible]
    return found


def check_common(course: Path, scenario: dict, learner: str, page: str) -> None:
    answers = wrong_answers(scenario) if learner == "wrong" else solved_answers(scenario)
    for secret in always_secret(course, scenario, answers):
        assert absent(secret, page), (scenario["id"], learner, secret)
    urls = re.findall(r"https?://[^\s\"'<>)]+", page)
    assert all(u.startswith(BOOK) for u in urls), (scenario["id"], urls)
    assert "<script" not in page.replace("&lt;script", "") and "src=" not in page.replace("src=x", "")
    assert "<img" not in page


def test_wrong_answers_get_no_key_when_answers_are_never_revealed(library):
    course, scenarios = library
    got = pages(course, scenarios, "never", datetime(2026, 1, 1))  # even long after the due date
    for sid, s in scenarios.items():
        page = got[("wrong", sid)]
        check_common(course, s, "wrong", page)
        for secret in key_secrets(s, wrong_answers(s)):
            assert absent(secret, page), (sid, secret)
        assert "<h3>The answer</h3>" not in page
        assert esc(HOSTILE) in page  # the learner's own reflection, as text


def test_right_answers_show_only_their_own_answers(library):
    course, scenarios = library
    got = pages(course, scenarios, "never", None)
    for sid, s in scenarios.items():
        page = got[("right", sid)]
        check_common(course, s, "right", page)
        auto = [i for i in s["checkpoints"] if i["type"] != "reflection"]
        assert page.count("<h3>The answer</h3>") == len(auto), sid  # full marks: their own answer
        assert "Provisional total" not in page  # the solved reflection is the opt-out: left out, not pending
        assert "1 item(s) opted out, not scored" in page
        maximum = sum(i["points"] for i in auto)
        assert f"<strong>{maximum:g} of {maximum:g} points</strong>" in page, sid


def test_after_due_date_reveals_only_once_the_date_has_passed(library):
    course, scenarios = library
    before = pages(course, scenarios, "after_due_date", datetime(2026, 7, 1))
    for sid, s in scenarios.items():
        check_common(course, s, "wrong", before[("wrong", sid)])
        for secret in key_secrets(s, wrong_answers(s)):
            assert absent(secret, before[("wrong", sid)]), (sid, secret)
        assert "(01 July 2026, 00:00 UTC)" in before[("wrong", sid)]
    undated = pages(course, scenarios, "after_due_date", None)
    for sid in scenarios:
        assert "<h3>The answer</h3>" not in undated[("wrong", sid)], sid
    after = pages(course, scenarios, "after_due_date", datetime(2026, 5, 1))
    for sid, s in scenarios.items():
        check_common(course, s, "wrong", after[("wrong", sid)])
        revealed = [x for x in key_secrets(s, wrong_answers(s)) if not absent(x, after[("wrong", sid)])]
        assert any(i["type"] == "rewrite" and i["model_answer"].strip() in revealed for i in s["checkpoints"]) or not [
            i for i in s["checkpoints"] if i["type"] == "rewrite"
        ], sid


def test_always_reveals_keys_but_still_no_tests_or_patterns(library):
    course, scenarios = library
    got = pages(course, scenarios, "always", None)
    for sid, s in scenarios.items():
        page = got[("wrong", sid)]
        check_common(course, s, "wrong", page)
        auto = [i for i in s["checkpoints"] if i["type"] != "reflection"]
        assert page.count("<h3>The answer</h3>") == len(auto), sid
        for item in auto:
            if item["type"] == "rewrite":
                assert esc(item["model_answer"].strip()) in page, (sid, item["id"])
            if item["type"] == "ordering":
                assert f"<p>{', '.join(item['order'])}</p>" in page, (sid, item["id"])


def test_feedback_returned_through_the_lms_holds_only_the_pages(library, tmp_path):
    """The Moodle, Canvas and folder returns carry each learner's page byte for byte, and nothing else:
    no nbgrader feedback (hidden tests), no fingerprints, no key the page itself withholds."""
    from tic_course.grading.feedback_return import export_feedback
    from tic_course.grading.intake.placement import record_path

    course, scenarios = library
    got = pages(course, scenarios, "never", datetime(2026, 1, 1))
    folder = settings("never").folder
    for number, (learner, sid) in enumerate(sorted(got), 1):
        participant = str(4000 + number)
        moodle = {"lms": "moodle", "lms_id": participant,
                  "lms_prefix": f"Learner {learner}_{participant}_assignsubmission_file_"}
        path = record_path(course, learner, sid)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(moodle), encoding="utf-8")
    moodle = export_feedback(course, "moodle", tmp_path / "moodle", folder=folder)
    folders = export_feedback(course, "folders", tmp_path / "folders", folder=folder)
    assert moodle.skipped == [] and folders.skipped == []
    returned = {}
    for sid in scenarios:
        with zipfile.ZipFile(tmp_path / "moodle" / f"{sid}.zip") as zf:
            names = zf.namelist()
            assert len(names) == 2 and all(n.endswith(f"_assignsubmission_file_{sid}-feedback.html") for n in names)
            for name in names:
                learner = name.split("_", 1)[0].removeprefix("Learner ")
                returned[(learner, sid)] = zf.read(name).decode("utf-8")
    for (learner, sid), page in got.items():
        assert returned[(learner, sid)] == page
        assert (tmp_path / "folders" / learner / f"{sid}.html").read_text(encoding="utf-8") == page
        check_common(course, scenarios[sid], learner, returned[(learner, sid)])
        if learner == "wrong":
            for secret in key_secrets(scenarios[sid], wrong_answers(scenarios[sid])):
                assert absent(secret, returned[(learner, sid)]), (sid, secret)
    files = [p for p in (tmp_path / "folders").rglob("*") if p.is_file() and p.name != ".tic-feedback-return"]
    assert len(files) == len(got) and all(p.suffix == ".html" for p in files)
