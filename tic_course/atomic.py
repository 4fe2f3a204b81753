"""Write a file or replace a folder so that a crash leaves the old version or the new one.

Every output of the course (notebooks, submissions, ledgers, CSV exports, reports, the learners'
repository) goes through here: a temporary file in the same folder, flushed, then
``os.replace``, which is atomic on one file system. An interrupted run, a full disk or a
read-only folder therefore never leaves half a file where an educator or nbgrader would read it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO


def write_with(dest: Path, write: Callable[[IO[bytes]], None], *, mode: int = 0o644) -> None:
    """Call ``write(fh)`` on a temporary file beside ``dest``, then move it into place."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes(dest: Path, data: bytes, *, mode: int = 0o644) -> None:
    """Write ``data`` to ``dest`` atomically."""
    write_with(dest, lambda fh: fh.write(data), mode=mode)


def write_text(dest: Path, text: str, *, encoding: str = "utf-8", mode: int = 0o644) -> None:
    """Write ``text`` to ``dest`` atomically (UTF-8 unless told otherwise)."""
    write_bytes(dest, text.encode(encoding), mode=mode)


def copy_file(src: Path, dest: Path) -> None:
    """Copy ``src`` to ``dest`` atomically."""

    def copy(fh: IO[bytes]) -> None:
        with Path(src).open("rb") as source:
            shutil.copyfileobj(source, fh)

    write_with(dest, copy)


def replace_folder(built: Path, dest: Path) -> None:
    """Swap a fully built folder into place of ``dest`` (which may not exist yet).

    ``built`` must be on the same file system as ``dest`` (build it beside ``dest``). The old
    folder is renamed aside first and removed only once the new one is in place, so readers see
    the old folder or the new one; at worst a crash leaves the old one under a hidden name.
    """
    built, dest = Path(built), Path(dest)
    old = None
    if dest.exists():
        old = dest.with_name(f".{dest.name}.old.{os.getpid()}")
        if old.exists():
            shutil.rmtree(old)
        dest.rename(old)
    try:
        built.rename(dest)
    except BaseException:
        if old is not None:
            old.rename(dest)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
