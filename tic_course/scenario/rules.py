"""Whole-file rules for scenarios that JSON Schema cannot express.

Each rule returns :class:`~tic_course.scenario.load.Problem` objects rather than raising, so an
educator sees every mistake in one run instead of fixing them one at a time.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from tic_course.checkpoints import kind_of
from tic_course.scenario.problems import Problem, sort_problems


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


def checkpoint_problems(data: dict[str, Any]) -> list[Problem]:
    """Ids, objectives and point totals of the checkpoints, plus each kind's own rules."""
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
        problems += [_problem((*path, *where), message) for where, message in kind_of(item).rules(item)]
    total = sum(item["points"] for item in items)
    if total != data["total_points"]:
        problems.append(
            _problem(("total_points",), f"total_points is {data['total_points']} but the checkpoints add up to {total}")
        )
    if not any(kind_of(item).hand_marked for item in items):
        problems.append(_problem(("checkpoints",), "every scenario needs a reflection checkpoint"))
    return problems


def semantic_problems(data: dict[str, Any]) -> list:
    """All whole-file problems, sorted by field path."""
    return sort_problems(conversation_problems(data) + checkpoint_problems(data))
