"""Is this file the notebook released for its assignment? Checked before nbgrader ever sees it.

``nbgrader autograde`` grades whatever it finds, and fails on a damaged file with a traceback the
educator cannot act on, and one odd value would stop the whole batch later. So each file is
checked here: UTF-8, JSON, nbformat 4, every value of the type nbgrader and nbformat expect, and
carrying the answer cells (nbgrader grade ids) of its assignment rather than another's. Every
problem rejects that file alone, with a sentence that says what is wrong.

Limits (values no real notebook comes near; each would otherwise crash or stall a later step):
``MAX_JSON_DEPTH`` levels of nesting, integers up to ``MAX_INTEGER`` (Python refuses to read
integers of more than 4,300 digits at all), and no lone UTF-16 surrogates (``"\\ud800"``),
which JSON allows but no UTF-8 file, CSV export or web page can hold.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tic_course.grading.intake.outcome import IntakeError

MAX_JSON_DEPTH = 64  # a notebook with widget state nests about 12 deep
MAX_INTEGER = 2**63  # execution counts, nbformat versions and points are small numbers
_BOOL_FIELDS = ("grade", "solution", "locked", "task")


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
        out[file.stem] = frozenset(
            m["grade_id"] for m in _nbgrader_metadata(nb)
            if (m.get("grade") or m.get("solution")) and isinstance(m.get("grade_id"), str))
    return out


def _grade_ids(nb: dict[str, Any]) -> set[str]:
    """The grade ids a notebook's cells carry; anything that is not text is not an id."""
    return {m["grade_id"] for m in _nbgrader_metadata(nb) if isinstance(m.get("grade_id"), str)}


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
    except ValueError:  # Python refuses integers of more than 4,300 digits
        return ("not usable JSON: it holds an integer of thousands of digits, far larger than "
                "any value a notebook holds")
    problem = _odd_value(nb)
    if problem:
        return problem
    if not isinstance(nb, dict) or "cells" not in nb:
        return "not a Jupyter notebook: the JSON has no 'cells'"
    if nb.get("nbformat") != 4:
        version = nb.get("nbformat")
        shown = repr(version) if isinstance(version, int | float | str | None) else "not a number"
        return f"not an nbformat 4 notebook (nbformat is {shown[:40]})"
    cells = nb["cells"]
    kinds = ("code", "markdown", "raw")
    if not isinstance(cells, list) or not all(
            isinstance(c, dict) and isinstance(c.get("cell_type"), str)
            and c["cell_type"] in kinds for c in cells):
        return ("not a valid nbformat 4 notebook: 'cells' must be a list of code, markdown or "
                "raw cells")
    for number, cell in enumerate(cells, 1):
        problem = _cell_problem(cell)
        if problem:
            return f"cell {number}: {problem}; the notebook was edited outside Jupyter"
    ids = _grade_ids(nb)
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
    except (UnicodeDecodeError, ValueError, RecursionError):
        return ""
    if not isinstance(nb, dict):
        return ""
    ids = _grade_ids(nb)
    overlap = {a: len(ids & g) for a, g in released.items()}
    best = max(overlap, key=lambda a: (overlap[a], a), default=None)
    if best is None or not overlap[best]:
        return ""
    return (f"; its cells are those of {best}: ask the learner to resubmit it as {best}.ipynb, "
            "or rename the file and run intake again")


def _odd_value(value: Any) -> str | None:
    """Why a parsed JSON value cannot be carried further (depth, huge integer, lone surrogate).

    Walked with an explicit stack, not recursion, so no notebook can exhaust Python's stack.
    """
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return f"not usable JSON: nested more than {MAX_JSON_DEPTH} levels deep"
        if isinstance(item, dict):
            stack.extend((k, depth + 1) for k in item)
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
        elif isinstance(item, bool):
            continue
        elif isinstance(item, int) and abs(item) >= MAX_INTEGER:
            return (f"not usable JSON: an integer of {len(str(abs(item)))} digits, far larger "
                    "than any value a notebook holds")
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return ("not usable JSON: it holds a lone UTF-16 surrogate (an escape such as "
                        "\\ud800 with no partner), which is not a character")
    return None


def _cell_problem(cell: dict[str, Any]) -> str | None:
    """Why one cell's fields are not of the types nbformat and nbgrader read, or None."""
    source = cell.get("source", "")
    if not (isinstance(source, str)
            or isinstance(source, list) and all(isinstance(line, str) for line in source)):
        return "its source is not text"
    meta = cell.get("metadata", {})
    if not isinstance(meta, dict):
        return "its metadata is not a mapping"
    nbg = meta.get("nbgrader")
    if nbg is None:
        return None
    if not isinstance(nbg, dict):
        return "its nbgrader metadata is not a mapping"
    if "grade_id" in nbg and not isinstance(nbg["grade_id"], str):
        return f"its nbgrader grade_id is {type(nbg['grade_id']).__name__}, not text"
    for name in _BOOL_FIELDS:
        if name in nbg and not isinstance(nbg[name], bool):
            return f"its nbgrader '{name}' is {type(nbg[name]).__name__}, not true or false"
    points = nbg.get("points", 0)
    if isinstance(points, bool) or not isinstance(points, int | float) or points != points \
            or abs(points) == float("inf"):
        return f"its nbgrader points are {str(points)[:20]!r}, not a number of points"
    return None
