"""The knowledge-check and scenario-player renderers."""

from __future__ import annotations

import copy
import json

import pytest

from tic_course.book.course_data import parse_knowledge_check, parse_objectives
from tic_course.book.directives import render_knowledge_check
from tic_course.book.scenario_player import render_player
from tic_course.runtime.conversation import practice_view

KC = """
objectives: [cat-1]
question: "Which reply is best?"
options:
  - text: "Calm down"
    correct: false
    feedback: "Minimises."
  - text: "Tell me more"
    correct: true
    feedback: "Invites the story."
  - text: "<b>bold</b>"
    correct: false
    feedback: "Escaped."
"""


def test_knowledge_check_renders_an_accessible_form():
    html = render_knowledge_check("kc-1", parse_knowledge_check(KC))
    assert (
        '<input type="radio" name="kc-kc-1" id="kc-kc-1-0" value="0"><label for="kc-kc-1-0">Calm down</label>' in html
    )
    assert '<div class="tic-kc-feedback" role="status" aria-live="polite"></div>' in html
    assert (
        '<li data-option="1" data-correct="true"><strong>Tell me more</strong> \u2014 Correct. Invites the story.</li>'
        in html
    )
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "<b>bold</b>" not in html


@pytest.mark.parametrize(
    "body, message",
    [
        (KC.replace("correct: true", "correct: false"), "options: no option is marked correct: true"),
        (
            KC.replace('correct: false\n    feedback: "Escaped."', 'correct: true\n    feedback: "Escaped."'),
            "options: 2 options are correct",
        ),
        (KC.replace('    feedback: "Minimises."\n', ""), "options.0: 'feedback' is a required property"),
        (KC.replace("objectives: [cat-1]", "objectives: []"), "objectives: [] should be non-empty"),
        ("question: [unclosed", "invalid YAML"),
    ],
)
def test_knowledge_check_rejects(body, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_knowledge_check(body)


def test_objectives_must_be_id_text_pairs():
    assert parse_objectives("cat-1: Describe X\ncat-2: Use Y\n") == {"cat-1": "Describe X", "cat-2": "Use Y"}
    with pytest.raises(ValueError, match="'Cat 1' is not a valid objective id"):
        parse_objectives("Cat 1: Describe X\n")


def test_player_embeds_practice_only_and_cannot_break_out(fixture_scenario):
    data = copy.deepcopy(practice_view(fixture_scenario))  # the fixture is shared by the whole session
    data["conversation"]["nodes"][0]["says"] = "</script><script>alert(1)</script>"
    html = render_player(data)
    assert html.count("</script>") == 1
    payload = html.split('class="tic-player-data">', 1)[1].split("</script>", 1)[0]
    assert json.loads(payload)["conversation"]["nodes"][0]["says"] == "</script><script>alert(1)</script>"
    assert "checkpoints" not in payload and "model_answer" not in payload


def test_knowledge_check_form_carries_ids_for_reporting():
    """An LMS package reports answers by check id, objectives and authored option ids (data-keys)."""
    html = render_knowledge_check("kc-1", parse_knowledge_check(KC), "chapter<x>", ("2", "0", "1"))
    assert (
        '<form class="tic-kc" id="kc-kc-1" data-kind="radio" data-check="kc-1" data-chapter="chapter&lt;x&gt;" '
        'data-objectives="cat-1" data-keys="2 0 1" novalidate>' in html
    )
    assert 'data-keys="0 1 2"' in render_knowledge_check("kc-1", parse_knowledge_check(KC))
