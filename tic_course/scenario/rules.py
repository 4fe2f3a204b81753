"""Whole-file rules for scenarios that JSON Schema cannot express.

Each rule returns :class:`~tic_course.scenario.load.Problem` objects rather than raising, so an
educator sees every mistake in one run instead of fixing them one at a time.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from tic_course.scenario.problems import Problem, sort_problems

OPTION_LETTERS = "ABCDEFGH"


def _problem(path: tuple, message: str) -> Problem:
    return Problem(path, message)


def _duplicates(items: list[dict], key: str, path: tuple, what: str) -> list:
    counts = Counter(item[key] for item in items)
    out = []
    for i, item in enumerate(items):
        if counts[item[key]] > 1:
            out.append(_problem((*path, i, key), f"duplicate {what} {item[key]!r}"))
    return out


def conversation_problems(data: dict[str, Any]) -> list:
    """Ids, links, reachability and the shape of the conversation graph."""
    conv = data["conversation"]
    nodes: list[dict] = conv["nodes"]
    base = ("conversation", "nodes")
    problems = _duplicates(nodes, "id", base, "node id")
    by_id = {n["id"]: n for n in nodes}
    characters = {c["id"] for c in data["characters"]}
    problems += _duplicates(data["characters"], "id", ("characters",), "character id")

    if conv["start"] not in by_id:
        problems.append(_problem(("conversation", "start"), f"unknown node {conv['start']!r}"))
        return problems
    if "ending" in by_id[conv["start"]]:
        problems.append(_problem(("conversation", "start"), "the conversation cannot start at an ending"))

    for i, node in enumerate(nodes):
        if "speaker" in node and node["speaker"] not in characters:
            problems.append(
                _problem((*base, i, "speaker"), f"unknown character {node['speaker']!r} (not in characters)")
            )
        responses = node.get("responses", [])
        problems += _duplicates(responses, "id", (*base, i, "responses"), "response id")
        for j, resp in enumerate(responses):
            if resp["next"] not in by_id:
                problems.append(_problem((*base, i, "responses", j, "next"), f"unknown node {resp['next']!r}"))
            elif resp["next"] == node["id"]:
                problems.append(
                    _problem((*base, i, "responses", j, "next"), "a response cannot lead back to the same turn")
                )
        if responses and not any(r["quality"] == "helpful" for r in responses):
            problems.append(_problem((*base, i, "responses"), "at least one response must be 'helpful'"))
        if responses and all(r["quality"] == "helpful" for r in responses):
            problems.append(
                _problem(
                    (*base, i, "responses"), "every response is 'helpful': add the tempting ones people really say"
                )
            )
    if problems:
        return problems

    # Reachability from the start, and cycle detection (a conversation must always end).
    index = {n["id"]: i for i, n in enumerate(nodes)}
    seen: set[str] = set()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished

    def visit(node_id: str, trail: list[str]) -> None:
        state[node_id] = 1
        seen.add(node_id)
        for resp in by_id[node_id].get("responses", []):
            nxt = resp["next"]
            if state.get(nxt) == 1:
                loop = " -> ".join([*trail[trail.index(nxt) :], node_id, nxt])
                problems.append(
                    _problem((*base, index[node_id], "responses"), f"the conversation can loop forever: {loop}")
                )
            elif nxt not in state:
                visit(nxt, [*trail, node_id])
        state[node_id] = 2

    visit(conv["start"], [])
    for node in nodes:
        if node["id"] not in seen:
            problems.append(
                _problem((*base, index[node["id"]], "id"), f"node {node['id']!r} is unreachable from the start")
            )
    outcomes = {by_id[n]["ending"]["outcome"] for n in seen if "ending" in by_id[n]}
    if len(outcomes) < 2:
        problems.append(
            _problem(
                ("conversation",), f"branches must lead to at least two different outcomes (found {sorted(outcomes)})"
            )
        )
    return problems


def _keys_in_order(items: list[dict], path: tuple, what: str) -> list:
    expected = OPTION_LETTERS[: len(items)]
    keys = "".join(item["key"] for item in items)
    if keys != expected:
        return [_problem(path, f"{what} keys must be {', '.join(expected)} in order (found {', '.join(keys)})")]
    return []


def _rubric_calibration(item: dict[str, Any], path: tuple) -> list:
    """The rubric must give the model answer full marks and the original reply less than half."""
    from tic_course.grading.rubric import check_rewrite

    try:
        for pattern in (p for c in item["rubric"] for p in c.get("any_of", []) + c.get("none_of", [])):
            re.compile(pattern)
    except re.error:
        return []  # reported per pattern below
    min_words = item.get("min_words", 8)
    model = check_rewrite(item["model_answer"], item["rubric"], min_words=min_words)
    out = []
    if model.score != item["points"]:
        missed = ", ".join(c.id for c in model.checks if not c.earned) or model.note
        out.append(
            _problem(
                (*path, "model_answer"),
                f"the rubric gives the model answer {model.score:g} of {item['points']} points (missed: {missed})",
            )
        )
    original = check_rewrite(item["original"], item["rubric"], min_words=1)
    if original.score * 2 >= item["points"]:
        out.append(
            _problem(
                (*path, "original"),
                f"the rubric gives the original reply {original.score:g} of {item['points']} "
                "points; it should earn less than half",
            )
        )
    return out


def checkpoint_problems(data: dict[str, Any]) -> list:
    """Answer keys, point totals and rubric patterns of the graded checkpoints."""
    items: list[dict] = data["checkpoints"]
    problems = _duplicates(items, "id", ("checkpoints",), "checkpoint id")
    scenario_objectives = set(data["objectives"])
    for i, item in enumerate(items):
        path = ("checkpoints", i)
        for obj in item["objectives"]:
            if obj not in scenario_objectives:
                problems.append(
                    _problem((*path, "objectives"), f"objective {obj!r} is not listed in the scenario's objectives")
                )
        kind = item["type"]
        if kind in {"single_choice", "multiple_select"}:
            problems += _keys_in_order(item["options"], (*path, "options"), "option")
            correct = [o for o in item["options"] if o["correct"]]
            if not correct:
                problems.append(_problem((*path, "options"), "no option is marked correct: true"))
            elif kind == "single_choice" and len(correct) > 1:
                keys = ", ".join(o["key"] for o in correct)
                problems.append(
                    _problem(
                        (*path, "options"), f"a single-choice question needs exactly one correct option (found {keys})"
                    )
                )
            elif kind == "multiple_select" and len(correct) == len(item["options"]):
                problems.append(
                    _problem((*path, "options"), "every option is correct: include at least one that does not apply")
                )
        elif kind == "ordering":
            problems += _keys_in_order(item["steps"], (*path, "steps"), "step")
            if sorted(item["order"]) != sorted(s["key"] for s in item["steps"]):
                problems.append(_problem((*path, "order"), "order must list every step key exactly once"))
            elif item["order"] == [s["key"] for s in item["steps"]]:
                problems.append(
                    _problem((*path, "order"), "the steps are already shown in the correct order: shuffle them")
                )
        elif kind == "rewrite":
            problems += _duplicates(item["rubric"], "id", (*path, "rubric"), "rubric id")
            total = sum(r["points"] for r in item["rubric"])
            if total != item["points"]:
                problems.append(
                    _problem((*path, "points"), f"points is {item['points']} but the rubric adds up to {total}")
                )
            if total == item["points"]:
                problems += _rubric_calibration(item, path)
            for j, check in enumerate(item["rubric"]):
                for field in ("any_of", "none_of"):
                    for k, pattern in enumerate(check.get(field, [])):
                        try:
                            re.compile(pattern)
                        except re.error as exc:
                            problems.append(_problem((*path, "rubric", j, field, k), f"not a valid pattern: {exc}"))
    total = sum(item["points"] for item in items)
    if total != data["total_points"]:
        problems.append(
            _problem(("total_points",), f"total_points is {data['total_points']} but the checkpoints add up to {total}")
        )
    if not any(item["type"] == "reflection" for item in items):
        problems.append(_problem(("checkpoints",), "every scenario needs a reflection checkpoint"))
    return problems


def semantic_problems(data: dict[str, Any]) -> list:
    """All whole-file problems, sorted by field path."""
    return sort_problems(conversation_problems(data) + checkpoint_problems(data))
