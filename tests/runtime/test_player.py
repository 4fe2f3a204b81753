"""The ipywidgets player: labelled controls, keyboard-friendly widgets, correct state changes."""

from __future__ import annotations

import json

import ipywidgets as widgets

from tic_course.runtime.conversation import practice_view
from tic_course.runtime.player import ConversationPlayer, conversation_player


def test_player_starts_at_the_first_turn(fixture_scenario):
    player = ConversationPlayer(practice_view(fixture_scenario))
    assert "<strong>Dev:</strong>" in player.turn.value
    assert player.choices.description == "Your reply:"
    assert [v for _, v in player.choices.options] == ["believe", "frequent", "scale"]
    assert player.say.disabled and player.say.description == "Say this"
    assert isinstance(player.choices, widgets.RadioButtons)  # arrow keys move, Tab leaves


def test_choosing_shows_feedback_in_words_and_moves_on(fixture_scenario):
    player = ConversationPlayer(practice_view(fixture_scenario))
    player.choices.value = "frequent"
    assert not player.say.disabled
    player.say.click()
    assert "Likely to harm trust." in player.feedback.value
    assert "Labelling him a &#x27;regular&#x27;" in player.feedback.value
    assert 'role="status"' in player.feedback.value
    assert "Right. Forget it." in player.turn.value
    player.choices.value = "defend"
    player.say.click()
    assert "A poor outcome: Unheard" in player.turn.value
    assert player.choices.layout.display == "none"
    player.again.click()
    assert player.conversation.current_id == "arrival" and player.feedback.value == ""


def test_text_is_escaped(fixture_scenario):
    data = practice_view(fixture_scenario)
    data["conversation"]["nodes"][0]["says"] = "<script>alert(1)</script>"
    player = ConversationPlayer(data)
    assert "<script>" not in player.turn.value and "&lt;script&gt;" in player.turn.value


def test_conversation_player_from_json(fixture_scenario):
    box = conversation_player(json.dumps(practice_view(fixture_scenario)))
    assert isinstance(box, widgets.VBox) and "tic-conversation" in box._dom_classes
