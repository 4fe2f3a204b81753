"""How long each chapter takes, as the course tells learners: the welcome page's chapter table.

The welcome page (``book/chapters/welcome.md``, section "The chapters") states every chapter's
time once, in a table whose rows read ``| {ref}`ch-consent` | what it covers | 55 min |``. The
training record's CPD minutes are read from exactly that table, so what a hospital records can
never drift from what the course promised its learners; a chapter missing from it is an error,
not a guess.
"""

from __future__ import annotations

import re
from pathlib import Path

from tic_course.book.course_data import blocks, parse_objectives

ROW = re.compile(r"^\|\s*\{ref\}`(?P<label>[^`]+)`\s*\|.*\|\s*(?P<minutes>\d+)\s*min\s*\|\s*$", re.MULTILINE)
LABEL = re.compile(r"^\((?P<label>[A-Za-z0-9_-]+)\)=\s*$", re.MULTILINE)


class ChapterMinutesError(ValueError):
    """The welcome page's table or a chapter's label cannot be read; the message names the file."""


def chapter_minutes(chapters: Path, welcome: str = "welcome.md") -> dict[str, int]:
    """{chapter id (file stem): minutes} for every chapter in the welcome page's table."""
    page = chapters / welcome
    try:
        text = page.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ChapterMinutesError(f"{page}: cannot read the chapter table: {exc}") from None
    by_label = {m["label"]: int(m["minutes"]) for m in ROW.finditer(text)}
    if not by_label:
        raise ChapterMinutesError(f"{page}: no chapter table ('| {{ref}}`ch-...` | ... | N min |' rows)")
    stems = {}
    for file in sorted(chapters.glob("*.md")):
        found = LABEL.search(file.read_text(encoding="utf-8"))
        if found:
            stems[found["label"]] = file.stem
    unknown = sorted(label for label in by_label if label not in stems)
    if unknown:
        raise ChapterMinutesError(f"{page}: the chapter table names {', '.join(unknown)}, which no chapter defines")
    return {stems[label]: minutes for label, minutes in by_label.items()}


TITLE = re.compile(r"^# (?P<title>.+?)\s*$", re.MULTILINE)


def chapter_titles(chapters: Path) -> dict[str, str]:
    """{chapter id (file stem): the chapter's '# ' title}, for records people read."""
    titles = {}
    for file in sorted(chapters.glob("*.md")):
        found = TITLE.search(file.read_text(encoding="utf-8"))
        if found:
            titles[file.stem] = found["title"]
    return titles


def objective_texts(chapters: Path) -> dict[str, str]:
    """{objective id: its words} from every chapter's learning-objectives block.

    Scenario checkpoints and results name objectives by id (``con-2``); a report shows the words.
    A block that cannot be read is skipped here: ``tic-course check-chapters`` is what reports it.
    """
    texts: dict[str, str] = {}
    for file in sorted(chapters.glob("*.md")):
        for block in blocks(file, "learning-objectives"):
            try:
                texts.update({key: " ".join(value.split()) for key, value in parse_objectives(block.body).items()})
            except ValueError:
                continue
    return texts
