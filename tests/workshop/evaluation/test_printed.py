"""The questionnaire on paper: two forms that say exactly what the HTML page and the online form say."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date

import pytest
from pypdf.generic import ContentStream

from tests.conftest import ROOT
from tests.workshop.evaluation.conftest import QUESTIONNAIRE
from tests.workshop.evaluation.test_report import Text
from tests.workshop.pdftext import font_names, reader, spoken_text
from tic_course.layout import CourseLayout
from tic_course.workshop.evaluation.printed import pdf_name, questionnaire_data, render_pdf
from tic_course.workshop.evaluation.questionnaire import Questionnaire, default_file, load_questionnaire
from tic_course.workshop.evaluation.report import render_questionnaire

DAY = date(2027, 3, 4)
TICK = (8.925, 8.925)  # a tick box: 0.85em of 10.5pt text, in points
CODE_CELL = (15.75, 18.9)  # one character of the participant code
HOSTILE = "#set page(fill: red) $x$ *b* [a] \\ <l> @ref // not a comment"


def bare(value: str) -> str:
    """Text without white space: line breaks fall in different places in a PDF and on a page."""
    return re.sub(r"\s+", "", value)


def forms(pdf: bytes) -> tuple[str, str]:
    """The spoken text of the before form and of the after form, white space removed."""
    words = bare(spoken_text(pdf))
    start = words.index("Form2of2:")
    return words[:start], words[start:]


def printed_sequence(q: Questionnaire, after: bool) -> list[str]:
    """Every question (with its number) and every option (with its letter), in the HTML page's order."""
    out = []
    for n, item in enumerate(q.questions, 1):
        if item.post_only and not after:
            continue
        out.append(f"{n}. {item.text}")
        out += [f"{'ABCDEFGHIJ'[i]}. {option}" for i, option in enumerate(item.options)]
    return out


def in_order(haystack: str, needles: list[str]) -> list[int]:
    """Where each needle starts, each searched after the one before; fails naming the first missing."""
    where, at = [], 0
    for needle in needles:
        found = haystack.find(bare(needle), at)
        assert found >= 0, f"{needle!r} is missing or out of order"
        where.append(found)
        at = found + len(bare(needle))
    return where


def boxes(pdf: bytes) -> Counter:
    """Closed four-sided paths drawn from their corner, by (width, height): the boxes to fill in."""
    found: Counter = Counter()
    for page in reader(pdf).pages:
        ops = ContentStream(page.get_contents(), page.pdf).operations
        for i in range(len(ops) - 4):
            if [op for _, op in ops[i : i + 5]] == [b"m", b"l", b"l", b"l", b"h"] and [
                float(v) for v in ops[i][0]
            ] == [0, 0]:
                found[tuple(round(float(v), 3) for v in ops[i + 2][0])] += 1
    return found


@pytest.fixture(scope="module")
def shipped() -> Questionnaire:
    return load_questionnaire(default_file(), CourseLayout(ROOT))


@pytest.fixture(scope="module")
def shipped_a4(shipped, fonts) -> bytes:
    return render_pdf(shipped, fonts=fonts, paper="a4", day=DAY)


@pytest.mark.parametrize("which", ["fixture", "shipped"])
def test_every_question_and_option_in_the_order_of_the_html(which, questionnaire, shipped, fonts):
    q = questionnaire if which == "fixture" else shipped
    html = bare(Text.of(render_questionnaire(q)))
    before, after = forms(render_pdf(q, fonts=fonts, paper="a4", day=DAY))
    in_order(html, printed_sequence(q, after=True))  # the expected order is the HTML page's own
    in_order(before, printed_sequence(q, after=False))
    in_order(after, printed_sequence(q, after=True))
    for form in (before, after):
        for k in q.section("knowledge"):
            assert bare(f"{k.text} {k.hint}") in form
        in_order(form, ["Please do not write your name", f"{q.code_question} {q.code_guidance}",
                        "A code you make up, never your name or initials.", q.phase_question])


def test_the_fixture_forms_read_exactly(questionnaire, fonts):
    before, after = forms(render_pdf(questionnaire, fonts=fonts, paper="a4", day=DAY))
    assert bare(
        "Form 1 of 2: Before Test workshop This short questionnaire helps the facilitators see whether the session"
    ) in before
    assert bare("Your code Make one up.") in before and bare("When? Before Part 1.") in before
    assert bare("When? After Part 1.") in after and "Form1of2" not in after
    k1 = questionnaire.section("knowledge")[0]
    letters = " ".join(f"{letter}. {option}" for letter, option in zip("ABC", k1.options, strict=True))
    assert bare(f"1. Which reply keeps the patient's choice? Choose one option. {letters}") in before
    assert bare("Tick one number for each statement. 1 means “Not at all” and 5 means “Very”.") in before


