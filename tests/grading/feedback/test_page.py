"""The learner's page from a gradebook record: exact states, totals, marks, escaping, no outside requests.

These build :class:`SubmissionRecord` values by hand (as the gradebook would hold them) for the
fixture scenario, so every honest state is checked exactly without running nbgrader; the
end-to-end tests in test_pipeline_feedback.py and test_leaks.py use the real gradebook.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from traitlets import TraitError
from traitlets.config import Config

from tests.conftest import ROOT
from tic_course.grading.feedback import LearnerFeedback, answers_revealed, displayed_options
from tic_course.grading.feedback.page import page_view
from tic_course.grading.feedback.records import GradeRow, SubmissionRecord, fingerprint
from tic_course.grading.feedback.render import render_page
from tic_course.grading.feedback.teaching import chapter_titles, chapter_url, course_objectives
from tic_course.grading.report.palette import BACKGROUND, BAR, HEADER_BG

CHAPTERS = ROOT / "book" / "chapters"
DUE = datetime(2026, 3, 1, 12, 0)


def row(name: str, max_score: float, auto: float | None, manual: float | None = None, flag: bool = False) -> GradeRow:
    return GradeRow(name, max_score, auto, manual, flag)


def record(reflection: GradeRow, *, comments: dict[str, str] | None = None, duedate=DUE) -> SubmissionRecord:
    """Learner L1's fixture submission: first-words wrong (A), red-flags 2 of 3, order 2 of 3, rewrite 2 of 3."""
    grades = [
        row("first-words-check", 2, 0.0),
        row("red-flags-check", 3, 2.0),
        row("escalation-order-check", 3, 2.0),
        row("rewrite-regular-check", 3, 2.0),
        reflection,
    ]
    return SubmissionRecord(
        "L1", "triage-pain", datetime(2026, 2, 1), duedate, {g.name: g for g in grades}, comments or {}
    )


ANSWERS = {
    "first-words": "A",
    "red-flags": "A,B,C",
    "escalation-order": "C,B,D,A",
    "rewrite-regular": "Please take a seat, what has changed tonight? You said it is different.",
    "reflection": "I choose to opt out",
}


def render(fixture_scenario, rec, answers=ANSWERS, *, revealed=False, setting="after_due_date", book_url=""):
    view = page_view(
        fixture_scenario,
        rec,
        answers,
        revealed=revealed,
        reveal_setting=setting,
        objectives=course_objectives(CHAPTERS),
        chapters=chapter_titles(CHAPTERS),
        book_url=book_url,
    )
    return view, render_page(view)


def text_of(html: str) -> str:
    """The page's visible text, whitespace collapsed, for exact sentence checks."""

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self.skip = False

        def handle_starttag(self, tag, attrs):
            self.skip = tag == "style"

        def handle_endtag(self, tag):
            self.skip = False

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    parser = Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def test_opted_out_reflection_is_removed_from_score_and_maximum(fixture_scenario):
    view, html = render(fixture_scenario, record(row("reflection", 2, None, flag=True)))
    reflection = view.checkpoints[-1]
    assert reflection.state == "opted out, not scored"
    assert (
        reflection.points == "opted out, not scored: you chose not to answer, and this item is left out of your total"
    )
    assert (view.total.score, view.total.max_score, view.total.opted_out, view.total.provisional) == (
        6.0,
        11.0,
        1,
        False,
    )
    assert view.total_text == "6 of 11 points"
    assert "Score 0.0/2.0" not in html and "1 item(s) opted out, not scored" in text_of(html)


def test_awaiting_item_makes_the_total_provisional(fixture_scenario):
    answers = ANSWERS | {"reflection": "I would ask what has changed since last time."}
    view, html = render(fixture_scenario, record(row("reflection", 2, None, flag=True)), answers)
    assert view.checkpoints[-1].state == "awaiting your educator"
    assert view.checkpoints[-1].points == "awaiting your educator: 2 points available, not yet marked"
    assert view.total_text == "Provisional total: 6 of 11 points so far; 1 item(s) still to be marked by your educator"
    assert "Provisional total: 6 of 11 points so far" in text_of(html)


