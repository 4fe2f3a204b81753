"""The practice conversation as ipywidgets, for learners running the notebook in Jupyter.

Every control is a standard widget with a visible label, so it works with the keyboard alone
(Tab to move, arrow keys to pick a reply, Enter or Space to press a button) and is announced by
screen readers. Quality is shown in words as well as colour.
"""

from __future__ import annotations

import html
import json
import os
from typing import TYPE_CHECKING, Any

from tic_course.runtime.conversation import Conversation

if TYPE_CHECKING:
    import ipywidgets as widgets

QUALITY_TEXT = {
    "helpful": ("Helpful", "#1b5e20"),
    "mixed": ("Partly helpful", "#7a4f01"),
    "harmful": ("Likely to harm trust", "#9b1c1c"),
}
OUTCOME_TEXT = {"good": "A good outcome", "mixed": "A mixed outcome", "poor": "A poor outcome"}


def _esc(text: str) -> str:
    return html.escape(text.strip())


class ConversationPlayer:
    """Widget state plus the :class:`Conversation` it shows."""

    def __init__(self, practice: dict[str, Any]):
        import ipywidgets as widgets  # here, not at module level: see conversation_player

        self.conversation = Conversation(practice)
        self.transcript = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.turn = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.choices = widgets.RadioButtons(
            options=[],
            value=None,
            description="Your reply:",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="100%"),
        )
        self.say = widgets.Button(
            description="Say this", button_style="primary", tooltip="Say the reply you selected", disabled=True
        )
        self.again = widgets.Button(description="Start again", tooltip="Restart the conversation")
        self.feedback = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.choices.observe(self._on_select, names="value")
        self.say.on_click(self._on_say)
        self.again.on_click(self._on_again)
        self.widget = widgets.VBox(
            [self.transcript, self.turn, self.choices, widgets.HBox([self.say, self.again]), self.feedback],
            layout=widgets.Layout(width="100%", border="1px solid #767676", padding="12px"),
        )
        self.widget.add_class("tic-conversation")
        self._render()

    # -- events ---------------------------------------------------------------------------
    def _on_select(self, change: dict[str, Any]) -> None:
        self.say.disabled = change["new"] is None

    def _on_say(self, _button: widgets.Button | None = None) -> None:
        if self.choices.value is None:
            return
        step = self.conversation.choose(self.choices.value)
        label, colour = QUALITY_TEXT[step.quality]
        self.feedback.value = (
            f'<div role="status"><p><strong style="color:{colour}">{label}.</strong> {_esc(step.feedback)}</p></div>'
        )
        self._render()

    def _on_again(self, _button: widgets.Button | None = None) -> None:
        self.conversation.restart()
        self.feedback.value = ""
        self._render()

    # -- drawing --------------------------------------------------------------------------
    def _render(self) -> None:
        conv = self.conversation
        lines = []
        for step in conv.history:
            lines.append(f"<p><em>You:</em> \u201c{_esc(step.say)}\u201d</p>")
        self.transcript.value = "".join(lines)
        node = conv.node
        if conv.finished:
            end = conv.ending
            self.turn.value = f"<h4>{OUTCOME_TEXT[end['outcome']]}: {_esc(end['title'])}</h4><p>{_esc(end['text'])}</p>"
            self.choices.options = []
            self.choices.layout.display = "none"
            self.say.layout.display = "none"
            return
        context = f"<p><em>{_esc(node['context'])}</em></p>" if node.get("context") else ""
        self.turn.value = (
            f"{context}<p><strong>{_esc(conv.speaker_name())}:</strong> \u201c{_esc(node['says'])}\u201d</p>"
        )
        self.choices.layout.display = None
        self.say.layout.display = None
        self.choices.options = [(r["say"].strip(), r["id"]) for r in conv.responses()]
        self.choices.value = None
        self.say.disabled = True


def conversation_player(practice_json: str) -> Any:
    """Build the player from the practice view embedded in the notebook; returns the widget.

    While nbgrader autogrades (it sets ``NBGRADER_EXECUTION``), the practice conversation is not
    marked and nobody sees it, so we skip building widgets — and importing ipywidgets — which
    saves a large share of each submission's grading time.
    """
    if os.environ.get("NBGRADER_EXECUTION"):
        return None
    return ConversationPlayer(json.loads(practice_json)).widget
