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

What the learner typed is hostile too, so it is bounded and made inert before anything reads it:

* **Cost.** An answer is a letter list or a few sentences, so an answer cell over
  ``MAX_ANSWER_CHARS`` (20,000) characters, or with brackets nested over ``MAX_NESTING`` (20)
  deep, is marked as unanswered *before* ``ast.parse`` sees it (a crafted 1.2 MB cell made
  ``ast.parse`` take 827 MB). Whatever still defeats the parser (a chain of 5,000 ``+``, a
  5,000-digit integer) is caught and noted, never raised.
* **Characters.** Lone surrogates and control characters in an answer or a reflection become
  U+FFFD (:func:`tic_course.grading.safe_text.clean`), so no file written later can fail on them.
* **Markup.** nbgrader renders a reflection's markdown into the learner's feedback page and the
  educator's formgrader *without* sanitising it (raw HTML, ``javascript:`` links, SVG and
  external images all pass). :func:`literal_markdown` rewrites the reflection so that markdown
  shows it literally: no HTML, no links or images, no maths. Attached files are dropped with a note.

The answer-cell reader and its limits are in :mod:`tic_course.runtime.cells`, shared with the
learner's preview.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Integer, Unicode

from tic_course.grading.safe_text import clean

# One reader of answer cells for marking and for the learner's preview (which says what marking
# will record), so the two can never disagree; it lives in the learner runtime for that reason.
from tic_course.runtime.cells import literal_answer

NOTE_PREFIX = "[tic-note]"
NOTES_HEADING = "**Notes from marking.**"

# A rebuilt reflection sits in a div that MathJax skips (class tex2jax_ignore), so "$5 and $6" or
# "\(" in a reflection stays text; the learner cannot close the div because "<" is escaped.
REFLECTION_OPEN = '<div class="tex2jax_ignore">\n\n'
REFLECTION_CLOSE = "\n\n</div>"
# Characters escaped so markdown shows them literally. "&", "<" and ">" become entities (no HTML
# can start, not even in a code block that nbconvert would pass through raw, such as a mermaid
# block); "\\" becomes an entity so no learner backslash can undo an escape; "[" and "]" are
# backslash-escaped, which makes links, images and link definitions impossible (so no
# javascript:, data: or vbscript: target and no image from another host); "`", "~" and "$"
# are escaped so no code fence or maths can swallow the closing div.
_MARKDOWN_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\\": "&#92;"}
_MARKDOWN_ESCAPES.update({ch: "\\" + ch for ch in "[]`~$"})
_MARKDOWN_UNSAFE = re.compile("[" + re.escape("".join(_MARKDOWN_ESCAPES)) + "]")
_MARKDOWN_ESCAPED = re.compile(r"\\([\[\]`~$])|&(amp|lt|gt|#92);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "#92": "\\"}


def literal_markdown(text: str) -> str:
    """Markdown that renders ``text`` exactly as typed, with no HTML, link, image or maths.

    Paragraphs, lists and emphasis still work, so the educator reads the reflection as the
    learner laid it out; everything that could run script, fetch from another host or hide
    text is shown as the characters the learner typed.
    """
    body = _MARKDOWN_UNSAFE.sub(lambda m: _MARKDOWN_ESCAPES[m.group(0)], clean(text))
    return REFLECTION_OPEN + body + REFLECTION_CLOSE


def reflection_text(source: str) -> str:
    """What the learner typed, from a reflection cell rebuilt by :func:`literal_markdown`.

    Any other source (a blank reflection, the released prompt) is returned unchanged, so
    callers that look for the opt-out phrase need not know how the cell was made safe.
    """
    if not (source.startswith(REFLECTION_OPEN) and source.endswith(REFLECTION_CLOSE)):
        return source
    body = source[len(REFLECTION_OPEN) : len(source) - len(REFLECTION_CLOSE)]
    return _MARKDOWN_ESCAPED.sub(lambda m: m.group(1) or _ENTITIES[m.group(2)], body)


def _variable_of(released_source: str) -> str | None:
    """The answer variable a released answer cell assigns (``answer_3``)."""
    for node in ast.parse(released_source).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            return node.targets[0].id
    return None


def _grade_id(cell: object) -> str | None:
    """The cell's nbgrader grade id, or None for a cell whose shape is anything unexpected."""
    meta = cell.get("metadata") if isinstance(cell, dict) else None
    meta = meta.get("nbgrader") if isinstance(meta, dict) else None
    gid = meta.get("grade_id") if isinstance(meta, dict) else None
    return gid if isinstance(gid, str) else None


def _source_text(cell: dict) -> str | None:
    """The cell's source as one string (nbformat allows a list of lines), None if it is not text."""
    source = cell.get("source", "")
    if isinstance(source, str):
        return source
    if isinstance(source, list) and all(isinstance(line, str) for line in source):
        return "".join(source)
    return None


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
        by_id: dict[str, list[dict]] = {}
        order: list[str] = []
        extra = 0
        known = {_grade_id(c) for c in released.cells}
        cells = submitted.get("cells", [])
        for cell in cells if isinstance(cells, list) else []:
            gid = _grade_id(cell)
            if gid in known:
                by_id.setdefault(gid, []).append(cell)
                order.append(gid)
            elif isinstance(cell, dict) and cell.get("cell_type") == "code" and str(cell.get("source", "")).strip():
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
            source = _source_text(found[-1])
            if found[-1].get("cell_type") != cell.cell_type:
                notes.append(f"the answer cell '{gid}' had been changed to another cell type; marked as unanswered")
            elif source is None:
                notes.append(f"the answer cell '{gid}' did not hold text, so it was marked as unanswered")
            elif cell.cell_type == "markdown":
                self._copy_reflection(cell, found[-1], source, gid, notes)
            else:
                self._copy_answer(cell, source, gid, notes)
        return notes

    def _copy_reflection(self, cell: NotebookNode, submitted: dict, source: str, gid: str, notes: list[str]) -> None:
        """The reflection as text that markdown shows literally; attachments are never copied."""
        attachments = submitted.get("attachments")
        if attachments:
            count = len(attachments) if isinstance(attachments, dict | list) else 1
            notes.append(
                f"the reflection '{gid}' had {count} attached file(s) (such as pasted images); they were "
                "removed, because only typed text is marked"
            )
        if len(source) > self.max_reflection_chars:
            notes.append(f"the reflection '{gid}' was cut to {self.max_reflection_chars} characters")
            source = source[: self.max_reflection_chars]
        if source == cell.source or not source.strip():
            cell.source = source  # untouched or emptied: nbgrader must still see it as unanswered
        else:
            cell.source = literal_markdown(source)

    @staticmethod
    def _copy_answer(cell: NotebookNode, source: str, gid: str, notes: list[str]) -> None:
        variable = _variable_of(cell.source)
        if variable is None:
            return
        value, reasons = literal_answer(source, variable)
        notes.extend(f"answer cell '{gid}': {r}" for r in reasons)
        if value is None:
            return
        if clean(value) != value:
            value = clean(value)
            notes.append(f"answer cell '{gid}': characters that cannot be shown (such as control characters) "
                         "were replaced with \ufffd")
        instructions = [line for line in cell.source.splitlines() if line.startswith("# ")]
        cell.source = "\n".join([*instructions, f"{variable} = {value!r}"])
