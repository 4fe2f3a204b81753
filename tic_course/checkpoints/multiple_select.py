"""``multiple_select``: choose every option that applies; credit for right picks minus wrong ones."""

from __future__ import annotations

from tic_course.checkpoints.base import Item, Rule
from tic_course.checkpoints.lettered import ChoiceKind, read_letters
from tic_course.checkpoints.single_choice import CHOICE_SCHEMA


def score_multiple_select(answer: object, *, correct: list[str], feedback: dict[str, str], points: int) -> float:
    """Partial credit: (options rightly chosen - options wrongly chosen) / options that apply."""
    typed = read_letters(answer, "".join(feedback))
    if typed is None:
        return 0.0
    letters = sorted(set(typed))
    right = [k for k in letters if k in correct]
    wrong = [k for k in letters if k not in correct]
    fraction = max(0.0, (len(right) - len(wrong)) / len(correct))
    score = round(points * fraction, 2)
    print(
        f"You chose {len(right)} of the {len(correct)} options that apply"
        + (f", and {len(wrong)} that do not." if wrong else ".")
    )
    for k in letters:
        print(f"  {k}: {'applies' if k in correct else 'does not apply'}. {feedback[k]}")
    return score


class MultipleSelect(ChoiceKind):
    name = "multiple_select"
    label = "Choose every option that applies"
    several = True
    schema = CHOICE_SCHEMA
    preview_function = "preview_choice"
    scoring_function = "score_multiple_select"

    def rules(self, item: Item) -> list[Rule]:
        out = super().rules(item)
        if self.correct(item) and len(self.correct(item)) == len(item["options"]):
            out.append((("options",), "every option is correct: include at least one that does not apply"))
        return out

    def prompt_body(self, item: Item) -> str:
        return (
            super().prompt_body(item)
            + "\n\nYou gain credit for each option that applies and lose it for each that does not."
        )

    def instruction(self, item: Item) -> str:
        return '# Type every letter that applies between the quotes, e.g. "A, C". Then press Shift+Enter.'

    def solution(self, var: str, item: Item) -> str:
        return f'{var} = "{", ".join(self.correct(item))}"'

    def preview_call(self, var: str, item: Item) -> str:
        return f'preview_choice({var}, "{self.option_keys(item)}", several=True)'

    def scoring_call(self, var: str, item: Item) -> str:
        return (
            f"score_multiple_select({var}, correct={self.correct(item)!r}, feedback={self.feedback(item)!r}, "
            f"points={item['points']})"
        )


KIND = MultipleSelect()
