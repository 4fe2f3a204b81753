"""Reading an LMS download, a zip file or an unpacked folder, as a list of entries.

Both kinds become the same ``Entry`` (name, size, time, a way to read it), so every later check
is written once. Nothing is extracted to disk: entries are read in memory, at most a little over
the size limit each, so a hostile zip cannot write outside the download or fill the disk. Zips
made on other systems are read as leniently as possible (names in unknown encodings, a wrongly
set UTF-8 flag), because refusing the archive would lose every other learner's submission.
"""

from __future__ import annotations

import io
import os
import re
import stat
import struct
import zipfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from tic_course.grading.intake.outcome import Unusable
from tic_course.grading.intake.unpack_safety import escapes_download

ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=UTC)


@dataclass
class Entry:
    """One file of the download, whether it came from a zip or a folder."""

    display: str  # the path as shown to the educator (backslash escapes for non-UTF-8 bytes)
    parts: tuple[str, ...]  # path components, decoded leniently, for matching
    size: int
    when: datetime  # UTC
    read: Callable[[int], bytes]  # read at most n bytes
    unsafe: bool = False
    symlink: bool = False
    special: str = ""  # "a named pipe (FIFO)" and the like: never opened
    compressed: int | None = None  # a zip entry's compressed size, for the bomb check


def read_download(source: Path, stack: ExitStack) -> tuple[list[Entry], str]:
    """(entries, "folder" or "zip file") of ``source``; the zip stays open in ``stack``.

    Raises Unusable, with advice for the educator, when ``source`` is not a readable zip.
    """
    if source.is_dir():
        return list(_folder_entries(source)), "folder"
    try:
        zf = _open_zip(source, stack)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError,
            struct.error) as exc:
        raise Unusable(f"not a readable zip file ({exc}); download it again from the LMS"
                       if zipfile.is_zipfile(source) or source.suffix.lower() == ".zip"
                       else "not a zip file or a folder; give the LMS bulk download (.zip)") from exc
    return list(_zip_entries(zf)), "zip file"


def _names_from_bytes(raw: bytes) -> tuple[str, tuple[str, ...], bool]:
    """(display name, path parts, unsafe?) from a file name's raw bytes.

    A zip records names as bytes in an unknown encoding unless the UTF-8 flag is set; many tools
    write UTF-8 without the flag, so UTF-8 is tried first. Names that are not UTF-8 are shown
    with backslash escapes, which are unambiguous and never crash a terminal.
    """
    display = raw.decode("utf-8", errors="backslashreplace")
    lenient = raw.decode("utf-8", errors="replace")
    # Windows tools sometimes write backslashes as separators, which would hide a "..".
    parts = tuple(p for p in re.split(r"[/\\]", lenient) if p not in {"", "."})
    return display, parts, escapes_download(lenient, parts)


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


def _zip_entries(zf: zipfile.ZipFile) -> Iterator[Entry]:
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

        yield Entry(display, parts, info.file_size, _zip_time(info), read, unsafe=unsafe,
                    compressed=info.compress_size)


def _folder_entries(root: Path) -> Iterator[Entry]:
    """Every file under ``root`` in a stable order; links are listed, never followed.

    Each path is examined with ``lstat`` before anything opens it: opening a named pipe blocks
    until someone writes to it, and a device can be endless, so anything but a regular file is
    listed as special and never opened.
    """
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs.sort()
        here = Path(folder)
        linked = [d for d in dirs if (here / d).is_symlink()]
        for name in sorted(files) + linked:
            path = here / name
            raw = os.fsencode(path.relative_to(root))
            display, parts, unsafe = _names_from_bytes(raw)
            try:
                info = path.lstat()
            except OSError:
                continue  # vanished while being listed
            if stat.S_ISLNK(info.st_mode):
                yield Entry(display, parts, 0, ZIP_EPOCH, lambda n: b"", symlink=True)
                continue
            if not stat.S_ISREG(info.st_mode):
                yield Entry(display, parts, 0, ZIP_EPOCH, lambda n: b"", unsafe=unsafe,
                            special=_SPECIAL.get(stat.S_IFMT(info.st_mode), "a special file"))
                continue

            def read(limit: int, path: Path = path) -> bytes:
                # O_NOFOLLOW | O_NONBLOCK: a file swapped for a link or a pipe after lstat
                # fails or returns at once instead of being followed or blocking.
                fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
                with os.fdopen(fd, "rb") as fh:
                    if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                        raise OSError(f"{path} is no longer a regular file")
                    return fh.read(limit)

            yield Entry(display, parts, info.st_size, datetime.fromtimestamp(info.st_mtime, UTC),
                        read, unsafe=unsafe)


_SPECIAL = {stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFSOCK: "a socket",
            stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device"}
