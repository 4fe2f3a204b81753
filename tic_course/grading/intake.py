"""Bring learners' notebooks from an LMS bulk download into nbgrader's ``submitted/`` folder.

Educators download every submission from Canvas, Moodle or Blackboard as one zip (or unpack it
into a folder). Each LMS names files its own way, learners rename and re-upload, zips made on
other systems carry junk and odd file-name encodings. ``nbgrader autograde`` expects a clean
``submitted/<learner>/<assignment>/<assignment>.ipynb`` plus ``timestamp.txt``, and it grades
whatever it finds. So intake checks every file before it reaches the gradebook and reports each
one it could not use as a sentence the educator can act on, instead of failing on the first.

Learner ids come from the LMS user id, participant id or username, never from names, so names
never reach the gradebook. Intake is idempotent: running it again on the same download writes
nothing and counts the identical files as unchanged.

Run ``python -m tic_course.grading.intake --help``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import struct
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any, BinaryIO

MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f %Z"  # what nbgrader writes into timestamp.txt
JUNK_DIRS = frozenset({"__MACOSX", ".ipynb_checkpoints", ".Trash", ".Spotlight-V100"})
JUNK_FILES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini", ".localized"})
# An LMS renames a re-uploaded file "name-1.ipynb"; browsers save a second download "name (1)".
DUPLICATE_SUFFIX = re.compile(r"(?:-\d+|\s*\(\d+\))$")
SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}")
ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=UTC)


class IntakeError(Exception):
    """Intake cannot start at all (no such source, no released notebooks): a user error."""


@dataclass(frozen=True)
class LmsPattern:
    """How one LMS names the files in its bulk download.

    ``regex`` must fully match the end of a file's path (one or more path components, joined by
    ``/``) and define the named groups ``learner`` (the LMS's stable id for the learner) and
    ``filename`` (the name the learner uploaded). Optional groups: ``late`` (ignored: nbgrader
    computes lateness from timestamps and due dates) and ``attempt`` (a date and time written as
    six numbers, year first, used as the submission time). Plain strings so that nbgrader or
    traitlets configuration can build them.
    """

    name: str
    regex: str

    def __post_init__(self) -> None:
        try:
            compiled = re.compile(self.regex)
        except re.error as exc:
            raise ValueError(
                f"LMS pattern {self.name!r}: invalid regular expression: {exc}") from exc
        missing = {"learner", "filename"} - set(compiled.groupindex)
        if missing:
            raise ValueError(f"LMS pattern {self.name!r} needs the named group(s) "
                             f"{', '.join(sorted(missing))}, e.g. (?P<learner>\\d+)")

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        return re.compile(self.regex)

    def match(self, parts: tuple[str, ...]) -> re.Match[str] | None:
        """Match the shortest tail of the path first, so a download's top folder is ignored."""
        for start in range(len(parts) - 1, -1, -1):
            found = self.compiled.fullmatch("/".join(parts[start:]))
            if found:
                return found
        return None


DEFAULT_PATTERNS: tuple[LmsPattern, ...] = (
    # smithjane_12345_678901_years-of-dismissal.ipynb, smithjane_LATE_12345_678901_name-1.ipynb
    LmsPattern("canvas", r"(?P<name>[^_/]+)_(?:(?P<late>LATE)_)?(?P<learner>\d+)_"
                         r"(?P<submission>\d+)_(?P<filename>[^/]+)"),
    # Jane Smith_4321_assignsubmission_file_/years-of-dismissal.ipynb (or without the folder)
    LmsPattern("moodle", r"(?P<name>[^/]+)_(?P<learner>\d+)_assignsubmission_file_/?"
                         r"(?P<filename>[^/]+)"),
    # Years of dismissal_jsmith_attempt_2026-03-01-14-05-09_years-of-dismissal.ipynb
    LmsPattern("blackboard", r"(?P<assignment_name>[^/]+)_(?P<learner>[^_/]+)_attempt_"
                             r"(?P<attempt>\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})_(?P<filename>[^/]+)"),
)


def patterns_from_config(config: dict[str, str]) -> list[LmsPattern]:
    """``{"name": "regex"}`` (as read from a config file) -> patterns, validated."""
    return [LmsPattern(name, regex) for name, regex in config.items()]


@dataclass
class Rejected:
    """A file that was not placed, and why, in words the educator can act on."""

    source: str
    reason: str


@dataclass
class IntakeResult:
    placed: list[tuple[str, str, Path]] = field(default_factory=list)  # learner, assignment, dest
    rejected: list[Rejected] = field(default_factory=list)
    skipped_unchanged: int = 0


@dataclass
class _Entry:
    """One file of the download, whether it came from a zip or a folder."""

    display: str  # the path as shown to the educator (backslash escapes for non-UTF-8 bytes)
    parts: tuple[str, ...]  # path components, decoded leniently, for matching
    size: int
    when: datetime  # UTC
    read: Callable[[int], bytes]  # read at most n bytes
    unsafe: bool = False
    symlink: bool = False


@dataclass
class _Candidate:
    """A notebook that passed every check and competes with the learner's other attempts."""

    entry: _Entry
    learner: str
    assignment: str
    when: datetime
    order: int  # the LMS duplicate number (name-2 is later than name-1), a tie-breaker


# ---------------------------------------------------------------------------------------------
# Reading the source: zip or folder


def _names_from_bytes(raw: bytes) -> tuple[str, tuple[str, ...], bool]:
    """(display name, path parts, unsafe?) from a file name's raw bytes.

    A zip records names as bytes in an unknown encoding unless the UTF-8 flag is set; many tools
    write UTF-8 without the flag, so UTF-8 is tried first. Names that are not UTF-8 are shown
    with backslash escapes, which are unambiguous and never crash a terminal.
    """
    display = raw.decode("utf-8", errors="backslashreplace")
    lenient = raw.decode("utf-8", errors="replace")
    unsafe = lenient.startswith(("/", "\\")) or bool(re.match(r"[A-Za-z]:", lenient))
    # Windows tools sometimes write backslashes as separators, which would hide a "..".
    parts = tuple(p for p in re.split(r"[/\\]", lenient) if p not in {"", "."})
    unsafe = unsafe or ".." in parts
    return display, parts, unsafe


def _zip_time(info: zipfile.ZipInfo) -> datetime:
    """The entry's modification time in UTC.

    The extended-timestamp extra field (0x5455) holds a true UTC time; without it there is only
    the DOS date and time, which has no time zone and is taken as UTC (LMS servers run on UTC).
    """
    extra = info.extra
    while len(extra) >= 4:
        tag, size = struct.unpack("<HH", extra[:4])
        body = extra[4:4 + size]
        if tag == 0x5455 and len(body) >= 5 and body[0] & 1:
            return datetime.fromtimestamp(struct.unpack("<I", body[1:5])[0], UTC)
        extra = extra[4 + size:]
    try:
        return datetime(*info.date_time, tzinfo=UTC)
    except ValueError:
        return ZIP_EPOCH


class _PatchedReader(io.RawIOBase):
    """A read-only view of a file with a few bytes replaced.

    Used to clear the UTF-8 flag of zip entries whose names are not UTF-8: Python's zipfile
    refuses to open such an archive at all, which would lose every other learner's submission.
    """

    def __init__(self, fh: BinaryIO, patches: dict[int, int]):
        super().__init__()
        self._fh = fh
        self._patches = patches

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._fh.seek(offset, whence)

    def tell(self) -> int:
        return self._fh.tell()

    def readinto(self, buffer: Any) -> int:
        start = self._fh.tell()
        n = self._fh.readinto(buffer)
        for offset, value in self._patches.items():
            if start <= offset < start + n:
                buffer[offset - start] = value
        return n


def _utf8_flag_patches(fh: BinaryIO) -> dict[int, int]:
    """Byte patches that clear the UTF-8 flag of entries whose names are not valid UTF-8."""
    fh.seek(0, os.SEEK_END)
    size = fh.tell()
    tail_len = min(size, 65535 + 22)
    fh.seek(size - tail_len)
    tail = fh.read(tail_len)
    pos = tail.rfind(b"PK\x05\x06")
    if pos < 0 or pos + 22 > len(tail):
        return {}
    count, cd_size, cd_offset = struct.unpack("<2xH2L", tail[pos + 8:pos + 20])
    if (cd_offset == 0xFFFFFFFF or count == 0xFFFF) and pos >= 20:
        locator = tail[pos - 20:pos]
        if locator[:4] == b"PK\x06\x07":
            fh.seek(struct.unpack("<Q", locator[8:16])[0])
            record = fh.read(56)
            if record[:4] == b"PK\x06\x06":
                cd_size, cd_offset = struct.unpack("<2Q", record[40:56])
    fh.seek(cd_offset)
    directory = fh.read(cd_size)
    patches: dict[int, int] = {}
    i = 0
    while i + 46 <= len(directory) and directory[i:i + 4] == b"PK\x01\x02":
        flags = struct.unpack_from("<H", directory, i + 8)[0]
        name_len, extra_len, comment_len = struct.unpack_from("<3H", directory, i + 28)
        local = struct.unpack_from("<L", directory, i + 42)[0]
        name = directory[i + 46:i + 46 + name_len]
        if flags & 0x0800:
            try:
                name.decode("utf-8")
            except UnicodeDecodeError:
                patches[cd_offset + i + 9] = directory[i + 9] & ~0x08
                fh.seek(local + 7)
                local_high = fh.read(1)
                if local_high:
                    patches[local + 7] = local_high[0] & ~0x08
        i += 46 + name_len + extra_len + comment_len
    return patches


def _open_zip(path: Path, stack: ExitStack) -> zipfile.ZipFile:
    try:
        return stack.enter_context(zipfile.ZipFile(path))
    except UnicodeDecodeError:
        fh = stack.enter_context(path.open("rb"))
        patched = _PatchedReader(fh, _utf8_flag_patches(fh))
        return stack.enter_context(zipfile.ZipFile(patched))


def _zip_entries(zf: zipfile.ZipFile) -> Iterator[_Entry]:
    for info in zf.infolist():
        if info.is_dir():
            continue
        # Without the UTF-8 flag zipfile decoded the bytes as cp437, which maps every byte, so
        # encoding back gives the original bytes.
        raw = info.orig_filename.encode("utf-8" if info.flag_bits & 0x0800 else "cp437")
        display, parts, unsafe = _names_from_bytes(raw)

        def read(limit: int, info: zipfile.ZipInfo = info) -> bytes:
            with zf.open(info) as fh:
                return fh.read(limit)

        yield _Entry(display, parts, info.file_size, _zip_time(info), read, unsafe=unsafe)


def _folder_entries(root: Path) -> Iterator[_Entry]:
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs.sort()
        here = Path(folder)
        linked = [d for d in dirs if (here / d).is_symlink()]
        for name in sorted(files) + linked:
            path = here / name
            raw = os.fsencode(path.relative_to(root))
            display, parts, unsafe = _names_from_bytes(raw)
            if path.is_symlink():
                yield _Entry(display, parts, 0, ZIP_EPOCH, lambda n: b"", symlink=True)
                continue
            stat = path.stat()

            def read(limit: int, path: Path = path) -> bytes:
                with path.open("rb") as fh:
                    return fh.read(limit)

            yield _Entry(display, parts, stat.st_size, datetime.fromtimestamp(stat.st_mtime, UTC),
                         read, unsafe=unsafe)


# ---------------------------------------------------------------------------------------------
# Checking one notebook


def released_grade_ids(course: Path) -> dict[str, frozenset[str]]:
    """assignment -> grade ids of its graded and answer cells, from ``release/<a>/<a>.ipynb``.

    Only graded and answer cells count: introduction and instruction cells have the same ids in
    every notebook of the course, so they say nothing about which assignment a notebook is.
    """
    out = {}
    for file in sorted((course / "release").glob("*/*.ipynb")):
        if file.stem != file.parent.name:
            continue
        try:
            nb = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise IntakeError(f"{file}: cannot read the released notebook: {exc}") from exc
        ids = set()
        for meta in _nbgrader_metadata(nb):
            if meta.get("grade") or meta.get("solution"):
                ids.add(meta.get("grade_id"))
        out[file.stem] = frozenset(i for i in ids if isinstance(i, str))
    return out


def _nbgrader_metadata(nb: dict[str, Any]) -> Iterator[dict[str, Any]]:
    cells = nb.get("cells")
    for cell in cells if isinstance(cells, list) else []:
        meta = cell.get("metadata") if isinstance(cell, dict) else None
        nbg = meta.get("nbgrader") if isinstance(meta, dict) else None
        if isinstance(nbg, dict):
            yield nbg


def check_notebook(data: bytes, assignment: str, released: dict[str, frozenset[str]]) -> str | None:
    """Why this file cannot be graded as ``assignment``, or None when it can."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"not a notebook: the file is not UTF-8 text (bad byte at position {exc.start})"
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as exc:
        return (f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); the file is "
                "damaged or was only partly uploaded. Ask the learner to download and resubmit it")
    except RecursionError:
        return "not valid JSON: it is nested too deeply to read"
    if not isinstance(nb, dict) or "cells" not in nb:
        return "not a Jupyter notebook: the JSON has no 'cells'"
    if nb.get("nbformat") != 4:
        return f"not an nbformat 4 notebook (nbformat is {nb.get('nbformat')!r})"
    cells = nb["cells"]
    kinds = {"code", "markdown", "raw"}
    if not isinstance(cells, list) or not all(
            isinstance(c, dict) and c.get("cell_type") in kinds for c in cells):
        return ("not a valid nbformat 4 notebook: 'cells' must be a list of code, markdown or "
                "raw cells")
    ids = {m.get("grade_id") for m in _nbgrader_metadata(nb)}
    own = len(ids & released[assignment])
    others = {a: len(ids & g) for a, g in released.items() if a != assignment}
    best = max(others, key=lambda a: (others[a], a), default=None)
    if best is not None and others[best] > own:
        return f"this notebook belongs to assignment {best}, not {assignment}"
    if own == 0:
        return (f"none of its cells are the answer cells of {assignment} (no matching nbgrader "
                "grade ids): it is not the notebook released for this assignment")
    return None


def _likely_assignment(entry: _Entry, released: dict[str, frozenset[str]]) -> str:
    """A hint for a misnamed notebook ("Untitled.ipynb"): which assignment its cells are from."""
    if entry.size > MAX_NOTEBOOK_BYTES:
        return ""
    try:
        nb = json.loads(_without_bom(entry.read(MAX_NOTEBOOK_BYTES)).decode("utf-8"))
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError,
            UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return ""
    if not isinstance(nb, dict):
        return ""
    ids = {m.get("grade_id") for m in _nbgrader_metadata(nb)}
    overlap = {a: len(ids & g) for a, g in released.items()}
    best = max(overlap, key=lambda a: (overlap[a], a), default=None)
    if best is None or not overlap[best]:
        return ""
    return (f"; its cells are those of {best}: ask the learner to resubmit it as {best}.ipynb, "
            "or rename the file and run intake again")


def _attempt_time(value: str | None) -> datetime | None:
    numbers = re.findall(r"\d+", value or "")
    if len(numbers) < 6:
        return None
    try:
        return datetime(*(int(n) for n in numbers[:6]), tzinfo=UTC)
    except ValueError:
        return None


def _parse_timestamp(text: str) -> datetime | None:
    """A time as nbgrader writes it in timestamp.txt (other ISO-like forms accepted)."""
    from dateutil import parser as dateparser  # nbgrader's own parser for timestamp.txt

    try:
        when = dateparser.parse(text.strip())
    except (ValueError, OverflowError):
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def format_timestamp(when: datetime) -> str:
    """nbgrader's timestamp.txt format, in UTC."""
    return when.astimezone(UTC).strftime(TIMESTAMP_FORMAT)


def _assignment_of(filename: str, assignments: set[str]) -> tuple[str | None, int]:
    """(assignment, duplicate number) from an uploaded file name such as ``name-1.ipynb``."""
    stem = filename[: -len(".ipynb")] if filename.lower().endswith(".ipynb") else filename
    stem = stem.strip()
    if stem in assignments:
        return stem, 0
    suffix = DUPLICATE_SUFFIX.search(stem)
    if suffix:
        base = stem[: suffix.start()].strip()
        if base in assignments:
            return base, int(re.sub(r"\D", "", suffix.group()))
    return None, 0


def _is_junk(parts: tuple[str, ...]) -> bool:
    return (any(p in JUNK_DIRS for p in parts[:-1]) or parts[-1] in JUNK_FILES
            or parts[-1].startswith("._"))


def _tree_match(parts: tuple[str, ...], assignments: set[str]) -> tuple[str, str] | None:
    """(learner, assignment) for ``<learner>/<assignment>/<assignment>.ipynb``, else None."""
    if len(parts) >= 3 and parts[-1] == f"{parts[-2]}.ipynb" and parts[-2] in assignments:
        return parts[-3], parts[-2]
    return None


# ---------------------------------------------------------------------------------------------
# Writing


def _write_atomically(dest: Path, data: bytes) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _without_bom(data: bytes) -> bytes:
    """Some Windows editors start a notebook with a byte-order mark, which nbformat rejects."""
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


def _read_if_exists(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


# ---------------------------------------------------------------------------------------------
# Intake


def intake(source: Path, course: Path, assignments: set[str],
           patterns: list[LmsPattern] | None = None, *, learner_map: dict[str, str] | None = None,
           progress: Callable[[int, int], None] | None = None) -> IntakeResult:
    """Check every file of an LMS download (zip or folder) and place the usable notebooks.

    ``source`` may also be an nbgrader-style tree ``<learner>/<assignment>/<assignment>.ipynb``
    (with optional ``timestamp.txt``); that layout is used when no file matches an LMS pattern.
    ``learner_map`` renames LMS ids (e.g. to a course roster's ids); unmapped ids are kept.
    ``progress(done, total)`` is called as files are checked. Raises IntakeError only when intake
    cannot start; every problem with the download itself becomes a ``Rejected`` entry.
    """
    source, course = Path(source), Path(course)
    patterns = list(DEFAULT_PATTERNS if patterns is None else patterns)
    learner_map = learner_map or {}
    if not source.exists():
        raise IntakeError(f"{source}: no such file or folder")
    submitted = (course / "submitted").resolve()
    if source.is_dir() and source.resolve().is_relative_to(submitted):
        raise IntakeError(f"{source} is inside the course's submitted/ folder; intake reads an LMS "
                          "download or another course's tree, not its own output")
    released = released_grade_ids(course)
    missing = sorted(a for a in assignments if a not in released)
    if missing:
        raise IntakeError(
            f"no released notebook for {', '.join(missing)} in {course / 'release'}: "
            "run `tic-course build --release` first (intake compares submissions with it)")
    if not assignments:
        raise IntakeError("no assignments to take in")
    for lms_id, learner in learner_map.items():
        if not SAFE_ID.fullmatch(learner):
            raise IntakeError(f"learner map: {learner!r} (for {lms_id!r}) cannot be used as a "
                              "learner id: use letters, digits, '.', '_', '-', '@' or '+'")

    result = IntakeResult()
    with ExitStack() as stack:
        if source.is_dir():
            entries = list(_folder_entries(source))
            what = "folder"
        else:
            try:
                zf = _open_zip(source, stack)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError,
                    struct.error) as exc:
                reason = (f"not a readable zip file ({exc}); download it again from the LMS"
                          if zipfile.is_zipfile(source) or source.suffix.lower() == ".zip"
                          else "not a zip file or a folder; give the LMS bulk download (.zip)")
                result.rejected.append(Rejected(str(source), reason))
                return result
            entries = list(_zip_entries(zf))
            what = "zip file"
        if not entries:
            result.rejected.append(
                Rejected(str(source), f"the {what} is empty: no submissions found"))
            return result
        candidates = _check_entries(entries, assignments, patterns, learner_map, released, result,
                                    progress)
        if not candidates and not result.rejected:
            result.rejected.append(Rejected(str(source), f"the {what} holds only system files "
                                            "(__MACOSX, .DS_Store and the like): no submissions"))
        _place(candidates, course, result)
    result.placed.sort(key=lambda p: (p[0], p[1]))
    result.rejected.sort(key=lambda r: r.source)
    return result


def _check_entries(entries: list[_Entry], assignments: set[str], patterns: list[LmsPattern],
                   learner_map: dict[str, str], released: dict[str, frozenset[str]],
                   result: IntakeResult,
                   progress: Callable[[int, int], None] | None) -> list[_Candidate]:
    """Every usable notebook, with everything else added to ``result.rejected``."""
    lms = any(not e.unsafe and e.parts and any(p.match(e.parts) for p in patterns) for e in entries)
    stamps = {} if lms else {e.parts[:-1]: e for e in entries
                             if e.parts and e.parts[-1] == "timestamp.txt"}
    expected = ", ".join(sorted(assignments))
    candidates = []

    def reject(entry: _Entry, reason: str) -> None:
        result.rejected.append(Rejected(entry.display, reason))

    for done, entry in enumerate(entries, 1):
        if progress and (done % 250 == 0 or done == len(entries)):
            progress(done, len(entries))
        if entry.unsafe:
            reject(entry, "unsafe path: it points outside the download (absolute or '..'); "
                          "not used")
            continue
        if not entry.parts or _is_junk(entry.parts):
            continue
        if entry.symlink:
            reject(entry, "a symbolic link; links are not followed")
            continue
        filename = entry.parts[-1]
        if not lms and filename == "timestamp.txt" and entry.parts[:-1] in stamps:
            continue
        if not filename.lower().endswith(".ipynb"):
            reject(entry, "not a notebook (only .ipynb files are graded)")
            continue
        attempt = None
        if lms:
            found = next((m for p in patterns if (m := p.match(entry.parts))), None)
            if found is None:
                names = ", ".join(p.name for p in patterns)
                reject(entry, f"the file name matches none of the LMS naming patterns ({names}), "
                              "so the learner is unknown")
                continue
            lms_id, filename = found.group("learner"), found.group("filename")
            attempt = _attempt_time(found.groupdict().get("attempt"))
            assignment, order = _assignment_of(filename, assignments)
        else:
            tree = _tree_match(entry.parts, assignments)
            if tree is None:
                if _assignment_of(filename, assignments)[0] is None:
                    reject(entry, f"{filename} is not a notebook for any assignment in this "
                                  f"course (expected one of {expected})")
                else:
                    names = ", ".join(p.name for p in patterns)
                    reject(entry, f"the file name matches none of the LMS naming patterns "
                                  f"({names}) and it is not in the "
                                  "<learner>/<assignment>/<assignment>.ipynb layout, so the "
                                  "learner is unknown")
                continue
            lms_id, assignment, order = tree[0], tree[1], 0
        if assignment is None:
            reject(entry, f"{filename} is not a notebook for any assignment in this course "
                          f"(expected one of {expected}){_likely_assignment(entry, released)}")
            continue
        learner = learner_map.get(lms_id, lms_id)
        if not SAFE_ID.fullmatch(learner):
            reject(entry, f"learner id {learner!r} cannot be used as a folder name")
            continue
        if entry.size > MAX_NOTEBOOK_BYTES:
            reject(entry, f"the file is {entry.size / 1e6:.1f} MB, over the "
                          f"{MAX_NOTEBOOK_BYTES // 2**20} MB limit for a notebook")
            continue
        try:
            data = entry.read(MAX_NOTEBOOK_BYTES + 1)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError,
                NotImplementedError) as exc:
            reject(entry, f"could not be read from the download ({exc}); download it again")
            continue
        if len(data) > MAX_NOTEBOOK_BYTES:
            reject(entry, f"the file is over the {MAX_NOTEBOOK_BYTES // 2**20} MB limit for a "
                          "notebook")
            continue
        problem = check_notebook(_without_bom(data), assignment, released)
        if problem:
            reject(entry, problem)
            continue
        when = attempt or entry.when
        stamp = stamps.get(entry.parts[:-1])
        if stamp is not None:
            with suppress(zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError):
                when = _parse_timestamp(stamp.read(1000).decode("utf-8", "replace")) or when
        candidates.append(_Candidate(entry, learner, assignment, when, order))
    return candidates


