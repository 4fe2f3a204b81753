"""The marked notebook (nbgrader's feedback) and the learner's own page, read on a 360 px phone.

One graded submission of the fixture scenario, through ``tic-course grade``'s pipeline; both
pages are opened in Debian's Chromium at 360x740 and must fit the screen (no sideways
scrolling) with body text of at least 16 px. nbgrader's page had no viewport tag, so a phone
drew it 980 px wide and shrank the text to about a third.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from traitlets.config import Config

from tests.chromium import ARGS, CHROMIUM
from tests.conftest import FIXTURE, ROOT, make_course
from tic_course.grading.feedback.marked_notebook import template_file, use_phone_template
from tic_course.grading.pipeline import pipeline_config, run
from tic_course.notebook.release import build_sources, release
from tic_course.scenario.catalogue import load_all
from tools.submissions import fill_answers, solved_answers, write_submission

SID = "triage-pain"
REFLECTION = "Averyveryverylongwordwithoutanyspacesthatmustwrapratherthanpushthepagesideways " * 4

MEASURE = """() => ({
  wide: document.documentElement.scrollWidth,
  font: parseFloat(getComputedStyle(document.querySelector("p") || document.body).fontSize),
  viewport: !!document.querySelector('meta[name="viewport"][content*="width=device-width"]'),
})"""


def test_the_course_keeps_its_own_template_if_it_names_one():
    config = Config()
    config.HTMLExporter.template_file = "mine.html.j2"
    assert use_phone_template(config).HTMLExporter.template_file == "mine.html.j2"
    assert use_phone_template(Config()).HTMLExporter.template_file == template_file()
    text = Path(template_file()).read_text(encoding="utf-8")
    assert "{%- extends 'index.html.j2' -%}" in text and 'name="viewport"' in text
    assert not (Path(template_file()).parent / "index.html.j2").exists()  # or nbgrader's would be shadowed


@pytest.mark.slow
@pytest.mark.browser
def test_marked_notebook_and_learner_page_fit_a_phone(tmp_path):
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (`apt-get install chromium`; .ci/run does this)")
    from playwright.sync_api import sync_playwright

    course = make_course(tmp_path / "course")
    exercises = tmp_path / "exercises"
    (exercises / SID).mkdir(parents=True)
    shutil.copy(FIXTURE, exercises / SID / "scenario.yml")
    [scenario] = load_all([exercises / SID / "scenario.yml"])
    release(build_sources([scenario], course), course, None)
    released = nbformat.read(course / "release" / SID / f"{SID}.ipynb", as_version=4)
    answers = solved_answers(scenario) | {"reflection": REFLECTION}
    write_submission(course, "learner", SID, fill_answers(released, scenario, answers))
    run(course / "submitted", course, exercises=exercises, config=pipeline_config(workers=1),
        chapters=ROOT / "book" / "chapters")
    pages = [
        course / "feedback" / "learner" / SID / f"{SID}.html",  # nbgrader's marked notebook
        course / "learner_feedback" / "learner" / f"{SID}.html",  # the learner's own page
    ]
    marked = pages[0].read_text(encoding="utf-8")
    assert "@media (max-width: 767px)" in marked and "Saved: B." in marked  # the preview ran at grading too

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 360, "height": 740})
        for file in pages:
            page.goto(file.as_uri())
            measured = page.evaluate(MEASURE)
            assert measured == {"wide": 360, "font": measured["font"], "viewport": True}, (file.name, measured)
            assert measured["font"] >= 16, (file.name, measured)
        browser.close()
