"""Pages that load fast on a phone on a hospital network, and that search engines can describe.

A clinician often opens the course on a phone between patients, over a slow or busy Wi-Fi. This
Sphinx extension trims what each page costs without changing what it shows:

- a ``<meta name="description">`` on every page, from its front matter (``html_meta``) or else its
  first paragraph, so a search result or a shared link says what the page teaches;
- every ``<img>`` in a page's text gets its intrinsic ``width``/``height`` (no layout shift while
  it loads) and ``loading="lazy"`` (the course's figures sit below the opening text, never first);
- the bibliography's citation list gets list-item roles (docutils writes ``doc-biblioentry``, a
  role that ARIA 1.2 retired, so a ``role="list"`` had no items: axe's critical
  ``aria-required-children``);
- a favicon drawn for the course (no 404 on every visit);
- once the build has finished, FontAwesome's fonts cut to the icons the course uses
  (``icon_font.py``), require.js minified (rjsmin), then a ``.gz`` and a ``.br`` copy of each
  text file, written once, for ``make serve`` (``serving.py``) or any web server to send to
  browsers that accept them.

What the theme loads (one FontAwesome, no search index outside the search page) is settled in the
theme override ``templates/static/webpack-macros.html``; the widget libraries are loaded on demand
by ``static/tic-widgets.js``.
"""

from __future__ import annotations

import gzip
import html
import re
import struct
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from tic_course import atomic

FAVICON = Path(str(resources.files("tic_course.book") / "static" / "tic-favicon.svg"))
DESCRIPTION_LIMIT = 155  # what search results show before cutting
SPECIAL_PAGES = {"search": "Search", "genindex": "Index"}  # pages Sphinx writes without a doctree
# Text formats worth compressing; images, fonts in woff/woff2 and archives are compressed already.
COMPRESSIBLE = {".html", ".js", ".css", ".svg", ".json", ".txt", ".xml", ".ipynb", ".ttf", ".eot", ".map"}
MIN_COMPRESS_BYTES = 512  # below this the headers cost more than compression saves
# Not part of the pages: the learners' git repository is fetched by git, which does its own.
SKIP_DIRS = {"notebooks.git", ".doctrees", "_sources"}


# --- meta description ----------------------------------------------------------------------------


def _skipped(node: nodes.Node) -> bool:
    """Paragraphs that are not the page's own opening text: notes, sidebars, boxes, lists of links."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.Admonition | nodes.sidebar | nodes.topic | nodes.table | nodes.footnote):
            return True
        if isinstance(parent, nodes.Element) and parent.get("classes") and any(
            c.startswith("tic-") for c in parent["classes"]
        ):
            return True  # our own directives: content notes, objectives, checks, reflections
        parent = parent.parent
    return False


def shorten(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """Collapse whitespace and cut at a word boundary, marking a cut with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-–—")
    return cut + "…"


def page_description(doctree: nodes.document | None, fallback: str) -> str:
    """The first substantial paragraph of the page's own text, shortened; ``fallback`` if none."""
    if doctree is not None:
        for para in doctree.findall(nodes.paragraph):
            text = para.astext().strip()
            if len(text) >= 40 and not _skipped(para):
                return shorten(text)
    return shorten(fallback)


