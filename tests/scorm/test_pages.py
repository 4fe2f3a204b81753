"""Making a built page self-contained: assets gathered, links outside the package made inert."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tic_course.scorm.pages import (
    CHECKS_BOOK,
    CHECKS_TEXT,
    MARKED_TEXT,
    PLAY_TEXT,
    PageError,
    css_assets,
    module_files,
    resolve,
    rewrite_page,
)

PAGE = """<!DOCTYPE html><html><head>
<link rel="stylesheet" href="../../_static/a.css?v=1"><link rel="search" href="../../search.html">
<script defer src="../../_static/tic-player.js?v=2"></script><script src="../../_static/searchtools.js"></script>
</head><body>
<nav class="bd-links"><ul><li><a href="../chapters/other.html">Other chapter</a></li>
<li><a href="mine.html">Mine</a></li></ul></nav>
<form class="bd-search" action="../../search.html"></form>
<p><a href="../chapters/other.html#x">see the other chapter</a> and <a href="https://www.nice.org.uk/">NICE</a>
and <a href="#here">here</a> and <a href="../../notebooks.zip">the notebooks</a>.</p>
<img src="../../_images/fig.png" alt="A figure"><div class="tic-launch"><a href="x">Launch</a></div>
</body></html>"""


def test_rewrite_keeps_own_pages_and_makes_the_rest_inert():
    html, assets = rewrite_page("book/scenarios/mine.html", PAGE, {"book/scenarios/mine.html"})
    soup = BeautifulSoup(html, "html.parser")
    assert [a.get("href") for a in soup.select("nav.bd-links a")] == ["mine.html"]
    inert = soup.select("a.tic-scorm-inert")
    assert [a.get_text() for a in inert] == ["see the other chapter", "the notebooks"]
    assert all(not a.has_attr("href") for a in inert)
    nice = soup.find("a", string="NICE")
    assert nice["target"] == "_blank" and nice["rel"] == ["noopener", "noreferrer"]
    assert soup.find("a", string="here")["href"] == "#here"
    assert soup.select("form") == [] and soup.select(".tic-launch") == []
    assert soup.find("link", rel="search") is None and "searchtools.js" not in html
    assert soup.find_all("script")[-1]["src"] == "../../tic-scorm/tic-scorm-page.js"
    assert assets == {"_static/a.css", "_static/tic-player.js", "_images/fig.png"}


def test_css_assets_follow_urls_and_imports(tmp_path):
    (tmp_path / "_static" / "fonts").mkdir(parents=True)
    (tmp_path / "_static" / "a.css").write_text(
        "@import 'b.css'; .x{background:url(\"fonts/f.woff2\")} .y{background:url(data:image/png;base64,AA)}"
        " .z{background:url(https://cdn.example/x.png)}",
        encoding="utf-8",
    )
    (tmp_path / "_static" / "b.css").write_text(".q{src:url(fonts/g.ttf)} @import 'a.css';", encoding="utf-8")
    found = css_assets(tmp_path, "_static/a.css", set())
    # b.css imports a.css back: listed once, and the loop ends.
    assert found == {"_static/a.css", "_static/b.css", "_static/fonts/f.woff2", "_static/fonts/g.ttf"}


def test_a_missing_page_or_file_is_named(tmp_path):
    with pytest.raises(PageError, match="book/chapters/nope.html: the page is not in the built site"):
        module_files(tmp_path, ["book/chapters/nope.html"])
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "p.html").write_text('<html><head></head><body><img src="gone.png" alt="x"></body></html>')
    with pytest.raises(PageError, match="missing from .*: book/gone.png"):
        module_files(tmp_path, ["book/p.html"])
    (tmp_path / "book" / "q.html").write_text("<p>no head</p>")
    with pytest.raises(PageError, match="book/q.html: the page has no <head>"):
        module_files(tmp_path, ["book/q.html"])


def test_resolve_drops_queries_and_fragments():
    assert resolve("book/chapters/a.html", "../../_static/x.css?v=3#y") == "_static/x.css"
    assert resolve("tic-scorm.html", "book/chapters/a.html") == "book/chapters/a.html"


SCENARIO_PAGE = """<!DOCTYPE html><html><head></head><body>
<section id="play-the-conversation"><h2>Play the conversation</h2>
<p>Choose what you would say. This practice is not marked and nothing you choose is stored.</p>
<section class="tic-player" id="player-s1"><script type="application/json">{}</script></section>
</section>
<section id="the-marked-version"><h2>The marked version<a class="headerlink" href="#the-marked-version">#</a></h2>
<p>Your course may ask you to complete the marked version of this scenario. You can read it first at
<a class="reference internal" href="s1-notebook.html">the notebook</a>. To work on it:</p>
<div class="tic-launch"><ul><li><a class="tic-launch-link" href="#">Open on Binder</a></li></ul></div>
<p>On Binder nothing is kept after the session ends.</p>
</section></body></html>"""


def test_scenario_pages_say_what_holds_in_an_lms():
    """Inside a package the first play is scored and sent to the LMS, and there is no notebook to open."""
    html, _ = rewrite_page("book/scenarios/s1.html", SCENARIO_PAGE, {"book/scenarios/s1.html"})
    soup = BeautifulSoup(html, "html.parser")
    play = soup.select_one("#play-the-conversation > p")
    assert play.decode_contents() == PLAY_TEXT
    assert "first time through counts" in play.get_text() and "not marked" not in html
    assert "nothing you choose is stored" not in html and "Binder" not in html
    marked = soup.select_one("#the-marked-version")
    assert marked.h2.get_text() == "The marked version#"  # the heading stays for the page's contents list
    assert [p.get_text() for p in marked.find_all("p")] == [MARKED_TEXT]
    assert "s1-notebook" not in html and not soup.select(".tic-launch, a.tic-scorm-inert")


def test_the_promise_that_check_answers_are_not_recorded_is_replaced():
    page = ('<html><head></head><body><p>You will find <strong>knowledge checks</strong>: short questions. '
            f"{CHECKS_BOOK} Each chapter ends with <strong>key takeaways</strong>.</p></body></html>")
    html, _ = rewrite_page("book/chapters/welcome.html", page, {"book/chapters/welcome.html"})
    text = BeautifulSoup(html, "html.parser").p.get_text()
    assert text == (f"You will find knowledge checks: short questions. {CHECKS_TEXT} "
                    "Each chapter ends with key takeaways.")
