"""FontAwesome cut to the icons the course uses (`tic_course/book/icon_font.py`)."""

from __future__ import annotations

import io

import pytest
from fontTools.ttLib import TTFont

from tic_course.book.icon_font import FA_DIR, icon_map, pristine_font, subset, subset_site_fonts, used_codepoints

CSS = (
    '.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}.fa-sun:before{content:"\\f185"}'
    '.fa-rocket:before{content:"\\f135"}.fa-github:before{content:"\\f09b"}'
)


def cmap(font: bytes) -> set[int]:
    return set(TTFont(io.BytesIO(font)).getBestCmap() or {})


def test_classes_and_aliases_map_to_code_points():
    assert icon_map(CSS) == {"fa-bars": 0xF0C9, "fa-navicon": 0xF0C9, "fa-sun": 0xF185, "fa-rocket": 0xF135,
                             "fa-github": 0xF09B}


def test_icons_are_found_in_pages_scripts_and_other_style_sheets():
    texts = ['<i class="fa-solid fa-bars"></i>', 'el.className = "fa-rocket";', "<p>fa-unknown and fa- text</p>"]
    other_css = [':root{--pst-icon-info-circle:"\\f05a"} p:before{content:"\\2014"}']
    assert used_codepoints(texts, other_css, icon_map(CSS)) == {0xF0C9, 0xF135, 0xF05A}


def test_a_subset_keeps_exactly_the_icons_asked_for():
    full = pristine_font("fa-solid-900.woff2")
    if full is None:
        pytest.fail("pydata-sphinx-theme's FontAwesome fonts are missing (pip install -r requirements.txt)")
    small = subset(full, {0xF0C9, 0xF185})
    assert cmap(small) == {0xF0C9, 0xF185}
    assert len(small) < len(full) / 20
    assert small[:4] == b"wOF2"


def test_the_site_fonts_are_rewritten_from_the_theme_originals(tmp_path):
    site = tmp_path / "html"
    (site / FA_DIR / "css").mkdir(parents=True)
    (site / FA_DIR / "webfonts").mkdir()
    (site / FA_DIR / "css" / "all.min.css").write_text(CSS, encoding="utf-8")
    (site / "_static" / "theme.css").write_text(':root{--pst-icon-angle-right:"\\f105"}', encoding="utf-8")
    (site / "page.html").write_text('<i class="fa-solid fa-sun"></i>', encoding="utf-8")
    (site / "notebooks.git").mkdir()
    (site / "notebooks.git" / "x.html").write_text('<i class="fa-rocket"></i>', encoding="utf-8")  # not the site's
    for name in ("fa-solid-900.woff2", "fa-brands-400.woff2"):
        (site / FA_DIR / "webfonts" / name).write_bytes(b"stale output of an earlier build")
    sizes = subset_site_fonts(site)
    assert set(sizes) == {"fa-solid-900.woff2", "fa-brands-400.woff2"}  # the regular font is not in this site
    assert cmap((site / FA_DIR / "webfonts" / "fa-solid-900.woff2").read_bytes()) == {0xF185, 0xF105}
    assert cmap((site / FA_DIR / "webfonts" / "fa-brands-400.woff2").read_bytes()) == set()
    # A later build that uses one more icon gets it: the cut starts again from the theme's font.
    (site / "other.html").write_text('<i class="fa-solid fa-bars"></i>', encoding="utf-8")
    subset_site_fonts(site)
    assert cmap((site / FA_DIR / "webfonts" / "fa-solid-900.woff2").read_bytes()) == {0xF185, 0xF105, 0xF0C9}


def test_a_site_without_fontawesome_is_left_alone(tmp_path):
    (tmp_path / "index.html").write_text("<p>no icons</p>", encoding="utf-8")
    assert subset_site_fonts(tmp_path) == {}
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]
