"""What a checkpoint teaches, and where in the book it is taught.

A checkpoint names the learning objectives it assesses (``objectives:`` ids). Each chapter
declares its objectives in a ``{learning-objectives}`` block, and the book renders each one as a
list item with the anchor ``objective-<id>``. So the learner's page quotes the objective's text as
the teaching point and links to that exact list item in the chapter that teaches it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from tic_course.book.course_data import blocks, parse_objectives

HEADING = re.compile(r"^#\s+(.+?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Objective:
    """One learning objective: its text and the chapter (document name and title) that teaches it."""

    id: str
    text: str
    chapter: str
    chapter_title: str


def chapter_title(file: Path) -> str:
    """The chapter's first level-one heading, or its document name when it has none."""
    m = HEADING.search(file.read_text(encoding="utf-8"))
    return m.group(1).strip() if m else file.stem


def course_objectives(chapters: Path | None) -> dict[str, Objective]:
    """Every objective of every chapter in ``chapters`` (book/chapters), by id; {} without chapters.

    A chapter whose objectives block cannot be parsed is skipped here: ``tic-course
    check-chapters`` reports it, and the feedback still names the chapter.
    """
    found: dict[str, Objective] = {}
    if chapters is None or not chapters.is_dir():
        return found
    for file in sorted(chapters.glob("*.md")):
        title = chapter_title(file)
        for block in blocks(file, "learning-objectives"):
            try:
                parsed = parse_objectives(block.body)
            except ValueError:
                continue
            for key, text in parsed.items():
                found.setdefault(key, Objective(key, " ".join(text.split()), file.stem, title))
    return found


def chapter_titles(chapters: Path | None) -> dict[str, str]:
    """Chapter document name -> title, for the scenario's own chapter link."""
    if chapters is None or not chapters.is_dir():
        return {}
    return {file.stem: chapter_title(file) for file in sorted(chapters.glob("*.md"))}


def chapter_url(book_url: str, chapter: str, objective: str | None = None) -> str:
    """The address of a chapter (and an objective in it) under the book's URL scheme.

    Jupyter Book builds ``book/chapters/<name>.md`` into ``book/chapters/<name>.html``; with no
    configured ``book_url`` the link is relative to the book's root folder.
    """
    base = book_url.rstrip("/") + "/" if book_url else ""
    url = f"{base}book/chapters/{quote(chapter)}.html"
    return f"{url}#objective-{quote(objective)}" if objective else url
