"""The learner's page as data: every value the template shows, decided here and nowhere else.

What may reach a learner is decided in this module, so the rules are in one place:

- scores and states come from the gradebook record (:mod:`.records`), never from re-scoring;
- the explanation shown for a choice is the one for the option the learner chose;
- the key (the right letters, a model reply, a worked order) is shown only when the course's
  ``reveal_answers`` setting allows it now, or when the learner earned full marks (then it is
  their own answer); hidden tests, rubric patterns and marking guidance never enter the page.

Nothing here builds markup: the template escapes every value, learner text included.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tic_course.checkpoints import ids, kind_of
from tic_course.grading.feedback.options import displayed_options
from tic_course.grading.feedback.records import GradeRow, SubmissionRecord
from tic_course.grading.feedback.teaching import Objective, chapter_url
from tic_course.grading.states import AWAITING, NEEDS_REGRADING, OPTED_OUT, SCORED, Total, item_state, total


@dataclass(frozen=True)
class OptionView:
    letter: str
    text: str
    chosen: bool


@dataclass(frozen=True)
class Link:
    text: str
    where: str  # the chapter's title
    url: str


@dataclass(frozen=True)
class CheckpointView:
    """One checkpoint on the learner's page."""

    number: int
    label: str
    prompt: str
    original: str  # the reply a rewrite starts from, or ""
    options: list[OptionView]
    answer: str  # what the learner typed or wrote, as text
    state: str
    points: str  # "2 of 3 points", or the state's words
    max_score: float
    score: float | None  # the gradebook's score (manual if any); counted only when the state is scored
    explanations: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    teaching: list[Link] = field(default_factory=list)
    educator_mark: str = ""
    educator_comment: str = ""
    key_letters: str = ""
    key_text: str = ""


@dataclass(frozen=True)
class PageView:
    """The whole page."""

    learner: str
    assignment: str
    title: str
    chapter: Link
    total: Total
    total_text: str
    checkpoints: list[CheckpointView]
    revealed: bool
    reveal_note: str


def _points(value: float) -> str:
    return f"{value:g}"


def _letters(typed: str, shown: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """The letters the learner typed that name a shown option, in the order typed."""
    known = {letter for letter, _ in shown}
    return [part for part in (p.strip() for p in typed.split(",")) if part in known]


def _state_points(state: str, grade: GradeRow | None, max_score: float) -> str:
    if state == OPTED_OUT:
        return f"{OPTED_OUT}: you chose not to answer, and this item is left out of your total"
    if state == AWAITING:
        return f"{AWAITING}: {_points(max_score)} points available, not yet marked"
    if state == NEEDS_REGRADING:
        return (
            f"{NEEDS_REGRADING}: you resubmitted after your educator marked this, so it will be marked again "
            "and is left out of your total until then"
        )
    score = (grade.score if grade else None) or 0.0
    return f"{_points(score)} of {_points(max_score)} points"


def checkpoint_view(
    scenario: dict[str, Any],
    number: int,
    item: dict[str, Any],
    record: SubmissionRecord,
    answer: str,
    *,
    revealed: bool,
    objectives: dict[str, Objective],
    book_url: str,
) -> CheckpointView:
    """One checkpoint's view: answer, state, points, explanations, teaching point, educator's mark."""
    kind = kind_of(item)
    grade = record.grades.get(kind.graded_cell(item))
    max_score = float(item["points"])
    state = item_state(
        needs_manual_grade=grade.needs_manual_grade if grade else kind.hand_marked,
        manual_score=grade.manual_score if grade else None,
        opted_out=kind.opted_out(answer),
    )
    shown = displayed_options(scenario, item)
    key_by_letter = {letter: option["key"] for letter, option in shown}
    letter_of_key = {option["key"]: letter for letter, option in shown}
    chosen = _letters(answer, shown) if shown else []
    full_marks = state == SCORED and grade is not None and (grade.score or 0.0) >= max_score > 0
    reveal = revealed or full_marks
    explanations = [(letter_of_key[k], text) for k, text in kind.explanations(item, [key_by_letter[c] for c in chosen])]
    teaching = [
        Link(objectives[o].text, objectives[o].chapter_title, chapter_url(book_url, objectives[o].chapter, o))
        for o in item["objectives"]
        if o in objectives
    ]
    comment = next(
        (record.comments[n] for n in (ids.answer_id(item["id"]), kind.graded_cell(item)) if n in record.comments), ""
    )
    educator_mark = ""
    if grade is not None and grade.manual_score is not None and state == SCORED:
        educator_mark = f"{_points(grade.manual_score)} of {_points(max_score)} points, marked by your educator"
    key = [letter_of_key[k] for k in kind.key(item).split(",") if k in letter_of_key] if shown else []
    return CheckpointView(
        number=number,
        label=kind.label,
        prompt=item["prompt"].strip(),
        original=str(item.get("original", "")).strip(),
        options=[OptionView(letter, option["text"].strip(), letter in chosen) for letter, option in shown],
        answer=", ".join(chosen) if shown and chosen else answer,
        state=state,
        points=_state_points(state, grade, max_score),
        max_score=max_score,
        score=grade.score if grade else None,
        explanations=explanations,
        notes=kind.learner_notes(item, answer) if answer and state == SCORED and not shown else [],
        teaching=teaching,
        educator_mark=educator_mark,
        educator_comment=comment,
        key_letters=", ".join(key) if reveal else "",
        key_text=kind.revealed_answer(item) if reveal else "",
    )


def page_view(
    scenario: dict[str, Any],
    record: SubmissionRecord,
    answers: dict[str, str],
    *,
    revealed: bool,
    reveal_setting: str,
    objectives: dict[str, Objective],
    chapters: dict[str, str],
    book_url: str,
) -> PageView:
    """The learner's whole page for one submission."""
    views = [
        checkpoint_view(
            scenario,
            n,
            item,
            record,
            answers.get(item["id"], ""),
            revealed=revealed,
            objectives=objectives,
            book_url=book_url,
        )
        for n, item in enumerate(scenario["checkpoints"], 1)
    ]
    sums = total([(v.state, v.score, v.max_score) for v in views])
    text = f"{_points(sums.score)} of {_points(sums.max_score)} points"
    if sums.provisional:
        text = f"Provisional total: {text} so far; {sums.waiting} item(s) still to be marked by your educator"
    chapter = scenario["chapter"]
    return PageView(
        learner=record.learner,
        assignment=record.assignment,
        title=scenario["title"],
        chapter=Link(chapters.get(chapter, chapter), chapters.get(chapter, chapter), chapter_url(book_url, chapter)),
        total=sums,
        total_text=text,
        checkpoints=views,
        revealed=revealed,
        reveal_note=_reveal_note(reveal_setting, revealed, record),
    )


def _reveal_note(setting: str, revealed: bool, record: SubmissionRecord) -> str:
    if revealed:
        return "The answers to every checkpoint are shown below."
    if setting == "after_due_date" and record.duedate is not None:
        return (
            "Answers to checkpoints you did not get fully right are shown after the due date "
            f"({record.duedate:%d %B %Y, %H:%M} UTC). Until then, use the explanations and the chapter links."
        )
    return (
        "Answers to checkpoints you did not get fully right are not shown; use the explanations and the chapter links."
    )
