"""Every built page in Chromium, served compressed as `make serve` serves it, at phone and desktop sizes.

- axe-core finds no violation at all, of any impact, on any page (one browser for the lot);
- every request a page makes stays on the site (no other host, ever);
- pages and assets arrive compressed, and the widget libraries load only when a widget is near;
- the theme works: the sidebar menu button opens and closes the menu, search finds pages, and dark
  mode switches, is remembered, and still passes axe.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.book.test_chapters import ALL_FILES
from tests.chromium import AXE, launched_browser
from tests.conftest import ROOT
from tic_course.book.fast_pages import MIN_COMPRESS_BYTES
from tic_course.book.serving import serving

pytestmark = pytest.mark.browser

HTML = ROOT / "_build" / "html"
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}
# Every page of the table of contents, plus the pages Sphinx makes itself.
PAGES = [f"{f}.html" for f in ALL_FILES] + ["search.html", "genindex.html"]
CHAPTER = "book/chapters/clinician-associated-trauma.html"
NOTEBOOK = "book/scenarios/years-of-dismissal-notebook.html"


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    if not (HTML / "index.html").exists():
        pytest.fail("_build/html is missing: run `make book` (make test does this first)")
    with serving(HTML) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    yield from launched_browser()


class Tab:
    """One page of a fresh context that records every request and every script error."""

    def __init__(self, browser, site: str, viewport: str, color_scheme: str = "light"):
        self.context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=color_scheme)
        self.page = self.context.new_page()
        self.site = site
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))

    def open(self, path: str):
        """Open a page and wait until its scripts have run (and any widgets it loaded have rendered)."""
        response = self.page.goto(f"{self.site}/{path}", wait_until="load")
        if self.page.evaluate("document.documentElement.dataset.ticWidgets"):  # a widget was near: wait for it
            self.page.wait_for_function("document.documentElement.dataset.ticWidgets === 'loaded'", timeout=20_000)
            self.page.wait_for_selector(".widget-subarea > *", timeout=20_000)
        return response

    def off_site(self) -> list[str]:
        origin = urlsplit(self.site)
        return [u for u in self.requests if urlsplit(u)[:2] != origin[:2] and not u.startswith("data:")]

    def axe(self) -> list[tuple[str, str, list]]:
        if not AXE.exists():
            pytest.fail(f"{AXE} is missing: run `make test` (it fetches axe-core from the npm registry)")
        self.page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        result = self.page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module", params=list(VIEWPORTS))
def tab(request, browser, site) -> Iterator[Tab]:
    """One tab per viewport, reused for every page (the pages are independent)."""
    t = Tab(browser, site, request.param)
    yield t
    t.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violation_and_no_request_off_the_site(tab, path):
    tab.requests.clear()
    tab.errors.clear()
    response = tab.open(path)
    assert response.status == 200
    assert tab.axe() == []
    assert tab.off_site() == []
    assert tab.errors == []


def test_the_site_arrives_compressed(browser, site):
    t = Tab(browser, site, "phone")
    encodings: dict[str, str | None] = {}
    t.page.on("response", lambda r: encodings.__setitem__(urlsplit(r.url).path, r.headers.get("content-encoding")))
    t.open(CHAPTER)
    assert encodings[f"/{CHAPTER}"] == "br"
    assets = [p for p in encodings if p.endswith((".css", ".js"))]
    assert len(assets) >= 10
    worth = [p for p in assets if (HTML / p.lstrip("/")).stat().st_size >= MIN_COMPRESS_BYTES]
    assert [p for p in worth if encodings[p] != "br"] == []
    t.close()


def test_widget_code_loads_only_when_a_widget_comes_near(browser, site):
    t = Tab(browser, site, "phone")
    t.open(CHAPTER)
    assert not [u for u in t.requests if "embed-amd" in u or u.endswith("require.js")]
    t.open(NOTEBOOK)
    page = t.page
    view = page.locator('script[type="application/vnd.jupyter.widget-view+json"] >> xpath=..').first
    assert view.evaluate("e => e.getBoundingClientRect().top") > 1.5 * VIEWPORTS["phone"]["height"]
    assert not [u for u in t.requests if "embed-amd" in u]  # far below the first screen: not yet
    view.scroll_into_view_if_needed()
    page.wait_for_selector(".tic-conversation button.tic-reply", timeout=15_000)  # the player's reply buttons
    assert len([u for u in t.requests if "embed-amd" in u]) == 1
    assert page.evaluate("document.documentElement.dataset.ticWidgets") == "loaded"
    assert t.off_site() == [] and t.errors == []
    t.close()


def sidebar_shown(page) -> bool:
    return page.locator(".bd-sidebar-primary").evaluate(
        "e => { const r = e.getBoundingClientRect(); return getComputedStyle(e).visibility !== 'hidden'"
        " && r.right > 0 && r.width > 100; }"
    )


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_menu_button_opens_and_closes_the_menu(browser, site, viewport):
    t = Tab(browser, site, viewport)
    t.open(CHAPTER)
    page = t.page
    button = page.locator(".primary-toggle:visible")
    assert button.count() == 1
    shown = sidebar_shown(page)
    assert shown is (viewport == "desktop")  # a phone starts with the page, a desktop with the menu
    button.click()
    page.wait_for_timeout(400)  # the theme's slide transition
    assert sidebar_shown(page) is not shown
    if viewport == "phone":  # the open menu covers the page; its links are reachable
        assert page.locator(".bd-sidebar-primary nav.bd-docs-nav a").first.is_visible()
        page.mouse.click(350, 400)  # tap the dimmed page beside the menu to close it
    else:
        button.click()
    page.wait_for_timeout(400)
    assert sidebar_shown(page) is shown
    assert t.errors == []
    t.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_search_finds_a_chapter(browser, site, viewport):
    t = Tab(browser, site, viewport)
    t.open(CHAPTER)
    page = t.page
    page.locator(".search-button__button:visible, button.search-button:visible").first.click()
    field = page.locator(".search-button__search-container input[name='q'], #pst-search-dialog input[name='q']")
    field.first.wait_for(state="visible")
    field.first.fill("interpreter")
    field.first.press("Enter")
    page.wait_for_url("**/search.html?q=interpreter*")
    summary = page.locator("#search-results p.search-summary")
    summary.wait_for(timeout=15_000)  # Sphinx adds results one by one, then says how many it found
    page.wait_for_function(
        "document.querySelector('#search-results p.search-summary').textContent.includes('found')", timeout=15_000
    )
    results = page.locator("#search-results ul.search li a")
    assert results.count() >= 1
    assert any("interpreter" in (results.nth(i).get_attribute("href") or "") for i in range(results.count()))
    assert t.off_site() == [] and t.errors == []
    t.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_dark_mode_switches_is_remembered_and_stays_accessible(browser, site, viewport):
    t = Tab(browser, site, viewport)
    t.open(CHAPTER)
    page = t.page
    switch = page.locator(".theme-switch-button:visible").first
    for _ in range(3):  # the button cycles through the modes
        if page.evaluate("document.documentElement.dataset.theme") == "dark":
            break
        switch.click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert sum(int(c) for c in background[background.index("(") + 1 : -1].split(",")[:3]) < 150, background
    t.open("book/chapters/welcome.html")  # another page: the choice is kept
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert t.axe() == []
    assert t.errors == []
    t.close()
