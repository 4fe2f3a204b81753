"""``ordering``: put the steps in order; credit for each neighbouring pair kept in order."""

from __future__ import annotations

from tic_course.checkpoints.base import Item, Rule
from tic_course.checkpoints.lettered import LetteredKind, keys_in_order, read_letters


def score_ordering(answer: object, *, order: list[str], points: int) -> float:
    """Partial credit: the share of neighbouring steps (in the right order) that you kept in order."""
    letters = read_letters(answer, "".join(sorted(order)))
    if letters is None:
        return 0.0
    if sorted(letters) != sorted(order):
        print(f"Please list every step exactly once ({', '.join(sorted(order))}); you typed {', '.join(letters)}.")
        return 0.0
    position = {k: i for i, k in enumerate(letters)}
    pairs = list(zip(order, order[1:], strict=False))
    kept = sum(position[a] < position[b] for a, b in pairs)
    score = round(points * kept / len(pairs), 2)
    print(f"{kept} of {len(pairs)} pairs of neighbouring steps are in the right order.")
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
