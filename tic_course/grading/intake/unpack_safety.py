"""Which files of a download intake may touch at all, and how much of each it reads.

A bulk download is untrusted input: a zip can name paths outside itself (``../``, ``/etc``,
``C:``), a folder can hold symbolic links to anywhere, a file can be huge or a zip bomb, and
archives made on a Mac or Windows carry system files nobody submitted. Unsafe paths and links are
rejected with a reason; system files are skipped silently (they are not submissions); every read
stops one byte past ``MAX_NOTEBOOK_BYTES``, so an oversized file is detected without reading it.
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


def worth_checking(entry: Entry) -> bool:
    """False for files to skip silently; raises Unusable for unsafe paths and links."""
    if entry.unsafe:
        raise Unusable("unsafe path: it points outside the download (absolute or '..'); not used")
    if not entry.parts or is_junk(entry.parts):
        return False
    if entry.symlink:
        raise Unusable("a symbolic link; links are not followed")
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


def read_capped(entry: Entry) -> bytes:
    """The bytes of an entry that already passed ``read_notebook_bytes``, for writing it out."""
    return entry.read(MAX_NOTEBOOK_BYTES + 1)


def peek_notebook(entry: Entry) -> bytes | None:
    """The bytes of a file within the limit, or None: for hints, where failing means no hint."""
    if entry.size > MAX_NOTEBOOK_BYTES:
        return None
    try:
        return entry.read(MAX_NOTEBOOK_BYTES)
    except READ_ERRORS:
        return None