def test_manual_grade_and_comment_are_shown_and_counted(fixture_scenario):
    answers = ANSWERS | {"reflection": "I would ask what has changed since last time."}
    rec = record(
        row("reflection", 2, None, manual=1.5), comments={"reflection": "Good: a concrete change.\nNext: name a cause."}
    )
    view, html = render(fixture_scenario, rec, answers)
    last = view.checkpoints[-1]
    assert (last.state, last.points) == ("scored", "1.5 of 2 points")
    assert last.educator_mark == "1.5 of 2 points, marked by your educator"
    assert last.educator_comment == "Good: a concrete change.\nNext: name a cause."
    assert view.total_text == "7.5 of 13 points"
    assert "From your educator" in html and "Good: a concrete change.\nNext: name a cause." in html


def test_resubmission_after_manual_grading_needs_regrading(fixture_scenario):
    answers = ANSWERS | {"reflection": "A rewritten reflection."}
    view, html = render(fixture_scenario, record(row("reflection", 2, None, manual=2.0, flag=True)), answers)
    last = view.checkpoints[-1]
    assert last.state == "needs regrading" and last.educator_mark == ""
    assert view.total.needs_regrading == 1 and view.total.provisional
    assert view.total_text == "Provisional total: 6 of 11 points so far; 1 item(s) still to be marked by your educator"
    assert "needs regrading: you resubmitted after your educator had marked 1 item(s)" in text_of(html)


def test_explanation_is_for_the_chosen_option_only_and_no_key_before_the_due_date(fixture_scenario):
    view, html = render(fixture_scenario, record(row("reflection", 2, None, flag=True)))
    first = view.checkpoints[0]
    assert first.explanations == [("A", "Needed, but it ignores what he told you he fears.")]
    assert first.key_letters == "" and first.key_text == ""
    assert "It reflects his words and opens the assessment." not in html  # B's feedback: the key
    assert "The answer" not in text_of(html)
    order = view.checkpoints[2]
    assert order.answer == "C, B, D, A" and order.explanations == [] and order.key_letters == ""
    assert [(o.letter, o.chosen) for o in view.checkpoints[1].options] == [
        ("A", True),
        ("B", True),
        ("C", True),
        ("D", False),
    ]


def test_revealed_answers_show_keys_and_model_reply(fixture_scenario):
    view, html = render(fixture_scenario, record(row("reflection", 2, None, flag=True)), revealed=True)
    assert [c.key_letters for c in view.checkpoints] == ["B", "A, B, D", "B, C, D, A", "", ""]
    assert view.checkpoints[3].key_text.startswith("One good reply: You said this isn't your usual pain")
    assert "The answers to every checkpoint are shown below." in text_of(html)


def test_full_marks_item_shows_its_own_answer_even_when_keys_are_hidden(fixture_scenario):
    rec = record(row("reflection", 2, None, flag=True))
    grades = dict(rec.grades) | {"first-words-check": row("first-words-check", 2, 2.0)}
    rec = SubmissionRecord(rec.learner, rec.assignment, rec.timestamp, rec.duedate, grades, {})
    view, _ = render(fixture_scenario, rec, ANSWERS | {"first-words": "B"})
    assert view.checkpoints[0].key_letters == "B" and view.checkpoints[1].key_letters == ""


def test_rewrite_notes_say_what_was_found_without_patterns(fixture_scenario):
    view, html = render(fixture_scenario, record(row("reflection", 2, None, flag=True)))
    notes = view.checkpoints[3].notes
    assert notes[0] == "Found: Reflects what Dev said about this pain being different (found: \u201cdifferent\u201d)."
    assert "(isn'?t|not) (your|the) usual" not in html and "\\b(I|we|you)\\b" not in html


def test_teaching_point_links_to_the_objective_in_its_chapter(fixture_scenario):
    view, html = render(
        fixture_scenario, record(row("reflection", 2, None, flag=True)), book_url="https://course.example.org/tic/"
    )
    link = view.checkpoints[0].teaching[0]
    assert link.url == "https://course.example.org/tic/book/chapters/clinician-associated-trauma.html#objective-cat-1"
    assert link.where == chapter_titles(CHAPTERS)["clinician-associated-trauma"]
    assert link.text == course_objectives(CHAPTERS)["cat-1"].text
    assert view.chapter.url == "https://course.example.org/tic/book/chapters/clinician-associated-trauma.html"
    assert chapter_url("", "welcome", "w-1") == "book/chapters/welcome.html#objective-w-1"


