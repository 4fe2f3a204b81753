"""A file a tool generates from the repository: write it, or with ``--check`` say whether it is current.

The overall reading's weights (``tools.train_band_model``) and the untouched readings
(``tools.untouched_readings``) are both shipped files that must be exactly what their tool
produces; a test runs each tool's ``--check``. Written atomically, so a failed run never leaves
half a file.
"""

from __future__ import annotations

from pathlib import Path

from tic_course import atomic


def write_or_check(target: Path, text: str, check: bool, made_from: str, command: str) -> int:
    """Write ``text`` to ``target`` (0), or with ``check`` write nothing: 0 if it matches, else 1.

    ``made_from`` says what the file is made from ("the development set"), ``command`` how to
    regenerate it; both appear in the message.
    """
    if check:
        stored = target.read_text(encoding="utf-8") if target.exists() else ""
        if stored != text:
            print(f"{target}: differs from what {made_from} produces; run {command}")
            return 1
        print(f"{target}: matches {made_from}")
        return 0
    atomic.write_text(target, text)
    print(f"wrote {target}")
    return 0
