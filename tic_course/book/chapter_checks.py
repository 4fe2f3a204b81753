"""Checks every chapter must pass: required headings, valid knowledge checks, assessed
objectives, a reflection, and citation keys that exist in the bibliography.

Authors run ``tic-course check-chapters book/chapters/<file>.md`` while writing; the
test suite runs the same checks on every chapter in ``_toc.yml``.
"""

from __future__ import annotations

import re
from pathlib import Path

from tic_course.book.course_data import blocks, parse_knowledge_check, parse_objectives

REQUIRED_HEADINGS = ("Learning objectives", "Key takeaways")
# Reference pages in book/chapters/ that teach nothing of their own, so carry no objectives or checks.
REFERENCE_PAGES = frozenset({"glossary"})
CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
BIB_KEY = re.compile(r"^@\w+\{([^,\s]+),", re.MULTILINE)


def bib_keys(bib_files: list[Path]) -> set[str]:
    keys: set[str] = set()
    for f in bib_files:
        keys |= set(BIB_KEY.findall(f.read_text(encoding="utf-8")))
    return keys


def cited_keys(file: Path) -> set[str]:
    text = file.read_text(encoding="utf-8")
    return {k.strip() for group in CITE.findall(text) for k in group.split(",") if k.strip()}


def chapter_objectives(file: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for block in blocks(file, "learning-objectives"):
        found.update(parse_objectives(block.body))
    return found


def knowledge_checks(file: Path) -> dict[str, dict]:
    checks = {}
    for block in blocks(file, "knowledge-check"):
        checks[block.argument] = parse_knowledge_check(block.body)
    return checks


def teaching_chapters(folder: Path) -> list[Path]:
    """The chapters the rules apply to: every ``*.md`` in ``folder`` except the reference pages."""
    return sorted(f for f in Path(folder).glob("*.md") if f.stem not in REFERENCE_PAGES)


def chapter_problems(file: Path, known_keys: set[str], scenario_objectives: set[str] = frozenset()) -> list[str]:
    """Everything wrong with one chapter, as ``file:line: problem`` strings."""
    problems: list[str] = []
    text = file.read_text(encoding="utf-8")
    headings = re.findall(r"^#{2,3}\s+(.+?)\s*$", text, re.MULTILINE)
    for h in REQUIRED_HEADINGS:
        if h not in headings:
            problems.append(f"{file}: missing heading '## {h}'")
    try:
        objectives = chapter_objectives(file)
    except ValueError as exc:
        return [*problems, f"{file}: learning-objectives: {exc}"]
    if not objectives:
        problems.append(f"{file}: no {{learning-objectives}} block")
    assessed: set[str] = set(scenario_objectives)
    for block in blocks(file, "knowledge-check"):
        try:
            data = parse_knowledge_check(block.body)
        except ValueError as exc:
            problems.append(f"{file}:{block.line}: knowledge-check {block.argument!r}: {exc}")
            continue
        for obj in data["objectives"]:
            if obj not in objectives:
                problems.append(
                    f"{file}:{block.line}: knowledge-check {block.argument!r} names "
                    f"objective {obj!r}, which this chapter does not define"
                )
        assessed |= set(data["objectives"])
    if not blocks(file, "knowledge-check"):
        problems.append(f"{file}: no {{knowledge-check}} block")
    for obj in objectives:
        if obj not in assessed:
            problems.append(f"{file}: objective {obj!r} is not assessed by any knowledge check or scenario item")
    if not blocks(file, "reflection"):
        problems.append(f"{file}: no {{reflection}} block")
    for key in sorted(cited_keys(file) - known_keys):
        problems.append(f"{file}: citation key {key!r} is not in the bibliography")
    return problems
