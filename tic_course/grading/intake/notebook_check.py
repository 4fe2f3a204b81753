"""Is this file the notebook released for its assignment? Checked before nbgrader ever sees it.

``nbgrader autograde`` grades whatever it finds, and fails on a damaged file with a traceback the
educator cannot act on. So each file is checked here: UTF-8, JSON, nbformat 4, and carrying the
answer cells (nbgrader grade ids) of its assignment rather than another's. Every problem is a
sentence that says what to ask the learner for.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tic_course.grading.intake.outcome import IntakeError


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
    """Each cell's nbgrader metadata, skipping whatever a damaged notebook has instead."""
    cells = nb.get("cells")
    for cell in cells if isinstance(cells, list) else []:
        meta = cell.get("metadata") if isinstance(cell, dict) else None
        nbg = meta.get("nbgrader") if isinstance(meta, dict) else None
        if isinstance(nbg, dict):
            yield nbg


def without_bom(data: bytes) -> bytes:
    """Some Windows editors start a notebook with a byte-order mark, which nbformat rejects."""
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


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


def likely_assignment(data: bytes | None, released: dict[str, frozenset[str]]) -> str:
    """A hint for a misnamed notebook ("Untitled.ipynb"): which assignment its cells are from.

    ``data`` is None when the file could not be read; any problem just means no hint ("").
    """
    if data is None:
        return ""
    try:
        nb = json.loads(without_bom(data).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
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
