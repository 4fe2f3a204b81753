"""The practice conversation as ipywidgets, for learners running the notebook in Jupyter.

Replies are real buttons (Tab to move, Enter or Space to say one), one per reply, whose text
wraps: a radio button's label or a plain button's caption does not wrap in JupyterLab, so long
replies ran into each other. The buttons are a fixed set reused turn after turn, so after a
choice the keyboard focus stays on a reply button next to the new feedback instead of falling
back to the top of the page. Speaker, context, the learner's own words and feedback are told
apart by words and layout as well as by colour, and the colours come from JupyterLab's theme
variables (``--jp-*``), so they keep their contrast in light and dark themes; elsewhere (the
book, VS Code) the fallbacks inherit the page's colours. At an ending, the player shows a review:
every choice with its feedback, the skills practised and what to try differently.
"""

from __future__ import annotations

import html
import json
import os
from typing import TYPE_CHECKING, Any

from tic_course.runtime.conversation import Conversation, Review

if TYPE_CHECKING:
    import ipywidgets as widgets

QUALITY_TEXT = {
    "helpful": "Helpful",
    "mixed": "Partly helpful",
    "harmful": "Likely to harm trust",
}
OUTCOME_TEXT = {"good": "A good outcome", "mixed": "A mixed outcome", "poor": "A poor outcome"}

# Scoped to the player. Quality is said in words; the borders only repeat it. Text colours are the
# theme's own, so contrast is the theme's (AA in JupyterLab's light and dark themes).
STYLE = """<style>
.tic-conversation { color: var(--jp-content-font-color1, inherit); font-size: var(--jp-content-font-size1, 1rem);
  line-height: 1.5; box-sizing: border-box; max-width: 100%; }
.tic-conversation p, .tic-conversation li { overflow-wrap: anywhere; }
.tic-conversation .tic-transcript { list-style: none; padding: 0; margin: 0 0 .5em; }
.tic-conversation .tic-line { margin: .35em 0; padding: .35em .6em;
  border-left: 4px solid var(--jp-border-color1, #767676); }
.tic-conversation .tic-line-you { margin-left: 1.5em; border-left: 4px double var(--jp-brand-color1, #0b4f8a);
  background: var(--jp-layout-color2, transparent); }
.tic-conversation .tic-context { font-style: italic; margin: .6em 0 .2em; }
.tic-conversation .tic-speaker { font-weight: 700; }
.tic-conversation .tic-feedback { margin: .5em 0; padding: .5em .75em;
  border: 1px solid var(--jp-border-color1, #767676); border-left-width: 6px; border-radius: 4px; }
.tic-conversation .tic-q-helpful { border-left-color: var(--jp-success-color1, #1b5e20); border-left-style: solid; }
.tic-conversation .tic-q-mixed { border-left-color: var(--jp-warn-color1, #7a4f01); border-left-style: dashed; }
.tic-conversation .tic-q-harmful { border-left-color: var(--jp-error-color1, #9b1c1c); border-left-style: dotted; }
.tic-conversation .tic-prompt { font-weight: 700; margin: .75em 0 .25em; }
.tic-conversation .widget-html, .tic-conversation .widget-html-content { height: auto; line-height: inherit; }
.tic-conversation button.tic-reply { display: block; width: 100%; height: auto !important; min-height: 48px;
  white-space: normal !important; overflow: visible; text-overflow: clip; text-align: left; line-height: 1.4;
  padding: .6em .8em; margin: 0 0 .5em; border: 2px solid var(--jp-brand-color1, #0b4f8a); border-radius: 4px;
  background: var(--jp-layout-color1, transparent); color: var(--jp-content-font-color1, inherit);
  font-size: var(--jp-content-font-size1, 1rem); box-sizing: border-box; }
.tic-conversation button.tic-reply:hover { background: var(--jp-layout-color2, rgba(11, 79, 138, .08)); }
.tic-conversation button.tic-again { min-height: 48px; height: auto; padding: .4em 1em; }
.tic-conversation button:focus-visible { outline: 3px solid var(--jp-brand-color0, #b35c00); outline-offset: 2px; }
</style>"""


def _esc(text: str) -> str:
    return html.escape(text.strip())


def _feedback_html(quality: str, feedback: str, label: str = "", *, live: bool = False) -> str:
    lead = f"{label} " if label else ""
    status = ' role="status" aria-live="polite"' if live else ""
    return (
        f'<div class="tic-feedback tic-q-{quality}"{status}><p>{lead}'
        f"<strong>{QUALITY_TEXT[quality]}.</strong> {_esc(feedback)}</p></div>"
    )


