"""``{scenario-player} <scenario-id>``: the practice conversation, playable in the static book.

Learners who cannot open a notebook server still practise the words. The directive reads
``exercises/<id>/scenario.yml``, validates it, and embeds only the practice view (the
conversation, never the graded checkpoints or their keys) as JSON; ``tic-player.js`` plays it
with real buttons, so it works with a keyboard and a screen reader, with no kernel and no network.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from tic_course.layout import CourseLayout
from tic_course.runtime.conversation import practice_view
from tic_course.scenario import ScenarioError, load_scenario


def render_player(practice: dict) -> str:
    """The HTML of one player: a JSON island plus the mount point the script fills in."""
    payload = json.dumps(practice, ensure_ascii=True, sort_keys=True).replace("</", "<\\/")
    sid = html.escape(practice["id"])
    return (
        f'<section class="tic-player" id="player-{sid}" aria-label="Practice conversation: '
        f'{html.escape(practice["title"])}">'
        f'<script type="application/json" class="tic-player-data">{payload}</script>'
        f"<noscript><p>This practice conversation needs JavaScript. You can practise the same "
        f"conversation in the notebook version of this scenario.</p></noscript></section>"
    )


class ScenarioPlayer(SphinxDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        sid = self.arguments[0]
        file = CourseLayout(Path(self.env.app.confdir)).scenario_file(sid)
        try:
            scenario = load_scenario(file)
        except ScenarioError as exc:
            raise self.error(f"scenario-player {sid!r}:\n{exc.report()}") from None
        self.env.note_dependency(str(file))
        return [nodes.raw("", render_player(practice_view(scenario)), format="html")]
