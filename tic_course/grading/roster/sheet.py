"""Read a class-list file into a header and numbered rows, or refuse it with file and line.

A class list comes out of an LMS or a spreadsheet, so this reads what those really write and
refuses the rest before anything else happens:

* **Encoding.** UTF-8, with or without a byte-order mark (Excel's "CSV UTF-8" adds one), and
  UTF-16 with a byte-order mark (Blackboard's default Grade Centre download is tab-separated
  UTF-16). Anything else, such as Excel's older "CSV (Comma delimited)" in Windows-1252, is
  refused with the line of the first byte that is not UTF-8: guessing a code page would turn
  "Siân" or "Zoë" into something else in a training record without anyone noticing.
* **Separators.** Commas; semicolons, which Excel writes where the decimal separator is a comma
  (most of Europe); and tabs. The separator is whichever splits the header row into the most
  columns, so one file is read one way throughout.
* **Cells are data.** A cell such as ``=HYPERLINK(...)`` stays text: nothing here evaluates
  anything, and every writer of names neutralises formulas again on the way out.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from tic_course.grading.safe_text import console_text

SEPARATORS = (",", ";", "\t")
BOMS_UTF16 = (b"\xff\xfe", b"\xfe\xff")


class RosterError(ValueError):
    """A class list cannot be used; the message starts with ``file:line:``."""


def shown(cells: list[str]) -> str:
    """Header cells for a message printed on the educator's terminal: a cell is the file's text,
    so escape sequences and bidi overrides in it are shown as escapes, never acted on."""
    return ", ".join(console_text(cell) for cell in cells)


@dataclass(frozen=True)
class Sheet:
    """A class list as read: its header cells and its data rows with their line numbers."""

    path: Path
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    separator: str
    header_line: int = 1

    def where(self, line: int) -> str:
        return f"{self.path}:{line}"


def _decode(path: Path, data: bytes) -> str:
    if data.startswith(BOMS_UTF16):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise RosterError(f"{path}:1: starts like UTF-16 but is not valid UTF-16 ({exc.reason})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RosterError(
            f"{path}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); save the class list "
            "from your spreadsheet as 'CSV UTF-8 (Comma delimited)' and try again"
        ) from None


def _separator(header_line: str) -> str:
    """The separator that splits the header row into the most cells (ties: comma first)."""
    counts = {sep: len(next(csv.reader([header_line], delimiter=sep), [])) for sep in SEPARATORS}
    return max(SEPARATORS, key=lambda sep: counts[sep])


def read_sheet(path: Path) -> Sheet:
    """The header and non-blank data rows of ``path``; RosterError names file and line otherwise."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RosterError(f"{path}: cannot read the class list: {exc.strerror or exc}") from None
    text = _decode(path, data)
    if not text.strip():
        raise RosterError(f"{path}:1: the class list is empty (no header row)")
    separator = _separator(text.lstrip("\r\n").splitlines()[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            records.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise RosterError(f"{path}:{reader.line_num}: not a readable CSV row ({exc})") from None
    records = [(line, cells) for line, cells in records if any(c.strip() for c in cells)]
    (header_line, header), body = records[0], records[1:]
    header = [cell.strip() for cell in header]
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            raise RosterError(f"{path}:{header_line}: the column {name!r} appears twice in the header")
        seen.add(name)
    rows = []
    for line, cells in body:
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            raise RosterError(
                f"{path}:{line}: {len(cells)} cells but the header has {len(header)} columns "
                f"(is a value holding an unquoted {separator!r}?)"
            )
        rows.append((line, {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}))
    if not rows:
        raise RosterError(f"{path}:{header_line}: the class list has a header row but no learners")
    return Sheet(path, header, rows, separator, header_line)


def require(sheet: Sheet, columns: list[str], fmt: str) -> None:
    """Refuse a sheet without ``columns`` (naming the missing ones and the header line)."""
    missing = [c for c in columns if c not in sheet.header]
    if missing:
        raise RosterError(
            f"{sheet.path}:{sheet.header_line}: not a {fmt} class list: missing column(s) {', '.join(missing)} "
            f"(found: {shown(sheet.header)})"
        )
