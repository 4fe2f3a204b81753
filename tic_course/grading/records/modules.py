"""A module, as a hospital records it: one chapter plus the scenarios that practise it.

``_toc.yml`` puts each scenario under the chapter that teaches it, and each scenario file names
that chapter (``chapter:``), which ``assignments.csv`` carries; so a module is every assignment
of one chapter, in the order the course lists them. A chapter with no scenario has nothing
marked and so no module row: the course cannot say whether anyone passed it.

A module's CPD minutes are the chapter's stated minutes (the welcome page's table, read by
:mod:`tic_course.book.chapter_minutes`) plus each scenario's ``minutes`` (shown to learners as
"About N minutes" on its page): the same figures learners are told.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tic_course.grading.records.settings import TrainingRecord


class RecordsError(ValueError):
    """The training record cannot be made; the message says which file or setting to fix."""


@dataclass(frozen=True)
class Module:
    chapter: str
    code: str
    title: str
    assignments: tuple[str, ...]
    minutes: int
    pass_mark: float


def course_modules(
    assignments: pd.DataFrame,
    chapter_minutes: dict[str, int],
    chapter_titles: dict[str, str],
    settings: TrainingRecord,
) -> list[Module]:
    """The course's modules, in the reading order of the welcome page's chapter table."""
    modules = []
    for chapter, group in assignments.groupby("chapter", sort=False):
        if chapter not in chapter_minutes:
            raise RecordsError(f"chapter {chapter!r} (of {', '.join(group['assignment'])}) has no stated minutes "
                               "in the welcome page's chapter table")
        minutes = int(chapter_minutes[chapter]) + int(group["minutes"].astype(int).sum())
        modules.append(Module(
            chapter=str(chapter), code=settings.code(str(chapter)), title=chapter_titles.get(chapter, str(chapter)),
            assignments=tuple(group["assignment"]), minutes=minutes, pass_mark=settings.pass_mark(str(chapter)),
        ))
    order = list(chapter_minutes)  # the welcome page's table lists the chapters in reading order
    modules.sort(key=lambda m: order.index(m.chapter))
    codes = [m.code for m in modules]
    repeated = sorted({c for c in codes if codes.count(c) > 1})
    if repeated:
        raise RecordsError(f"c.TrainingRecord.module_codes gives two modules the code {', '.join(repeated)}")
    return modules
