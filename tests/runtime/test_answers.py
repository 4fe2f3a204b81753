"""Answers are read as plain strings; type tricks are refused."""

from __future__ import annotations

import pytest

from tic_course.runtime.answers import AnswerFormatError, option_letters, plain_text


class AlwaysEqual:
    def __eq__(self, other):
        return True

    def __hash__(self):
        return 0


class LyingStr(str):
    def __eq__(self, other):
        return True

    def __hash__(self):
        return 0

    def upper(self):
        return "B"

    def strip(self, *args):
        return "B"


def test_plain_string_is_copied():
    assert plain_text("A, C") == "A, C"
    assert type(plain_text("x")) is str


@pytest.mark.parametrize("trick", [AlwaysEqual(), LyingStr("Z"), ["B"], b"B", 2, None])
def test_type_tricks_are_refused(trick):
    with pytest.raises(AnswerFormatError, match="Your answer must be text between quote marks"):
        plain_text(trick)


@pytest.mark.parametrize(
    "typed, letters",
    [
        ("A, C", ["A", "C"]),
        ("a c", ["A", "C"]),
        ("AC", ["A", "C"]),
        ("A and C.", ["A", "C"]),
        ("b", ["B"]),
        ("  ", []),
        ("C;A/B", ["C", "A", "B"]),
        # Near misses people type by hand: brackets, a full stop, quote marks, any case or spacing.
        ("b)", ["B"]),
        ("(b)", ["B"]),
        ("B.", ["B"]),
        (" [ d ] ", ["D"]),
        ("\u201cB\u201d", ["B"]),
        ("'c'", ["C"]),
        ("A, C", ["A", "C"]),
        ("a) c)", ["A", "C"]),
        ("(A) and (C).", ["A", "C"]),
    ],
)
def test_option_letters(typed, letters):
    assert option_letters(typed, "ABCD") == letters


def test_unknown_letter_is_named():
    with pytest.raises(AnswerFormatError, match=r"'E' is not one of the options \(A, B, C, D\)\."):
        option_letters("A, E", "ABCD")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("A or B", "'or' is not an option letter: type only letters (A, B, C, D)."),
        ("option B", "'option' is not an option letter: type only letters (A, B, C, D)."),
        ("B) Ask what has changed", "'Ask' is not an option letter: type only letters (A, B, C, D)."),
        ("b.c", "'B.C' is not one of the options (A, B, C, D)."),
        ("2", "'2' is not one of the options (A, B, C, D)."),
    ],
)
def test_ambiguous_answers_are_reported_not_guessed(typed, message):
    with pytest.raises(AnswerFormatError) as caught:
        option_letters(typed, "ABCD")
    assert str(caught.value) == message
