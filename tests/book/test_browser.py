"""The built site in headless Chromium, with every request outside the site blocked.

Hospital intranets often block CDNs, so a page must work from the site alone: no blocked or
failed request, no console error, widgets and the practice player render, and both the
knowledge checks and the player work with the keyboard alone. axe-core (fetched from the npm
registry by `make test`, injected here) must find no serious or critical violation.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator

import pytest

from tests.conftest import ROOT
from tic_course.scenario import load_scenario

pytestmark = pytest.mark.browser

HTML = ROOT / "_build" / "html"
AXE = ROOT / ".cache" / "test-tools" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = [
    "book/intro.html",
    "book/chapters/clinician-associated-trauma.html",
    "book/scenarios/years-of-dismissal.html",
    "book/scenarios/years-of-dismissal-notebook.html",
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    if not (HTML / "index.html").exists():
        pytest.fail("_build/html is missing: run `make book` (make test does this first)")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(HTML)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (`apt-get install chromium`; .ci/run does this)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Watched:
    """A page whose off-site requests are blocked and whose problems are recorded."""

    def __init__(self, browser, site: str):
        self.page = browser.new_page()
        self.site = site
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route) -> None:
        if route.request.url.startswith(self.site + "/"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def open(self, path: str):
        self.page.goto(f"{self.site}/{path}", wait_until="networkidle")
        self.page.wait_for_timeout(500)
        return self.page


@pytest.mark.parametrize("path", PAGES)
def test_page_works_offline_without_errors(browser, site, path):
    w = Watched(browser, site)
    w.open(path)
    assert w.blocked == []
    assert w.failed == []
    assert w.errors == []
    w.page.close()


def test_notebook_widgets_render_offline(browser, site):
    w = Watched(browser, site)
    page = w.open("book/scenarios/years-of-dismissal-notebook.html")
    page.wait_for_selector(".widget-radio-box", timeout=10_000)
    assert page.locator(".tic-conversation").count() == 1
    assert page.get_by_text("Your reply:").count() >= 1
    assert page.get_by_role("button", name="Say this").count() == 1
    assert w.failed == [] and w.errors == []
    w.page.close()


def test_knowledge_check_gives_feedback(browser, site):
    w = Watched(browser, site)
    page = w.open("book/chapters/clinician-associated-trauma.html")
    form = page.locator("form.tic-kc").first
    form.locator("input").first.check()
    form.get_by_role("button", name="Check my answer").click()
    feedback = form.locator(".tic-kc-feedback")
    first_note = form.locator(".tic-kc-all li").first.text_content()
    assert feedback.text_content().strip() == first_note.strip()
    w.page.close()


def test_player_can_be_played_to_an_ending_with_the_keyboard_only(browser, site):
    scenario = load_scenario(ROOT / "exercises" / "years-of-dismissal" / "scenario.yml")
    nodes = {n["id"]: n for n in scenario["conversation"]["nodes"]}
    w = Watched(browser, site)
    page = w.open("book/scenarios/years-of-dismissal.html")
    for _ in range(200):  # Tab until the first reply button has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('tic-player-option')"):
            break
    else:
        pytest.fail("no reply button is reachable with the Tab key")
    node = nodes[scenario["conversation"]["start"]]
    while "ending" not in node:
        first = node["responses"][0]
        assert page.evaluate("document.activeElement.getAttribute('data-response')") == first["id"]
        page.keyboard.press("Enter")
        feedback = page.locator(".tic-player-feedback").text_content()
        assert first["feedback"].strip() in feedback
        node = nodes[first["next"]]
    heading = page.locator(".tic-player-ending")
    assert heading.text_content().endswith(node["ending"]["title"])
    assert page.evaluate("document.activeElement.classList.contains('tic-player-ending')")
    assert w.errors == []
    w.page.close()


@pytest.mark.parametrize("path", PAGES[1:])
def test_axe_finds_no_serious_or_critical_violation(browser, site, path):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make test` (it fetches axe-core from the npm registry)")
    w = Watched(browser, site)
    page = w.open(path)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == []
    w.page.close()
