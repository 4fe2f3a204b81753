"""The report's first screen and its folded sections: exact figures for the hand-built cohort,
learners who never submitted counted, hostile strings escaped in every new section, objectives
by their words, and (in Chromium) folded sections that open from the keyboard and print open on A4.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from tests.grading.test_report import make_assignments, make_items, make_results
from tic_course.grading.report import write_report

NOW = datetime(2024, 4, 1, 12, 0, tzinfo=UTC)
EVIL = "<img src=x onerror=alert(1)>"


def rows_of(page: str, caption: str) -> list[list[str]]:
    """The body rows of the table with ``caption``, as cell texts."""
    table = re.search(r"<caption>" + re.escape(caption) + r"</caption>.*?<tbody>(.*?)</tbody>", page, re.S)
    assert table, caption
    rows = re.findall(r"<tr>(.*?)</tr>", table[1], re.S)
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in rows]


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("first") / "report"
    paths = write_report(
        make_results(), make_items(), make_assignments(), out, generated_at=NOW,
        roster=["L1", "L2", "L3", "L4", "L5", "L6"], pass_mark=60,
        rejected=[(f"learner_{EVIL}.ipynb", "not valid JSON"), ("b.ipynb", "belongs to another assignment")],
        not_on_roster={"S9": ["m1"]},
        objective_texts={"o1": "Recognise dismissal & its harms", "o2": "Explain <consent>"},
    )
    return paths["report.html"].read_text(encoding="utf-8")


def test_first_screen_per_module_counts_the_learner_who_never_started(page):
    # 6 learners (L6 on the roster only). m1 complete: L1 80, L2 60, L3 70, L4 30 (L5 awaiting);
    # passed at 60 %: L1, L2, L3. m2: L4 and L6 missing; complete L1 100, L2 0, L3 0, L5 100.
    assert rows_of(page, "Completion and pass rate per module") == [
        ["Module one", "6", "5", "4", "67%", "60%", "3", "50%"],
        ["Module two", "6", "4", "4", "67%", "60%", "2", "33%"],
    ]
    # the table is per scenario; the page says how that differs from the training record's modules
    assert ("Each row here is one scenario's marked notebook, at the pass mark of the chapter it belongs to."
            in page)


def test_pass_mark_per_module(tmp_path):
    # m2 at 100 %: L1 and L5 scored 100 and pass; m1 keeps the default 80: only L1 (80) passes.
    paths = write_report(make_results(), make_items(), make_assignments(), tmp_path / "r", generated_at=NOW,
                         pass_marks={"m2": 100})
    page = paths["report.html"].read_text(encoding="utf-8")
    assert rows_of(page, "Completion and pass rate per module") == [
        ["Module one", "5", "5", "4", "80%", "80%", "1", "20%"],
        ["Module two", "5", "4", "4", "80%", "100%", "2", "40%"],
    ]


def test_not_graded_and_why(page):
    assert [r[:2] for r in rows_of(page, "Not graded yet, and why")] == [
        ["Files rejected at intake", "2"], ["Submissions awaiting marking", "1"],
        ["Submissions needing regrading", "0"], ["Rewrites read with low confidence", "0"],
        ["Submitters not on the class list", "1"]]


def test_learners_needing_attention(page):
    assert rows_of(page, "Learners needing attention") == [
        ["L2", "below the pass mark in Module two"], ["L3", "below the pass mark in Module two"],
        ["L4", "below the pass mark in Module one"], ["L6", "nothing submitted"]]


def test_folded_sections_and_who_is_missing(page):
    for section in ("not-submitted", "rejected", "not-on-roster", "summary", "completion", "mastery", "items",
                    "distractors"):
        assert f'<details class="section" id="{section}">' in page
    assert "<h3>Module one (1)</h3>\n<p>L6</p>" in page and "<h3>Module two (2)</h3>\n<p>L4, L6</p>" in page
    assert "@page { size: A4" in page and "details::details-content { content-visibility: visible" in page


def test_hostile_strings_are_escaped_in_the_new_sections(page):
    assert "<img src=x" not in page
    assert "learner_&lt;img src=x onerror=alert(1)&gt;.ipynb" in page
    assert "Explain &lt;consent&gt; (o2)" in page and "Recognise dismissal &amp; its harms (o1)" in page


def test_report_template_has_blocks_to_extend():
    from tic_course.grading.report import render

    env = render.environment()
    assert env.get_template("report.html.j2").blocks.keys() >= {"first_screen", "detail"}


@pytest.mark.browser
def test_sections_open_from_the_keyboard_and_print_open(page, tmp_path):
    from tests.chromium import ARGS, CHROMIUM

    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    (tmp_path / "report.html").write_text(page, encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        tab = browser.new_page(viewport={"width": 1280, "height": 800})
        tab.goto((tmp_path / "report.html").as_uri())
        summary = tab.locator("#items > summary")
        summary.focus()
        tab.keyboard.press("Enter")
        assert tab.locator("#items").evaluate("d => d.open")
        tab.keyboard.press("Enter")
        tab.emulate_media(media="print")
        tab.set_viewport_size({"width": 718, "height": 1000})  # A4's text width at 96 dpi
        hidden = tab.evaluate("""[...document.querySelectorAll('details:not([open]) > :not(summary)')]
                                 .filter(e => e.getBoundingClientRect().height === 0).length""")
        too_wide = tab.evaluate("""[...document.querySelectorAll('table')].filter(
            t => t.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length""")
        browser.close()
    assert hidden == 0 and too_wide == 0
