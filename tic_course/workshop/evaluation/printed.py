"""The questionnaire as a printable PDF: a before form and an after form, set by the kit's Typst.

Many wards have no shared screen and some staff have no work email, so the questionnaire must
work on paper. The PDF is made from the same :class:`Questionnaire` as the HTML page and the
online-form set-up sheet, with the same wording, numbering and option order, so a paper answer
can be typed into the CSV template exactly as the online form would have recorded it. Unlike the
HTML page, where a participant ticks "before" or "after", the PDF prints two separate forms: the
after form alone carries the satisfaction and comment questions, so nobody is asked to rate a
session they have not had.

Every text reaches Typst as JSON data, never as markup (see :mod:`tic_course.workshop.typeset`).
Only the question wording goes in: the answer key of a knowledge question never leaves
:class:`Question`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from tic_course.workshop.evaluation.questionnaire import NOT_VALIDATED, SCALE, Question, Questionnaire
from tic_course.workshop.typeset import PAPERS, render

TEMPLATE = "questionnaire"
#: The participant code has 4 to 12 characters (forms.CODE): one box per character.
CODE_BOXES = 12


def pdf_name(paper: str) -> str:
    """``questionnaire-a4.pdf`` or ``questionnaire-letter.pdf``: the paper is in the name, as both may sit together."""
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}, not {paper!r}")
    return f"questionnaire-{paper}.pdf"


def _numbered(questionnaire: Questionnaire) -> dict[str, int]:
    """Question numbers as the HTML page gives them: one count through every section, in order."""
    return {q.id: n for n, q in enumerate(questionnaire.questions, 1)}


def _rated(questions: list[Question], numbers: dict[str, int]) -> dict[str, Any] | None:
    if not questions:
        return None
    return {
        "low": questions[0].low,
        "high": questions[0].high,
        "items": [
            {"number": numbers[q.id], "text": q.text, "note": NOT_VALIDATED if q.validated is False else ""}
            for q in questions
        ],
    }


def questionnaire_data(questionnaire: Questionnaire) -> dict[str, Any]:
    """The JSON the template is set from: every text a participant reads, and nothing else."""
    q = questionnaire
    numbers = _numbered(q)
    knowledge = [
        {
            "number": numbers[k.id],
            "text": k.text,
            "hint": k.hint,
            "options": [{"letter": "ABCDEFGHIJ"[i], "text": o} for i, o in enumerate(k.options)],
        }
        for k in q.section("knowledge")
    ]
    return {
        "title": q.title,
        "code_question": q.code_question,
        "code_guidance": q.code_guidance,
        "code_boxes": CODE_BOXES,
        "phase_question": q.phase_question,
        "scale": [str(point) for point in SCALE],
        "not_validated": NOT_VALIDATED,
        "knowledge": knowledge,
        "confidence": _rated(q.section("confidence"), numbers),
        "attitude": _rated(q.section("attitude"), numbers),
        "satisfaction": _rated(q.section("satisfaction"), numbers),
        "comments": [{"number": numbers[c.id], "text": c.text} for c in q.section("comments")],
        "forms": [
            {"phase": "pre", "label": q.pre_label, "after": False},
            {"phase": "post", "label": q.post_label, "after": True},
        ],
    }


def render_pdf(questionnaire: Questionnaire, *, fonts: Path, paper: str, day: date) -> bytes:
    """The two forms as one PDF on ``paper``; ``day`` is its timestamp, so a rebuild gives the same bytes."""
    return render(TEMPLATE, questionnaire_data(questionnaire), fonts=fonts, paper=paper, day=day)
