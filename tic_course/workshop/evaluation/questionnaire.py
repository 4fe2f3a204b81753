"""The workshop's pre/post questionnaire: read from YAML, validated, and resolved against the course.

A hospital edits ``questionnaire.yml`` without touching Python, so every mistake comes back as
"file:line: field: problem", as scenario files do. Knowledge questions are never retyped: the
file names a chapter's knowledge check (or a scenario's choice checkpoint) by id, and the prompt,
options and correct answers are read from that source, so the questionnaire cannot drift from the
course. Confidence and attitude statements are the course's own and must say ``validated: false``;
every output calls them "not a validated scale".
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from tic_course.book.course_data import blocks, parse_knowledge_check
from tic_course.checkpoints import kind_of
from tic_course.checkpoints.lettered import ChoiceKind
from tic_course.layout import CourseLayout
from tic_course.scenario import ScenarioError, load_scenario

# Sections in the order a participant meets them. Knowledge, confidence and attitude are asked
# before and after the session and compared in pairs; satisfaction and comments only afterwards.
SECTIONS = ("knowledge", "confidence", "attitude", "satisfaction", "comments")
PAIRED = ("knowledge", "confidence", "attitude")
RATED = ("confidence", "attitude", "satisfaction")
UNVALIDATED = ("confidence", "attitude")
POST_ONLY = ("satisfaction", "comments")
SCALE = (1, 2, 3, 4, 5)
NOT_VALIDATED = "not a validated scale"
# Columns that Microsoft Forms and Google Forms add to an export themselves (see forms.py): a
# question with one of these texts could not be told apart from them.
RESERVED = frozenset(
    {
        "id",
        "start time",
        "completion time",
        "email",
        "name",
        "last modified time",
        "timestamp",
        "email address",
        "score",
    }
)


def default_file() -> Path:
    """The questionnaire shipped with the course (package data, not a repository path)."""
    return Path(str(resources.files("tic_course.workshop.evaluation") / "questionnaire.yml"))


def clean(text: str) -> str:
    """Text as a form shows it: Unicode NFC, runs of white space as one space, no ends.

    Forms and spreadsheets may re-wrap a long question or normalise an accent; comparing cleaned
    text means a header or answer matches when, and only when, a reader would call it the same.
    """
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(text))).strip()


@dataclass(frozen=True)
class Question:
    """One question of the questionnaire; ``text`` is also its column heading in a form export."""

    id: str
    section: str
    text: str
    options: tuple[str, ...] = ()  # knowledge: option texts in the printed order
    correct: frozenset[str] = frozenset()  # knowledge: the option texts that make the answer right
    hint: str = ""  # knowledge: "Choose one option." or the checkpoint kind's own label
    multiple: bool = False  # knowledge: more than one option may be chosen
    source: str = ""  # knowledge: where the question comes from, for the facilitator
    low: str = ""  # rated: what 1 means
    high: str = ""  # rated: what 5 means

    @property
    def rated(self) -> bool:
        return self.section in RATED

    @property
    def paired(self) -> bool:
        return self.section in PAIRED

    @property
    def post_only(self) -> bool:
        return self.section in POST_ONLY

    @property
    def validated(self) -> bool | None:
        """False for the course's own confidence and attitude statements; None where it does not apply."""
        return False if self.section in UNVALIDATED else None


@dataclass(frozen=True)
class Questionnaire:
    """A validated questionnaire with every knowledge question resolved from its source."""

    file: Path
    title: str
    code_question: str
    code_guidance: str
    phase_question: str
    pre_label: str
    post_label: str
    questions: tuple[Question, ...]

    def section(self, name: str) -> list[Question]:
        return [q for q in self.questions if q.section == name]

    @property
    def columns(self) -> list[str]:
        """The question columns of a form export, in order (after the form's own columns)."""
        return [self.code_question, self.phase_question, *(q.text for q in self.questions)]


class QuestionnaireError(Exception):
    """A questionnaire file could not be used. ``str()`` lists every problem, one per line."""

    def __init__(self, file: Path, problems: list[tuple[int | None, str, str]]):
        self.file = Path(file)
        self.problems = problems
        rows = [
            f"{self.file}:{line}: {field}: {msg}" if line else f"{self.file}: {field}: {msg}"
            for line, field, msg in problems
        ]
        super().__init__("\n".join(rows))


