"""``reflection``: a practice-focused written reflection, marked by hand, that a learner may opt out of.

Learners are never required to write about their own trauma: typing the opt-out phrase earns the
same credit, and the released cell says so. The marking guidance stays in the instructor's source
notebook (an nbgrader solution block), never in what learners receive.
"""

from __future__ import annotations

from tic_course.checkpoints.base import CellSpec, CheckpointKind, Item

OPT_OUT_PHRASE = "I choose to opt out"
REFLECTION_STUB = (
    "Write your reflection here, in place of this sentence. If you would rather not write about "
    f"this, replace this sentence with: {OPT_OUT_PHRASE}"
)


def opted_out(text: str) -> bool:
    """Whether a reflection is the opt-out: the phrase alone, in any case, quotes and full stop aside.

    A reflection that merely mentions the phrase among other writing is a reflection, not an
    opt-out, so the educator still reads it.
    """
    return _normalise(text) == _normalise(OPT_OUT_PHRASE)


def _normalise(text: str) -> str:
    stripped = text.strip().strip("\"'“”‘’*_ .!").replace("’", "'")
    return " ".join(stripped.lower().split())


class Reflection(CheckpointKind):
    name = "reflection"
    label = "Reflection (marked by your educator)"
    hand_marked = True
    schema = {
        "allOf": [{"$ref": "#/$defs/itemCommon"}],
        "required": ["marking_guidance"],
        "unevaluatedProperties": False,
        "properties": {
            "marking_guidance": {
                "$ref": "#/$defs/text",
                "description": "For the educator only: what earns the marks. Opting out always earns full marks.",
            }
        },
    }

    def prompt_body(self, item: Item) -> str:
        return item["prompt"].strip() + (
            "\n\nThere is no right answer, and you never need to describe your own experiences "
            "or health. Write about practice: what you would notice, say or do. "
            f"**If you would rather not answer, write \u201c{OPT_OUT_PHRASE}\u201d in the box "
            "below. Opting out earns exactly the same credit and no one will ask why.**"
        )

    def answer_cells(self, number: int, item: Item) -> list[CellSpec]:
        guidance = (
            f"Marking guidance (educators only): {item['marking_guidance'].strip()} "
            f"A reply of \u201c{OPT_OUT_PHRASE}\u201d earns full marks."
        )
        return [
            CellSpec(
                "markdown",
                f"### BEGIN SOLUTION\n{guidance}\n### END SOLUTION",
                item["id"],
                grade=True,
                solution=True,
                points=item["points"],
            )
        ]

    def graded_cell(self, item: Item) -> str:
        return item["id"]

    def solved_answer(self, item: Item) -> str:
        return OPT_OUT_PHRASE

    def opted_out(self, text: str) -> bool:
        return opted_out(text)


KIND = Reflection()
