"""Turn data into a PDF with Typst, the vendored fonts and the kit's templates.

Learner names, roster entries and scenario text never become Typst markup: each document's data
goes in as one JSON value (``sys.inputs``) that the template reads with ``json(...)`` and places
as text. A name such as ``#set page(..) $x$ *b* [a] \\ <l> @ref`` therefore prints exactly as
typed and can run nothing; :func:`escape_markup` exists for the rare caller that must build
markup and is tested against the same characters.

PDFs are tagged (Typst's PDF/UA-1 export, which also refuses an image without alternative text),
carry a document title and language, embed only the vendored fonts (system fonts are ignored, so
every machine prints the same) and take their timestamp from the workshop date, so a rebuild of
the same file gives the same bytes.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import typst

PAPERS = {"a4": "a4", "letter": "us-letter"}
_MARKUP = re.compile(r"([\\#$*_`<>@\[\]~=+/\-\"'])")


class TypesetError(RuntimeError):
    """A template failed to compile: a fault in the kit, reported with the template's name."""


def escape_markup(text: str) -> str:
    """``text`` as Typst markup that displays it literally (every markup character backslashed)."""
    return _MARKUP.sub(r"\\\1", text)


@cache
def _template(name: str) -> str:
    folder = resources.files("tic_course.workshop").joinpath("templates")
    return folder.joinpath("common.typ").read_text("utf-8") + "\n" + folder.joinpath(f"{name}.typ").read_text("utf-8")


@cache
def _fonts(folder: str) -> typst.Fonts:
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[folder])


def render(template: str, data: dict[str, Any], *, fonts: Path, paper: str, day: date) -> bytes:
    """Compile ``templates/<template>.typ`` with ``data``; return the PDF's bytes."""
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}, not {paper!r}")
    inputs = {"data": json.dumps(data, ensure_ascii=False), "paper": PAPERS[paper]}
    stamp = datetime(day.year, day.month, day.day, tzinfo=UTC)
    try:
        pdf = typst.compile(
            _template(template).encode("utf-8"),
            font_paths=_fonts(str(fonts)),
            ignore_system_fonts=True,
            sys_inputs=inputs,
            pdf_standards=["ua-1"],
            timestamp=stamp,
        )
    except typst.TypstError as exc:
        raise TypesetError(f"template {template}.typ: {exc}") from None
    assert isinstance(pdf, bytes)
    return pdf
