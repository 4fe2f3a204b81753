"""``rewrite``: the learner rewrites a harmful reply; a transparent rubric gives a first reading."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from tic_course.checkpoints.base import AutoGradedKind, Item, Rule
from tic_course.checkpoints.rubric import CAVEAT, RubricResult, check_rewrite, pattern_cost_problem
from tic_course.runtime.answers import AnswerFormatError, plain_text

DEFAULT_MIN_WORDS = 8
ADVISED_DETECTORS = ("false-reassurance", "validate-then-dismiss", "pressure")  # a scenario can advise on these
# How the learner's feedback page opens each finding: said to the learner, about their own words.
FINDING_LEADS = {
    "false-reassurance": "Your reply reassures in a way that can shut the person down",
    "validate-then-dismiss": "Your reply acknowledges the person, then takes it back with \u201cbut\u201d",
    "sarcasm": "Your reply has a sarcastic note",
    "pressure": "Your reply pushes the person to agree at the end",
    "keyword-stuffing": "Your reply is a list rather than something you would say",
    "copied-original": "Your reply is very close to the original",
    "incoherent": "Your reply repeats the same words",
    "essential-missing": "An essential point is missing",
}


def score_rewrite(
    answer: object,
    *,
    rubric: list[dict[str, Any]],
    original: str,
    points: int,
    min_words: int = DEFAULT_MIN_WORDS,
    advice: dict[str, str] | None = None,
    model_answer: str,
) -> float:
    """Run the transparent rubric checks and print what was found and what was missing.

    ``advice`` is the scenario's better wording for the detectors that name a harm (false
    reassurance, validation taken back), printed beside the finding so the learner sees what to
    say instead. A reply not in English scores 0 here and says its educator will read it. The
    overall reading (band_model.py) may move the band one step; the report says when it did. It
    weighs closeness in meaning to ``model_answer``, which, like the rubric, is written only into
    the hidden test cell: nbgrader strips it from the learner's notebook and puts it back to grade.
    """
    try:
        text = plain_text(answer)
    except AnswerFormatError as exc:
        print(f"Could not read your answer: {exc} No points for this checkpoint.")
        return 0.0
    result = check_rewrite(
        text, rubric, original=original, min_words=min_words, advice=advice, overall=True, model_answer=model_answer
    )
    assert result.max_points == points, "rubric points and checkpoint points disagree"
    print(result.report())
    return result.score


def _quote(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.strip().splitlines())


class Rewrite(AutoGradedKind):
    name = "rewrite"
    label = "Rewrite the reply"
    preview_function = "preview_text"
    scoring_function = "score_rewrite"
    schema = {
        "allOf": [{"$ref": "#/$defs/itemCommon"}],
        "required": ["original", "model_answer", "rubric"],
        "unevaluatedProperties": False,
        "properties": {
            "original": {"$ref": "#/$defs/text"},
            "model_answer": {"$ref": "#/$defs/text"},
            "min_words": {"type": "integer", "minimum": 1, "maximum": 200},
            # Better wording shown to a learner when a detector finds the harm (rubric.py).
            "advice": {
                "type": "object",
                "additionalProperties": False,
                "properties": {name: {"$ref": "#/$defs/text"} for name in ADVISED_DETECTORS},
            },
            "rubric": {
                "type": "array",
                "minItems": 2,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["id", "description", "points", "hint"],
                    "properties": {
                        "id": {"$ref": "#/$defs/slug"},
                        "description": {"$ref": "#/$defs/text"},
                        "points": {"$ref": "#/$defs/points"},
                        "hint": {"$ref": "#/$defs/text"},
                        # Without an essential point the reply cannot count as good (rubric.py).
                        "essential": {"type": "boolean"},
                        "any_of": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/text"}},
                        "none_of": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/text"}},
                    },
                    "anyOf": [{"required": ["any_of"]}, {"required": ["none_of"]}],
                },
            },
        },
    }

    def min_words(self, item: Item) -> int:
        return item.get("min_words", DEFAULT_MIN_WORDS)

    # --- rules ------------------------------------------------------------------------------------
    def rules(self, item: Item) -> list[Rule]:
        counts = Counter(c["id"] for c in item["rubric"])
        out: list[Rule] = [
            (("rubric", j, "id"), f"duplicate rubric id {c['id']!r}")
            for j, c in enumerate(item["rubric"])
            if counts[c["id"]] > 1
        ]
        total = sum(c["points"] for c in item["rubric"])
        if total != item["points"]:
            out.append((("points",), f"points is {item['points']} but the rubric adds up to {total}"))
        bad_pattern = False
        for j, check in enumerate(item["rubric"]):
            for field in ("any_of", "none_of"):
                for k, pattern in enumerate(check.get(field, [])):
                    try:
                        re.compile(pattern)
                        problem = pattern_cost_problem(pattern)
                    except re.error as exc:
                        problem = f"not a valid pattern: {exc}"
                    if problem:
                        bad_pattern = True
                        out.append((("rubric", j, field, k), problem))
        if total == item["points"] and not bad_pattern:
            out += self._calibration(item)
        return out

    def _calibration(self, item: Item) -> list[Rule]:
        """The rubric must give the model answer full marks and the original reply less than half."""
        out: list[Rule] = []
        model = check_rewrite(item["model_answer"], item["rubric"], min_words=self.min_words(item))
        if model.score != item["points"]:
            missed = ", ".join(c.id for c in model.checks if not c.earned) or model.note
            out.append(
                (
                    ("model_answer",),
                    f"the rubric gives the model answer {model.score:g} of {item['points']} points (missed: {missed})",
                )
            )
        original = check_rewrite(item["original"], item["rubric"], min_words=1)
        if original.score * 2 >= item["points"]:
            out.append(
                (
                    ("original",),
                    f"the rubric gives the original reply {original.score:g} of {item['points']} "
                    "points; it should earn less than half",
                )
            )
        return out

    # --- notebook -----------------------------------------------------------------------------------
    def prompt_body(self, item: Item) -> str:
        return item["prompt"].strip() + "\n\nThe original reply:\n\n" + _quote(item["original"])

    def instruction(self, item: Item) -> str:
        return "# Write your reply between the three quote marks. It can take several lines."

    def blank(self, var: str) -> str:
        return f'{var} = """\n\n"""'

    def solution(self, var: str, item: Item) -> str:
        return f'{var} = """\n{item["model_answer"].strip()}\n"""'

    def preview_call(self, var: str, item: Item) -> str:
        return f"preview_text({var}, min_words={self.min_words(item)})"

    def scoring_call(self, var: str, item: Item) -> str:
        rubric = [dict(c.items()) for c in item["rubric"]]
        advice = f", advice={dict(item['advice'])!r}" if item.get("advice") else ""
        return (
            f"score_rewrite({var}, rubric={rubric!r}, original={item['original'].strip()!r}, "
            f"points={item['points']}, min_words={self.min_words(item)}{advice}, "
            f"model_answer={item['model_answer'].strip()!r})"
        )

    def solved_answer(self, item: Item) -> str:
        return item["model_answer"].strip()

    def revealed_answer(self, item: Item) -> str:
        return "One good reply: " + item["model_answer"].strip()

    def _check(self, item: Item, text: str) -> RubricResult:
        """The checker's full reading, as the autograder ran it (advice and overall reading included)."""
        return check_rewrite(
            text, item["rubric"], original=item["original"], min_words=self.min_words(item),
            advice=item.get("advice"), overall=True, model_answer=item["model_answer"],
        )

    def learner_notes(self, item: Item, text: str) -> list[str]:
        """What the learner's feedback page says about a rewrite: each finding first, by name, with
        the words that set it off, why it matters and the scenario's better wording; then every
        criterion found or missing; then, if it moved the band, the overall reading."""
        result = self._check(item, text)
        lines = [result.note] if result.note else []
        for f in result.findings:
            seen = f"found: \u201c{f.evidence}\u201d" if f.quoted else f.evidence
            lines.append(f"{FINDING_LEADS.get(f.id, f.title)} ({seen}): {f.why}.")
            if f.id in result.advice:
                lines.append(f"Instead: {result.advice[f.id]}")
        for c in result.checks:
            found = f" (found: \u201c{c.evidence}\u201d)" if c.evidence else ""
            lines.append(
                f"Found: {c.description}{found}." if c.earned else f"Missing: {c.description}{found}. {c.hint}"
            )
        if result.overall_note():
            lines.append(result.overall_note())
        return [*lines, CAVEAT]

    def checker_confidence(self, item: Item, answer: str) -> str:
        """The checker's confidence in its reading of ``answer`` (see RubricResult.confidence)."""
        return self._check(item, answer).confidence()[0]


KIND = Rewrite()
