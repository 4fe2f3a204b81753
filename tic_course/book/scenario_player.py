"""``{scenario-player} <scenario-id>``: the practice conversation, playable in the static book.

Learners who cannot open a notebook server still practise the words. The directive reads
``exercises/<id>/scenario.yml``, validates it, and embeds only the practice view (the
conversation, never the graded checkpoints or their keys) as JSON, with the replies in the
course's display order (:mod:`tic_course.scenario.presentation`); ``tic-player.js`` plays it
with real buttons, so it works with a keyboard and a screen reader, with no kernel and no network.
"""

from __future__ import annotations

import html
import json
from functools import cache
from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from tic_course.layout import CourseLayout
from tic_course.runtime.conversation import practice_view
from tic_course.scenario import ScenarioError, load_scenario
from tic_course.scenario.catalogue import CatalogueError
from tic_course.scenario.presentation import (
    SEED_SETTING,
    Presentation,
    PresentationError,
    course_presentation,
    present,
)


@cache
def _bank(root: str, seed: str, stamp: tuple[tuple[str, int], ...]) -> Presentation:
    return course_presentation(Path(root), (), seed)


def book_presentation(layout: CourseLayout, seed: str) -> Presentation:
    """The course's presentation, planned once per build process (again if a scenario file changes)."""
    stamp = tuple((str(f), f.stat().st_mtime_ns) for f in layout.scenario_files())
    return _bank(str(layout.root), seed, stamp)


def render_player(practice: dict) -> str:
    """The HTML of one player: a JSON island plus the mount point the script fills in."""
    payload = json.dumps(practice, ensure_ascii=True, sort_keys=True).replace("</", "<\\/")
    sid = html.escape(practice["id"])
    return (
        f'<section class="tic-player" id="player-{sid}" data-scenario="{sid}" aria-label="Practice conversation: '
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
        layout = CourseLayout(Path(self.env.app.confdir))
        try:
            presentation = book_presentation(layout, str(getattr(self.config, SEED_SETTING)))
        except (CatalogueError, PresentationError) as exc:
            raise self.error(f"scenario-player {sid!r}: {exc}") from None
        for other in layout.scenario_files():
            self.env.note_dependency(str(other))  # the reply order depends on the whole bank
        shown = present(scenario, presentation)  # the same order as the notebook's player
        return [nodes.raw("", render_player(practice_view(shown)), format="html")]