def _add_description(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
    """Add a meta description unless the page's front matter set one (docutils meta node)."""
    metatags = context.get("metatags", "")
    if re.search(r'<meta\s[^>]*name="description"', metatags):
        return
    title = html.unescape(re.sub(r"<[^>]+>", "", context.get("title") or "")) or SPECIAL_PAGES.get(pagename, "")
    book = app.config.html_title or app.config.project  # Jupyter Book puts the book's title in html_title
    fallback = f"{title}: {book}" if title else book
    description = page_description(doctree, fallback)
    context["metatags"] = metatags + f'\n<meta name="description" content="{html.escape(description)}" />'


# --- images ----------------------------------------------------------------------------------------

_IMG = re.compile(r"<img\b[^>]*>")
_ATTR = re.compile(r'\s([a-zA-Z-]+)="([^"]*)"')
_LENGTH = re.compile(r"^\s*([0-9.]+)\s*(px|pt)?\s*$")


def intrinsic_size(path: Path) -> tuple[int, int] | None:
    """Width and height in CSS pixels of a PNG or SVG file, or None if it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        return struct.unpack(">II", data[16:24])
    if path.suffix.lower() == ".svg":
        root = re.search(rb"<svg\b[^>]*>", data[:4096])
        if root is None:
            return None
        attrs = dict(_ATTR.findall(root.group(0).decode("utf-8", "replace")))
        sizes = []
        for name in ("width", "height"):
            m = _LENGTH.match(attrs.get(name, ""))
            if m is None:
                break
            sizes.append(round(float(m.group(1)) * (4 / 3 if m.group(2) == "pt" else 1)))
        if len(sizes) == 2:
            return sizes[0], sizes[1]
        box = attrs.get("viewBox", "").replace(",", " ").split()
        if len(box) == 4:
            return round(float(box[2])), round(float(box[3]))
    return None


def sized_lazy_images(body: str, locate) -> str:
    """Give every ``<img>`` its width/height (from ``locate(src)``) and ``loading="lazy"``."""

    def fix(match: re.Match[str]) -> str:
        tag = match.group(0)
        attrs = dict(_ATTR.findall(tag))
        extra = []
        if "width" not in attrs and "height" not in attrs:
            size = intrinsic_size(locate(html.unescape(attrs.get("src", "")))) if attrs.get("src") else None
            if size:
                extra.append(f'width="{size[0]}" height="{size[1]}"')
        if "loading" not in attrs:
            extra.append('loading="lazy"')
        if "decoding" not in attrs:
            extra.append('decoding="async"')
        if not extra:
            return tag
        if tag.endswith("/>"):
            return tag[:-2].rstrip() + " " + " ".join(extra) + " />"
        return tag[:-1].rstrip() + " " + " ".join(extra) + ">"

    return _IMG.sub(fix, body)


def _fix_body(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
    """Images sized and lazy; bibliography entries given a role a list can contain."""
    body = context.get("body")
    if not body:
        return
    sources = {Path(dest).name: Path(app.srcdir) / src for src, dest in app.builder.images.items()}

    def locate(src: str) -> Path:
        return sources.get(Path(src.split("?", 1)[0]).name, Path(app.outdir) / "_missing_")

    body = sized_lazy_images(body, locate)
    context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


# --- scripts ---------------------------------------------------------------------------------------

# Loaded before the page's inline scripts, which read it (``DOCUMENTATION_OPTIONS.pagename = ...``).
KEEP_BLOCKING = {"_static/documentation_options.js"}


def _defer_scripts(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
    """Make every script file the page loads ``defer`` instead of blocking the first paint.

    Sphinx and its extensions add their scripts as plain ``<script src>`` in ``<head>``; on a slow
    phone network each one holds back the first paint by a round trip. Deferred scripts still run
    in the same order, after the page is parsed and before ``DOMContentLoaded``, so every script
    that waits for that event (all of them here) behaves as before. Inline scripts stay as they are.
    """
    files = context.get("script_files")
    if not files or pagename == "search":
        return  # the search page's own template runs searchtools.js at once, which needs doctools.js
    from sphinx.builders.html._assets import _JavaScript

    deferred = []
    for js in files:
        attrs = getattr(js, "attributes", None)
        name = str(getattr(js, "filename", "") or "")
        if attrs is None or not name or "async" in attrs or "defer" in attrs or name in KEEP_BLOCKING:
            deferred.append(js)
        else:
            deferred.append(_JavaScript(js.filename, priority=js.priority, **{**attrs, "defer": "defer"}))
    files[:] = deferred  # the builder restores its own list after each page


# --- minified scripts ------------------------------------------------------------------------------

# Served scripts that their packages ship unminified (the widget manager is minified already).
MINIFY = ("_static/require.js",)
_LICENCE = re.compile(r"\A\s*/\*.*?\*/", re.S)


def minify_scripts(outdir: Path) -> list[Path]:
    """Minify the site's copies of the scripts in ``MINIFY`` with rjsmin, keeping their licence header.

    Running it again on a minified file gives the same bytes, so incremental builds are safe.
    """
    import rjsmin

    done = []
    for rel in MINIFY:
        path = outdir / rel
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        licence = _LICENCE.match(text)
        small = (licence.group(0).strip() + "\n" if licence else "") + rjsmin.jsmin(text).strip() + "\n"
        if small != text:
            atomic.write_bytes(path, small.encode("utf-8"))
            done.append(path)
    return done


# --- pre-compressed copies -------------------------------------------------------------------------


def compressible(outdir: Path) -> Iterable[Path]:
    """The site's text files worth sending compressed."""
    for path in sorted(outdir.rglob("*")):
        rel = path.relative_to(outdir)
        if rel.parts[0] in SKIP_DIRS or not path.is_file() or path.suffix not in COMPRESSIBLE:
            continue
        if path.stat().st_size >= MIN_COMPRESS_BYTES:
            yield path


def compress_site(outdir: Path) -> list[Path]:
    """Write ``FILE.gz`` (and ``FILE.br`` with brotli) beside each compressible file; return them.

    A copy newer than its file is kept, so an incremental build only compresses what changed.
    gzip's header carries no time stamp, so the same site gives the same bytes.
    """
    try:
        import brotli
    except ImportError:  # optional: gzip alone still helps every browser
        brotli = None
    written = []
    for path in compressible(outdir):
        data = None
        mtime = path.stat().st_mtime
        for suffix in (".gz", ".br") if brotli else (".gz",):
            target = path.with_name(path.name + suffix)
            if target.exists() and target.stat().st_mtime >= mtime:
                continue
            data = data if data is not None else path.read_bytes()
            packed = gzip.compress(data, 9, mtime=0) if suffix == ".gz" else brotli.compress(data, quality=11)
            atomic.write_bytes(target, packed)
            written.append(target)
    return written


def _finish(app: Sphinx, exception: Exception | None) -> None:
    """Cut the icon fonts to the icons used, minify, then write the compressed copies of everything."""
    if exception is None and app.builder.format == "html":
        from tic_course.book.icon_font import subset_site_fonts

        subset_site_fonts(Path(app.outdir))
        minify_scripts(Path(app.outdir))
        compress_site(Path(app.outdir))


def _favicon(app: Sphinx, config: Any) -> None:
    """Use the course's own icon unless the book sets one."""
    if not config.html_favicon:
        config.html_favicon = str(FAVICON)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _favicon)
    app.connect("html-page-context", _add_description)
    app.connect("html-page-context", _fix_body)
    app.connect("html-page-context", _defer_scripts, priority=900)  # after myst-nb adds per-page scripts
    app.connect("build-finished", _finish, priority=900)  # after every other step has written files
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
