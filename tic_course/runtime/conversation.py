"""The branching conversation, driven without any user interface.

The ipywidgets player in the notebooks and the kernel-free player in the book both follow these
rules; keeping them here, free of widgets, lets the tests drive a conversation with a list of
choices and check the exact feedback and outcome.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

#: Plain-language names for the scenario skill tags: printed on workshop observer checklists and
#: listed as "skills practised" in both players' end-of-scenario review.
SKILL_LABELS = {
    "safety": "Safety",
    "trustworthiness-transparency": "Trustworthiness and transparency",
    "peer-support": "Peer support",
    "collaboration-mutuality": "Collaboration and mutuality",
    "empowerment-voice-choice": "Empowerment, voice and choice",
    "cultural-historical-gender": "Cultural, historical and gender issues",
    "validation": "Validating feelings",
    "believing-pain": "Believing pain",
    "agenda-setting": "Agenda setting",
    "open-questions": "Open questions",
    "reflective-listening": "Reflective listening",
    "summarising": "Summarising",
    "nurse-empathy": "Empathy (NURSE)",
    "teach-back": "Teach-back",
    "ask-tell-ask": "Ask-tell-ask",
    "informed-consent": "Informed consent",
    "capacity": "Mental capacity",
    "stop-signal": "Agreeing a stop signal",
    "narrating-procedures": "Narrating what you do",
    "dignity-privacy": "Dignity and privacy",
    "def-protocol": "Distress, emotional support, family (D-E-F)",
    "spikes": "Breaking bad news (SPIKES)",
    "shared-decision-making": "Shared decision-making",
    "apology-repair": "Apology and repair",
    "signposting": "Signposting to support",
    "speaking-up": "Speaking up",
    "self-care": "Looking after yourself",
    "interpreter-use": "Working with interpreters",
    "cultural-humility": "Cultural humility",
    "avoiding-retraumatisation": "Avoiding re-traumatisation",
}


def skill_label(tag: str) -> str:
    """The name of a skill tag (a new tag still reads as words until it is named here)."""
    return SKILL_LABELS.get(tag, tag.replace("-", " ").capitalize())


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


@dataclass(frozen=True)
class Line:
    """One line of the transcript: who spoke, what they said and the scene before it."""

    speaker: str
    text: str
    context: str
    learner: bool


@dataclass(frozen=True)
class Alternative:
    """A turn where the learner's reply was not helpful, and the helpful replies offered there."""

    step: Step
    speaker: str
    says: str
    replies: list[tuple[str, str]]  # (what to say, its feedback)


@dataclass(frozen=True)
class Review:
    """The end-of-scenario review shared by the notebook and book players."""

    path: list[Step]
    heard: list[Line]  # what the other person said (and the scene) before each step of the path
    skills: list[str]
    try_instead: list[Alternative]


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

    def transcript(self) -> list[Line]:
        """Every line said so far, in order: each turn's context, the other person, then the learner.

        Built from the history rather than kept as text, so a restart can never leave a stale line.
        """
        lines: list[Line] = []
        for step in self.history:
            node = self._nodes[step.node_id]
            lines.append(Line(self.speaker_name(node), node["says"], node.get("context", ""), False))
            lines.append(Line("You", step.say, "", True))
        return lines

    def review(self) -> Review:
        """What a learner sees at an ending: the path, the skills practised, what to try differently.

        "Try differently" lists, for each turn where the learner's reply was not helpful, the
        helpful replies offered at that turn with their feedback. This is practice only: reply
        quality is not a graded key (graded checkpoints never reach the practice view).
        """
        skills = list(dict.fromkeys(skill_label(step.skill) for step in self.history))
        instead: list[Alternative] = []
        for step in self.history:
            if step.quality == "helpful":
                continue
            node = self._nodes[step.node_id]
            better = [(r["say"], r["feedback"]) for r in node["responses"] if r["quality"] == "helpful"]
            if better:
                instead.append(Alternative(step, self.speaker_name(node), node["says"], better))
        heard = [line for line in self.transcript() if not line.learner]
        return Review(list(self.history), heard, skills, instead)


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
    # A copy: callers reorder or escape the view for a page, and must never change the scenario itself.
    view = {k: copy.deepcopy(scenario[k]) for k in keep}
    tags = {r["skill"] for n in scenario["conversation"]["nodes"] for r in n.get("responses", [])}
    view["skill_names"] = {tag: skill_label(tag) for tag in sorted(tags)}  # for the book player's review
    return view
