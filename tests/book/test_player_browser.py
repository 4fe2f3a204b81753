"""The book's kernel-free player on a phone and a desktop, driven by the keyboard alone.

The page is built by Sphinx in a small throwaway project with the course's theme (as in
test_projector.py), so the test needs no full book build. At 360x740 and 1280x800 it plays the
fixture scenario with Tab and Enter only and checks, after every choice, that focus is on the
feedback and the feedback is inside the viewport; at every turn, that no two reply boxes
overlap, no reply's text overflows its box and the page does not scroll sideways; at the
ending, that the review lists every choice with its feedback, the skills practised and what to
try differently; and that "Play again" starts clean. It also holds the contract the SCORM
tracking relies on: ``root.ticPlayer``, ``path``, ``replay()`` and the ``tic:*`` events.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.book.test_projector import axe_violations, build, island
from tests.chromium import ARGS, CHROMIUM, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGE = "Player test\n===========\n\n.. scenario-player:: triage-pain\n"
VIEWPORTS = [(360, 740), (1280, 800)]

RECORD_EVENTS = """() => {
  window.ticEvents = [];
  for (const name of ["tic:choice", "tic:scenario-end", "tic:restart"]) {
    document.addEventListener(name, (e) => window.ticEvents.push({type: e.type, detail: e.detail}));
  }
}"""

LAYOUT = """() => {
  const boxes = [...document.querySelectorAll(".tic-player-option")].map((b) => b.getBoundingClientRect());
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) overlaps.push([i, j]);
  }
  const clipped = [...document.querySelectorAll(".tic-player-option")]
    .filter((b) => b.scrollWidth > b.clientWidth + 1 || b.scrollHeight > b.clientHeight + 1).length;
  return {overlaps, clipped, heights: boxes.map((r) => r.height),
          sideways: document.documentElement.scrollWidth > window.innerWidth};
}"""

IN_VIEW = """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
  return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; }"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("player")
    proc = build(root, PAGE)
    assert proc.returncode == 0, proc.stderr
    return root / "_build"


@pytest.fixture(scope="module")
def chromium():
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (`apt-get install chromium`; .ci/run does this)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def route_for(data: dict) -> list[tuple[dict, dict]]:
    """A path through the page's replies: a non-helpful reply first (so there is something to try
    differently), then the first reply shown at each turn."""
    nodes = {n["id"]: n for n in data["conversation"]["nodes"]}
    node = nodes[data["conversation"]["start"]]
    route = []
    while "ending" not in node:
        replies = node["responses"]
        pick = next(r for r in replies if r["quality"] != "helpful") if not route else replies[0]
        route.append((node, pick))
        node = nodes[pick["next"]]
    return route


