"""The course's modules as an LMS sees them: what each SCORM package holds and tracks.

A module is a chapter plus the scenarios listed under it in ``_toc.yml`` (ARCHITECTURE.md,
"module"): the unit a hospital records. We read the table of contents rather than the built
site so that the packages follow the same reading order as the book, and we read the chapters'
own blocks (objectives, knowledge checks) with the parser the book uses, so the package tracks
exactly what is published. Chapters with nothing to track (the glossary, the appendix) are not
modules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tic_course.book.course_data import blocks, parse_objectives
from tic_course.book.knowledge_checks import book_checks
from tic_course.layout import CourseLayout
from tic_course.scenario import ScenarioError, load_scenario

DEFAULT_PASS_MARK = 80  # per cent; README "Delivering through a SCORM LMS" explains the choice
CHAPTER_PREFIX = "book/chapters/"
SCENARIO_PREFIX = "book/scenarios/"


class ModuleError(ValueError):
    """The table of contents or a chapter cannot make a module (the message names file and field)."""


@dataclass(frozen=True)
class Check:
    """One knowledge check: its id and the learning objectives it assesses."""

    check_id: str
    objectives: tuple[str, ...]


@dataclass(frozen=True)
class Scenario:
    """One practice scenario of a module: id, title and the objectives it practises."""

    scenario_id: str
    title: str
    objectives: tuple[str, ...]


@dataclass(frozen=True)
class Module:
    """A chapter and its scenarios, with everything the package reports about them."""

    code: str  # the chapter file's name without .md; also the training record's module code
    title: str
    objectives: dict[str, str]
    checks: tuple[Check, ...]
    scenarios: tuple[Scenario, ...]
    pass_mark: int = DEFAULT_PASS_MARK

    @property
    def pages(self) -> list[str]:
        """The module's pages in reading order, as paths of the built site."""
        return [f"{CHAPTER_PREFIX}{self.code}.html"] + [
            f"{SCENARIO_PREFIX}{s.scenario_id}.html" for s in self.scenarios
        ]

    @property
    def objective_ids(self) -> list[str]:
        """The chapter's objectives and those its scenarios practise (which may be another chapter's)."""
        return sorted(set(self.objectives).union(*(s.objectives for s in self.scenarios)))

    def config(self) -> dict[str, Any]:
        """What the launch page's script needs: pages, the tracked items and the pass mark."""
        titles = [self.title] + [f"Practice: {s.title}" for s in self.scenarios]
        return {
            "code": self.code,
            "title": self.title,
            "passMark": self.pass_mark,
            "pages": [{"href": p, "title": t} for p, t in zip(self.pages, titles, strict=True)],
            "objectives": self.objective_ids,
            "checks": [{"id": c.check_id, "objectives": list(c.objectives)} for c in self.checks],
            "scenarios": [
                {"id": s.scenario_id, "title": s.title, "objectives": list(s.objectives)} for s in self.scenarios
            ],
        }


def _toc_chapters(toc: Path) -> list[tuple[str, list[str]]]:
    """(chapter file, [scenario ids]) for every chapter of ``_toc.yml``, in reading order."""
    try:
        data = yaml.safe_load(toc.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ModuleError(f"{toc}: cannot read the table of contents: {exc}") from None
    found = []
    for part in (data or {}).get("parts") or []:
        for chapter in part.get("chapters") or []:
            name = str(chapter.get("file", ""))
            if not name.startswith(CHAPTER_PREFIX):
                continue
            scenarios = []
            for section in chapter.get("sections") or []:
                sfile = str(section.get("file", ""))
                if not sfile.startswith(SCENARIO_PREFIX) or sfile.endswith("-notebook"):
                    raise ModuleError(f"{toc}: {name}: section {sfile!r} is not a scenario's practice page")
                scenarios.append(sfile[len(SCENARIO_PREFIX) :])
            found.append((name[len(CHAPTER_PREFIX) :], scenarios))
    return found


# Characters XML 1.0 cannot hold: a title with one (Word pastes a manual line break as U+000B)
# would make an imsmanifest.xml that no LMS can read, so it is refused where it is written.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _title(file: Path) -> str:
    text = file.read_text(encoding="utf-8")
    match = re.search(r"^# (.+)$", text, re.MULTILINE)
    if not match:
        raise ModuleError(f"{file}: the chapter has no '# ' title")
    bad = NOT_XML.search(match[1])
    if bad:
        line = text.count("\n", 0, match.start()) + 1
        raise ModuleError(f"{file}:{line}: the chapter title holds the control character U+{ord(bad[0]):04X}, "
                          "which an LMS's manifest cannot carry; retype the title")
    return match[1].strip()


def course_modules(layout: CourseLayout, pass_marks: dict[str, int] | None = None) -> list[Module]:
    """Every module of the course, in reading order, with its pass mark.

    ``pass_marks`` maps a module code to a pass mark (per cent); the key ``"*"`` sets the default
    for the rest. An unknown code or a mark outside 0-100 is an error, not a silent default.
    """
    marks = dict(pass_marks or {})
    default = marks.pop("*", DEFAULT_PASS_MARK)
    checks_by_chapter: dict[str, list[Check]] = {}
    for check in book_checks(layout.chapters):
        objectives = tuple(str(o) for o in check.data["objectives"])
        checks_by_chapter.setdefault(check.chapter, []).append(Check(check.check_id, objectives))
    modules = []
    for code, scenario_ids in _toc_chapters(layout.root / "_toc.yml"):
        file = layout.chapters / f"{code}.md"
        checks = tuple(checks_by_chapter.get(code, ()))
        if not checks and not scenario_ids:
            continue  # nothing to track: reference pages are not modules
        objectives: dict[str, str] = {}
        for block in blocks(file, "learning-objectives"):
            try:
                objectives.update(parse_objectives(block.body))
            except ValueError as exc:
                raise ModuleError(f"{file}:{block.line}: learning-objectives: {exc}") from None
        scenarios = []
        for sid in scenario_ids:
            try:
                scenario = load_scenario(layout.scenario_file(sid))
            except ScenarioError as exc:
                raise ModuleError(f"{code}: scenario {sid!r}:\n{exc.report()}") from None
            scenarios.append(Scenario(sid, scenario["title"], tuple(scenario.get("objectives") or ())))
        modules.append(Module(code, _title(file), objectives, checks, tuple(scenarios), marks.pop(code, default)))
    if marks:
        raise ModuleError(f"pass mark given for {', '.join(sorted(marks))}: no module has that code")
    for m in modules:
        if not 0 <= m.pass_mark <= 100:
            raise ModuleError(f"{m.code}: pass mark {m.pass_mark} is not between 0 and 100")
    return modules