def test_not_a_validated_scale_is_on_each_confidence_and_attitude_item(questionnaire, fonts):
    before, after = forms(render_pdf(questionnaire, fonts=fonts, paper="a4", day=DAY))
    numbers = {q.id: n for n, q in enumerate(questionnaire.questions, 1)}
    for form in (before, after):
        for q in questionnaire.section("confidence") + questionnaire.section("attitude"):
            start = form.index(bare(f"{numbers[q.id]}. {q.text}"))
            end = form.find(bare(f"{numbers[q.id] + 1}. "), start)
            assert bare("(not a validated scale)") in form[start:end], q.text
        # one label per item, and the section's own sentence for confidence and attitude
        assert form.count(bare("not a validated scale")) == 3 + 2
    for q in questionnaire.section("satisfaction"):
        start = after.index(bare(f"{numbers[q.id]}. {q.text}"))
        assert bare("not a validated scale") not in after[start : after.find(bare(f"{numbers[q.id] + 1}. "), start)]


def test_satisfaction_and_comments_only_on_the_after_form(questionnaire, fonts):
    before, after = forms(render_pdf(questionnaire, fonts=fonts, paper="a4", day=DAY))
    for q in questionnaire.section("satisfaction") + questionnaire.section("comments"):
        assert bare(q.text) not in before and bare(q.text) in after
    assert "Part4" not in before and bare("Part 4. About the session") in after
    assert bare("8. Any comments?") not in before and bare("9. Any comments?") in after


def test_tick_boxes_for_every_option_and_rating_and_code_boxes(questionnaire, fonts):
    pdf = render_pdf(questionnaire, fonts=fonts, paper="a4", day=DAY)
    options = sum(len(k.options) for k in questionnaire.section("knowledge"))
    assert options == 3 + 4 + 3  # t-kc-1, the red-flags and first-words checkpoints
    paired_ratings = 5 * (len(questionnaire.section("confidence")) + len(questionnaire.section("attitude")))
    after_ratings = 5 * len(questionnaire.section("satisfaction"))
    assert boxes(pdf) == {TICK: 2 * (options + paired_ratings) + after_ratings, CODE_CELL: 2 * 12}


def test_each_form_starts_a_sheet_and_numbers_its_own_pages(shipped_a4):
    pages = [re.sub(r"\s+", " ", p.extract_text()) for p in reader(shipped_a4).pages]
    starts = [i for i, p in enumerate(pages) if p.startswith("Form ")]
    assert starts == [0, 4]  # the before form has 3 pages: a blank back keeps the forms on separate sheets
    assert pages[3].strip() == (
        "This page is left blank so that each form starts on its own sheet when printed on both sides."
    )
    assert pages[2].endswith("Before the session · Trauma-informed care workshop: before and after Page 3 of 3")
    assert pages[6].endswith("After the session · Trauma-informed care workshop: before and after Page 3 of 3")


@pytest.mark.parametrize(("paper", "size"), [("a4", (595, 842)), ("letter", (612, 792))])
def test_paper_sizes_title_language_and_tags(shipped, fonts, paper, size):
    pdf = render_pdf(shipped, fonts=fonts, paper=paper, day=DAY)
    doc = reader(pdf)
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in doc.pages} == {size}
    assert doc.metadata.title == "Trauma-informed care workshop: before and after"
    root = doc.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert font_names(pdf) <= {"NotoSans-Regular", "NotoSans-Bold"}
    assert pdf_name(paper) == f"questionnaire-{paper}.pdf"


def test_a_rebuild_gives_the_same_bytes(shipped, shipped_a4, fonts):
    assert render_pdf(shipped, fonts=fonts, paper="a4", day=DAY) == shipped_a4


def test_an_unknown_paper_is_refused():
    with pytest.raises(ValueError, match=r"^paper must be one of a4, letter, not 'a3'$"):
        pdf_name("a3")


def test_markup_in_the_questionnaire_prints_literally(course, write_questionnaire, fonts):
    text = QUESTIONNAIRE.replace('"Routines matter."', json.dumps(HOSTILE)).replace('"Your code"', '"Code *x*"')
    q = load_questionnaire(write_questionnaire(text), course)
    pdf = render_pdf(q, fonts=fonts, paper="a4", day=DAY)
    assert bare(f"6. {HOSTILE} (not a validated scale)") in bare(spoken_text(pdf))
    assert bare("Code *x*") in bare(spoken_text(pdf))
    assert len(reader(pdf).pages) == len(reader(render_pdf(load_questionnaire(write_questionnaire(), course),
                                                           fonts=fonts, paper="a4", day=DAY)).pages)


def test_no_answer_key_reaches_the_printed_forms(questionnaire):
    def keys(value) -> set[str]:
        if isinstance(value, dict):
            return set(value) | {k for v in value.values() for k in keys(v)}
        return {k for v in value for k in keys(v)} if isinstance(value, list) else set()

    data = questionnaire_data(questionnaire)
    assert not {k for k in keys(data) if "correct" in k or "source" in k or "feedback" in k}
    assert "feedback" not in json.dumps(data).lower() and "correct" not in json.dumps(data).lower()