def _place(candidates: list[_Candidate], course: Path, result: IntakeResult) -> None:
    """Keep each learner's latest attempt per assignment and write it unless it is unchanged."""
    groups: dict[tuple[str, str], list[_Candidate]] = {}
    for c in candidates:
        groups.setdefault((c.learner, c.assignment), []).append(c)
    for (learner, assignment), group in sorted(groups.items()):
        group.sort(key=lambda c: (c.when, c.order, c.entry.display))
        kept = group[-1]
        for older in group[:-1]:
            result.rejected.append(Rejected(older.entry.display, (
                f"older attempt; kept {kept.entry.display} (submitted "
                f"{format_timestamp(kept.when)})")))
        folder = course / "submitted" / learner / assignment
        dest, stamp_file = folder / f"{assignment}.ipynb", folder / "timestamp.txt"
        stamp = format_timestamp(kept.when).encode()
        old_stamp = _read_if_exists(stamp_file)
        existing = _parse_timestamp(old_stamp.decode("utf-8", "replace")) if old_stamp else None
        if existing is not None and existing > kept.when:
            result.rejected.append(Rejected(kept.entry.display, (
                f"older attempt; kept the submission already in {dest} (submitted "
                f"{format_timestamp(existing)})")))
            continue
        data = _without_bom(kept.entry.read(MAX_NOTEBOOK_BYTES + 1))
        if _read_if_exists(dest) == data and old_stamp == stamp:
            result.skipped_unchanged += 1
            continue
        _write_atomically(dest, data)
        _write_atomically(stamp_file, stamp)
        result.placed.append((learner, assignment, dest))


