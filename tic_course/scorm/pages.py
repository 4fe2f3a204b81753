"""The built book's pages, made to work inside a SCORM package, and the files they need.

An LMS serves a package from its own address, often in a frame, and hospital networks block
other hosts, so a package must hold every file its pages load and nothing may point outside it.
For each page of a module we keep the page as the book built it (same words, same scripts), and:

* gather every local file it loads (scripts, styles, images, and what the stylesheets load in
  turn: fonts, icons), so nothing is fetched from elsewhere;
* make links to pages outside the package inert (the text stays; the ``href`` goes) and drop
  the book-wide navigation entries, search and notebook launch links, which have no target here;
* add ``tic-scorm-page.js``, which reports the learner's answers to the launch page;
* say what is true inside an LMS (:func:`for_the_lms`): the book tells learners that practice
  is not marked or stored and offers the marked notebook, but a package scores the first play of
  each conversation, sends it to the LMS, and holds no notebook.

Links to other web sites stay, opening in a new tab: they are navigations the learner chooses,
not requests the package makes.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from bs4 import BeautifulSoup, Tag

PAGE_SCRIPT = "tic-scorm/tic-scorm-page.js"
# Book-wide features with no target in a package: search (its page and index) and the launch
# buttons for the marked notebooks (a JupyterHub or Binder reached from the learners' repository).
REMOVED = (
    "form.bd-search",
    "button.search-button",
    "button.search-button-field",
    ".search-button__wrapper",
    ".tic-launch",
    "a.btn-download-source-button",
)
DROPPED_SCRIPTS = ("searchtools.js", "language_data.js", "searchindex.js", "tic-launch.js")
CSS_URL = re.compile(r"""url\(\s*(['"]?)(?P<url>[^'")]+)\1\s*\)|@import\s+(['"])(?P<imp>[^'"]+)\3""")


class PageError(ValueError):
    """A page or a file it needs is missing from the built site (names the page and the file)."""


def _local(url: str) -> bool:
    """True for a relative URL to a file of the site (not another host, a fragment or data)."""
    parts = urlsplit(url)
    return bool(url) and not parts.scheme and not parts.netloc and not url.startswith(("#", "/"))


def resolve(page: str, url: str) -> str:
    """The site path that ``url`` names when written in ``page`` (no query, no fragment)."""
    path = urlsplit(urldefrag(url)[0]).path
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), path))


def relative(page: str, target: str) -> str:
    """The URL from ``page`` to the site path ``target``."""
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def _asset_urls(soup: BeautifulSoup) -> list[str]:
    urls = []
    for tag in soup.find_all(["script", "img", "source", "link", "video", "audio", "iframe", "embed"]):
        for attr in ("src", "poster"):
            if tag.get(attr):
                urls.append(tag[attr])
        if (
            tag.name == "link"
            and tag.get("href")
            and {"stylesheet", "preload", "icon", "modulepreload"} & set(tag.get("rel") or [])
        ):
            urls.append(tag["href"])
        if tag.get("srcset"):
            urls += [part.strip().split(" ")[0] for part in tag["srcset"].split(",") if part.strip()]
    return [u for u in urls if _local(u)]


# What a scenario page says inside a package, in place of the book's "not marked, nothing stored"
# and its route to the marked notebook (README, "How a module is scored", is the rule they state).
PLAY_TEXT = (
    "Choose what you would say. Each choice shows feedback at once and changes how the conversation "
    "goes. Use the mouse, or the <kbd>Tab</kbd> key to move between replies and <kbd>Enter</kbd> to choose. "
    "Your first time through counts: the replies you choose before the conversation first reaches an "
    "ending are scored and sent to your organisation's learning system. After that, play it as often as "
    "you like; playing again does not change your score."
)
MARKED_TEXT = (
    "The marked version of this scenario is not part of this package. Some courses also ask learners to "
    "complete it as a notebook that they hand in to an educator, separately from this learning system. "
    "If yours does, your educator will tell you how to get it and when it is due."
)


# The welcome chapter's promise about knowledge checks, true in the book and not in a package.
CHECKS_BOOK = "Your answers are not recorded or sent anywhere."
CHECKS_TEXT = (
    "In this package your first answer to each check is scored and sent to your organisation's learning "
    "system; you can try again, but only your first answer counts."
)


