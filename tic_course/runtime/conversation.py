"""The branching conversation, driven without any user interface.

The ipywidgets player in the notebooks and the kernel-free player in the book both follow these
rules; keeping them here, free of widgets, lets the tests drive a conversation with a list of
choices and check the exact feedback and outcome.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Step:
    """What happened when the learner picked one response."""

    node_id: str
    response_id: str
    say: str
    quality: str
    skill: str
    feedback: str
    next_id: str


@dataclass
class Conversation:
    """A playthrough of one scenario's conversation, from its start node to an ending."""

    scenario: dict[str, Any]
    current_id: str = ""
    history: list[Step] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._nodes = {n["id"]: n for n in self.scenario["conversation"]["nodes"]}
        self._names = {c["id"]: c["name"] for c in self.scenario["characters"]}
        self.current_id = self.current_id or self.scenario["conversation"]["start"]

    @property
    def node(self) -> dict[str, Any]:
        return self._nodes[self.current_id]

    @property
    def finished(self) -> bool:
        return "ending" in self.node

    @property
    def ending(self) -> dict[str, Any] | None:
        return self.node.get("ending")

    def speaker_name(self, node: dict[str, Any] | None = None) -> str:
        node = node or self.node
        return self._names[node["speaker"]]

    def responses(self) -> list[dict[str, Any]]:
        return list(self.node.get("responses", []))

    def choose(self, response_id: str) -> Step:
        """Pick a response at the current turn and move to the node it leads to."""
        if self.finished:
            raise ValueError(f"the conversation has ended at {self.current_id!r}")
        for resp in self.node["responses"]:
            if resp["id"] == response_id:
                step = Step(
                    self.current_id,
                    resp["id"],
                    resp["say"],
                    resp["quality"],
                    resp["skill"],
                    resp["feedback"],
                    resp["next"],
                )
                self.history.append(step)
                self.current_id = resp["next"]
                return step
        valid = ", ".join(r["id"] for r in self.node["responses"])
        raise ValueError(f"no response {response_id!r} at turn {self.current_id!r} (choose one of {valid})")

    def restart(self) -> None:
        self.current_id = self.scenario["conversation"]["start"]
        self.history.clear()


def play(scenario: dict[str, Any], choices: list[str]) -> Conversation:
    """Play a whole sequence of response ids and return the finished (or paused) conversation."""
    conv = Conversation(scenario)
    for choice in choices:
        conv.choose(choice)
    return conv


def all_paths(scenario: dict[str, Any]) -> Iterator[list[str]]:
    """Every sequence of response ids from the start to an ending (the graph is acyclic)."""
    nodes = {n["id"]: n for n in scenario["conversation"]["nodes"]}

    def walk(node_id: str, trail: list[str]) -> Iterator[list[str]]:
        node = nodes[node_id]
        if "ending" in node:
            yield trail
            return
        for resp in node["responses"]:
            yield from walk(resp["next"], [*trail, resp["id"]])

    yield from walk(scenario["conversation"]["start"], [])


def practice_view(scenario: dict[str, Any]) -> dict[str, Any]:
    """The parts of a scenario that learners may see before grading.

    Graded checkpoints (and so every answer key and rubric) are left out on purpose: this is
    what gets embedded in student notebooks and in the book's kernel-free player.
    """
    keep = ("id", "title", "summary", "setting", "role", "content_note", "characters", "conversation")
    return {k: scenario[k] for k in keep}
