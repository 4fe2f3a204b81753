"""The questionnaire file: knowledge questions come from the course's own items; mistakes are named."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.workshop.evaluation.conftest import QUESTIONNAIRE
from tic_course.book.course_data import blocks, parse_knowledge_check
from tic_course.layout import CourseLayout
from tic_course.scenario import load_scenario
from tic_course.workshop.evaluation.questionnaire import (
    QuestionnaireError,
    clean,
    default_file,
    load_questionnaire,
)


def test_knowledge_questions_are_taken_from_their_sources(questionnaire, course):
    k1, k2, k3 = questionnaire.section("knowledge")
    assert (k1.id, k1.text, k1.hint, k1.multiple) == (
        "t-kc-1",
        "Which reply keeps the patient's choice?",
        "Choose one option.",
        False,
    )
    assert sorted(k1.options) == sorted(
        ["Would you like to go ahead now, or wait?", "We'll just get this done.", "You have to have it, I'm afraid."]
    )
    assert k1.correct == {"Would you like to go ahead now, or wait?"}
    assert k1.source == "knowledge check t-kc-1 (test.md)"

    scenario = load_scenario(course.scenario_file("triage-pain"))
    red_flags = next(c for c in scenario["checkpoints"] if c["id"] == "red-flags")
    assert (k2.id, k2.text, k2.hint, k2.multiple) == (
        "triage-pain-red-flags",
        clean(red_flags["prompt"]),
        "Choose every option that applies.",
        True,
    )
    assert sorted(k2.options) == sorted(clean(o["text"]) for o in red_flags["options"])
    assert k2.correct == {"Weakness in his legs", "Trouble passing water", "Pain spreading into his abdomen"}
    assert (k3.hint, k3.multiple, k3.correct) == (
        "Choose one option.",
        False,
        {'"This feels different from your usual pain. Tell me what\'s changed tonight."'},
    )


def test_sections_order_and_flags(questionnaire):
    assert [q.id for q in questionnaire.questions] == [
        "t-kc-1", "triage-pain-red-flags", "triage-pain-first-words", "c1", "c2", "a1", "s1", "s2", "m1",
    ]  # fmt: skip
    by_id = {q.id: q for q in questionnaire.questions}
    assert [by_id[i].validated for i in ("c1", "a1", "s1", "t-kc-1")] == [False, False, None, None]
    assert [by_id[i].post_only for i in ("c1", "s1", "m1")] == [False, True, True]
    assert (by_id["c1"].low, by_id["c1"].high) == ("Not at all", "Very")
    assert questionnaire.columns[:3] == ["Your code", "When?", "Which reply keeps the patient's choice?"]


def test_option_order_is_seeded_and_stable(course, write_questionnaire):
    first = load_questionnaire(write_questionnaire(), course)
    again = load_questionnaire(write_questionnaire(), course)
    assert [q.options for q in first.questions] == [q.options for q in again.questions]
    other = load_questionnaire(write_questionnaire(QUESTIONNAIRE + 'seed: "another"\n'), course)
    assert any(a.options != b.options for a, b in zip(first.questions, other.questions, strict=True))


def test_the_shipped_questionnaire_resolves_against_the_course():
    q = load_questionnaire(default_file(), CourseLayout(ROOT))
    ids = [k.id for k in q.section("knowledge")]
    assert ids == ["tip-kc-1", "con-kc-5", "al-kc-2", "cat-kc-4", "mt-kc-2"]
    chapter = {
        b.argument: parse_knowledge_check(b.body) for b in blocks(ROOT / "book/chapters/consent.md", "knowledge-check")
    }
    source = chapter["con-kc-5"]
    k = q.section("knowledge")[1]
    assert k.text == clean(source["question"])
    assert k.correct == {clean(o["text"]) for o in source["options"] if o["correct"]}
    assert all(item.validated is False for item in q.section("confidence") + q.section("attitude"))
    assert q.section("satisfaction") and q.section("comments")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            '    - {id: c1, text: "Confident to offer choice?", validated: false}',
            '    - {id: c1, text: "Confident to offer choice?", validated: true}',
            ":16: confidence.items[0].validated: must be false: the course's own confidence and attitude "
            "statements are not a validated scale, and the outputs say so",
        ),
        (
            "  - knowledge_check: t-kc-1",
            "  - knowledge_check: t-kc-9",
            ":10: knowledge[0].knowledge_check: no knowledge check 't-kc-9' in ",
        ),
        (
            "  - checkpoint: triage-pain/first-words",
            "  - checkpoint: triage-pain/escalation-order",
            ":12: knowledge[2].checkpoint: checkpoint 'triage-pain/escalation-order' is a 'put the steps in "
            "order' question: only questions whose options are marked correct can be scored from a form",
        ),
        (
            "  - checkpoint: triage-pain/first-words",
            "  - checkpoint: no-such/first-words",
            ":12: knowledge[2].checkpoint: no scenario 'no-such' (",
        ),
        (
            "  - checkpoint: triage-pain/first-words",
            "  - checkpoint: triage-pain/missing",
            ":12: knowledge[2].checkpoint: scenario 'triage-pain' has no checkpoint 'missing'",
        ),
        (
            "  - checkpoint: triage-pain/first-words",
            "  - {checkpoint: triage-pain/first-words, knowledge_check: t-kc-2}",
            ":12: knowledge[2]: give exactly one of knowledge_check: <id> or checkpoint: <scenario>/<checkpoint>",
        ),
        (
            '    - {id: s2, text: "Felt safe."}',
            '    - {id: s2, text: "Relevant to my work."}',
            ":26: satisfaction.items[1].text: has the same text as satisfaction.items[0].text: every question "
            "needs its own wording, "
            "because the text is its column in a form export",
        ),
        (
            '  - {id: m1, text: "Any comments?"}',
            '  - {id: m1, text: "Name"}',
            ":28: comments[0].text: 'Name' is a column that Microsoft or Google Forms adds itself: reword it",
        ),
        (
            '    - {id: s2, text: "Felt safe."}',
            '    - {id: c1, text: "Felt safe."}',
            ":26: satisfaction.items[1].id: the id 'c1' is already used by confidence.items[0]",
        ),
        ('  post: "After"', '  post: "before"', ":8: phase.post: must differ from phase.pre"),
        ('title: "Test workshop"\n', "", ":1: (top level): 'title' is missing (required field)"),
        ("    - {id: a1, ", "    - {id: A 1, ", ":21: attitude.items[0].id: 'A 1' does not match"),
    ],
)
def test_mistakes_are_named_with_line_and_field(course, write_questionnaire, old, new, message):
    assert old in QUESTIONNAIRE
    file = write_questionnaire(QUESTIONNAIRE.replace(old, new))
    with pytest.raises(QuestionnaireError) as info:
        load_questionnaire(file, course)
    assert f"{file}{message}" in str(info.value)


def test_invalid_yaml_is_named(course, write_questionnaire):
    file = write_questionnaire("title: [unclosed\n")
    with pytest.raises(QuestionnaireError, match=r":2: \(file\): invalid YAML"):
        load_questionnaire(file, course)


def test_an_empty_file_is_named(course, write_questionnaire):
    file = write_questionnaire("# nothing yet\n")
    with pytest.raises(QuestionnaireError, match=r": \(file\): is empty: expected a questionnaire"):
        load_questionnaire(file, course)
