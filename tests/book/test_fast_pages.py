"""Fast pages (`tic_course/book/fast_pages.py`): descriptions, image sizes, compressed copies, and the
built site's head (one FontAwesome, no search index outside search, widget code only where needed)."""

from __future__ import annotations

import gzip
import os
import re
from importlib import metadata
from pathlib import Path

import brotli
import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from tests.conftest import ROOT
from tic_course.book.fast_pages import (
    DESCRIPTION_LIMIT,
    compress_site,
    intrinsic_size,
    page_description,
    shorten,
    sized_lazy_images,
)

HTML = ROOT / "_build" / "html"


def rst(text: str) -> nodes.document:
    doc = new_document("<test>", get_default_settings(Parser))
    Parser().parse(text, doc)
    return doc


# --- descriptions ------------------------------------------------------------------------------------


def test_description_is_the_first_paragraph_of_the_page_itself():
    doc = rst(
        "Title\n=====\n\n.. note::\n\n   A content note about distressing themes that is not the page's subject.\n\n"
        "Short.\n\nThis chapter explains how care itself can cause trauma, and what to do instead.\n\nLater text.\n"
    )
    assert page_description(doc, "fallback") == (
        "This chapter explains how care itself can cause trauma, and what to do instead."
    )


def test_description_skips_the_course_directives_own_boxes():
    doc = rst("Title\n=====\n\n.. container:: tic-content-note\n\n   " + "Content note text. " * 5 + "\n\nReal opening "
              "paragraph of the page, long enough to count.\n")
    assert page_description(doc, "fallback") == "Real opening paragraph of the page, long enough to count."


def test_description_falls_back_when_there_is_no_paragraph():
    assert page_description(None, "Search: Trauma-informed care") == "Search: Trauma-informed care"
    assert page_description(rst("Title\n=====\n\nToo short.\n"), "Index") == "Index"


def test_long_descriptions_are_cut_at_a_word_with_an_ellipsis():
    text = "word " * 100
    short = shorten(text)
    assert len(short) <= DESCRIPTION_LIMIT
    assert short.endswith("word…")
    assert shorten("  spaced\n\n out   text ") == "spaced out text"


# --- images ------------------------------------------------------------------------------------------


def test_intrinsic_size_of_svg_and_png(tmp_path):
    (tmp_path / "pt.svg").write_text('<?xml version="1.0"?>\n<svg xmlns="x" width="540pt" height="270pt">', "utf-8")
    (tmp_path / "box.svg").write_text('<svg viewBox="0 0 64 32" xmlns="x"></svg>', "utf-8")
    (tmp_path / "pct.svg").write_text('<svg width="100%" height="50%"></svg>', "utf-8")
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + (300).to_bytes(4, "big") + (150).to_bytes(4, "big")
    (tmp_path / "a.png").write_bytes(png + b"\x08\x02\x00\x00\x00")
    (tmp_path / "junk.png").write_bytes(b"not an image")
    assert intrinsic_size(tmp_path / "pt.svg") == (720, 360)  # 1pt = 4/3 CSS px
    assert intrinsic_size(tmp_path / "box.svg") == (64, 32)
    assert intrinsic_size(tmp_path / "pct.svg") is None  # no intrinsic size: leave the tag alone
    assert intrinsic_size(tmp_path / "a.png") == (300, 150)
    assert intrinsic_size(tmp_path / "junk.png") is None
    assert intrinsic_size(tmp_path / "missing.svg") is None


def test_images_get_sizes_and_load_lazily(tmp_path):
    (tmp_path / "d.svg").write_text('<svg width="40" height="20"></svg>', "utf-8")
    body = (
        '<p><img alt="first" src="../_images/d.svg" /></p>'
        '<img alt="second" src="../_images/d.svg?v=1">'
        '<img alt="sized" src="x.png" width="5" height="6" loading="eager" decoding="sync">'
        '<img alt="unknown" src="nope.svg">'
    )
    out = sized_lazy_images(body, lambda src: tmp_path / Path(src.split("?")[0]).name)
    tags = re.findall(r"<img[^>]*>", out)
    assert tags[0] == (
        '<img alt="first" src="../_images/d.svg" width="40" height="20" loading="lazy" decoding="async" />'
    )
    assert tags[1] == (
        '<img alt="second" src="../_images/d.svg?v=1" width="40" height="20" loading="lazy" decoding="async">'
    )
    assert tags[2] == '<img alt="sized" src="x.png" width="5" height="6" loading="eager" decoding="sync">'
    assert tags[3] == '<img alt="unknown" src="nope.svg" loading="lazy" decoding="async">'
    assert out.startswith("<p>") and out.count("<img") == 4


