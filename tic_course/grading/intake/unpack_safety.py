"""Which files of a download intake may touch at all, and how much of each it reads.

A bulk download is untrusted input: a zip can name paths outside itself (``../``, ``/etc``,
``C:``), a folder can hold symbolic links to anywhere or a named pipe that blocks whoever opens
it, a file can be huge or a zip bomb, and archives made on a Mac or Windows carry system files
nobody submitted. Unsafe paths, links and special files are rejected with a reason; system files
are skipped silently (they are not submissions).

The limits, each checked before the file is read:

- ``MAX_NOTEBOOK_BYTES`` per file: every read stops one byte past it, so an oversized file is
  detected without reading it, and a zip entry cannot inflate past its declared size (Python's
  zipfile stops there), so declared sizes bound the work;
- ``MAX_COMPRESSION_RATIO`` for a zip entry over ``RATIO_CHECK_BYTES``: deflate, the method LMS
  zips use, cannot compress more than about 1,032 times (a notebook full of one repeated output
  line comes close, and is the sanitiser's business); only a bzip2 or LZMA bomb goes further;
- ``MAX_ENTRIES`` and ``MAX_DOWNLOAD_BYTES`` for the whole download (a cohort of 500 learners
  with 15 notebooks each is 7,500 files and well under 2 GiB);
- ``MAX_NAME_CHARS`` and ``MAX_PATH_PARTS`` per path: LMS names are short and at most two folders
  deep; longer names only serve to fill terminals and reports.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from typing import TYPE_CHECKING

from tic_course.grading.intake.outcome import Unusable

if TYPE_CHECKING:
    from tic_course.grading.intake.download import Entry

MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024
MAX_COMPRESSION_RATIO = 1100
RATIO_CHECK_BYTES = 1024 * 1024
MAX_ENTRIES = 20_000
MAX_DOWNLOAD_BYTES = 4 * 1024**3
MAX_NAME_CHARS = 400
MAX_PATH_PARTS = 6
JUNK_DIRS = frozenset({"__MACOSX", ".ipynb_checkpoints", ".Trash", ".Spotlight-V100"})
JUNK_FILES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini", ".localized"})
# What reading one entry of a damaged or exotic zip (or a vanished file) can raise.
READ_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError)


def escapes_download(name: str, parts: tuple[str, ...]) -> bool:
    """Whether a file name points outside the download: absolute, a drive letter, or ``..``."""
    return name.startswith(("/", "\\")) or bool(re.match(r"[A-Za-z]:", name)) or ".." in parts


def is_junk(parts: tuple[str, ...]) -> bool:
    """System files (Finder, Windows Explorer, Jupyter checkpoints) that nobody submitted."""
    return (any(p in JUNK_DIRS for p in parts[:-1]) or parts[-1] in JUNK_FILES
            or parts[-1].startswith("._"))


def download_too_big(entries: list[Entry]) -> str | None:
    """Why the whole download is refused before any file is read, or None."""
    if len(entries) > MAX_ENTRIES:
        return (f"it holds {len(entries)} files, over the limit of {MAX_ENTRIES}: not a "
                "submission download; nothing was read")
    total = sum(e.size for e in entries)
    if total > MAX_DOWNLOAD_BYTES:
        return (f"its files add up to {total / 2**30:.1f} GiB, over the limit of "
                f"{MAX_DOWNLOAD_BYTES // 2**30} GiB; nothing was read")
    return None


def worth_checking(entry: Entry) -> bool:
    """False for files to skip silently; raises Unusable for unsafe paths, links, bombs."""
    if entry.unsafe:
        raise Unusable("unsafe path: it points outside the download (absolute or '..'); not used")
    if not entry.parts or is_junk(entry.parts):
        return False
    if len(entry.display) > MAX_NAME_CHARS or len(entry.parts) > MAX_PATH_PARTS:
        raise Unusable(f"the path is over {MAX_NAME_CHARS} characters or {MAX_PATH_PARTS} "
                       "folders deep: not an LMS name; not used")
    if entry.symlink:
        raise Unusable("a symbolic link; links are not followed")
    if entry.special:
        raise Unusable(f"not a regular file ({entry.special}); not opened")
    ratio = entry.size / max(entry.compressed, 1) if entry.compressed is not None else 0
    if entry.size > RATIO_CHECK_BYTES and ratio > MAX_COMPRESSION_RATIO:
        raise Unusable(f"compressed {ratio:.0f} times, over the limit of {MAX_COMPRESSION_RATIO}: "
                       "a zip bomb or a damaged entry; not read")
    return True


def read_notebook_bytes(entry: Entry) -> bytes:
    """The file's bytes, or Unusable when it is over the size limit or cannot be read.

    The declared size is checked first (cheap), then the bytes actually read, because a zip can
    declare a small size and inflate to far more.
    """
    if entry.size > MAX_NOTEBOOK_BYTES:
        raise Unusable(f"the file is {entry.size / 1e6:.1f} MB, over the "
                       f"{MAX_NOTEBOOK_BYTES // 2**20} MB limit for a notebook")
    try:
        data = entry.read(MAX_NOTEBOOK_BYTES + 1)
    except READ_ERRORS as exc:
        raise Unusable(f"could not be read from the download ({exc}); download it again") from exc
    if len(data) > MAX_NOTEBOOK_BYTES:
        raise Unusable(f"the file is over the {MAX_NOTEBOOK_BYTES // 2**20} MB limit for a notebook")
    return data


def peek_notebook(entry: Entry) -> bytes | None:
    """The bytes of a file within the limit, or None: for hints, where failing means no hint."""
    if entry.size > MAX_NOTEBOOK_BYTES:
        return None
    try:
        return entry.read(MAX_NOTEBOOK_BYTES)
    except READ_ERRORS:
        return None
