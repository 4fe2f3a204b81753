"""``ordering``: put the steps in order; credit for each neighbouring pair kept in order."""

from __future__ import annotations

from collections.abc import Sequence

from tic_course.checkpoints.base import Item, Rule
from tic_course.checkpoints.lettered import LetteredKind, keys_in_order, read_letters


def kept_pairs(order: Sequence[str], typed: Sequence[str]) -> int:
    """How many neighbouring pairs of the correct ``order`` keep their order in ``typed``."""
    position = {k: i for i, k in enumerate(typed)}
    return sum(position[a] < position[b] for a, b in zip(order, order[1:], strict=False))


def score_ordering(answer: object, *, order: list[str], points: int) -> float:
    """Partial credit: the share of neighbouring steps (in the right order) that you kept in order."""
    letters = read_letters(answer, "".join(sorted(order)))
    if letters is None:
        return 0.0
    if sorted(letters) != sorted(order):
        print(f"Please list every step exactly once ({', '.join(sorted(order))}); you typed {', '.join(letters)}.")
        return 0.0
    pairs = len(order) - 1
    kept = kept_pairs(order, letters)
    score = round(points * kept / pairs, 2)
    print(f"{kept} of {pairs} pairs of neighbouring steps are in the right order.")
    return score


class Ordering(LetteredKind):
    name = "ordering"
    label = "Put the steps in order"
    listed = "steps"
    preview_function = "preview_choice"
    scoring_function = "score_ordering"
    schema = {
        "allOf": [{"$ref": "#/$defs/itemCommon"}],
        "required": ["steps", "order"],
        "unevaluatedProperties": False,
        "properties": {
            "steps": {
                "type": "array",
                "minItems": 3,
                "maxItems": 8,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["key", "text"],
                    "properties": {"key": {"$ref": "#/$defs/optionKey"}, "text": {"$ref": "#/$defs/text"}},
                },
            },
            "order": {"type": "array", "items": {"$ref": "#/$defs/optionKey"}, "uniqueItems": True},
            "explanation": {"$ref": "#/$defs/text"},
        },
    }

    def rules(self, item: Item) -> list[Rule]:
        out = keys_in_order(item["steps"], "steps", "step")
        if sorted(item["order"]) != sorted(s["key"] for s in item["steps"]):
            out.append((("order",), "order must list every step key exactly once"))
        elif item["order"] == [s["key"] for s in item["steps"]]:
            out.append((("order",), "the steps are already shown in the correct order: shuffle them"))
        return out

    def prompt_body(self, item: Item) -> str:
        return (
            super().prompt_body(item)
            + "\n\nYou gain credit for each pair of neighbouring steps that you put in the right order."
        )

    def key(self, item: Item) -> str:
        return ",".join(item["order"])

    def keyed(self, item: Item) -> list[str]:
        """The first step: where it is shown is balanced over the bank like a key."""
        by_letter = self.option_ids(item)
        return [by_letter[item["order"][0]]]

    def acceptable(self, item: Item, order: Sequence[str]) -> bool:
        """Never the correct order nor its reverse, and typing the letters as shown, or as shown
        but starting from the second, keeps at most half the neighbouring pairs (what a random
        guess keeps on average), so neither habit scores better than chance."""
        by_letter = self.option_ids(item)
        correct = [by_letter[k] for k in item["order"]]
        shown = list(order)
        if shown in (correct, correct[::-1]):
            return False
        half = (len(correct) - 1) // 2
        return kept_pairs(correct, shown) <= half and kept_pairs(correct, [*shown[1:], shown[0]]) <= half

    def presented(self, item: Item, order: Sequence[str]) -> Item:
        shown = super().presented(item, order)
        letter = {o["option_id"]: o["key"] for o in shown["steps"]}
        by_letter = self.option_ids(item)
        shown["order"] = [letter[by_letter[k]] for k in item["order"]]
        return shown

    def solved_answer(self, item: Item) -> str:
        return ", ".join(item["order"])

    def revealed_answer(self, item: Item) -> str:
        # The explanation walks through the right order, so it is part of the key.
        return item.get("explanation", "").strip()

    def instruction(self, item: Item) -> str:
        return '# Type all the letters in the order you would do them, e.g. "C, A, B, D". Then press Shift+Enter.'

    def solution(self, var: str, item: Item) -> str:
        return f'{var} = "{", ".join(item["order"])}"'

    def preview_call(self, var: str, item: Item) -> str:
        return f'preview_choice({var}, "{self.option_keys(item)}", ordering=True)'

    def scoring_call(self, var: str, item: Item) -> str:
        return f"score_ordering({var}, order={item['order']!r}, points={item['points']})"


KIND = Ordering()
