"""Cut the theme's FontAwesome fonts down to the icons the built course actually shows.

The theme ships FontAwesome's full solid font (156 KB, about 1,400 icons) and every page with an
icon downloads it: more than half of what a chapter weighs on a phone. The course uses a dozen
icons. After the build, this finds them and rewrites the site's copies of the fonts with only
those glyphs (fontTools, already pinned for the figures). The icons come from three places:

- ``fa-NAME`` classes in the pages and in the site's scripts (the theme and our scripts add some);
- code points that style sheets other than FontAwesome's own use directly (the theme draws
  admonition and breadcrumb icons with ``content: "\\f05a"``);
- FontAwesome's style sheet, which maps each class to its code point.

The fonts are always cut from the theme package's pristine files, never from an earlier build's
output, so an icon added later is never missing.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from tic_course import atomic

FA_DIR = Path("_static/vendor/fontawesome/6.5.2")
FONTS = ("fa-solid-900.woff2", "fa-regular-400.woff2", "fa-brands-400.woff2")
_RULE = re.compile(r"((?:\.fa-[a-z0-9-]+:(?::)?before,?)+)\{content:\"\\([0-9a-f]+)\"\}")
_CLASS = re.compile(r"\bfa-[a-z0-9-]+")
_ESCAPE = re.compile(r"\"\\((?:f|e)[0-9a-f]{3})\"")


def icon_map(fa_css: str) -> dict[str, int]:
    """``{"fa-bars": 0xf0c9, ...}`` from FontAwesome's style sheet (aliases included)."""
    mapping = {}
    for selectors, hexcode in _RULE.findall(fa_css):
        for name in re.findall(r"\.(fa-[a-z0-9-]+):", selectors):
            mapping[name] = int(hexcode, 16)
    return mapping


def used_codepoints(texts: Iterable[str], other_css: Iterable[str], mapping: dict[str, int]) -> set[int]:
    """Code points of every icon class named in ``texts`` and every icon escape in ``other_css``."""
    points = {mapping[name] for text in texts for name in _CLASS.findall(text) if name in mapping}
    points |= {int(h, 16) for css in other_css for h in _ESCAPE.findall(css)}
    return points


def subset(font: bytes, codepoints: set[int]) -> bytes:
    """A WOFF2 font holding only ``codepoints`` (and the glyphs they need)."""
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    options = ft_subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.notdef_outline = True
    ttf = TTFont(io.BytesIO(font))
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(ttf)
    out = io.BytesIO()
    ttf.flavor = "woff2"
    ttf.save(out)
    return out.getvalue()


def pristine_font(name: str) -> bytes | None:
    """The theme package's own copy of a FontAwesome font, or None if the theme has none."""
    try:
        root = resources.files("pydata_sphinx_theme") / "theme" / "pydata_sphinx_theme" / "static"
        return (root / FA_DIR.relative_to("_static") / "webfonts" / name).read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        return None


def subset_site_fonts(outdir: Path) -> dict[str, tuple[int, int]]:
    """Rewrite the site's FontAwesome fonts with only the icons it uses; return name -> (before, after) bytes."""
    fa_css_path = outdir / FA_DIR / "css" / "all.min.css"
    if not fa_css_path.is_file():
        return {}
    mapping = icon_map(fa_css_path.read_text(encoding="utf-8"))
    texts = [
        p.read_text(encoding="utf-8", errors="replace")
        for p in outdir.rglob("*")
        if p.suffix in {".html", ".js"} and p.is_file()
        and "notebooks.git" not in p.parts and "html-manager" not in p.parts and "fontawesome" not in p.parts
    ]
    other_css = [
        p.read_text(encoding="utf-8", errors="replace")
        for p in (outdir / "_static").rglob("*.css")
        if "fontawesome" not in p.parts and "html-manager" not in p.parts
    ]
    points = used_codepoints(texts, other_css, mapping)
    sizes = {}
    for name in FONTS:
        target = outdir / FA_DIR / "webfonts" / name
        font = pristine_font(name)
        if font is None or not target.exists():
            continue
        small = subset(font, points)
        atomic.write_bytes(target, small)
        sizes[name] = (len(font), len(small))
    return sizes
