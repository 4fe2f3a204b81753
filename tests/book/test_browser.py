"""The built site in headless Chromium, with every request outside the site blocked.

Hospital intranets often block CDNs, so a page must work from the site alone: no blocked or
failed request, no console error, widgets and the practice player render, and both the
knowledge checks and the player work with the keyboard alone. axe-core (fetched from the npm
registry by `make test`, injected here) must find no serious or critical violation.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.chromium import AXE, launched_browser, serve
from tests.conftest import ROOT
from tic_course.scenario import load_scenario
from tic_course.scenario.presentation import course_presentation, present

pytestmark = pytest.mark.browser

HTML = ROOT / "_build" / "html"
PAGES = [
    "book/intro.html",
    "book/chapters/clinician-associated-trauma.html",
    "book/scenarios/years-of-dismissal.html",
    "book/scenarios/years-of-dismissal-notebook.html",
]


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    if not (HTML / "index.html").exists():
        pytest.fail("_build/html is missing: run `make book` (make test does this first)")
    with serve(HTML) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    yield from launched_browser()


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
    # The widget libraries load when a widget comes near the viewport (tic-widgets.js), as a reader scrolls.
    page.locator('script[type="application/vnd.jupyter.widget-view+json"] >> xpath=..').scroll_into_view_if_needed()
    page.wait_for_selector(".tic-conversation button.tic-reply", timeout=10_000)
    assert page.locator(".tic-conversation").count() == 1
    assert page.get_by_text("What do you say? Choose a reply.").count() == 1
    authored = load_scenario(ROOT / "exercises" / "years-of-dismissal" / "scenario.yml")
    start = authored["conversation"]["start"]
    replies = next(n for n in authored["conversation"]["nodes"] if n["id"] == start)["responses"]
    shown = page.locator(".tic-conversation button.tic-reply:visible")
    assert sorted(shown.all_inner_texts()) == sorted(r["say"].strip() for r in replies)
    boxes = [shown.nth(i).bounding_box() for i in range(shown.count())]
    for upper, lower in zip(boxes, boxes[1:], strict=False):  # long replies wrap instead of overlapping
        assert upper["y"] + upper["height"] <= lower["y"] + 0.5 and upper["height"] >= 48
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
    authored = load_scenario(ROOT / "exercises" / "years-of-dismissal" / "scenario.yml")
    scenario = present(authored, course_presentation(ROOT))  # replies in the order the page shows them
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
        # Focus moves to the feedback (phone first: it must not scroll away); Tab reaches the next replies.
        assert page.evaluate("document.activeElement.classList.contains('tic-player-feedback')")
        feedback = page.locator(".tic-player-feedback").text_content()
        assert first["feedback"].strip() in feedback
        node = nodes[first["next"]]
        if "ending" not in node:
            page.keyboard.press("Tab")
    heading = page.locator(".tic-player-ending")
    assert heading.text_content().endswith(node["ending"]["title"])
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


# --- launch buttons ------------------------------------------------------------------------

HUB = "https://hub.test"


def launch_context(browser, site: str):
    """A browser context that blocks off-site requests except a stand-in hub, whose visits it records."""
    ctx = browser.new_context()
    visits: list[str] = []

    def route(route) -> None:
        url = route.request.url
        if url.startswith(site + "/"):
            route.continue_()
        elif url.startswith(HUB + "/"):
            visits.append(url)
            route.fulfill(status=200, content_type="text/html", body="<title>hub</title>")
        else:
            route.abort()

    ctx.route("**/*", route)
    return ctx, visits


def test_launch_links_are_completed_from_the_page_address(browser, site):
    from tests.book.test_launch_buttons import binder_link

    w = Watched(browser, site)
    page = w.open("book/scenarios/years-of-dismissal-notebook.html")
    header = page.locator(".dropdown-launch-buttons")
    assert header.locator("a.btn-tic-launch-binder").get_attribute("href") == binder_link(
        site, "years-of-dismissal.ipynb"
    )
    hub = header.locator("a.btn-tic-launch-jupyterhub")
    assert hub.get_attribute("aria-haspopup") == "dialog"  # no hub configured: it asks
    page = w.open("book/scenarios/years-of-dismissal.html")
    block = page.locator(".tic-launch")
    assert block.locator('[data-launch="binder"]').get_attribute("href") == binder_link(
        site, "years-of-dismissal.ipynb"
    )
    archive = block.locator('[data-launch="archive"]').get_attribute("href")
    assert archive == f"{site}/trauma-informed-care-notebooks.zip"
    assert page.request.get(archive).status == 200
    assert w.blocked == [] and w.failed == [] and w.errors == []
    w.page.close()


def test_hub_address_dialog_works_with_the_keyboard_and_remembers_the_hub(browser, site):
    from tests.book.test_launch_buttons import hub_link

    ctx, visits = launch_context(browser, site)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{site}/book/scenarios/years-of-dismissal.html", wait_until="networkidle")
    link = page.locator('.tic-launch [data-launch="jupyterhub"]')
    for _ in range(300):  # Tab until the JupyterHub link has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('data-launch')") == "jupyterhub":
            break
    else:
        pytest.fail("the JupyterHub link is not reachable with the Tab key")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Open on your JupyterHub")
    assert dialog.is_visible()
    assert page.evaluate("document.activeElement.id") == "tic-launch-hub"
    assert page.get_by_label("JupyterHub address").count() == 1
    # An address without its scheme is refused with a message, and the dialog stays open.
    page.keyboard.type("jupyter.example-hospital.org")
    page.keyboard.press("Enter")
    assert page.locator("#tic-launch-error").text_content() == (
        "Enter the full address, starting with https:// (for example https://jupyter.example.org)."
    )
    assert dialog.is_visible() and visits == []
    page.fill("#tic-launch-hub", "")
    page.keyboard.type(HUB + "/")
    with page.expect_popup() as opened:
        page.keyboard.press("Enter")
    popup = opened.value
    popup.wait_for_load_state()
    expected = hub_link(HUB, site, "years-of-dismissal.ipynb")
    assert popup.url == expected
    assert visits == [expected]
    assert not dialog.is_visible()
    popup.close()
    # Next time the hub's address is filled in; Escape closes the dialog and gives focus back.
    link.focus()
    page.keyboard.press("Enter")
    assert page.input_value("#tic-launch-hub") == HUB + "/"
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement.getAttribute('data-launch')") == "jupyterhub"
    assert errors == []
    ctx.close()


def test_a_configured_hub_is_linked_directly(browser, site):
    """With launch_buttons.jupyterhub_url set, the button is a plain link (page rewritten as the build would)."""
    from tests.book.test_launch_buttons import hub_link

    ctx, _ = launch_context(browser, site)
    page = ctx.new_page()
    path = "book/scenarios/dismissed-pain-ed-notebook.html"

    def configured(route) -> None:
        body = (HTML / path).read_text(encoding="utf-8")
        assert '"jupyterhub": ""' in body
        route.fulfill(
            status=200, content_type="text/html", body=body.replace('"jupyterhub": ""', f'"jupyterhub": "{HUB}"')
        )

    page.route(f"{site}/{path}", configured)
    page.goto(f"{site}/{path}", wait_until="networkidle")
    hub = page.locator(".dropdown-launch-buttons a.btn-tic-launch-jupyterhub")
    assert hub.get_attribute("href") == hub_link(HUB, site, "dismissed-pain-ed.ipynb")
    assert hub.get_attribute("target") == "_blank"
    assert hub.get_attribute("aria-haspopup") is None
    ctx.close()


def test_opened_from_a_file_the_buttons_explain_instead_of_failing(browser):
    page = browser.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
    page.goto((HTML / "book" / "scenarios" / "years-of-dismissal.html").as_uri())
    page.locator('.tic-launch [data-launch="binder"]').click()
    dialog = page.get_by_role("dialog", name="Launching needs a web address")
    assert dialog.is_visible()
    assert "cannot fetch notebooks from a file on this computer" in dialog.text_content()
    assert not page.locator("#tic-launch-hub").is_visible()
    assert page.evaluate("document.activeElement.textContent") == "Close"
    page.keyboard.press("Enter")
    assert not dialog.is_visible()
    page.close()


def test_axe_finds_no_serious_or_critical_violation_in_the_hub_dialog(browser, site):
    w = Watched(browser, site)
    page = w.open("book/scenarios/years-of-dismissal.html")
    page.locator('.tic-launch [data-launch="jupyterhub"]').click()
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], v["impact"]) for v in result["violations"] if v["impact"] in {"serious", "critical"}]
    assert serious == []
    w.page.close()
