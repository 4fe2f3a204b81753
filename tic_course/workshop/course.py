"""What a workshop takes from the course: chapter titles and objectives, and scenario content.

Everything printed for a workshop is read from the same sources the book and the notebooks are
built from (``book/chapters/*.md`` and ``exercises/<id>/scenario.yml``), so a facilitator's
cards and handouts never drift from what learners see online.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tic_course.book.course_data import blocks, parse_objectives
from tic_course.runtime.conversation import skill_label  # one set of skill names for print and players

#: The chapter that teaches what to do when someone discloses abuse (named in the protocol).
SAFEGUARDING_CHAPTER = "acute-care-bad-news-and-chronic-illness"


@dataclass(frozen=True)
class Chapter:
    """One chapter as a workshop module sees it."""

    id: str
    title: str
    objectives: dict[str, str]


def read_chapter(file: Path) -> Chapter:
    """A chapter's title (its first ``#`` heading) and learning objectives.

    Raises ValueError naming what is missing, so a workshop file that names a chapter without
    objectives is rejected before anything is printed.
    """
    text = file.read_text(encoding="utf-8")
    title = re.search(r"^# (.+)$", text, re.MULTILINE)
    if not title:
        raise ValueError("has no '# ' title")
    found = blocks(file, "learning-objectives")
    if not found:
        raise ValueError("has no {learning-objectives} block")
    return Chapter(file.stem, title[1].strip(), parse_objectives(found[0].body))


def turns(scenario: dict[str, Any]) -> list[dict[str, Any]]:
    """The scenario's turns (nodes with replies), in file order."""
    return [n for n in scenario["conversation"]["nodes"] if "responses" in n]


def endings(scenario: dict[str, Any]) -> list[dict[str, Any]]:
    """The scenario's endings, in file order."""
    return [n for n in scenario["conversation"]["nodes"] if "ending" in n]


def character_names(scenario: dict[str, Any]) -> dict[str, str]:
    return {c["id"]: c["name"] for c in scenario["characters"]}


def replies(scenario: dict[str, Any], quality: str) -> list[dict[str, Any]]:
    """Every reply of one quality (``helpful``, ``mixed``, ``harmful``) with the line it answers."""
    names = character_names(scenario)
    found = []
    for node in turns(scenario):
        for reply in node["responses"]:
            if reply["quality"] == quality:
                found.append({**reply, "after": node["says"], "speaker": names.get(node["speaker"], node["speaker"])})
    return found


def script(scenario: dict[str, Any]) -> list[dict[str, Any]]:
    """Every node of the conversation, with each reply's destination spelled out.

    The printed script lists all nodes with numbered steps, so a group can follow any branch on
    paper; nothing depends on which path a player happened to take (printing never drops
    exchanges, unlike a printed web page of the player).
    """
    names = character_names(scenario)
    nodes = scenario["conversation"]["nodes"]
    number = {n["id"]: i for i, n in enumerate(nodes, 1)}
    out = []
    for node in nodes:
        entry: dict[str, Any] = {"number": number[node["id"]], "id": node["id"]}
        if "ending" in node:
            entry["ending"] = node["ending"]
        else:
            entry.update(
                speaker=names.get(node["speaker"], node["speaker"]),
                context=node.get("context", ""),
                says=node["says"],
                replies=[
                    {
                        "letter": chr(ord("A") + i),
                        "say": r["say"],
                        "quality": r["quality"],
                        "skill": skill_label(r["skill"]),
                        "feedback": r["feedback"],
                        "next": number[r["next"]],
                    }
                    for i, r in enumerate(node["responses"])
                ],
            )
        out.append(entry)
    return out