@cache
def schema() -> dict[str, Any]:
    text = resources.files("tic_course.workshop.evaluation").joinpath("questionnaire.schema.json").read_text("utf-8")
    return json.loads(text)


def _field(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _lines(node: yaml.Node, path: tuple = ()) -> dict[tuple, int]:
    """Every field path of a composed YAML document mapped to its 1-based line."""
    found = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            found.update(_lines(value, (*path, key.value)))
            found[(*path, key.value)] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            found.update(_lines(item, (*path, i)))
    return found


def _message(error: jsonschema.ValidationError) -> str:
    """jsonschema's wording, rephrased where it would puzzle a facilitator."""
    if error.validator == "required":
        return error.message.replace("is a required property", "is missing (required field)")
    if error.validator == "additionalProperties":
        return error.message.replace("Additional properties are not allowed", "unknown field")
    if error.validator == "const" and error.path and error.path[-1] == "validated":
        return (
            "must be false: the course's own confidence and attitude statements are not a validated "
            "scale, and the outputs say so"
        )
    if error.validator in ("minProperties", "maxProperties"):
        return "give exactly one of knowledge_check: <id> or checkpoint: <scenario>/<checkpoint>"
    if error.validator == "pattern" and error.schema.get("pattern") == "\\S":
        return "must not be empty"
    return error.message


def load_questionnaire(file: Path, layout: CourseLayout) -> Questionnaire:
    """Read, validate and resolve a questionnaire; raise QuestionnaireError listing every problem."""
    file = Path(file)
    try:
        text = file.read_text(encoding="utf-8")
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionnaireError(file, [(None, "(file)", f"cannot be read: {exc}")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise QuestionnaireError(file, [(mark.line + 1 if mark else None, "(file)", f"invalid YAML: {exc}")]) from None
    if data is None:
        raise QuestionnaireError(file, [(None, "(file)", "is empty: expected a questionnaire (see the course's own)")])
    lines = _lines(node)

    def line(path: tuple) -> int | None:
        while path not in lines and path:
            path = path[:-1]
        return lines.get(path)

    errors = sorted(jsonschema.Draft202012Validator(schema()).iter_errors(data), key=lambda e: list(map(str, e.path)))
    if errors:
        raise QuestionnaireError(file, [(line(tuple(e.path)), _field(tuple(e.path)), _message(e)) for e in errors])

    problems: list[tuple[int | None, str, str]] = []
    located: list[tuple[tuple, Question]] = []  # (path of its text in the file, question)
    seed = str(data.get("seed", "tic-course"))
    for i, ref in enumerate(data["knowledge"]):
        path = ("knowledge", i, next(iter(ref)))
        try:
            located.append((path, _knowledge_question(ref, layout, seed)))
        except ValueError as exc:
            problems.append((line(path), _field(path), str(exc)))
    for section in ("confidence", "attitude", "satisfaction"):
        block = data.get(section) or {"items": []}
        for j, item in enumerate(block["items"]):
            low, high = clean(block["scale"]["low"]), clean(block["scale"]["high"])
            located.append(
                ((section, "items", j, "text"), Question(item["id"], section, clean(item["text"]), low=low, high=high))
            )
    for j, item in enumerate(data.get("comments", [])):
        located.append((("comments", j, "text"), Question(item["id"], "comments", clean(item["text"]))))
    questions = [q for _, q in located]

    code, phase = data["participant_code"], data["phase"]
    headings = [
        (("participant_code", "question"), clean(code["question"])),
        (("phase", "question"), clean(phase["question"])),
    ]
    headings += [(path, q.text) for path, q in located]
    seen: dict[str, str] = {}
    for path, heading in headings:
        key, where = heading.casefold(), _field(path)
        if key in RESERVED:
            message = f"{heading!r} is a column that Microsoft or Google Forms adds itself: reword it"
            problems.append((line(path), where, message))
        elif key in seen:
            message = (
                f"has the same text as {seen[key]}: every question needs its own wording, "
                "because the text is its column in a form export"
            )
            problems.append((line(path), where, message))
        seen.setdefault(key, where)
    first: dict[str, str] = {}
    for path, q in located:
        if q.id in first:
            id_path = (*path[:-1], "id")
            problems.append((line(id_path), _field(id_path), f"the id {q.id!r} is already used by {first[q.id]}"))
        first.setdefault(q.id, _field(path[:-1]))
    if clean(phase["pre"]).casefold() == clean(phase["post"]).casefold():
        problems.append((line(("phase", "post")), "phase.post", "must differ from phase.pre"))
    if problems:
        raise QuestionnaireError(file, problems)
    return Questionnaire(
        file,
        clean(data["title"]),
        clean(code["question"]),
        clean(code["guidance"]),
        clean(phase["question"]),
        clean(phase["pre"]),
        clean(phase["post"]),
        tuple(sorted(questions, key=lambda q: SECTIONS.index(q.section))),
    )


def _knowledge_question(ref: dict[str, str], layout: CourseLayout, seed: str) -> Question:
    """A knowledge question from a chapter's knowledge check or a scenario's choice checkpoint."""
    if "knowledge_check" in ref:
        check_id = ref["knowledge_check"]
        found = [
            (file, b)
            for file in sorted(layout.chapters.glob("*.md"))
            for b in blocks(file, "knowledge-check")
            if b.argument == check_id
        ]
        if not found:
            raise ValueError(f"no knowledge check {check_id!r} in {layout.chapters}")
        if len(found) > 1:
            raise ValueError(
                f"knowledge check {check_id!r} appears {len(found)} times: {', '.join(f.name for f, _ in found)}"
            )
        file, block = found[0]
        try:
            data = parse_knowledge_check(block.body)
        except ValueError as exc:
            raise ValueError(f"knowledge check {check_id!r} ({file.name}:{block.line}) is invalid: {exc}") from None
        options = [(clean(o["text"]), bool(o["correct"])) for o in data["options"]]
        hint = "Choose every option that applies." if data.get("multiple") else "Choose one option."
        source = f"knowledge check {check_id} ({file.name})"
        return _with_options(check_id, clean(data["question"]), options, hint, source, seed, bool(data.get("multiple")))

    scenario_id, checkpoint_id = ref["checkpoint"].split("/")
    scenario_file = layout.scenario_file(scenario_id)
    if not scenario_file.exists():
        raise ValueError(f"no scenario {scenario_id!r} ({scenario_file} does not exist)")
    try:
        scenario = load_scenario(scenario_file)
    except ScenarioError as exc:
        raise ValueError(f"scenario {scenario_id!r} is invalid:\n{exc.report()}") from None
    item = next((c for c in scenario["checkpoints"] if c["id"] == checkpoint_id), None)
    if item is None:
        raise ValueError(f"scenario {scenario_id!r} has no checkpoint {checkpoint_id!r}")
    kind = kind_of(item)
    if not isinstance(kind, ChoiceKind):
        raise ValueError(
            f"checkpoint {ref['checkpoint']!r} is a {kind.label.lower()!r} question: only questions whose options "
            "are marked correct can be scored from a form"
        )
    keys = set(kind.correct(item))
    options = [(clean(o["text"]), o["key"] in keys) for o in item["options"]]
    qid = f"{scenario_id}-{checkpoint_id}"
    source = f"checkpoint {ref['checkpoint']}"
    return _with_options(qid, clean(item["prompt"]), options, kind.label + ".", source, seed, kind.several)


def _with_options(
    qid: str, text: str, options: list[tuple[str, bool]], hint: str, source: str, seed: str, multiple: bool
) -> Question:
    texts = [t for t, _ in options]
    repeated = sorted({t for t in texts if texts.count(t) > 1})
    if repeated:
        raise ValueError(
            f"{source}: two options have the same text ({repeated[0]!r}), so a form answer could not be read"
        )
    # Authors tend to write the best answer in the same place; a seeded shuffle removes that cue
    # and keeps the printed and online versions identical run after run.
    random.Random(f"{seed}|questionnaire|{qid}").shuffle(options)
    return Question(
        qid,
        "knowledge",
        text,
        options=tuple(t for t, _ in options),
        correct=frozenset(t for t, ok in options if ok),
        hint=hint,
        multiple=multiple,
        source=source,
    )
