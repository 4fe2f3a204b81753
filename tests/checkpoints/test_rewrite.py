"""What the learner's feedback page says about a rewrite (Rewrite.learner_notes): a finding of false
reassurance, of validation taken back or of pressure to agree is named specifically, with the words that set it off, why
it matters and the scenario's better wording; a clean reply gets no such line; and no note ever
carries the model answer."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tic_course.checkpoints.rewrite import KIND
from tic_course.checkpoints.rubric import CAVEAT
from tic_course.scenario import load_scenario


def _rewrite(scenario: str) -> dict:
    data = load_scenario(ROOT / "exercises" / scenario / "scenario.yml")
    return next(c for c in data["checkpoints"] if c["type"] == "rewrite")


ITEM = _rewrite("child-cannula-def")


def test_false_reassurance_is_named_with_the_better_wording():
    text = (
        "Oscar, the cream is on, so you won't feel a thing. You can sit on Mummy's lap for a cuddle and choose "
        "which hand."
    )
    notes = KIND.learner_notes(ITEM, text)
    assert notes[:2] == [
        "Your reply reassures in a way that can shut the person down (found: \u201cwon't feel a thing\u201d): comfort "
        "like this closes the conversation or promises what nobody can keep, so the person stops telling you what "
        "they fear.",
        "Instead: " + ITEM["advice"]["false-reassurance"],
    ]
    assert notes[-1] == CAVEAT


def test_validation_taken_back_is_named_with_the_better_wording():
    text = (
        "I know it's scary, Oscar, but we haven't got all night, so Mummy's going to hold you still and we'll "
        "be quick."
    )
    notes = KIND.learner_notes(ITEM, text)
    assert notes[:2] == [
        "Your reply acknowledges the person, then takes it back with \u201cbut\u201d (found: \u201cI know it's scary, "
        "Oscar, but \u2026 hold you still\u201d): a \u201cbut\u201d straight after an acknowledgement cancels it: "
        "the person hears only what comes after.",
        "Instead: " + ITEM["advice"]["validate-then-dismiss"],
    ]


def test_pressure_to_agree_is_named_with_the_better_wording():
    item = _rewrite("postnatal-visit-partner")
    text = (
        "It sounds like the birth was really frightening, Ellie. You should definitely go to the birth reflections "
        "clinic, so I'll put the referral in today."
    )
    notes = KIND.learner_notes(item, text)
    assert notes[:2] == [
        "Your reply pushes the person to agree at the end (found: \u201cYou should definitely go\u201d): a push at "
        "the end (to attend, agree or talk) takes back the choice you gave, so the person may go along with it "
        "rather than decide.",
        "Instead: " + item["advice"]["pressure"],
    ]
    assert item["advice"]["pressure"].startswith("Offer it and leave the decision with her")


def test_a_clean_reply_has_no_finding_and_lists_each_criterion():
    """Every criterion is found and nothing is wrong. The reply does not say what Oscar may feel,
    which the prompt asks for; the overall reading reads it as partial (62%, medium confidence, so
    it comes early in the educator's queue) and the learner is told the score moved and why."""
    text = (
        "It's OK to be scared, Oscar. We'll wait for the numbing cream, then you can sit on Mummy's lap for a cuddle "
        "and choose which hand."
    )
    notes = KIND.learner_notes(ITEM, text)
    assert [n.split(":")[0] for n in notes[:-1]] == ["Found"] * 4 + ["Overall reading"]
    assert notes[-2].startswith("Overall reading: the criteria give 4 of 4 points") and "moved down to 3" in notes[-2]
    assert not any(n.startswith(("Your reply", "Instead")) for n in notes)
    assert KIND._check(ITEM, text).confidence()[0] == "medium"


@pytest.mark.parametrize("scenario", sorted(p.parent.name for p in (ROOT / "exercises").glob("*/scenario.yml")))
def test_no_note_carries_the_model_answer(scenario):
    item = _rewrite(scenario)
    replies = [
        item["original"] + " Don't worry, it'll all be fine.",
        "I understand, but you need to be realistic about this, it's policy and I have to follow it.",
        "Thanks SO much, obviously, what a joy. Options, choice, support, time, plan, follow-up, later, fine.",
    ]
    for text in replies:
        joined = "\n".join(KIND.learner_notes(item, text))
        assert item["model_answer"].strip() not in joined
        # Every line is the checker's own wording or the scenario's learner-facing text (a note,
        # a finding, its advice, a criterion found or missed with its hint, the overall reading).
        starts = ("Your reply", "An essential", "Instead: ", "Found: ", "Missing: ", "Overall reading: ",
                  "Your rewrite")
        assert all(n.startswith(starts) or n == CAVEAT for n in KIND.learner_notes(item, text)), scenario