def review_html(review: Review, ending: dict[str, Any]) -> str:
    """The end-of-scenario review as escaped HTML (every learner-facing string is escaped)."""
    parts = [
        f'<h4 class="tic-ending">{OUTCOME_TEXT[ending["outcome"]]}: {_esc(ending["title"])}</h4>',
        f"<p>{_esc(ending['text'])}</p>",
        "<h4>Your choices</h4><ol class=\"tic-review-path\">",
    ]
    for heard, step in zip(review.heard, review.path, strict=True):
        parts.append(
            f'<li><p class="tic-line tic-line-other"><span class="tic-speaker">{_esc(heard.speaker)}:</span> '
            f"\u201c{_esc(heard.text)}\u201d</p>"
            f'<p class="tic-line tic-line-you"><span class="tic-speaker">You:</span> \u201c{_esc(step.say)}\u201d</p>'
            f"{_feedback_html(step.quality, step.feedback)}</li>"
        )
    parts.append("</ol><h4>Skills practised</h4><ul>")
    parts.extend(f"<li>{_esc(skill)}</li>" for skill in review.skills)
    parts.append("</ul><h4>What to try differently</h4>")
    if not review.try_instead:
        parts.append("<p>You chose a helpful reply at every turn. Try another path to see how it changes.</p>")
    for alt in review.try_instead:
        parts.append(
            f"<p>When {_esc(alt.speaker)} said \u201c{_esc(alt.says)}\u201d, you said "
            f"\u201c{_esc(alt.step.say)}\u201d. A more helpful reply:</p><ul>"
        )
        parts.extend(f"<li>\u201c{_esc(say)}\u201d \u2014 {_esc(why)}</li>" for say, why in alt.replies)
        parts.append("</ul>")
    return "".join(parts)


class ConversationPlayer:
    """Widget state plus the :class:`Conversation` it shows."""

    def __init__(self, practice: dict[str, Any]):
        import ipywidgets as widgets  # here, not at module level: see conversation_player

        self.conversation = Conversation(practice)
        width = widgets.Layout(width="100%")
        self.style = widgets.HTML(STYLE)
        self.transcript = widgets.HTML(layout=width)
        self.feedback = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.turn = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.prompt = widgets.HTML('<p class="tic-prompt">What do you say? Choose a reply.</p>')
        most = max(len(n.get("responses", [])) for n in practice["conversation"]["nodes"])
        self.replies = [self._reply_button(widgets, i) for i in range(most)]
        self._reply_ids: list[str] = []
        self.again = widgets.Button(description="Start again", tooltip="Restart the conversation from the beginning")
        self.again.add_class("tic-again")
        self.again.on_click(self._on_again)
        self.widget = widgets.VBox(
            [self.style, self.transcript, self.feedback, self.turn, self.prompt, *self.replies, self.again],
            layout=widgets.Layout(width="100%", border="1px solid #767676", padding="12px"),
        )
        self.widget.add_class("tic-conversation")
        self._render()

    def _reply_button(self, widgets: Any, index: int) -> widgets.Button:
        button = widgets.Button(description="", tooltip="", layout=widgets.Layout(width="100%", height="auto"))
        button.add_class("tic-reply")
        button.on_click(lambda _b, i=index: self.say(i))
        return button

    # -- events ---------------------------------------------------------------------------
    def say(self, index: int) -> None:
        """Say the reply shown on button ``index`` (a click, Enter or Space on it)."""
        if self.conversation.finished or index >= len(self._reply_ids):
            return
        step = self.conversation.choose(self._reply_ids[index])
        self.feedback.value = _feedback_html(step.quality, step.feedback, "Feedback on your reply:", live=True)
        self._render()

    def _on_again(self, _button: widgets.Button | None = None) -> None:
        self.conversation.restart()
        self.feedback.value = ""
        self._render()

    # -- drawing --------------------------------------------------------------------------
    def _render(self) -> None:
        conv = self.conversation
        lines = []
        for line in conv.transcript():
            context = f'<p class="tic-context">{_esc(line.context)}</p>' if line.context else ""
            who = "tic-line-you" if line.learner else "tic-line-other"
            lines.append(
                f'<li>{context}<p class="tic-line {who}"><span class="tic-speaker">{_esc(line.speaker)}:</span> '
                f"\u201c{_esc(line.text)}\u201d</p></li>"
            )
        heading = '<h4>The conversation so far</h4><ol class="tic-transcript">' if lines else ""
        self.transcript.value = f"{heading}{''.join(lines)}</ol>" if lines else ""
        if conv.finished:
            self.transcript.value = ""
            self.feedback.value = ""
            self.turn.value = review_html(conv.review(), conv.ending or {})
            self.prompt.layout.display = "none"
            for button in self.replies:
                button.layout.display = "none"
            self.again.description = "Play again"
            return
        node = conv.node
        context = f'<p class="tic-context">{_esc(node["context"])}</p>' if node.get("context") else ""
        self.turn.value = (
            f'{context}<p class="tic-line tic-line-other"><span class="tic-speaker">{_esc(conv.speaker_name())}:'
            f"</span> \u201c{_esc(node['says'])}\u201d</p>"
        )
        self.prompt.layout.display = None
        responses = conv.responses()
        self._reply_ids = [r["id"] for r in responses]
        for i, button in enumerate(self.replies):
            if i < len(responses):
                button.description = responses[i]["say"].strip()
                button.layout.display = None
            else:
                button.description = ""
                button.layout.display = "none"
        self.again.description = "Start again"


def conversation_player(practice_json: str) -> Any:
    """Build the player from the practice view embedded in the notebook; returns the widget.

    While nbgrader autogrades (it sets ``NBGRADER_EXECUTION``), the practice conversation is not
    marked and nobody sees it, so we skip building widgets — and importing ipywidgets — which
    saves a large share of each submission's grading time.
    """
    if os.environ.get("NBGRADER_EXECUTION"):
        return None
    return ConversationPlayer(json.loads(practice_json)).widget
