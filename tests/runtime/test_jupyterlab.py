"""A released notebook in a real JupyterLab and Notebook 7, in Debian's Chromium: play it, reflect, save, reopen.

One test per interface, on purpose (each starts a server and a kernel): run every cell; check the reply buttons
are at least 48 px tall and never overlap or clip their text; play the conversation to an
ending by clicking replies, with the feedback shown after each; read the review; type a
reflection into its markdown cell, save, reload the page, and check the reflection is still
there, both on the page and in the notebook file on disk (read back with nbformat).
"""

from __future__ import annotations

import contextlib
import json
import shutil

import nbformat
import pytest

from tests.chromium import ARGS, CHROMIUM
from tests.conftest import ROOT
from tools.lab_session import SCENARIO_ID, jupyter_lab, release_fixture, run_all_when_ready

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REFLECTION = "I ask what has changed today and write it down in his words \u2014 every visit, however busy."

REPLIES = """() => {
  const boxes = [...document.querySelectorAll(".tic-conversation button.tic-reply")]
    .filter((b) => b.offsetParent !== null);
  const rects = boxes.map((b) => b.getBoundingClientRect());
  const overlaps = [];
  for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) {
    const a = rects[i], b = rects[j];
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) overlaps.push([i, j]);
  }
  return {texts: boxes.map((b) => b.textContent), heights: rects.map((r) => r.height), overlaps,
          clipped: boxes.filter((b) => b.scrollWidth > b.clientWidth + 1
                                   || b.scrollHeight > b.clientHeight + 1).length};
}"""


def practice_data(notebook) -> dict:
    """The conversation as the released notebook embeds it (replies in the displayed order)."""
    cell = next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "practice-conversation")
    return json.loads(cell.source.split('r"""', 1)[1].rsplit('"""', 1)[0])


SHOWN_REPLIES = """(want) => JSON.stringify([...document.querySelectorAll(".tic-conversation button.tic-reply")]
  .filter((b) => b.offsetParent !== null).map((b) => b.textContent)) === JSON.stringify(want)"""


def settle_on(page, want: list[str]) -> None:
    """Wait (up to 10 s) until the reply buttons show ``want``. Each button's label arrives from the
    kernel as its own widget message, so just after a click the buttons can show the new node's
    first replies beside the old node's last one; the exact assertion follows either way."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with contextlib.suppress(PlaywrightTimeout):  # the assertion that follows names what was shown instead
        page.wait_for_function(SHOWN_REPLIES, arg=want, timeout=10_000)


def grade_id(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


@pytest.mark.parametrize("ui", ["lab", "notebook"])
def test_play_reflect_save_and_reopen_in_jupyterlab(tmp_path, ui):
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (`apt-get install chromium`; .ci/run does this)")
    from playwright.sync_api import sync_playwright

    released = release_fixture(ROOT, tmp_path / "course")
    work = tmp_path / "work"
    work.mkdir()
    notebook_file = work / f"{SCENARIO_ID}.ipynb"
    shutil.copy(released, notebook_file)
    data = practice_data(nbformat.read(notebook_file, as_version=4))
    nodes = {n["id"]: n for n in data["conversation"]["nodes"]}

    with jupyter_lab(work, ROOT) as lab, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        try:
            page.goto(lab.notebook_url(notebook_file.name, ui))
            run_all_when_ready(page)
            # The interface asked for, not a redirect to the other one.
            assert ("/notebooks/" in page.url) == (ui == "notebook") and ("/lab/" in page.url) == (ui == "lab")
            page.wait_for_selector(".tic-conversation button.tic-reply", timeout=60_000)

            node, chosen = nodes[data["conversation"]["start"]], []
            while "ending" not in node:
                want = [r["say"].strip() for r in node["responses"]]
                settle_on(page, want)
                layout = page.evaluate(REPLIES)
                assert layout["texts"] == want
                assert layout["overlaps"] == [] and layout["clipped"] == 0, layout
                assert min(layout["heights"]) >= 48
                replies = node["responses"]  # a non-helpful reply first, so there is something to try differently
                pick = next(r for r in replies if r["quality"] != "helpful") if not chosen else replies[0]
                player = page.locator(".tic-conversation")
                player.locator("button.tic-reply", has_text=pick["say"].strip()).click()
                feedback = player.locator(".tic-feedback", has_text=pick["feedback"].strip()[:40]).first
                feedback.wait_for(timeout=10_000)
                chosen.append(pick)
                node = nodes[pick["next"]]
            review = page.locator(".tic-conversation .tic-review-path > li")
            review.first.wait_for(timeout=10_000)
            assert review.count() == len(chosen)
            text = page.locator(".tic-conversation").inner_text()
            assert node["ending"]["title"] in text and "Skills practised" in text and "What to try differently" in text

            cell = page.locator(".jp-MarkdownCell", has_text="Write your reflection here").first
            cell.scroll_into_view_if_needed()
            cell.dblclick()
            editor = cell.locator(".cm-content")
            editor.wait_for(timeout=10_000)
            editor.click()
            page.keyboard.press("Control+A")
            page.keyboard.insert_text(REFLECTION)
            page.keyboard.press("Shift+Enter")  # render the markdown, as a learner would
            page.evaluate("async () => { await window.jupyterapp.commands.execute('docmanager:save'); }")

            on_disk = nbformat.read(notebook_file, as_version=4)
            [reflection] = [c for c in on_disk.cells if grade_id(c) == "reflection"]
            assert reflection.source == REFLECTION

            page.reload()
            page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
            page.locator(".jp-MarkdownCell", has_text=REFLECTION[:30]).first.wait_for(timeout=30_000)
            assert page.locator(".jp-MarkdownCell", has_text="Write your reflection here").count() == 0
        except Exception:
            page.screenshot(path=str(tmp_path / f"{ui}-failure.png"))
            raise
        finally:
            browser.close()
