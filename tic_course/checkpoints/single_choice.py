"""``single_choice``: one best option among three to eight; all or nothing, feedback per option."""

from __future__ import annotations

from tic_course.checkpoints.base import Item, Rule
from tic_course.checkpoints.lettered import ChoiceKind, either, read_letters

CHOICE_SCHEMA = {
    "allOf": [{"$ref": "#/$defs/itemCommon"}],
    "required": ["options"],
    "unevaluatedProperties": False,
    "properties": {
        "options": {
            "type": "array",
            "minItems": 3,
            "maxItems": 8,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["key", "text", "correct", "feedback"],
                "properties": {
                    "key": {"$ref": "#/$defs/optionKey"},
                    "text": {"$ref": "#/$defs/text"},
                    "correct": {"type": "boolean"},
                    "feedback": {"$ref": "#/$defs/text"},
                },
            },
        }
    },
}


def score_single_choice(answer: object, *, correct: str, feedback: dict[str, str], points: int) -> float:
    """Full points for the one correct option, otherwise none; explain the option chosen."""
    letters = read_letters(answer, "".join(feedback))
    if letters is None:
        return 0.0
    if len(set(letters)) > 1:
        print(f"Please choose one option only; you typed {', '.join(letters)}.")
        return 0.0
    choice = letters[0]
    if choice == correct:
        print(f"You chose {choice}: this is the best reply. {feedback[choice]}")
        return float(points)
    print(f"You chose {choice}: not the best reply. {feedback[choice]}")
    return 0.0


class SingleChoice(ChoiceKind):
    name = "single_choice"
    label = "Choose one option"
    schema = CHOICE_SCHEMA
    preview_function = "preview_choice"
    scoring_function = "score_single_choice"

    def rules(self, item: Item) -> list[Rule]:
        out = super().rules(item)
        correct = self.correct(item)
        if len(correct) > 1:
            out.append(
                (
                    ("options",),
                    f"a single-choice question needs exactly one correct option (found {', '.join(correct)})",
                )
            )
        return out

    def instruction(self, item: Item) -> str:
        return f"# Type one letter ({either(self.option_keys(item))}) between the quotes, then press Shift+Enter."

    def solution(self, var: str, item: Item) -> str:
        return f'{var} = "{self.correct(item)[0]}"'

    def preview_call(self, var: str, item: Item) -> str:
        return f'preview_choice({var}, "{self.option_keys(item)}")'

    def scoring_call(self, var: str, item: Item) -> str:
        return (
            f"score_single_choice({var}, correct={self.correct(item)[0]!r}, feedback={self.feedback(item)!r}, "
            f"points={item['points']})"
        )


KIND = SingleChoice()
