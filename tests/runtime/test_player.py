"""The ipywidgets player: wrapping reply buttons, every line kept, a review at the end, a clean restart."""

from __future__ import annotations

import json

import ipywidgets as widgets

from tic_course.runtime.conversation import practice_view
from tic_course.runtime.player import STYLE, ConversationPlayer, conversation_player


def test_player_starts_at_the_first_turn_with_one_wrapping_button_per_reply(fixture_scenario):
    player = ConversationPlayer(practice_view(fixture_scenario))
    assert '<span class="tic-speaker">Dev:</span>' in player.turn.value
    assert '<p class="tic-context">Dev is bent over the counter, sweating.</p>' in player.turn.value
    assert "What do you say?" in player.prompt.value
    shown = [b for b in player.replies if b.layout.display != "none"]
    assert [b.description for b in shown] == [
        "This feels different from your usual pain. Tell me what's changed tonight.",
        "We'll get to you. You're quite a regular here, aren't you?",
        "Score it out of ten for me.",
    ]
    for button in shown:  # real buttons (Tab, Enter, Space) whose text wraps, at least 48 px tall
        assert isinstance(button, widgets.Button) and "tic-reply" in button._dom_classes
        assert button.layout.height == "auto" and button.layout.width == "100%" and button.tooltip == ""
    assert "white-space: normal !important" in STYLE and "min-height: 48px" in STYLE
    assert "var(--jp-content-font-color1" in STYLE  # the theme's own text colour, light or dark
    assert player.transcript.value == "" and player.feedback.value == ""


def test_choosing_gives_feedback_in_words_and_keeps_every_line(fixture_scenario):
    player = ConversationPlayer(practice_view(fixture_scenario))
    player.replies[1].click()  # "frequent"
    assert player.feedback.value == (
        '<div class="tic-feedback tic-q-harmful" role="status" aria-live="polite"><p>Feedback on your reply: '
        "<strong>Likely to harm trust.</strong> Labelling him a &#x27;regular&#x27; tells him he is already "
        "judged, and it can anchor the team on the wrong diagnosis.</p></div>"
    )
    assert "Right. Forget it." in player.turn.value
    player.replies[0].click()  # "repair"
    transcript = player.transcript.value
    # The patient's lines are kept as well as the learner's, in order, each with its speaker.
    order = [
        "Dev is bent over the counter, sweating.",
        "<span class=\"tic-speaker\">Dev:</span> \u201cI know you&#x27;ve all seen me before.",
        "<span class=\"tic-speaker\">You:</span> \u201cWe&#x27;ll get to you.",
        "<span class=\"tic-speaker\">Dev:</span> \u201cRight. Forget it.",
        "<span class=\"tic-speaker\">You:</span> \u201cI&#x27;m sorry, that came out wrong.",
    ]
    positions = [transcript.index(part) for part in order]
    assert positions == sorted(positions)
    assert transcript.count("tic-line-you") == 2 and transcript.count("tic-line-other") == 2


def test_the_ending_shows_a_review_and_play_again_starts_clean(fixture_scenario):
    player = ConversationPlayer(practice_view(fixture_scenario))
    player.replies[1].click()  # frequent (harmful)
    player.replies[0].click()  # repair (helpful)
    usual = [r["id"] for r in player.conversation.responses()].index("usual")
    player.replies[usual].click()  # usual (harmful) -> poor ending
    review = player.turn.value
    assert review.startswith('<h4 class="tic-ending">A poor outcome: Unheard</h4>')
    assert review.count("<li><p class=\"tic-line tic-line-other\">") == 3  # every choice, with what was said
    assert review.count('<div class="tic-feedback tic-q-harmful">') == 2
    assert review.count('<div class="tic-feedback tic-q-helpful">') == 1
    assert "<h4>Skills practised</h4><ul><li>Validating feelings</li><li>Apology and repair</li>" \
        "<li>Believing pain</li></ul>" in review
    assert "<h4>What to try differently</h4>" in review
    assert "\u201cThis feels different from your usual pain. Tell me what&#x27;s changed tonight.\u201d" in review
    assert "\u201cThank you for telling me. Those signs matter." in review
    assert "Score it out of ten" not in review  # only helpful replies are suggested
    assert all(b.layout.display == "none" for b in player.replies) and player.prompt.layout.display == "none"
    assert player.again.description == "Play again"
    player.again.click()
    assert player.conversation.current_id == "arrival" and player.conversation.history == []
    assert player.feedback.value == "" and player.transcript.value == "" and "Unheard" not in player.turn.value
    assert player.again.description == "Start again"
    assert [b.layout.display for b in player.replies] == [None, None, None]


def test_an_all_helpful_path_says_so(fixture_scenario):
    player = ConversationPlayer(practice_view(fixture_scenario))
    player.replies[0].click()
    escalate = [r["id"] for r in player.conversation.responses()].index("escalate")
    player.replies[escalate].click()
    assert "You chose a helpful reply at every turn." in player.turn.value


def test_text_is_escaped(fixture_scenario):
    data = practice_view(fixture_scenario)
    data["conversation"]["nodes"][0]["says"] = "<script>alert(1)</script>"
    data["conversation"]["nodes"][0]["responses"][1]["feedback"] = "<img src=x onerror=alert(1)>"
    player = ConversationPlayer(data)
    assert "<script>" not in player.turn.value and "&lt;script&gt;" in player.turn.value
    player.replies[1].click()
    assert "<img" not in player.feedback.value and "<script>" not in player.transcript.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in player.feedback.value


def test_conversation_player_from_json(fixture_scenario):
    box = conversation_player(json.dumps(practice_view(fixture_scenario)))
    assert isinstance(box, widgets.VBox) and "tic-conversation" in box._dom_classes
