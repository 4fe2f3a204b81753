"""The evaluation's pages: self-contained, escaped, honest about what they show, and free of keys."""

from __future__ import annotations

import re
from datetime import datetime
from html.parser import HTMLParser

import pytest

from tests.conftest import ROOT
from tests.workshop.evaluation.test_forms import RESPONSES
from tic_course.layout import CourseLayout
from tic_course.workshop.evaluation.forms import read_responses
from tic_course.workshop.evaluation.questionnaire import default_file, load_questionnaire
from tic_course.workshop.evaluation.report import (
    number,
    p_value,
    render_questionnaire,
    render_report,
    render_setup,
    signed,
    write_questionnaire,
)
from tic_course.workshop.evaluation.statistics import evaluate

WHEN = datetime(2026, 12, 5, 16, 30)


class Text(HTMLParser):
    """The visible text of a page (script and style excluded), white space tidied."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")
        self.parts.append(" " if tag not in ("strong", "em", "code", "span") else "")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style")
        self.parts.append(" " if tag not in ("strong", "em", "code", "span") else "")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)

    @classmethod
    def of(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def self_contained(html: str) -> bool:
    """No script, and nothing that would fetch from anywhere (links, images, imports, fonts)."""
    return not re.search(
        r"<script|<link|<img|<iframe|src=|@import|url\(|https?://(?!doi)", html.replace("http://evil", "")
    )


@pytest.fixture
def report(questionnaire) -> str:
    return render_report(evaluate(questionnaire, read_responses(RESPONSES, questionnaire)), WHEN)


def test_hostile_comments_are_escaped(report):
    assert "<script>" not in report
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Loved it" in report
    assert "=HYPERLINK(&#34;http://evil.example&#34;,&#34;click&#34;)" in report
    assert "Too short &amp; rushed" in report
    assert self_contained(report)


def test_report_shows_the_exact_figures_and_the_limits(report):
    text = Text.of(report)
    assert (
        "Knowledge score (%) 6 6 16.7 66.7 +33.3 2.5 0.156 +0.76 "
        "Confident to offer choice? (confidence; not a validated scale) 6 5 2 3 +1.5 1.5 0.188 +0.80 "
        "Confident to stop? (confidence; not a validated scale) 5 0 3 3 0 \u2013 \u2013 \u2013 "
        "Routines matter. (attitude; not a validated scale) 4 4 2 4 +2 2 0.375 +0.60"
    ) in text
    assert (
        "Forms filled in before the session 7 Forms filled in after the session 7 "
        "Participants with both (compared below) 6" in text
    )
    assert "LAKE99 Before 8 HILL33 After 15" in text
    assert "Relevant to my work. 7 4 0 1 1 2 3 Felt safe. 6 4.5 0 0 1 2 3" in text
    assert "It covers levels 1 and 2 of Kirkpatrick's four levels of training evaluation only" in text
    assert "It is not evidence that anyone now works differently." in text
    assert "no result can reach p < 0.05 whatever the data" in text
    assert "r = (R+ \u2212 R\u2212) / (R+ + R\u2212)" in text
    assert "Kerby DS (2014)" in text
    assert "exact, by every sign permutation" in text


def test_report_leaves_out_names_and_answer_keys(report, questionnaire):
    assert "Alex Smith" not in report
    assert "names or email addresses. They were not read" in Text.of(report)
    for q in questionnaire.section("knowledge"):
        for option in q.options:
            assert option not in Text.of(report), option


def test_the_printable_questionnaire(questionnaire):
    html = render_questionnaire(questionnaire)
    text = Text.of(html)
    assert self_contained(html)
    assert "@page { margin: 15mm; }" in html and "max-width: 180mm" in html
    k1 = questionnaire.section("knowledge")[0]
    letters = " ".join(f"{letter}. {option}" for letter, option in zip("ABC", k1.options, strict=True))
    assert f"1. Which reply keeps the patient's choice? Choose one option. {letters}" in text
    assert (
        "2. Which of Dev's words should change how urgently he is seen? Choose all that apply. "
        "Choose every option that applies." in text
    )
    assert text.count("they are not a validated scale") == 2  # confidence and attitude
    assert "Part 4. After the session only" in text and "9. Any comments?" in text
    assert "Your code Make one up." in text
    assert "correct" not in html.lower()  # nothing marks the answers


def test_the_setup_sheet_says_how_to_build_each_question(questionnaire):
    text = Text.of(render_setup(questionnaire))
    assert "Make a form, not a quiz" in text
    assert "Choice, \u201cMultiple answers\u201d on Checkboxes" in text
    assert "Rating, 5 levels, symbol: number Linear scale, 1 to 5" in text
    assert "1 = Not at all, 5 = Very; not a validated scale" in text
    assert "From the course: checkpoint triage-pain/red-flags" in text


def test_write_questionnaire_writes_every_file(tmp_path):
    q = load_questionnaire(default_file(), CourseLayout(ROOT))
    paths = write_questionnaire(q, tmp_path / "out")
    assert [p.name for p in paths] == [
        "questionnaire.html", "form-setup.html", "responses-microsoft-forms.csv", "responses-google-forms.csv",
    ]  # fmt: skip
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in paths)


@pytest.mark.parametrize(
    ("value", "shown"),
    [(None, "\u2013"), (2.0, "2"), (16.666, "16.7"), (0.0004, "< 0.001"), (0.15625, "0.156")],
)
def test_number_formats(value, shown):
    assert (p_value(value) if shown.startswith(("<", "0.1")) else number(value)) == shown


def test_signed_numbers():
    assert (signed(0.8), signed(-0.5), signed(0.0), signed(None)) == ("+0.80", "\u22120.50", "0", "\u2013")


def test_a_report_with_no_pairs_renders(questionnaire, tmp_path):
    lines = RESPONSES.read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "before.csv").write_text("".join(lines[:8]), encoding="utf-8")
    evaluation = evaluate(questionnaire, read_responses(tmp_path / "before.csv", questionnaire))
    text = Text.of(render_report(evaluation, WHEN))
    assert "Participants with both (compared below) 0" in text
    assert "Knowledge score (%) 0 0 \u2013 \u2013 \u2013 \u2013 \u2013 \u2013" in text
    assert "not computed: no pairs" in text
