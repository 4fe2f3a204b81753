"""Immediate, key-free acknowledgement of an answer, shown in the student notebook.

Learners new to notebooks need to know their answer was read correctly before they submit;
they must not learn whether it is right. These functions only check the format, and they say
exactly what marking will record: the released check cell calls them with
``answer_cell("answer_1")`` (:mod:`tic_course.runtime.cells`), which reads the answer cell as last
run the way marking reads it, so a syntax error or a misspelt name is reported and a previous
answer left in the kernel is never called "Saved". Letters are read by
:func:`~tic_course.runtime.answers.option_letters`, the function the scoring uses too.
"""

from __future__ import annotations

from tic_course.runtime.answers import AnswerFormatError, option_letters, plain_text, words
from tic_course.runtime.cells import Recorded, answer_cell

__all__ = ["answer_cell", "preview_choice", "preview_text"]

RERUN = "fix the answer cell, run it (Shift+Enter), then run this cell again"


def _recorded_text(answer: object) -> tuple[str | None, list[str]]:
    """The text marking will read, and notes to show; None (after saying why) when there is none."""
    if not isinstance(answer, Recorded):
        return plain_text(answer), []
    if not answer.ran:
        print(
            "Not checked yet: run the answer cell above first (click it and press Shift+Enter), "
            "then run this cell again."
        )
        return None, []
    if answer.value is None:
        print(
            f"Not saved: {'; '.join(answer.problems)}. Nothing is recorded for this checkpoint, so it "
            f"counts as unanswered (no points), and any earlier answer no longer counts. Please {RERUN}."
        )
        return None, []
    return answer.value, [f"Note: {p}." for p in answer.problems]


def _quoted(text: str) -> str:
    return "\u201c" + text.strip() + "\u201d"


def preview_choice(answer: object, options: str, *, several: bool = False, ordering: bool = False) -> None:
    """Say what was read from a lettered answer and what marking will record, or what to fix."""
    try:
        text, notes = _recorded_text(answer)
    except AnswerFormatError as exc:
        print(f"Please check your answer: {exc}")
        return
    if text is None:
        return
    for note in notes:
        print(note)
    try:
        letters = option_letters(text, options)
    except AnswerFormatError as exc:
        print(
            f"Please check your answer: {exc} Recorded as typed: {_quoted(text)}, which cannot be marked, "
            f"so this checkpoint would score no points. Please {RERUN}."
        )
        return
    shown = ", ".join(letters)
    if not letters:
        print("Not answered yet: type your answer between the quote marks, then run the cell again.")
    elif ordering and sorted(letters) != sorted(options):
        print(
            f"Please list every step exactly once ({', '.join(options)}); you typed {shown}. "
            "As it stands this checkpoint would score no points."
        )
    elif not several and not ordering and len(set(letters)) > 1:
        print(
            f"Please choose one option only; you typed {shown}. "
            "As it stands this checkpoint would score no points."
        )
    else:
        typed = text.strip()
        exact = typed in {",".join(letters), shown}
        read_as = "" if exact else f" (you typed {_quoted(typed)}, read as {shown})"
        print(f"Saved: {shown}{read_as}. This checkpoint is marked after you submit.")


def preview_text(answer: object, min_words: int = 8) -> None:
    """Count the words of a free-text answer that marking will read."""
    try:
        text, notes = _recorded_text(answer)
    except AnswerFormatError as exc:
        print(f"Please check your answer: {exc}")
        return
    if text is None:
        return
    for note in notes:
        print(note)
    n = len(words(text))
    if n == 0:
        print("Not answered yet: write your reply between the quote marks, then run the cell again.")
    elif n < min_words:
        print(f"Saved ({n} words). Aim for at least {min_words} words so there is enough to assess.")
    else:
        print(f"Saved ({n} words). This checkpoint is marked after you submit.")
