"""The projector view, built by Sphinx in a small throwaway project and driven in headless Chromium.

The project holds one page with the fixture scenario's player and projector view, so the test
needs no full book build. The browser test presses keys only, with every off-site request blocked.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docutils import nodes
from docutils.utils import new_document

from tests.chromium import ARGS, AXE, CHROMIUM, serve
from tests.conftest import FIXTURE
from tic_course.book.projector import KEYS, render_projector, unplayed
from tic_course.book.scenario_player import render_player
from tic_course.runtime.conversation import practice_view
from tic_course.scenario import load_scenario

PAGE = """Projector test
==============

.. scenario-player:: triage-pain

.. scenario-projector:: triage-pain
"""


def build(root: Path, page: str) -> subprocess.CompletedProcess:
    (root / "exercises" / "triage-pain").mkdir(parents=True)
    shutil.copy(FIXTURE, root / "exercises" / "triage-pain" / "scenario.yml")
    conf = (  # the course's theme, so the browser test sees the page as learners do
        'extensions = ["tic_course.book.projector"]\n'
        'html_theme = "sphinx_book_theme"\n'
        'html_context = {"default_mode": "auto"}\n'
    )
    (root / "conf.py").write_text(conf, encoding="utf-8")
    (root / "index.rst").write_text(page, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(root), str(root / "_build")],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("projector")
    proc = build(root, PAGE)
    assert proc.returncode == 0, proc.stderr
    return root / "_build"


def island(html: str) -> dict:
    return json.loads(re.search(r'class="tic-player-data">(.*?)</script>', html, re.S)[1])


@pytest.mark.slow
def test_the_page_carries_every_node_and_reply_and_documents_the_keys(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    data = island(html)
    scenario = load_scenario(FIXTURE)
    assert {n["id"] for n in data["conversation"]["nodes"]} == {n["id"] for n in scenario["conversation"]["nodes"]}
    replies = {
        (n["id"], r["id"], r["say"], r["feedback"])
        for n in data["conversation"]["nodes"]
        for r in n.get("responses", [])
    }
    assert replies == {
        (n["id"], r["id"], r["say"], r["feedback"])
        for n in scenario["conversation"]["nodes"]
        for r in n.get("responses", [])
    }
    assert "checkpoints" not in data
    assert '<section class="tic-projector" data-player="player-triage-pain"' in html
    assert 'id="player-triage-pain"' in html
    for key, action in KEYS:
        assert action in html and all(f"<kbd>{k}</kbd>" in html for k in key.split(" or ")), key
    for name in ("tic-projector.js", "tic-projector.css", "tic-player.js"):
        assert (site / "_static" / name).exists() and f"_static/{name}" in html


@pytest.mark.slow
def test_a_projector_without_its_player_fails_the_build(tmp_path):
    proc = build(tmp_path, "Alone\n=====\n\n.. scenario-projector:: triage-pain\n")
    assert proc.returncode != 0
    assert "index: scenario-projector 'triage-pain' reads the practice player's data, so the page needs" in proc.stderr


def test_unplayed_names_projectors_whose_player_is_missing():
    doc = new_document("test")
    doc += nodes.raw("", render_projector("triage-pain"), format="html")
    doc += nodes.raw("", render_projector("other-one"), format="html")
    doc += nodes.raw("", render_player(practice_view(load_scenario(FIXTURE))), format="html")
    assert unplayed(doc) == ["other-one"]


def axe_violations(page) -> list:
    """axe-core's serious and critical findings on the page as it is now."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make test` (it fetches axe-core from the npm registry)")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.mark.slow
@pytest.mark.browser
def test_keys_drive_the_projector_offline(site):
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (`apt-get install chromium`; .ci/run does this)")
    from playwright.sync_api import sync_playwright

    data = island((site / "index.html").read_text(encoding="utf-8"))
    nodes_by_id = {n["id"]: n for n in data["conversation"]["nodes"]}
    start = nodes_by_id[data["conversation"]["start"]]
    with serve(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        blocked, errors = [], []
        page.route(
            "**/*",
            lambda r: (
                r.continue_() if r.request.url.startswith(url + "/") else (blocked.append(r.request.url), r.abort())
            ),
        )
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{url}/index.html", wait_until="networkidle")
        stage = page.locator(".tic-projector-stage")
        assert stage.is_hidden()

        # Reach the button with the keyboard alone.
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.className") == "tic-projector-open":
                break
        page.keyboard.press("Enter")
        assert stage.is_visible()
        assert page.evaluate("document.activeElement.className") == "tic-projector-stage"
        assert "Content note." in stage.inner_text()

        page.keyboard.press("ArrowRight")
        replies = stage.locator(".tic-projector-reply")
        assert replies.count() == len(start["responses"])
        assert [replies.nth(i).locator(".tic-projector-letter").inner_text() for i in range(replies.count())] == list(
            "ABCDEFGH"[: len(start["responses"])]
        )
        assert [replies.nth(i).get_attribute("data-response") for i in range(replies.count())] == [
            r["id"] for r in start["responses"]
        ]  # the player's order, whatever it is
        assert start["says"] in stage.inner_text()
        assert stage.locator(".tic-projector-feedback").count() == 0  # nothing given away before the vote

        page.keyboard.press("b")
        chosen = start["responses"][1]
        feedback = stage.locator(".tic-projector-feedback")
        assert feedback.count() == 1 and chosen["feedback"] in feedback.inner_text()
        assert stage.locator(".tic-projector-chosen").get_attribute("data-response") == chosen["id"]

        page.keyboard.press(" ")
        assert stage.locator(".tic-projector-feedback").count() == len(start["responses"])

        page.keyboard.press("ArrowRight")
        following = nodes_by_id[chosen["next"]]
        assert following.get("says", following.get("ending", {}).get("text")) in stage.inner_text()
        page.keyboard.press("ArrowLeft")
        assert start["says"] in stage.inner_text()
        assert stage.locator(".tic-projector-chosen").get_attribute("data-response") == chosen["id"]

        serious = axe_violations(page)  # with the projector open, feedback showing
        page.keyboard.press("Escape")
        assert stage.is_hidden()
        serious += axe_violations(page)
        assert serious == []
        assert page.evaluate("document.activeElement.className") == "tic-projector-open"
        assert blocked == [] and errors == []
        browser.close()
