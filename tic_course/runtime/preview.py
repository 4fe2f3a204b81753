"""Immediate, key-free acknowledgement of an answer, shown in the student notebook.

Learners new to notebooks need to know their answer was read correctly before they submit;
they must not learn whether it is right. These functions only check the format.
"""

from __future__ import annotations

from tic_course.runtime.answers import AnswerFormatError, option_letters, plain_text, words


def preview_choice(answer: object, options: str, *, several: bool = False, ordering: bool = False) -> None:
    """Say what was read from a lettered answer, or what to fix."""
    try:
        letters = option_letters(answer, options)
    except AnswerFormatError as exc:
        print(f"Please check your answer: {exc}")
        return
    if not letters:
        print("Not answered yet: type your answer between the quote marks, then run the cell again.")
    elif ordering and sorted(letters) != sorted(options):
        print(f"Please list every step exactly once ({', '.join(options)}); you typed {', '.join(letters)}.")
    elif not several and not ordering and len(set(letters)) > 1:
        print(f"Please choose one option only; you typed {', '.join(letters)}.")
    else:
        print(f"Saved: {', '.join(letters)}. This checkpoint is marked after you submit.")


def preview_text(answer: object, min_words: int = 8) -> None:
    """Count the words of a free-text answer."""
    try:
        text = plain_text(answer)
    except AnswerFormatError as exc:
        print(f"Please check your answer: {exc}")
        return
    n = len(words(text))
    if n == 0:
        print("Not answered yet: write your reply between the quote marks, then run the cell again.")
    elif n < min_words:
        print(f"Saved ({n} words). Aim for at least {min_words} words so there is enough to assess.")
    else:
        print(f"Saved ({n} words). This checkpoint is marked after you submit.")
