"""The book's knowledge checks as one bank: their displayed order, and what learners see of them.

Knowledge checks are practice, but a learner who learns that the answer is usually B learns the
wrong lesson, so their options are ordered exactly like the scenarios' (the same
:func:`~tic_course.scenario.presentation.assign`, the same seed): the correct options take
balanced positions over all the book's checks, and the rest are shuffled. A check's option id is
its authored position (``"0"``, ``"1"``...), since its options carry no letters.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from tic_course.book.course_data import blocks, parse_knowledge_check
from tic_course.scenario.cue_audit import Shown
from tic_course.scenario.presentation import Entry, assign

SINGLE = "knowledge-check"
MULTIPLE = "knowledge-check (choose all)"


@dataclass(frozen=True)
class BookCheck:
    """One ``{knowledge-check}`` of a chapter, parsed and validated."""

    chapter: str  # the chapter file's name without .md: the module it belongs to
    check_id: str
    file: Path
    line: int
    data: dict[str, Any]

    @property
    def group(self) -> str:
        return MULTIPLE if self.data.get("multiple") else SINGLE

    def entry(self) -> Entry:
        options = tuple(str(i) for i in range(len(self.data["options"])))
        keyed = tuple(str(i) for i, o in enumerate(self.data["options"]) if o["correct"])
        return Entry(self.group, self.chapter, self.chapter, self.check_id, options, keyed, family=SINGLE)


def book_checks(chapters: Path) -> list[BookCheck]:
    """Every knowledge check in ``chapters/*.md``; ValueError naming file, line and check otherwise."""
    found = []
    for file in sorted(Path(chapters).glob("*.md")):
        for block in blocks(file, "knowledge-check"):
            try:
                data = parse_knowledge_check(block.body)
            except ValueError as exc:
                raise ValueError(f"{file}:{block.line}: knowledge-check {block.argument!r}: {exc}") from None
            found.append(BookCheck(file.stem, block.argument, file, block.line, data))
    return found


@cache
def _orders(chapters: str, seed: str, stamp: tuple[tuple[str, int], ...]) -> dict:
    return assign([c.entry() for c in book_checks(Path(chapters))], seed)


def check_orders(chapters: Path, seed: str) -> dict[tuple[str, str, str], tuple[str, ...]]:
    """Displayed order of every check of the book, keyed by (group, chapter, check id).

    Cached per build process, and recomputed when any chapter file changes.
    """
    files = sorted(Path(chapters).glob("*.md"))
    stamp = tuple((f.name, f.stat().st_mtime_ns) for f in files)
    return _orders(str(chapters), seed, stamp)


def displayed(check: BookCheck, orders: dict[tuple[str, str, str], tuple[str, ...]]) -> dict[str, Any]:
    """The check's data with its options in displayed order (authored order if it is unknown)."""
    order = orders.get(check.entry().name)
    if order is None:
        return check.data
    return {**check.data, "options": [check.data["options"][int(i)] for i in order]}


def knowledge_shown(chapters: Path, seed: str | None) -> list[Shown]:
    """Every knowledge check as the book displays it, for the cue audit (``seed=None``: authored order)."""
    checks = book_checks(chapters)
    orders = check_orders(chapters, seed) if seed is not None else {}
    out = []
    for check in checks:
        options = displayed(check, orders)["options"]
        out.append(
            Shown(
                check.group,
                f"{check.chapter}: {check.check_id}",
                tuple(str(o["text"]).strip() for o in options),
                tuple(bool(o["correct"]) for o in options),
            )
        )
    return out