def for_the_lms(soup: BeautifulSoup) -> None:
    """Replace the book's words about marking and storing with what holds in an LMS package.

    Found by structure where there is one: the paragraph just before each scenario player, and
    the section that holds the marked notebook's launch links (its heading stays, so the page's
    own contents list still points at it). The welcome chapter's sentence about knowledge checks
    is found by its words (tests check the packaged page says the new ones, so a rewording of the
    chapter cannot slip through).
    """
    for text in soup.find_all(string=lambda t: CHECKS_BOOK in t):
        text.replace_with(text.replace(CHECKS_BOOK, CHECKS_TEXT))
    for player in soup.select("section.tic-player"):
        intro = player.find_previous_sibling("p")
        if intro is not None:
            intro.replace_with(BeautifulSoup(f"<p>{PLAY_TEXT}</p>", "html.parser"))
    for launch in soup.select(".tic-launch"):
        section = launch.find_parent("section")
        heading = section.find(["h2", "h3"], recursive=False) if section is not None else None
        if heading is None:
            continue
        for sibling in list(heading.find_next_siblings()):
            sibling.decompose()
        heading.insert_after(BeautifulSoup(f'<p class="tic-scorm-marked">{MARKED_TEXT}</p>', "html.parser"))


def rewrite_page(page: str, html: str, pages: set[str]) -> tuple[str, set[str]]:
    """The page made self-contained for a package holding ``pages``, and the site files it loads."""
    soup = BeautifulSoup(html, "html.parser")
    for_the_lms(soup)
    for selector in REMOVED:
        for tag in soup.select(selector):
            tag.decompose()
    for script in soup.find_all("script", src=True):
        if posixpath.basename(urlsplit(script["src"]).path) in DROPPED_SCRIPTS:
            script.decompose()
    for link in soup.find_all("link", href=True):
        rel = set(link.get("rel") or [])
        if rel & {"index", "search", "next", "prev", "canonical"} and resolve(page, link["href"]) not in pages:
            link.decompose()
    for a in soup.find_all("a", href=True):
        if a.decomposed:
            continue  # inside an entry removed above
        href = a["href"]
        if href.startswith("#"):
            continue
        if not _local(href):
            if urlsplit(href).scheme in {"http", "https"}:
                a["target"] = "_blank"
                a["rel"] = ["noopener", "noreferrer"]
            continue
        if resolve(page, href) in pages:
            continue
        item = a.find_parent("li")
        if item is not None and (
            item.find_parent("nav", class_="bd-links") or "dropdown-item" in (a.get("class") or [])
        ):
            item.decompose()  # the book's table of contents: only this package's pages are listed
            continue
        del a["href"]  # inert: the words stay, the link to a page outside the package goes
        a["class"] = [*(a.get("class") or []), "tic-scorm-inert"]
    for form in soup.find_all("form", action=True):
        if not form.decomposed and _local(form["action"]) and resolve(page, form["action"]) not in pages:
            form.decompose()
    head = soup.find("head")
    if not isinstance(head, Tag):
        raise PageError(f"{page}: the page has no <head>")
    assets = {resolve(page, u) for u in _asset_urls(soup)}  # the package adds the page script itself
    head.append(soup.new_tag("script", attrs={"defer": "", "src": relative(page, PAGE_SCRIPT)}))
    return str(soup), assets


def css_assets(site: Path, css: str, seen: set[str]) -> set[str]:
    """Every site file a stylesheet loads, following ``@import`` (``seen`` stops loops)."""
    found: set[str] = set()
    if css in seen:
        return found
    seen.add(css)
    file = site / css
    if not file.is_file():
        raise PageError(f"{css}: a page loads this stylesheet but it is not in the built site")
    for m in CSS_URL.finditer(file.read_text(encoding="utf-8", errors="replace")):
        url = (m["url"] or m["imp"] or "").strip()
        if not _local(url):
            continue
        target = resolve(css, url)
        found.add(target)
        if target.endswith(".css"):
            found |= css_assets(site, target, seen)
    return found


def module_files(site: Path, pages: list[str]) -> tuple[dict[str, bytes], set[str]]:
    """The rewritten pages (site path -> bytes) and every site file they need."""
    wanted = set(pages)
    rewritten: dict[str, bytes] = {}
    assets: set[str] = set()
    for page in pages:
        file = site / page
        if not file.is_file():
            raise PageError(f"{page}: the page is not in the built site {site} (build the book first)")
        text, found = rewrite_page(page, file.read_text(encoding="utf-8"), wanted)
        rewritten[page] = text.encode("utf-8")
        assets |= found
    seen: set[str] = set()
    for css in sorted(a for a in assets if a.endswith(".css")):
        assets |= css_assets(site, css, seen)
    missing = sorted(a for a in assets if not (site / a).is_file())
    if missing:
        raise PageError(f"files loaded by the module's pages are missing from {site}: {', '.join(missing)}")
    return rewritten, assets
