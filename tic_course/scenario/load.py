"""Load a scenario file and validate it, reporting every problem with file, line and field path.

Educators edit scenarios as YAML without touching Python, so a mistake must come back as a
sentence they can act on ("conversation.nodes[3].responses[1].next: unknown node 'ending-2'"),
never as a traceback. Structure is checked by JSON Schema (the ``jsonschema`` library, against
``scenario.schema.json``); rules that need the whole file at once are in
:mod:`tic_course.scenario.rules`.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from tic_course.checkpoints import KINDS
from tic_course.scenario.problems import Problem, ScenarioError, sort_problems
from tic_course.scenario.rules import semantic_problems


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema for scenario files: the shared parts shipped as JSON, plus each checkpoint
    kind's own schema from :mod:`tic_course.checkpoints` (so adding a kind touches no schema file)."""
    text = resources.files("tic_course.scenario").joinpath("scenario.schema.json").read_text("utf-8")
    data = json.loads(text)
    items = data["properties"]["checkpoints"]["items"]
    items["properties"]["type"] = {"enum": sorted(KINDS)}
    items["allOf"] = []
    for name, kind in sorted(KINDS.items()):
        data["$defs"][f"checkpoint:{name}"] = kind.schema
        items["allOf"].append(
            {"if": {"properties": {"type": {"const": name}}}, "then": {"$ref": f"#/$defs/checkpoint:{name}"}}
        )
    return data


def _line_map(node: yaml.Node, path: tuple = ()) -> dict[tuple, int]:
    """Map every field path in a composed YAML document to its 1-based line number."""
    lines = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                child = (*path, key.value)
                lines[child] = key.start_mark.line + 1
                lines.update({k: v for k, v in _line_map(value, child).items() if k != child})
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines.update(_line_map(item, (*path, i)))
    return lines


def _schema_message(error: jsonschema.ValidationError) -> str:
    """Rephrase jsonschema's messages where the raw form would confuse a non-programmer."""
    v = error.validator
    if v == "required":
        return error.message.replace("is a required property", "is missing (required field)")
    if v == "additionalProperties":
        return error.message.replace("Additional properties are not allowed", "unknown field")
    if v == "pattern" and error.schema.get("pattern") == "^[a-z0-9]+(-[a-z0-9]+)*$":
        return f"{error.instance!r} is not a valid id: use lower-case letters, digits and hyphens"
    if v == "pattern" and error.schema.get("pattern") == "\\S":
        return "must not be empty"
    if v == "type":
        return f"{error.instance!r} has the wrong type: expected {error.schema['type']}"
    if v == "oneOf" and isinstance(error.instance, dict) and "id" in error.instance:
        return (
            f"node {error.instance['id']!r} must be either a turn (speaker, says and at least "
            "three responses) or an ending (ending only), not a mix"
        )
    return error.message


def _flatten(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """Descend into if/then and allOf wrappers so the educator sees the precise field."""
    if error.context and error.validator in {"allOf", "anyOf", "$ref"}:
        found = []
        for sub in error.context:
            found.extend(_flatten(sub))
        return found
    return [error]


def parse_yaml(file: Path, text: str) -> tuple[Any, dict[tuple, int]]:
    """Parse YAML text, turning syntax errors into a ScenarioError with the line number."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 1) if mark else None
        reason = getattr(exc, "problem", None) or str(exc)
        raise ScenarioError(file, [Problem((), f"invalid YAML: {reason}")], {(): line} if line else {}) from None
    return data, (_line_map(node) if node is not None else {})


def validate_data(data: Any) -> list[Problem]:
    """Every problem with already-parsed scenario data: schema first, then whole-file rules."""
    if not isinstance(data, dict):
        return [Problem((), "the file must be a mapping of fields (id, title, conversation, ...)")]
    validator = jsonschema.Draft202012Validator(schema())
    problems: list[Problem] = []
    for err in validator.iter_errors(data):
        for leaf in _flatten(err):
            problems.append(Problem(tuple(leaf.absolute_path), _schema_message(leaf)))
    # When a branch of the schema fails, JSON Schema also reports the branch's fields as
    # "unevaluated"; that is noise next to the real error, so drop it.
    real = [p for p in problems if not p.message.startswith("Unevaluated properties")]
    problems = [p for p in problems if p in real or not any(r.path[: len(p.path)] == p.path for r in real)]
    if problems:
        # Whole-file rules assume a well-formed structure; report structure first.
        return sort_problems(problems)
    return semantic_problems(data)


def load_scenario(file: str | Path) -> dict[str, Any]:
    """Read, parse and validate a scenario file; return its data or raise ScenarioError."""
    file = Path(file)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(file, [Problem((), "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise ScenarioError(file, [Problem((), f"not UTF-8 text ({exc.reason})")]) from None
    data, lines = parse_yaml(file, text)
    problems = validate_data(data)
    if problems:
        raise ScenarioError(file, problems, lines)
    return data
