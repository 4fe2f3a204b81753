"""Rebuild each submission from the released notebook before nbgrader runs it.

An nbgrader preprocessor (configured in ``grading/nbgrader_config.py`` as the first step of
``Autograde.sanitize_preprocessors``). Our learners answer by typing text between quote marks, so
a correct submission contains no code of its own. We therefore take the *released* notebook —
trusted structure, locked cells, test cells and nbgrader metadata — and carry over only what the
learner typed: the string literal assigned in each answer cell, and the text of each reflection.

Nothing the learner wrote is ever executed. That one rule disarms every trick a hidden test
could otherwise be fooled by: objects whose ``__eq__`` always returns True, ``str`` subclasses,
code that prints a fake "passed", reads other files, monkeypatches the tests, loops forever,
kills the kernel or prints megabytes. Deleted, duplicated, reordered or added cells and edited
metadata or checksums are repaired from the release. Every repair is recorded as a note that is
logged, shown at the top of the learner's feedback, and listed in the pipeline's summary.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Integer, Unicode

NOTE_PREFIX = "[tic-note]"
NOTES_HEADING = "**Notes from marking.**"


def literal_answer(source: str, variable: str) -> tuple[str | None, list[str]]:
    """The plain string the cell assigns to ``variable``, and what else the cell contained.

    Returns ``(None, reasons)`` when there is no plain-text answer to keep.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        return None, [f"could not be read (Python syntax error on line {exc.lineno}); check the quote marks"]
    value: str | None = None
    other = 0
    not_text = False
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id == variable
        ):
            try:
                candidate = ast.literal_eval(node.value)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                candidate = None
            if type(candidate) is str:  # noqa: E721 - exact type on purpose
                value, not_text = candidate, False
            else:
                value, not_text = None, True
        else:
            other += 1
    reasons = []
    if not_text:
        reasons.append(f"{variable} was not plain text between quote marks, so it was marked as unanswered")
    if other:
        reasons.append(f"{other} other statement(s) in the cell were removed and not run")
    return value, reasons


def _variable_of(released_source: str) -> str | None:
    """The answer variable a released answer cell assigns (``answer_3``)."""
    for node in ast.parse(released_source).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            return node.targets[0].id
    return None


def _grade_id(cell: NotebookNode) -> str | None:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    gid = meta.get("grade_id") if isinstance(meta, dict) else None
    return gid if isinstance(gid, str) else None


class RebuildFromRelease(NbGraderPreprocessor):
    """Replace a submission with the released notebook plus the learner's literal answers."""

    release_dir = Unicode(
        "release",
        help="Folder of released notebooks, relative to the course root (nbgrader runs "
        "preprocessors from the course root).",
    ).tag(config=True)
    max_reflection_chars = Integer(20_000, help="Reflections longer than this are cut, with a note.").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        info = resources["nbgrader"]
        path = Path(self.release_dir) / info["assignment"] / f"{info['notebook']}.ipynb"
        released = nbformat.read(path, as_version=4)
        notes = self.rebuild(nb, released)
        for note in notes:
            self.log.warning("%s %s/%s: %s", NOTE_PREFIX, info["assignment"], info["student"], note)
        if notes:
            text = "\n".join([NOTES_HEADING, "", *[f"- {n}" for n in notes]])
            released.cells.insert(0, nbformat.v4.new_markdown_cell(text))
        resources.setdefault("tic", {})["notes"] = notes
        return released, resources

    def rebuild(self, submitted: NotebookNode, released: NotebookNode) -> list[str]:
        """Copy the learner's answers into ``released`` (in place); return the notes."""
        notes: list[str] = []
        by_id: dict[str, list[NotebookNode]] = {}
        order: list[str] = []
        extra = 0
        known = {_grade_id(c) for c in released.cells}
        for cell in submitted.get("cells", []):
            gid = _grade_id(cell)
            if gid in known:
                by_id.setdefault(gid, []).append(cell)
                order.append(gid)
            elif cell.get("cell_type") == "code" and str(cell.get("source", "")).strip():
                extra += 1
        released_order = [g for g in (_grade_id(c) for c in released.cells) if g in set(order)]
        if list(dict.fromkeys(order)) != released_order:
            notes.append("cells had been moved; the original order was used")
        if extra:
            notes.append(f"{extra} code cell(s) added to the notebook were removed and not run")
        for cell in released.cells:
            meta = cell.metadata.get("nbgrader", {})
            if not meta.get("solution"):
                continue  # locked text, the practice cell and test cells come from the release
            gid = meta["grade_id"]
            found = by_id.get(gid, [])
            if not found:
                notes.append(f"the answer cell '{gid}' was missing, so it was marked as unanswered")
                continue
            if len(found) > 1:
                notes.append(f"the answer cell '{gid}' appeared {len(found)} times; the last one was used")
            source = found[-1].get("source", "")
            source = "".join(source) if isinstance(source, list) else str(source)
            if found[-1].get("cell_type") != cell.cell_type:
                notes.append(f"the answer cell '{gid}' had been changed to another cell type; marked as unanswered")
            elif cell.cell_type == "markdown":
                if len(source) > self.max_reflection_chars:
                    notes.append(f"the reflection '{gid}' was cut to {self.max_reflection_chars} characters")
                    source = source[: self.max_reflection_chars]
                cell.source = source
            else:
                self._copy_answer(cell, source, gid, notes)
        return notes

    @staticmethod
    def _copy_answer(cell: NotebookNode, source: str, gid: str, notes: list[str]) -> None:
        variable = _variable_of(cell.source)
        if variable is None:
            return
        value, reasons = literal_answer(source, variable)
        notes.extend(f"answer cell '{gid}': {r}" for r in reasons)
        if value is None:
            return
        instructions = [line for line in cell.source.splitlines() if line.startswith("# ")]
        cell.source = "\n".join([*instructions, f"{variable} = {value!r}"])
