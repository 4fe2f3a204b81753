"""CPD minutes come from the welcome page's chapter table, every chapter of the course included."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tic_course.book.chapter_minutes import ChapterMinutesError, chapter_minutes, chapter_titles

CHAPTERS = ROOT / "book" / "chapters"


def test_every_taught_chapter_has_its_stated_minutes():
    minutes = chapter_minutes(CHAPTERS)
    taught = {p.stem for p in CHAPTERS.glob("*.md")} - {"welcome", "glossary"}
    assert set(minutes) == taught
    assert minutes["consent"] == 55 and minutes["understanding-trauma"] == 35
    assert chapter_titles(CHAPTERS)["consent"] == "Consent as a process"


def test_a_row_naming_no_chapter_is_an_error(tmp_path):
    (tmp_path / "welcome.md").write_text("| Chapter | About |\n|---|---|\n| {ref}`ch-gone` | x | 20 min |\n")
    (tmp_path / "here.md").write_text("(ch-here)=\n# Here\n")
    with pytest.raises(ChapterMinutesError, match=r"welcome\.md: the chapter table names ch-gone"):
        chapter_minutes(tmp_path)
    (tmp_path / "welcome.md").write_text("No table.\n")
    with pytest.raises(ChapterMinutesError, match="no chapter table"):
        chapter_minutes(tmp_path)