def test_hostile_learner_text_is_escaped(fixture_scenario):
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)"> [x](javascript:alert(3))'
    rec = record(row("reflection", 2, None, flag=True), comments={"reflection": "<b>bold</b>"})
    rec = SubmissionRecord("<script>x</script>", rec.assignment, rec.timestamp, rec.duedate, rec.grades, rec.comments)
    _, html = render(fixture_scenario, rec, ANSWERS | {"reflection": hostile, "first-words": "<svg onload=alert(4)>"})
    assert "<script>alert(1)</script>" not in html and "<script>x</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&#34;alert(2)&#34;&gt;" in html
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<svg" not in html and "<img" not in html and 'href="javascript' not in html


def test_page_is_self_contained_and_accessible(fixture_scenario):
    _, html = render(
        fixture_scenario, record(row("reflection", 2, None, flag=True)), book_url="https://course.example.org/tic"
    )
    assert re.findall(r"https?://[^\s\"'<>)]+", html) == [
        u for u in re.findall(r"https?://[^\s\"'<>)]+", html) if u.startswith("https://course.example.org/tic/")
    ]
    assert "<script" not in html and "<link" not in html and "@import" not in html and "src=" not in html
    assert (
        '<html lang="en-GB">' in html and '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    )
    for landmark in ("<header>", "<main>", "<footer>", "<h1>", '<h2 id="cp-1">'):
        assert landmark in html
    assert html.count("<h1>") == 1


def _contrast(a: str, b: str) -> float:
    def lum(c: str) -> float:
        rgb = [int(c[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_link_colour_meets_wcag_aa_on_both_backgrounds():
    assert _contrast(BAR, BACKGROUND) >= 4.5 and _contrast(BAR, HEADER_BG) >= 4.5


def test_displayed_options_are_authored_order_with_their_keys(fixture_scenario):
    item = fixture_scenario["checkpoints"][2]
    assert [(letter, o["text"]) for letter, o in displayed_options(fixture_scenario, item)] == [
        (s["key"], s["text"]) for s in item["steps"]
    ]
    assert displayed_options(fixture_scenario, fixture_scenario["checkpoints"][3]) == []


def test_reveal_setting_is_validated_and_documented_values_work():
    assert LearnerFeedback().reveal_answers == "after_due_date"
    config = Config()
    config.LearnerFeedback.reveal_answers = "sometimes"
    with pytest.raises(
        TraitError,
        match=r"c.LearnerFeedback.reveal_answers = 'sometimes' is not a setting: "
        r"write one of 'never', 'after_due_date', 'always'",
    ):
        LearnerFeedback(config=config)
    bad_url = Config()
    bad_url.LearnerFeedback.book_url = "javascript:alert(1)"
    with pytest.raises(TraitError, match="is not a web address"):
        LearnerFeedback(config=bad_url)
    bad_folder = Config()
    bad_folder.LearnerFeedback.folder = "../outside"
    with pytest.raises(TraitError, match="must be a folder name inside the course"):
        LearnerFeedback(config=bad_folder)


@pytest.mark.parametrize(
    ("setting", "duedate", "now", "expected"),
    [
        ("never", DUE, datetime(2030, 1, 1, tzinfo=UTC), False),
        ("always", None, datetime(2020, 1, 1, tzinfo=UTC), True),
        ("after_due_date", DUE, datetime(2026, 3, 1, 11, 59, tzinfo=UTC), False),
        ("after_due_date", DUE, datetime(2026, 3, 1, 12, 0, tzinfo=UTC), True),
        ("after_due_date", None, datetime(2030, 1, 1, tzinfo=UTC), False),  # no due date: as never
    ],
)
def test_when_answers_are_revealed(setting, duedate, now, expected):
    assert answers_revealed(setting, duedate, now) is expected


def test_fingerprint_changes_with_manual_grade_comment_and_reveal(fixture_scenario):
    base = record(row("reflection", 2, None, flag=True))
    graded = record(row("reflection", 2, None, manual=2.0))
    commented = record(row("reflection", 2, None, flag=True), comments={"reflection": "Thank you."})
    prints = {
        fingerprint(r, revealed=v, settings={"reveal_answers": "after_due_date", "book_url": ""})
        for r, v in ((base, False), (graded, False), (commented, False), (base, True))
    }
    assert len(prints) == 4
    same = fingerprint(
        record(row("reflection", 2, None, flag=True)),
        revealed=False,
        settings={"reveal_answers": "after_due_date", "book_url": ""},
    )
    assert same in prints
