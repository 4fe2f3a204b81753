"""The preview says what marking records: the same reading of letters as the scoring and the results."""

from __future__ import annotations

import pytest

from tic_course.checkpoints.lettered import read_letters
from tic_course.checkpoints.single_choice import score_single_choice
from tic_course.grading.results import recorded_letters
from tic_course.runtime.cells import Recorded
from tic_course.runtime.preview import preview_choice, preview_text

FEEDBACK = {"A": "a.", "B": "b.", "C": "c."}


@pytest.mark.parametrize("typed", ["B", "b", " b ", "b)", "(b)", "B.", "\u201cb\u201d", "[B]"])
def test_every_near_miss_is_saved_scored_and_tabled_as_the_same_letter(typed, capsys):
    preview_choice(Recorded("answer_1", typed), "ABC")
    said = capsys.readouterr().out
    assert said.startswith("Saved: B") and said.rstrip().endswith("This checkpoint is marked after you submit.")
    assert read_letters(typed, "ABC") == ["B"]
    assert score_single_choice(typed, correct="B", feedback=FEEDBACK, points=2) == 2.0
    assert recorded_letters(typed, "ABC") == "B"


@pytest.mark.parametrize("typed", ["B or C", "option B", "D"])
def test_what_the_preview_refuses_scores_nothing(typed, capsys):
    preview_choice(Recorded("answer_1", typed), "ABC")
    said = capsys.readouterr().out
    assert said.startswith("Please check your answer:") and "would score no points" in said
    assert score_single_choice(typed, correct="B", feedback=FEEDBACK, points=2) == 0.0
    assert "Could not read your answer" in capsys.readouterr().out  # the scoring says why too


def test_several_letters_for_one_choice_are_reported_with_the_consequence(capsys):
    preview_choice(Recorded("answer_1", "a c"), "ABC")
    assert capsys.readouterr().out == (
        "Please choose one option only; you typed A, C. As it stands this checkpoint would score no points.\n"
    )


def test_multiple_select_and_ordering_say_back_what_was_read(capsys):
    preview_choice(Recorded("answer_2", "a c"), "ABCD", several=True)
    preview_choice(Recorded("answer_3", "C, A, B, D"), "ABCD", ordering=True)
    preview_choice(Recorded("answer_3", "C, A"), "ABCD", ordering=True)
    assert capsys.readouterr().out.splitlines() == [
        "Saved: A, C (you typed \u201ca c\u201d, read as A, C). This checkpoint is marked after you submit.",
        "Saved: C, A, B, D. This checkpoint is marked after you submit.",
        "Please list every step exactly once (A, B, C, D); you typed C, A. As it stands this checkpoint would "
        "score no points.",
    ]


def test_text_preview_reads_the_recorded_cell_not_the_kernel(capsys):
    preview_text(Recorded("answer_4", None, ["the answer cell could not be read (Python syntax error on line 2)"]))
    out = capsys.readouterr().out
    assert out.startswith("Not saved: the answer cell could not be read (Python syntax error on line 2).")
    assert "Saved (" not in out
    preview_text(Recorded("answer_4", "I can see this really hurts, tell me more about it"), min_words=8)
    assert capsys.readouterr().out == "Saved (11 words). This checkpoint is marked after you submit.\n"


def test_a_plain_value_still_previews_and_a_type_trick_is_refused(capsys):
    preview_choice("a", "ABC")
    preview_choice(["B"], "ABC")
    assert capsys.readouterr().out.splitlines() == [
        "Saved: A (you typed \u201ca\u201d, read as A). This checkpoint is marked after you submit.",
        'Please check your answer: Your answer must be text between quote marks, for example "B". '
        "It is a list instead.",
    ]
