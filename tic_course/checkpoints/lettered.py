"""What the lettered kinds (single choice, multiple select, ordering) share.

Learners answer them by typing option letters; the letters are read by the runtime's
:func:`~tic_course.runtime.answers.option_letters`, so the preview a learner sees and the score
always agree on what was typed.
"""

from __future__ import annotations

from collections.abc import Sequence
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


def option_id(entry: dict[str, Any]) -> str:
    """The stable id of an option or step: its authored ``key``, kept as ``option_id`` once the
    entry is shown under another letter (see :meth:`LetteredKind.presented`)."""
    return entry.get("option_id", entry["key"])


class LetteredKind(AutoGradedKind):
    """A kind whose answer is a string of option letters.

    Authors letter the entries A, B, C... in the order they write them; that letter is the
    entry's **option id** for good. The course shows the entries in a seeded order
    (:mod:`tic_course.scenario.presentation`) and letters them afresh, so a learner never sees
    the authored position; :meth:`presented` makes the item as shown, which every cell, hidden
    test and preview is then built from unchanged.
    """

    lettered = True
    listed: str = "options"  # the item field holding the lettered entries

    def option_keys(self, item: Item) -> str:
        return "".join(o["key"] for o in item[self.listed])

    def option_ids(self, item: Item) -> dict[str, str]:
        """Displayed letter -> option id (the identity for an item in authored order)."""
        return {o["key"]: option_id(o) for o in item[self.listed]}

    def keyed(self, item: Item) -> list[str]:
        """Option ids whose displayed positions are balanced over the item bank."""
        raise NotImplementedError

    def key_ids(self, item: Item) -> str:
        """The answer key by option id ("B", "A,C", "C,A,B,D"), however the item is displayed."""
        by_letter = self.option_ids(item)
        return ",".join(by_letter[k] for k in self.key(item).split(","))

    def answer_ids(self, value: str, item: Item) -> str:
        """A learner's typed letters as option ids ("A,C" -> "D,B"); text that is not letters is
        kept as typed (see :func:`exported_letters`), for the report's list of stray entries."""
        letters = exported_letters(value, self.option_keys(item))
        by_letter = self.option_ids(item)
        tokens = letters.split(",") if letters else []
        if all(t in by_letter for t in tokens):
            return ",".join(by_letter[t] for t in tokens)
        return letters

    def acceptable(self, item: Item, order: Sequence[str]) -> bool:
        """Whether a displayed order (option ids) gives nothing away; any order by default."""
        return True

    def presented(self, item: Item, order: Sequence[str]) -> Item:
        """A copy of an authored item with its entries in ``order`` (option ids), lettered A, B...

        Each entry keeps its authored key as ``option_id``; every field that names entries by
        letter (the correct options, a correct order) is translated to the displayed letters, so
        the learner types what they see and the hidden test scores exactly that.
        """
        by_id = {o["key"]: o for o in item[self.listed]}
        if sorted(order) != sorted(by_id):
            raise ValueError(f"checkpoint {item['id']!r}: the displayed order {list(order)} is not its options")
        shown = dict(item)
        shown[self.listed] = [
            {**by_id[oid], "key": letter, "option_id": oid} for letter, oid in zip(OPTION_LETTERS, order, strict=False)
        ]
        return shown

    def prompt_body(self, item: Item) -> str:
        return item["prompt"].strip() + "\n\n" + options_markdown(item[self.listed])

    def learner_options(self, item: Item) -> list[dict[str, Any]]:
        return list(item[self.listed])


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

    def explanations(self, item: Item, letters: list[str]) -> list[tuple[str, str]]:
        feedback = self.feedback(item)
        return [(k, feedback[k]) for k in dict.fromkeys(letters) if k in feedback]

    def key_ids(self, item: Item) -> str:
        return ",".join(sorted(super().key_ids(item).split(",")))

    def keyed(self, item: Item) -> list[str]:
        return [option_id(o) for o in item["options"] if o["correct"]]

    def solved_answer(self, item: Item) -> str:
        return ", ".join(self.correct(item))

    def rules(self, item: Item) -> list[Rule]:
        out = keys_in_order(item["options"], "options", "option")
        if not self.correct(item):
            out.append((("options",), "no option is marked correct: true"))
        return out
