"""Read the course's structured blocks (objectives, knowledge checks) straight from MyST sources.

The same parsing serves the Sphinx directives that render the blocks and the tests and reports
that check them, so "every objective is assessed" is checked against exactly what is published.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

FENCE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[a-z-]+)\}[ \t]*(?P<arg>[^\n]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)


@dataclass(frozen=True)
class Block:
    """One directive block in a MyST file."""

    file: Path
    line: int
    name: str
    argument: str
    body: str


def blocks(file: Path, name: str | None = None) -> list[Block]:
    """Every fenced directive block in a MyST markdown file (optionally only one kind)."""
    text = Path(file).read_text(encoding="utf-8")
    found = []
    for m in FENCE.finditer(text):
        if name is None or m["name"] == name:
            line = text.count("\n", 0, m.start()) + 1
            found.append(Block(Path(file), line, m["name"], m["arg"].strip(), m["body"]))
    return found


@cache
def knowledge_check_schema() -> dict[str, Any]:
    text = resources.files("tic_course.book").joinpath("knowledge_check.schema.json").read_text("utf-8")
    return json.loads(text)


def parse_knowledge_check(body: str) -> dict[str, Any]:
    """Parse and validate a knowledge-check body; raise ValueError with the field and problem."""
    try:
        data = yaml.safe_load(body)
    except yaml.YAMLError as exc:
        raise ValueError(f"invalid YAML: {exc}") from None
    validator = jsonschema.Draft202012Validator(knowledge_check_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        e = errors[0]
        where = ".".join(str(p) for p in e.absolute_path) or "(top level)"
        raise ValueError(f"{where}: {e.message}")
    n_correct = sum(o["correct"] for o in data["options"])
    if n_correct == 0:
        raise ValueError("options: no option is marked correct: true")
    if not data.get("multiple") and n_correct != 1:
        raise ValueError(
            f"options: {n_correct} options are correct; a single-answer check needs exactly one "
            "(set multiple: true for choose-all-that-apply)"
        )
    return data


def parse_objectives(body: str) -> dict[str, str]:
    """Parse a learning-objectives body: a YAML mapping of objective id to objective text."""
    try:
        data = yaml.safe_load(body)
    except yaml.YAMLError as exc:
        raise ValueError(f"invalid YAML: {exc}") from None
    if not isinstance(data, dict) or not data:
        raise ValueError("write one objective per line as  id: text")
    for key, value in data.items():
        if not isinstance(key, str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", key):
            raise ValueError(f"{key!r} is not a valid objective id (lower-case letters, digits, hyphens)")
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"objective {key!r} has no text")
    return data
