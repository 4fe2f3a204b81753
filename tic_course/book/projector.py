"""``{scenario-projector} <scenario-id>``: a scenario's practice conversation on a workshop projector.

A facilitator shows the conversation to a room: one exchange at a time in large type, the replies
lettered A, B, C for a show of hands, and the feedback only when a key is pressed, so the room
commits to a choice before hearing why. It runs from the built site with no network (everything
is in ``_static``) and is driven by the keyboard alone; the keys are listed on the page.

The view has no data of its own. ``tic-projector.js`` reads the JSON island that the kernel-free
player (:mod:`tic_course.book.scenario_player`) embeds on the same page, so its nodes, replies,
reply order and feedback are always the player's; nothing about the conversation is worked out
twice. That is why the directive must share a page with ``{scenario-player}`` for the same
scenario, which the build checks.
"""

from __future__ import annotations

import html
import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

SCENARIO_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
PLAYER_ID = re.compile(r'<section class="tic-player" id="player-([a-z0-9-]+)"')
PROJECTOR_ID = re.compile(r'<section class="tic-projector" data-player="player-([a-z0-9-]+)"')

# The keys, as the page documents them and tic-projector.js reads them.
KEYS = (
    ("\u2192 or Enter or Page Down", "start, then go on to what follows the chosen reply"),
    ("A, B, C \u2026", "choose the reply the room voted for and show its feedback"),
    ("Space", "show or hide the feedback for every reply"),
    ("\u2190 or Backspace or Page Up", "go back one exchange"),
    ("Home", "start again"),
    ("Esc", "close the projector view"),
)


def render_projector(scenario_id: str) -> str:
    """The HTML of one projector view: a button that opens it and the keys that drive it."""
    sid = html.escape(scenario_id)
    rows = "".join(
        f"<tr><th scope='row'>{' '.join(f'<kbd>{html.escape(k)}</kbd>' for k in key.split(' or '))}</th>"
        f"<td>{html.escape(action)}</td></tr>"
        for key, action in KEYS
    )
    return (
        f'<section class="tic-projector" data-player="player-{sid}" aria-label="Projector view">'
        f'<button type="button" class="tic-projector-open" hidden>Open the projector view</button>'
        f'<table class="tic-projector-keys"><caption>Keys in the projector view</caption>'
        f'<thead><tr><th scope="col">Key</th><th scope="col">What it does</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
        f"<noscript><p>The projector view needs JavaScript.</p></noscript></section>"
    )


class ScenarioProjector(SphinxDirective):
    """``{scenario-projector} <id>``, placed on the page that plays the same scenario."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        sid = self.arguments[0]
        if not SCENARIO_ID.fullmatch(sid):
            raise self.error(f"scenario-projector {sid!r}: not a scenario id (lower-case letters, digits, hyphens)")
        return [nodes.raw("", render_projector(sid), format="html")]


def unplayed(doctree: nodes.Node) -> list[str]:
    """Scenario ids with a projector view on this page but no player whose data it could read."""
    raw = [n.astext() for n in doctree.findall(nodes.raw)]
    players = {m for text in raw for m in PLAYER_ID.findall(text)}
    return sorted({m for text in raw for m in PROJECTOR_ID.findall(text)} - players)


def _check_page(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    missing = unplayed(doctree)
    if missing:
        raise ExtensionError(
            f"{docname}: scenario-projector {missing[0]!r} reads the practice player's data, so the page needs "
            f"```{{scenario-player}} {missing[0]}``` as well"
        )


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("tic_course.book.directives")  # the player, and the static files served
    app.add_directive("scenario-projector", ScenarioProjector)
    app.connect("doctree-resolved", _check_page)
    app.add_js_file("tic-projector.js", loading_method="defer")
    app.add_css_file("tic-projector.css")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