def tab_to(page, selector: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    pytest.fail(f"{selector} cannot be reached with the Tab key")


@pytest.mark.parametrize("width, height", VIEWPORTS, ids=[f"{w}x{h}" for w, h in VIEWPORTS])
def test_played_by_keyboard_feedback_in_view_no_overlap_and_a_full_review(chromium, site, width, height):
    data = island((site / "index.html").read_text(encoding="utf-8"))
    route = route_for(data)
    with serve(site) as url:
        page = chromium.new_page(viewport={"width": width, "height": height})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))  # script errors (the favicon is part B's)
        page.goto(f"{url}/index.html", wait_until="networkidle")
        page.evaluate(RECORD_EVENTS)
        assert page.get_attribute("section.tic-player", "data-scenario") == "triage-pain"

        for index, (node, pick) in enumerate(route):
            layout = page.evaluate(LAYOUT)
            assert layout["overlaps"] == [] and layout["clipped"] == 0 and not layout["sideways"], layout
            assert min(layout["heights"]) >= 48  # tap targets
            tab_to(page, f'.tic-player-option[data-response="{node["responses"][0]["id"]}"]')
            for _ in range([r["id"] for r in node["responses"]].index(pick["id"])):
                page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.getAttribute('data-response')") == pick["id"]
            page.keyboard.press("Enter")
            assert page.evaluate("document.activeElement.classList.contains('tic-player-feedback')")
            assert page.evaluate(IN_VIEW, ".tic-player-feedback"), f"feedback out of view after choice {index}"
            feedback = page.locator(".tic-player-feedback").inner_text()
            assert pick["feedback"].strip() in feedback
            assert {"helpful": "Helpful.", "mixed": "Partly helpful.", "harmful": "Likely to harm trust."}[
                pick["quality"]
            ] in feedback
            if index < len(route) - 1:  # the transcript keeps every line: theirs and the learner's
                transcript = page.locator(".tic-player-transcript").inner_text()
                for said_node, said in route[: index + 1]:
                    assert said_node["says"].strip() in transcript and said["say"].strip() in transcript

        review = page.locator(".tic-player-review")
        assert review.is_visible()
        items = review.locator(".tic-player-review-path > li")
        assert items.count() == len(route)
        for i, (node, pick) in enumerate(route):
            text = items.nth(i).inner_text()
            assert node["says"].strip() in text and pick["say"].strip() in text and pick["feedback"].strip() in text
        text = review.inner_text()
        skill_names = data["skill_names"]
        assert "Skills practised" in text
        assert all(skill_names[pick["skill"]] in text for _, pick in route)
        first_node, first_pick = route[0]
        helpful = [r for r in first_node["responses"] if r["quality"] == "helpful"]
        assert "What to try differently" in text and all(r["say"].strip() in text for r in helpful)

        assert axe_violations(page) == []  # the review screen, with the last feedback focused

        events = page.evaluate("window.ticEvents")
        choices = [e["detail"] for e in events if e["type"] == "tic:choice"]
        assert [(c["node"], c["response"], c["quality"], c["index"]) for c in choices] == [
            (n["id"], p["id"], p["quality"], i) for i, (n, p) in enumerate(route)
        ]
        path = [{"node": n["id"], "response": p["id"]} for n, p in route]
        assert choices[-1]["path"] == path and choices[-1]["scenario"] == "triage-pain"
        assert events[-1]["type"] == "tic:scenario-end" and events[-1]["detail"]["path"] == path

        tab_to(page, ".tic-player-restart")
        assert page.evaluate("document.activeElement.textContent") == "Play again"
        page.keyboard.press("Enter")
        restarted = {"type": "tic:restart", "detail": {"scenario": "triage-pain"}}
        assert page.evaluate("window.ticEvents.at(-1)") == restarted
        assert page.evaluate("document.querySelector('section.tic-player').ticPlayer.path") == []
        assert review.is_hidden() and page.locator(".tic-player-transcript li").count() == 0
        assert page.locator(".tic-player-feedback").inner_text() == ""
        first = route[0][0]["responses"][0]["id"]
        assert page.evaluate("document.activeElement.getAttribute('data-response')") == first
        assert errors == []
        page.close()


def test_replay_restores_a_path_silently_and_stops_at_a_stranger(chromium, site):
    data = island((site / "index.html").read_text(encoding="utf-8"))
    (n1, p1), (n2, p2), *_ = route_for(data)
    with serve(site) as url:
        page = chromium.new_page(viewport={"width": 360, "height": 740})
        page.goto(f"{url}/index.html", wait_until="networkidle")
        page.evaluate(RECORD_EVENTS)
        page.evaluate("document.activeElement.blur()")
        played = page.evaluate(
            "(ids) => document.querySelector('section.tic-player').ticPlayer.replay(ids)",
            [p1["id"], p2["id"], "no-such-reply", p1["id"]],
        )
        assert played == 2
        assert page.evaluate("document.querySelector('section.tic-player').ticPlayer.path") == [
            {"node": n1["id"], "response": p1["id"]},
            {"node": n2["id"], "response": p2["id"]},
        ]
        assert page.evaluate("window.ticEvents") == []  # silent
        assert page.evaluate("document.activeElement === document.body")  # no focus moves
        assert page.locator(".tic-player-transcript li").count() == 2
        page.close()
