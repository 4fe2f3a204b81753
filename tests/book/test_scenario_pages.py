"""The generated practice page of a scenario."""

from __future__ import annotations

from tic_course.book.scenario_pages import practice_page


def test_the_content_note_comes_straight_after_the_title(fixture_scenario):
    page = practice_page(fixture_scenario)
    title = "# Practice: Pain at triage\n\n"
    note = "```{content-note}\nThis scenario involves severe pain and a patient who expects not to be believed.\n```"
    assert title + note in page
    assert page.index(note) < page.index(fixture_scenario["summary"]) < page.index("```{scenario-player} triage-pain")