# ---------------------------------------------------------------------------------------------
# Command line


def read_learner_map(path: Path) -> dict[str, str]:
    """A CSV with the columns ``lms_id`` and ``learner_id`` -> {lms_id: learner_id}."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise IntakeError(f"{path}: cannot read the learner map: {exc}") from exc
    if not rows or not {"lms_id", "learner_id"} <= set(rows[0]):
        raise IntakeError(f"{path}: the learner map needs a header row with the columns "
                          "lms_id,learner_id")
    out = {}
    for line, row in enumerate(rows, 2):
        lms_id, learner = (row.get("lms_id") or "").strip(), (row.get("learner_id") or "").strip()
        if not lms_id or not learner:
            raise IntakeError(f"{path}:{line}: both lms_id and learner_id are needed")
        out[lms_id] = learner
    return out


def _parse_pattern(text: str) -> LmsPattern:
    name, sep, regex = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError("use NAME=REGEX")
    try:
        return LmsPattern(name, regex)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def main(argv: list[str] | None = None) -> int:
    from tic_course.cli import COURSE

    parser = argparse.ArgumentParser(
        prog="python -m tic_course.grading.intake",
        description="Check an LMS bulk download (Canvas, Moodle or Blackboard zip or folder, or "
                    "an nbgrader-style <learner>/<assignment>/<assignment>.ipynb tree) and place "
                    "each usable notebook in COURSE/submitted/<learner>/<assignment>/ with a "
                    "timestamp.txt, ready for `nbgrader autograde`. Every file that cannot be "
                    "used is listed with the reason. Running it again changes nothing.",
        epilog="Exit status: 0 when at least one notebook was placed or all were already in "
               "place, 1 when nothing usable was found, 2 when intake could not start.",
    )
    parser.add_argument("source", type=Path, help="the LMS download: a .zip file or a folder")
    parser.add_argument("--course", type=Path, default=COURSE,
                        help="nbgrader course root with release/ (default: grading/)")
    parser.add_argument("--assignment", action="append", metavar="ID",
                        help="take in only this assignment (repeatable; default: every "
                             "assignment released in COURSE/release/)")
    parser.add_argument("--learner-map", type=Path, metavar="CSV",
                        help="CSV with columns lms_id,learner_id to rename LMS ids")
    parser.add_argument("--pattern", action="append", type=_parse_pattern, default=[],
                        metavar="NAME=REGEX",
                        help="an extra LMS naming pattern with the groups learner and filename, "
                             "tried before the built-in canvas, moodle and blackboard patterns")
    parser.add_argument("--quiet", action="store_true", help="no progress messages")
    args = parser.parse_args(argv)

    def show_progress(done: int, total: int) -> None:
        print(f"checked {done} of {total} files", file=sys.stderr, flush=True)

    try:
        learner_map = read_learner_map(args.learner_map) if args.learner_map else None
        assignments = set(args.assignment or released_grade_ids(args.course))
        if not assignments:
            raise IntakeError(f"no released notebooks in {args.course / 'release'}: run "
                              "`tic-course build --release` first")
        result = intake(args.source, args.course, assignments,
                        [*args.pattern, *DEFAULT_PATTERNS], learner_map=learner_map,
                        progress=None if args.quiet else show_progress)
    except (IntakeError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    learners = len({p[0] for p in result.placed})
    print(f"{args.source}: placed {len(result.placed)} notebook(s) for {learners} learner(s) in "
          f"{args.course / 'submitted'}; {result.skipped_unchanged} unchanged; "
          f"{len(result.rejected)} rejected.")
    for r in result.rejected:
        print(f"REJECTED {r.source}: {r.reason}")
    return 0 if result.placed or result.skipped_unchanged else 1


if __name__ == "__main__":
    sys.exit(main())
