"""Scoring functions called by the hidden tests of graded checkpoints.

Each returns the points earned as a float. nbgrader reads the value of the last expression of a
test cell as partial credit, so a hidden test ends with one of these calls. Feedback is printed
to standard output (never standard error, which nbgrader treats as a failure). Feedback explains
the learner's own choices and never prints the answer key.
"""

from __future__ import annotations

from typing import Any

from tic_course.grading.answers import AnswerFormatError, option_letters, plain_text
from tic_course.grading.rubric import check_rewrite


def _read_letters(answer: object, options: str) -> list[str] | None:
    """The letters typed, or None (after saying why) when there is nothing to mark."""
    try:
        letters = option_letters(answer, options)
    except AnswerFormatError as exc:
        print(f"Could not read your answer: {exc} No points for this checkpoint.")
        return None
    if not letters:
        print("No answer given.")
        return None
    return letters


def score_single_choice(answer: object, *, correct: str, feedback: dict[str, str], points: int) -> float:
    """Full points for the one correct option, otherwise none; explain the option chosen."""
    letters = _read_letters(answer, "".join(feedback))
    if letters is None:
        return 0.0
    if len(set(letters)) > 1:
        print(f"Please choose one option only; you typed {', '.join(letters)}.")
        return 0.0
    choice = letters[0]
    if choice == correct:
        print(f"You chose {choice}: this is the best reply. {feedback[choice]}")
        return float(points)
    print(f"You chose {choice}: not the best reply. {feedback[choice]}")
    return 0.0


def score_multiple_select(answer: object, *, correct: list[str], feedback: dict[str, str], points: int) -> float:
    """Partial credit: (options rightly chosen - options wrongly chosen) / options that apply."""
    typed = _read_letters(answer, "".join(feedback))
    if typed is None:
        return 0.0
    letters = sorted(set(typed))
    right = [k for k in letters if k in correct]
    wrong = [k for k in letters if k not in correct]
    fraction = max(0.0, (len(right) - len(wrong)) / len(correct))
    score = round(points * fraction, 2)
    print(
        f"You chose {len(right)} of the {len(correct)} options that apply"
        + (f", and {len(wrong)} that do not." if wrong else ".")
    )
    for k in letters:
        print(f"  {k}: {'applies' if k in correct else 'does not apply'}. {feedback[k]}")
    return score


def score_ordering(answer: object, *, order: list[str], points: int) -> float:
    """Partial credit: the share of neighbouring steps (in the right order) that you kept in order."""
    letters = _read_letters(answer, "".join(sorted(order)))
    if letters is None:
        return 0.0
    if sorted(letters) != sorted(order):
        print(f"Please list every step exactly once ({', '.join(sorted(order))}); you typed {', '.join(letters)}.")
        return 0.0
    position = {k: i for i, k in enumerate(letters)}
    pairs = list(zip(order, order[1:], strict=False))
    kept = sum(position[a] < position[b] for a, b in pairs)
    score = round(points * kept / len(pairs), 2)
    print(f"{kept} of {len(pairs)} pairs of neighbouring steps are in the right order.")
    return score


def score_rewrite(
    answer: object, *, rubric: list[dict[str, Any]], original: str, points: int, min_words: int = 8
) -> float:
    """Run the transparent rubric checks and print what was found and what was missing."""
    try:
        text = plain_text(answer)
    except AnswerFormatError as exc:
        print(f"Could not read your answer: {exc} No points for this checkpoint.")
        return 0.0
    result = check_rewrite(text, rubric, original=original, min_words=min_words)
    assert result.max_points == points, "rubric points and checkpoint points disagree"
    print(result.report())
    return result.score
