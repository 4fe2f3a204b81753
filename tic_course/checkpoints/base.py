"""What every checkpoint kind provides, and the shared shape of auto-graded answer cells.

A kind (PrairieLearn's "one element per kind") owns everything that differs between kinds: its
JSON Schema, its whole-item rules, its notebook cells, its hidden test and scoring, and how its
answers and key appear in the educators' tables. Everything else in the course asks the registry
(:mod:`tic_course.checkpoints`) instead of testing ``item["type"]``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

from tic_course.checkpoints.ids import answer_id, check_id, variable

Item = dict[str, Any]
Rule = tuple[tuple[str | int, ...], str]  # (field path inside the item, message)


@dataclass(frozen=True)
class CellSpec:
    """One notebook cell, described without nbformat (kinds are imported by grading kernels)."""

    cell_type: str  # "markdown" or "code"
    source: str
    grade_id: str
    grade: bool = False
    solution: bool = False
    locked: bool = False
    points: int | None = None


class CheckpointKind(ABC):
    """Base class; subclasses set the class variables and override what differs."""

    name: ClassVar[str]  # the ``type`` value in scenario files
    label: ClassVar[str]  # shown in the checkpoint's heading
    schema: ClassVar[dict[str, Any]]  # JSON Schema of one item; may $ref the scenario schema's $defs
    hand_marked: ClassVar[bool] = False  # marked by the educator in formgrader, not by a hidden test
    lettered: ClassVar[bool] = False  # the learner types option letters (exported for item analysis)
    distractor_analysis: ClassVar[bool] = False  # one right set of options whose wrong picks are counted

    # --- scenario file ----------------------------------------------------------------------
    def rules(self, item: Item) -> list[Rule]:
        """Problems with one well-formed item that JSON Schema cannot express."""
        return []

    # --- notebook -------------------------------------------------------------------------------
    def prompt_body(self, item: Item) -> str:
        """The question text below the heading (the prompt plus what this kind adds)."""
        return item["prompt"].strip()

    def question(self, number: int, item: Item) -> str:
        head = f"### Checkpoint {number}: {self.label} ({item['points']} points)\n\n"
        return head + self.prompt_body(item)

    @abstractmethod
    def answer_cells(self, number: int, item: Item) -> list[CellSpec]:
        """The cells below the question: where the learner answers, and what grades it."""

    def graded_cell(self, item: Item) -> str:
        """The grade id whose score is this checkpoint's score."""
        return check_id(item["id"])

    # --- grading and reports ------------------------------------------------------------------
    def option_keys(self, item: Item) -> str:
        """The letters a learner may type ("ABCD"), or "" for free text."""
        return ""

    def key(self, item: Item) -> str:
        """The answer key in the letters the item shows ("B", "A,C", "C,A,B,D"), or ""."""
        return ""

    def option_ids(self, item: Item) -> dict[str, str]:
        """Displayed letter -> option id (the authored key); empty for free text."""
        return {}

    def key_ids(self, item: Item) -> str:
        """The answer key by option id, as the educators' tables show it, or ""."""
        return self.key(item)

    def checker_confidence(self, item: Item, answer: str) -> str:
        """How sure an automatic reading of free text is ("none", "low", "medium", "high"), or "".

        Only kinds whose score is a pattern-based first reading (rewrites) say anything here; the
        educators' tables order those answers least sure first, so the doubtful ones are read first.
        """
        return ""

    @abstractmethod
    def solved_answer(self, item: Item) -> str:
        """What a learner who gets full marks types (used to test every notebook end to end)."""

    # --- learner feedback -----------------------------------------------------------------------
    def learner_options(self, item: Item) -> list[dict[str, Any]]:
        """The lettered entries a learner chose from (``key``, ``text``), or [] for free text."""
        return []

    def explanations(self, item: Item, letters: list[str]) -> list[tuple[str, str]]:
        """(letter, explanation) for the options the learner chose, in the order chosen.

        Only what the learner's own choice earns: an explanation that would give away the key of
        an option they did not choose (an ordering's worked order) is never returned here.
        """
        return []

    def revealed_answer(self, item: Item) -> str:
        """What, beyond the key letters, explains the answer once answers may be revealed.

        A model reply or a worked order: this is part of the key, so it is shown only when the
        course setting allows or the learner earned full marks.
        """
        return ""

    def learner_notes(self, item: Item, text: str) -> list[str]:
        """Feedback lines on a written answer (what a rubric found and missed), or [].

        Never the rubric itself: only descriptions and hints written for learners, and the
        learner's own words that a check found.
        """
        return []

    def opted_out(self, text: str) -> bool:
        """Whether a learner's written answer is this kind's opt-out (never for most kinds)."""
        return False


class AutoGradedKind(CheckpointKind):
    """A kind answered in a code cell (text between quote marks) and scored by a hidden test.

    The answer cell holds the instruction and a blank assignment (the solution is stripped by
    nbgrader on release); the test cell shows a key-free preview to the learner and, hidden until
    grading, calls this kind's scoring function, whose return value nbgrader records as the score.
    """

    preview_function: ClassVar[str]  # in tic_course.runtime.preview
    scoring_function: ClassVar[str]  # in this kind's own module

    @abstractmethod
    def instruction(self, item: Item) -> str:
        """The comment line that tells the learner what to type."""

    def blank(self, var: str) -> str:
        return f'{var} = ""'

    @abstractmethod
    def solution(self, var: str, item: Item) -> str:
        """The solution assignment (kept only in the instructor's source notebook)."""

    @abstractmethod
    def preview_call(self, var: str, item: Item) -> str:
        """The learner-visible call that says what was saved (never whether it is right)."""

    @abstractmethod
    def scoring_call(self, var: str, item: Item) -> str:
        """The hidden call that scores the answer; its value is the checkpoint's score."""

    def answer_cells(self, number: int, item: Item) -> list[CellSpec]:
        var = variable(number)
        recorded = 'answer_cell("' + var + '")'  # what the preview reads: see the note below
        answer = CellSpec(
            "code",
            f"{self.instruction(item)}\n{self.blank(var)}\n### BEGIN SOLUTION\n{self.solution(var, item)}\n"
            "### END SOLUTION",
            answer_id(item["id"]),
            solution=True,
        )
        test = CellSpec(
            "code",
            "# Run this cell to check your answer was saved. It does not say whether it is right.\n"
            f"from tic_course.runtime.preview import answer_cell, {self.preview_function}\n\n"
            f"{self.preview_call(recorded, item)}\n"
            f"### BEGIN HIDDEN TESTS\nfrom {type(self).__module__} import {self.scoring_function}\n\n"
            f"{self.scoring_call(var, item)}\n### END HIDDEN TESTS",
            check_id(item["id"]),
            grade=True,
            locked=True,
            points=item["points"],
        )
        # The preview reads the answer cell as marking will (``answer_cell``), not the kernel's
        # variable, which a syntax error leaves holding the previous answer.
        return [answer, test]
