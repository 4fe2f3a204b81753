"""Scoring functions give exact scores and explain them without printing the key."""

from __future__ import annotations

import pytest

from tests.runtime.test_answers import AlwaysEqual, LyingStr
from tic_course.checkpoints.multiple_select import score_multiple_select
from tic_course.checkpoints.ordering import score_ordering
from tic_course.checkpoints.rewrite import score_rewrite
from tic_course.checkpoints.single_choice import score_single_choice

FEEDBACK = {"A": "Too vague.", "B": "Reflects his words.", "C": "A label."}
MULTI = {"A": "fa", "B": "fb", "C": "fc", "D": "fd"}


def test_single_choice(capsys):
    assert score_single_choice("B", correct="B", feedback=FEEDBACK, points=2) == 2.0
    assert score_single_choice(" b. ", correct="B", feedback=FEEDBACK, points=2) == 2.0
    assert score_single_choice("C", correct="B", feedback=FEEDBACK, points=2) == 0.0
    out = capsys.readouterr().out
    assert "You chose C: not the best reply. A label." in out
    assert "Reflects his words" in out  # only because B was chosen above


def test_single_choice_wrong_answer_does_not_reveal_key(capsys):
    score_single_choice("A", correct="B", feedback=FEEDBACK, points=2)
    out = capsys.readouterr().out
    assert out == "You chose A: not the best reply. Too vague.\n"


@pytest.mark.parametrize("answer", ["", "A, B", "Z", AlwaysEqual(), LyingStr("B")])
def test_single_choice_rejects(answer):
    assert score_single_choice(answer, correct="B", feedback=FEEDBACK, points=2) == 0.0


def test_multiple_select_partial_credit(capsys):
    kw = {"correct": ["A", "B", "D"], "feedback": MULTI, "points": 3}
    assert score_multiple_select("A, B, D", **kw) == 3.0
    assert score_multiple_select("A, B", **kw) == 2.0
    assert score_multiple_select("A", **kw) == 1.0
    assert score_multiple_select("A, C", **kw) == 0.0
    assert score_multiple_select("A, B, C", **kw) == 1.0
    assert score_multiple_select("A, B, C, D", **kw) == 2.0
    assert score_multiple_select("C", **kw) == 0.0
    assert score_multiple_select("", **kw) == 0.0
    assert score_multiple_select(LyingStr("A, B, D"), **kw) == 0.0
    kw2 = {"correct": ["A", "C"], "feedback": MULTI, "points": 4}
    assert score_multiple_select("A", **kw2) == 2.0
    assert "You chose 1 of the 2 options that apply." in capsys.readouterr().out


def test_ordering_partial_credit(capsys):
    kw = {"order": ["B", "C", "D", "A"], "points": 3}
    assert score_ordering("B, C, D, A", **kw) == 3.0
    assert score_ordering("C, B, D, A", **kw) == 2.0
    assert score_ordering("A, D, C, B", **kw) == 0.0
    assert score_ordering("B, D, C, A", **kw) == 2.0
    assert score_ordering("B, C, A, D", **kw) == 2.0
    assert score_ordering("B, C, D", **kw) == 0.0  # a step missing
    assert score_ordering("B, B, C, D, A", **kw) == 0.0
    assert "Please list every step exactly once" in capsys.readouterr().out
    kw5 = {"order": ["A", "B", "C", "D", "E"], "points": 4}
    assert score_ordering("A, B, D, C, E", **kw5) == 3.0


RUBRIC = [
    {
        "id": "reflects",
        "description": "Reflects the change",
        "points": 1,
        "hint": "Use his words.",
        "any_of": ["different", "changed"],
    },
    {
        "id": "no-label",
        "description": "Avoids labels",
        "points": 2,
        "hint": "No 'regular'.",
        "any_of": ["\\b(I|we|you)\\b"],
        "none_of": ["regular", "frequent"],
    },
]


MODEL_ANSWER = "You're saying tonight feels different. I want to understand what has changed, so tell me."


def test_rewrite_scores_and_explains(capsys):
    """Both criteria are met, and the learner sees each one; the overall reading (trained on 899
    labelled replies as the criteria read them before tuning) finds a single short sentence like this
    one usually marked partial, so it moves the score down one band and says so in plain words, and
    the educator still decides."""
    good = "You told me tonight feels different and I want to understand what has changed for you."
    assert score_rewrite(good, rubric=RUBRIC, original="You're a regular.", points=3, model_answer=MODEL_ANSWER) == 2.0
    out = capsys.readouterr().out
    assert "Rubric check: 2 of 3 points." in out
    assert "\u2713 Reflects the change (found: \u201cdifferent\u201d)" in out
    assert (
        "Overall reading: the criteria give 3 of 3 points, but read as a whole (length, speaking to the person, "
        "closeness in meaning to a good reply, what was found) replies like yours were usually marked partial, "
        "so the score is moved down to 2."
    ) in out
    assert "Your educator reads every rewrite and decides the final mark." in out


def test_rewrite_a_label_loses_its_criterion_and_the_learner_sees_why(capsys):
    """The label loses the two-point criterion (1 of 3: poor by the criteria). The overall reading
    reads a whole sentence that names the change as partial (74%), moves the score up one band and
    says so; the lost criterion and the word that lost it stay in front of the learner."""
    text = "You are a regular here but I can see something is different and changed tonight."
    assert score_rewrite(text, rubric=RUBRIC, original="You're a regular.", points=3, model_answer=MODEL_ANSWER) == 2.0
    out = capsys.readouterr().out
    assert "\u2717 Avoids labels (found: \u201cregular\u201d). No 'regular'." in out
    assert "the criteria give 1 of 3 points" in out and "so the score is moved up to 2." in out


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "has 0 word(s)"),
        ("Different.", "has 1 word(s)"),
        ("We'll get to you. You're quite a regular here, aren't you?", "almost the same as the original"),
        (
            "Entiendo que este dolor es diferente y quiero saber qué ha cambiado esta noche para ayudarle mejor.",
            "reads English only",
        ),
    ],
)
def test_rewrite_not_assessed(capsys, text, reason):
    original = "We'll get to you. You're quite a regular here, aren't you?"
    assert score_rewrite(text, rubric=RUBRIC, original=original, points=3, model_answer=MODEL_ANSWER) == 0.0
    assert reason in capsys.readouterr().out


def test_rewrite_rejects_str_subclass():
    assert score_rewrite(LyingStr("You said this is different"), rubric=RUBRIC, original="x", points=3,
                         model_answer=MODEL_ANSWER) == 0.0
