"""The fonts every workshop PDF is set in, fetched once from the npm registry and checked.

Certificates and sign-in sheets carry learners' names in any script, and a hospital printer
room has no internet, so the PDFs embed their fonts and the build never asks the operating
system for one (a name that renders on one laptop and prints as boxes on another is a bug). The
Noto families below cover Latin (with Polish, Greek, Cyrillic and Devanagari), Arabic and
Chinese (the GB 2312 set of Noto Sans CJK SC). They come from the npm registry as TTF/OTF files
at pinned versions, integrity-checked by the same mechanism as the book's browser libraries
(:mod:`tic_course.book.offline_assets`), into the course's ``.cache/``.
"""

from __future__ import annotations

from pathlib import Path

from tic_course.book.offline_assets import Package, install

#: The fallback chain Typst uses, in order: the first family that has a glyph sets it.
FAMILIES = ("Noto Sans", "Noto Naskh Arabic", "Noto Sans S Chinese")

FONT_PACKAGES = (
    Package(
        "@embedpdf/fonts-latin@1.0.0",
        "sha512-LLYysdr8O6sRNzhmW3PbF3AeA8xnqvOi4XLFfIfNlW5uEZ+qsJdcfd78Q78sFJMhlaOAYFMziMMsnOzmx463rA==",
        {f"package/fonts/NotoSans-{s}.ttf": f"NotoSans-{s}.ttf" for s in ("Regular", "Bold", "Italic", "BoldItalic")}
        | {"package/LICENSE": "LICENSE-NotoSans.txt"},
    ),
    Package(
        "@embedpdf/fonts-arabic@1.0.0",
        "sha512-SnGvQb+LwPZQO2WjjvlmXrJZolJUfLYbLZQSaYUw1vrQyMyJKT4LewvJGG+hZ+Yz2fz7OMIQ+4Gc98mGODZtOg==",
        {f"package/fonts/NotoNaskhArabic-{s}.ttf": f"NotoNaskhArabic-{s}.ttf" for s in ("Regular", "Bold")}
        | {"package/LICENSE": "LICENSE-NotoNaskhArabic.txt"},
    ),
    Package(
        "@embedpdf/fonts-sc@1.0.0",
        "sha512-ETXl7XCwaQLSSvMO3EUDwMNqtL64kX2LlFxarTRi/NsIGGOIxUurGfKtrkmtnKHrWy1jAJSt6oxK2uJhvdvQIw==",
        {f"package/fonts/NotoSansHans-{s}.otf": f"NotoSansHans-{s}.otf" for s in ("Regular", "Bold")}
        | {"package/LICENSE": "LICENSE-NotoSansHans.txt"},
    ),
)


def font_folder(dest: Path, cache: Path) -> Path:
    """``dest`` holding every pinned font, fetching and checking the packages only if one is missing."""
    wanted = [dest / name for pkg in FONT_PACKAGES for name in pkg.files.values()]
    if not all(f.is_file() for f in wanted):
        dest.parent.mkdir(parents=True, exist_ok=True)
        install(FONT_PACKAGES, dest, cache)
    return dest
