"""What the lettered kinds (single choice, multiple select, ordering) share.

Learners answer them by typing option letters; the letters are read by the runtime's
:func:`~tic_course.runtime.answers.option_letters`, so the preview a learner sees and the score
always agree on what was typed.
"""

from __future__ import annotations

from typing import Any

from tic_course.checkpoints.base import AutoGradedKind, Item, Rule
from tic_course.runtime.answers import AnswerFormatError, option_letters

OPTION_LETTERS = "ABCDEFGH"


def either(keys: str) -> str:
    """'A, B, C or D': how an instruction lists the letters a learner may type."""
    return ", ".join(keys[:-1]) + f" or {keys[-1]}"


def options_markdown(options: list[dict[str, Any]]) -> str:
    return "\n".join(f"- **{o['key']}.** {o['text'].strip()}" for o in options)


def keys_in_order(options: list[dict[str, Any]], field: str, what: str) -> list[Rule]:
    """Options are lettered A, B, C... in the order they are listed."""
    expected = OPTION_LETTERS[: len(options)]
    keys = "".join(o["key"] for o in options)
    if keys != expected:
        return [((field,), f"{what} keys must be {', '.join(expected)} in order (found {', '.join(keys)})")]
    return []


def read_letters(answer: object, options: str) -> list[str] | None:
    """The letters typed, or None (after saying why) when there is nothing to mark."""
    try:
        letters = option_letters(answer, options)
    except AnswerFormatError as exc:
        print(f"Could not read your answer: {exc} No points for this checkpoint.")
        return None
    if not letters:
        print("No answer given.")
        return None
    return letters


def exported_letters(value: str, options: str) -> str:
    """A learner's typed letters as the results table records them ("A,C")."""
    try:
        return ",".join(option_letters(value, options))
    except AnswerFormatError:
        return value.strip().upper()[:40]


class LetteredKind(AutoGradedKind):
    """A kind whose answer is a string of option letters."""

    lettered = True
    listed: str = "options"  # the item field holding the lettered entries

    def option_keys(self, item: Item) -> str:
        return "".join(o["key"] for o in item[self.listed])

    def prompt_body(self, item: Item) -> str:
        return item["prompt"].strip() + "\n\n" + options_markdown(item[self.listed])


class ChoiceKind(LetteredKind):
    """Options each marked correct or not, with feedback per option."""

    distractor_analysis = True
    several: bool = False  # a learner may choose more than one option (a form's "multiple answers")

    def correct(self, item: Item) -> list[str]:
        return [o["key"] for o in item["options"] if o["correct"]]

    def feedback(self, item: Item) -> dict[str, str]:
        return {o["key"]: o["feedback"].strip() for o in item["options"]}

    def key(self, item: Item) -> str:
        return ",".join(self.correct(item))

    def solved_answer(self, item: Item) -> str:
        return ", ".join(self.correct(item))

    def rules(self, item: Item) -> list[Rule]:
        out = keys_in_order(item["options"], "options", "option")
        if not self.correct(item):
            out.append((("options",), "no option is marked correct: true"))
        return out