# --- compressed copies -------------------------------------------------------------------------------


def test_compressed_copies_of_text_files_only(tmp_path):
    big = "<p>" + "listen first " * 200 + "</p>"
    (tmp_path / "index.html").write_text(big, "utf-8")
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "app.js").write_text("var x = 1;\n" * 100, "utf-8")
    (tmp_path / "_static" / "tiny.css").write_text("p{}", "utf-8")  # too small to be worth it
    (tmp_path / "_static" / "font.woff2").write_bytes(os.urandom(2000))  # compressed already
    (tmp_path / "notebooks.git").mkdir()
    (tmp_path / "notebooks.git" / "HEAD.txt").write_text("ref " * 400, "utf-8")  # git's own business
    written = compress_site(tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == [
        "_static/app.js.br", "_static/app.js.gz", "index.html.br", "index.html.gz",
    ]
    assert gzip.decompress((tmp_path / "index.html.gz").read_bytes()).decode() == big
    assert brotli.decompress((tmp_path / "index.html.br").read_bytes()).decode() == big
    first = (tmp_path / "index.html.gz").read_bytes()
    assert compress_site(tmp_path) == []  # up to date: nothing rewritten
    (tmp_path / "index.html.gz").unlink()
    assert [p.name for p in compress_site(tmp_path)] == ["index.html.gz"]
    assert (tmp_path / "index.html.gz").read_bytes() == first  # no time stamp: same bytes


def test_a_changed_file_is_compressed_again(tmp_path):
    (tmp_path / "a.css").write_text("p { color: red; }\n" * 100, "utf-8")
    compress_site(tmp_path)
    (tmp_path / "a.css").write_text("p { color: blue; }\n" * 100, "utf-8")
    later = (tmp_path / "a.css.gz").stat().st_mtime + 5
    os.utime(tmp_path / "a.css", (later, later))
    assert {p.name for p in compress_site(tmp_path)} == {"a.css.gz", "a.css.br"}
    assert b"blue" in gzip.decompress((tmp_path / "a.css.gz").read_bytes())


def test_theme_overrides_match_the_pinned_theme():
    """The overrides in tic_course/book/templates copy markup from these exact versions."""
    pins = dict(line.split("==") for line in (ROOT / "requirements.txt").read_text().splitlines() if "==" in line)
    assert pins["pydata-sphinx-theme"] == "0.15.4"
    assert pins["sphinx-book-theme"] == "1.1.4"
    assert metadata.version("pydata-sphinx-theme") == "0.15.4", "pip install -r requirements.txt"
    assert metadata.version("sphinx-book-theme") == "1.1.4", "pip install -r requirements.txt"


# --- the built site ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    if not (HTML / "index.html").exists():
        pytest.fail("_build/html is missing: run `make book` (make test does this first)")
    return {
        p.relative_to(HTML).as_posix(): p.read_text(encoding="utf-8")
        for p in HTML.rglob("*.html")
        if "notebooks.git" not in p.parts and "_static" not in p.parts and p.name != "index.html"
    }  # the root index.html only redirects to the first page


def scripts(text: str) -> list[str]:
    return re.findall(r'<script[^>]*\bsrc="([^"]+)"', text)


def test_every_page_has_one_description_and_the_favicon(pages):
    assert len(pages) >= 40
    for path, text in pages.items():
        found = re.findall(r'<meta name="description" content="([^"]*)"', text)
        assert len(found) == 1 and 20 <= len(found[0]) <= DESCRIPTION_LIMIT + 10, (path, found)
        assert re.search(r'<link rel="icon" href="[./]*_static/tic-favicon\.svg"', text), path
    assert (HTML / "_static" / "tic-favicon.svg").is_file()
    assert '<meta name="description" content="Search: Trauma-informed care for clinicians" />' in pages["search.html"]


def test_one_fontawesome_and_no_render_blocking_search_index(pages):
    for path, text in pages.items():
        srcs = scripts(text)
        assert not any("fontawesome" in s for s in srcs), path  # the webfont CSS draws every icon
        assert text.count("fontawesome/6.5.2/css/all.min.css") == 2, path  # preloaded, and in <noscript>
        assert re.search(r'<link rel="preload" as="style" href="[^"]*all\.min\.css[^"]*" onload=', text), path
        assert not re.search(r'rel="preload"[^>]*as="font"', text), path
        index = [s for s in srcs if s.endswith("searchindex.js")]
        if path == "search.html":  # the one page that needs it
            assert index == ["searchindex.js"]
        else:
            assert index == [], path


def test_widget_code_only_on_widget_pages_and_never_in_the_head(pages):
    for path, text in pages.items():
        has_widgets = "application/vnd.jupyter.widget-state+json" in text
        srcs = scripts(text)
        assert not any("embed-amd" in s or s.split("?")[0].endswith("require.js") for s in srcs), path
        loaders = [s for s in srcs if "tic-widgets.js" in s]
        assert len(loaders) == (1 if has_widgets else 0), path
        if has_widgets:
            assert re.search(r'<script defer="defer" src="[./]*_static/tic-widgets\.js', text), path
    assert any(path.endswith("-notebook.html") and "tic-widgets.js" in t for path, t in pages.items())


def test_scripts_do_not_block_the_first_paint(pages):
    for path, text in pages.items():
        head = text[: text.index("</head>")]
        blocking = [
            src for src in re.findall(r"<script ([^>]*)>", head)
            if "src=" in src and "defer" not in src and "async" not in src
        ]
        if path == "search.html":  # the search page runs its search tools as it loads: nothing deferred
            assert any("doctools.js" in b for b in blocking) and any("searchindex.js" in b for b in blocking)
            continue
        assert all("documentation_options.js" in b for b in blocking), (path, blocking)


def test_bibliography_entries_are_list_items(pages):
    text = pages["book/bibliography.html"]
    assert 'role="doc-biblioentry"' not in text
    assert text.count('role="listitem"') >= 50


def test_compressed_copies_match_the_built_files():
    for name in ("book/intro.html", "search.html", "_static/html-manager/embed-amd.js", "_static/tic-course.css"):
        plain = (HTML / name).read_bytes()
        assert gzip.decompress((HTML / f"{name}.gz").read_bytes()) == plain, name
        assert brotli.decompress((HTML / f"{name}.br").read_bytes()) == plain, name


def test_the_icon_font_holds_only_the_icons_the_site_uses():
    import io

    from fontTools.ttLib import TTFont

    font = HTML / "_static" / "vendor" / "fontawesome" / "6.5.2" / "webfonts" / "fa-solid-900.woff2"
    points = set(TTFont(io.BytesIO(font.read_bytes())).getBestCmap())
    assert font.stat().st_size < 20_000
    assert {0xF0C9, 0xF185, 0xF186, 0xF135} <= points  # menu, sun, moon, rocket
    assert len(points) < 60


def test_require_js_is_minified_with_its_licence(tmp_path):
    from tic_course.book.fast_pages import minify_scripts

    source = (
        "/** vim: et\n * @license RequireJS 2.3.7 Copyright jQuery Foundation.\n */\n"
        "// a comment\nvar requirejs = function (deps) {\n    /* inner */\n    return deps;\n};\n"
    )
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "require.js").write_text(source, encoding="utf-8")
    assert minify_scripts(tmp_path) == [tmp_path / "_static" / "require.js"]
    small = (tmp_path / "_static" / "require.js").read_text(encoding="utf-8")
    assert small == (
        "/** vim: et\n * @license RequireJS 2.3.7 Copyright jQuery Foundation.\n */\n"
        "var requirejs=function(deps){return deps;};\n"
    )
    assert minify_scripts(tmp_path) == []  # already minified: unchanged
    assert minify_scripts(tmp_path / "missing") == []


def test_the_site_serves_require_js_minified():
    text = (HTML / "_static" / "require.js").read_text(encoding="utf-8")
    assert "@license RequireJS" in text
    assert len(text) < 30_000  # 86 KB as published
