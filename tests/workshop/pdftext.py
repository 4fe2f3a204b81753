"""Reading generated PDFs in tests: pypdf's text, plus the text a screen reader hears.

pypdf's ``extract_text`` reads glyphs through each font's ToUnicode map. For scripts whose
glyphs do not map one-to-one to characters (Devanagari vowel signs, for example), Typst also
writes the real characters as ``/ActualText`` on a marked-content span, as the PDF standard
says, and pypdf ignores that. :func:`spoken_text` honours it: inside an ActualText span it takes
the ActualText instead of the glyphs, and it puts right-to-left runs (marked ``/ReversedChars``,
stored in visual order) back in reading order, so a name is checked as a reader of the PDF gets it.
"""

from __future__ import annotations

import io
import re

import pypdf
from pypdf.generic import ContentStream, DictionaryObject

_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in reader(pdf).pages]


def text(pdf: bytes) -> str:
    """All pages' text, with runs of white space made single spaces (line breaks vary)."""
    return re.sub(r"\s+", " ", " ".join(page_texts(pdf)))


def body_text(pdf: bytes) -> str:
    """Like :func:`text`, without each page's footer line, so a sentence that runs over a page
    break reads as one sentence."""
    pages = [page.rstrip().rsplit("\n", 1)[0] for page in page_texts(pdf)]
    return re.sub(r"\s+", " ", " ".join(pages))


def font_names(pdf: bytes) -> set[str]:
    """Base names of the fonts embedded in the PDF, without the subset prefix (``ABCDEF+``)."""
    names = set()
    for page in reader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            assert "/FontFile2" in target["/FontDescriptor"] or "/FontFile3" in target["/FontDescriptor"], (
                f"font {font['/BaseFont']} is not embedded"
            )
            names.add(str(font["/BaseFont"]).split("+", 1)[-1])
    return names


def _unicode_map(font: DictionaryObject) -> dict[bytes, str]:
    cmap = font["/ToUnicode"].get_object().get_data()
    found = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.DOTALL):
        for code, uni in _BFCHAR.findall(block):
            found[bytes.fromhex(code.decode())] = bytes.fromhex(uni.decode()).decode("utf-16-be")
    return found


def spoken_text(pdf: bytes) -> str:
    """The page text as ActualText-aware readers get it (no spacing: for finding words)."""
    out: list[str] = []
    for page in reader(pdf).pages:
        maps = {name: _unicode_map(ref.get_object()) for name, ref in page["/Resources"]["/Font"].items()}
        font: dict[bytes, str] = {}
        spans: list[tuple[str, int]] = []  # (kind, where the span starts in ``out``)
        for operands, op in ContentStream(page.get_contents(), page.pdf).operations:
            hidden = any(kind == "actual" for kind, _ in spans)
            if op == b"Tf":
                font = maps[operands[0]]
            elif op in (b"BDC", b"BMC"):
                props = operands[1] if op == b"BDC" else {}
                actual = props.get("/ActualText") if isinstance(props, dict) else None
                if actual is not None and not hidden:
                    out.append(str(actual))
                kind = "actual" if actual is not None else "reversed" if operands[0] == "/ReversedChars" else ""
                spans.append((kind, len(out)))
            elif op == b"EMC" and spans:
                kind, begin = spans.pop()
                if kind == "reversed":
                    out[begin:] = ["".join(out[begin:])[::-1]]
            elif op in (b"Tj", b"TJ") and not hidden:
                for item in operands[0] if op == b"TJ" else [operands[0]]:
                    raw = getattr(item, "original_bytes", None)  # pypdf's string objects keep their bytes
                    if raw is not None:
                        out.extend(font.get(raw[i : i + 2], "") for i in range(0, len(raw), 2))
            elif op == b"ET":
                out.append(" ")
    return "".join(out)
