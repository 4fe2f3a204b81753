"""A test-wise learner who reads nothing: how much can habits alone score? (``make bench``)

Five strategies play every checkpoint of every scenario, as the marked notebooks display it,
through the real scoring code: each answer is typed as displayed letters and scored by evaluating
the very call the hidden test makes (``kind.scoring_call``). Reflections are marked by hand and
left out. The book's knowledge checks are played the same way and reported separately.

Strategies, and their natural analogue for each kind of question:

===============  ===================  ==========================  ==========================
strategy         one answer           choose all that apply       put steps in order
===============  ===================  ==========================  ==========================
always-first     the first option     the first option only       the order shown
always-second    the second (B)       the second option only      the order shown, started
                                                                  from the second step
always-longest   the longest option   the longest half            longest step first
most-hedged      most hedge words     the most-hedged half        most-hedged step first
random           a uniform guess      each option with p = 1/2    a uniform shuffle
                                      (never none)
===============  ===================  ==========================  ==========================

Ties are broken at random, so most-hedged measures hedging, not position, when nothing hedges
(longest and most-hedged are averaged over the same draws as random). "The longest half" is the
ceil(n/2) longest options. Hedge words: see ``HEDGES``. Rewrites: a test-wise learner cannot
write, so every strategy submits the original reply unchanged, scored by the real rubric. Random
is averaged over ``DRAWS`` seeded draws and is **chance**. A module is a chapter with its
scenarios; its score is points won / points available over its auto-graded checkpoints
(knowledge checks: one point each, partial credit for choose-all-that-apply as the notebooks
give it).

``python -m tools.testwise`` prints the table for the authored order ("before") and the course's
display order ("after"); ``--check`` exits 1 when any strategy beats chance by more than
``MARGIN`` percentage points on any module of the display order.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import math
import random
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tic_course.book.knowledge_checks import knowledge_shown
from tic_course.checkpoints import kind_of
from tic_course.checkpoints.lettered import OPTION_LETTERS, LetteredKind
from tic_course.checkpoints.multiple_select import score_multiple_select
from tic_course.checkpoints.single_choice import score_single_choice
from tic_course.layout import CourseLayout
from tic_course.scenario.catalogue import load_all
from tic_course.scenario.cue_audit import Shown
from tic_course.scenario.presentation import Presentation, course_presentation, present

HEDGES = ("may", "might", "could", "perhaps", "possibly", "usually", "often", "generally", "sometimes",
          "it depends", "likely")
HEDGE = re.compile(r"\b(?:" + "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in HEDGES) + r")\b", re.I)
STRATEGIES = ("always-first", "always-second", "always-longest", "most-hedged", "random")
DRAWS = 200
MARGIN = 10.0  # percentage points above chance that any strategy may reach on any module
CHANCE = "random"
DETERMINISTIC = ("always-first", "always-second")  # the others draw (ties, guesses): averaged over DRAWS
SHAPES = {"single_choice": "one", "multiple_select": "all", "ordering": "order"}  # how each kind is answered

Pick = Callable[[Sequence[str], random.Random], list[int]]


def hedges(text: str) -> int:
    """How many hedge words and phrases ``text`` holds (whole words, any case)."""
    return len(HEDGE.findall(text))


def _ranked(texts: Sequence[str], measure: Callable[[str], int], rng: random.Random) -> list[int]:
    """Displayed positions, highest measure first; ties broken at random (so that "most hedged"
    measures hedging, not position, when no option hedges)."""
    tiebreak = [rng.random() for _ in texts]
    return sorted(range(len(texts)), key=lambda i: (-measure(texts[i]), tiebreak[i]))


def pick(strategy: str, shape: str, texts: Sequence[str], rng: random.Random) -> list[int]:
    """The displayed positions a strategy answers with. ``shape``: "one", "all" or "order"."""
    n = len(texts)
    if strategy == "always-first":
        return {"one": [0], "all": [0], "order": list(range(n))}[shape]
    if strategy == "always-second":
        return {"one": [1], "all": [1], "order": [*range(1, n), 0]}[shape]
    if strategy in ("always-longest", "most-hedged"):
        ranked = _ranked(texts, len if strategy == "always-longest" else hedges, rng)
        return {"one": ranked[:1], "all": ranked[: math.ceil(n / 2)], "order": ranked}[shape]
    if strategy == "random":
        if shape == "one":
            return [rng.randrange(n)]
        if shape == "order":
            return rng.sample(range(n), n)
        while True:
            chosen = [i for i in range(n) if rng.random() < 0.5]
            if chosen:
                return chosen
    raise ValueError(f"unknown strategy {strategy!r}")


def _quiet(call: Callable[[], float]) -> float:
    with contextlib.redirect_stdout(io.StringIO()):
        return float(call())


def _hidden_test(kind: Any, item: dict[str, Any], typed: str) -> float:
    """Score ``typed`` with the exact call the checkpoint's hidden test makes."""
    module = importlib.import_module(type(kind).__module__)
    namespace = {"answer": typed, kind.scoring_function: getattr(module, kind.scoring_function)}
    return _quiet(lambda: eval(kind.scoring_call("answer", item), namespace))  # noqa: S307 - our own code


def play_checkpoint(item: dict[str, Any], strategy: str, rng: random.Random) -> float:
    """Points one strategy wins on one displayed (presented) checkpoint."""
    kind = kind_of(item)
    if not isinstance(kind, LetteredKind):
        return _hidden_test(kind, item, item["original"].strip())  # rewrites: the original, unchanged
    texts = [e["text"].strip() for e in item[kind.listed]]
    shape = SHAPES[item["type"]]
    typed = ", ".join(OPTION_LETTERS[i] for i in pick(strategy, shape, texts, rng))
    return _hidden_test(kind, item, typed)


def play_check(check: Shown, strategy: str, rng: random.Random, multiple: bool) -> float:
    """Points (of 1) one strategy wins on one displayed knowledge check."""
    letters = OPTION_LETTERS[: len(check.texts)]
    chosen = [letters[i] for i in pick(strategy, "all" if multiple else "one", check.texts, rng)]
    feedback = {k: "" for k in letters}
    correct = [k for k, key in zip(letters, check.keyed, strict=True) if key]
    if multiple:
        return _quiet(lambda: score_multiple_select(", ".join(chosen), correct=correct, feedback=feedback, points=1))
    return _quiet(lambda: score_single_choice(chosen[0], correct=correct[0], feedback=feedback, points=1))


def _mean_score(play: Callable[[str, random.Random], float], strategy: str, seed: str) -> float:
    if strategy in DETERMINISTIC:
        return play(strategy, random.Random(seed))
    rng = random.Random(seed)
    return sum(play(strategy, rng) for _ in range(DRAWS)) / DRAWS


def scenario_table(scenarios: list[dict[str, Any]], presentation: Presentation | None) -> dict[str, dict[str, float]]:
    """module -> strategy -> score % over the module's auto-graded checkpoints."""
    won: dict[str, dict[str, float]] = {}
    available: dict[str, float] = {}
    for scenario in scenarios:
        shown = present(scenario, presentation)
        module = scenario["chapter"]
        for item in shown["checkpoints"]:
            if kind_of(item).hand_marked:
                continue
            available[module] = available.get(module, 0.0) + item["points"]
            for strategy in STRATEGIES:
                score = _mean_score(lambda s, r, item=item: play_checkpoint(item, s, r), strategy,
                                    f"{scenario['id']}|{item['id']}")
                won.setdefault(module, {}).setdefault(strategy, 0.0)
                won[module][strategy] += score
    return {m: {s: 100 * won[m][s] / available[m] for s in STRATEGIES} for m in sorted(won)}


def check_table(checks: list[Shown]) -> dict[str, dict[str, float]]:
    """chapter -> strategy -> score % over its knowledge checks (one point each)."""
    won: dict[str, dict[str, float]] = {}
    count: dict[str, int] = {}
    for check in checks:
        chapter = check.label.split(":")[0]
        multiple = "choose all" in check.group
        count[chapter] = count.get(chapter, 0) + 1
        for strategy in STRATEGIES:
            score = _mean_score(lambda s, r, c=check, m=multiple: play_check(c, s, r, m), strategy, check.label)
            won.setdefault(chapter, {}).setdefault(strategy, 0.0)
            won[chapter][strategy] += score
    return {m: {s: 100 * won[m][s] / count[m] for s in STRATEGIES} for m in sorted(won)}


def over_chance(table: dict[str, dict[str, float]]) -> list[tuple[str, str, float, float]]:
    """(module, strategy, score, chance) wherever a strategy beats chance by more than MARGIN."""
    return [
        (m, s, row[s], row[CHANCE])
        for m, row in table.items()
        for s in STRATEGIES
        if s != CHANCE and row[s] > row[CHANCE] + MARGIN
    ]


def render(title: str, table: dict[str, dict[str, float]]) -> str:
    """The strategy x module table, with chance and every cell over chance + MARGIN starred."""
    width = max(len(m) for m in table) + 2
    head = f"{'module':<{width}}" + "".join(f"{s:>16}" for s in STRATEGIES) + f"{'chance':>9}"
    lines = [title, head, "-" * len(head)]
    for m, row in table.items():
        cells = "".join(
            f"{row[s]:>15.1f}{'*' if s != CHANCE and row[s] > row[CHANCE] + MARGIN else ' '}" for s in STRATEGIES
        )
        lines.append(f"{m:<{width}}{cells}{row[CHANCE]:>9.1f}")
    lines.append(f"score %; chance = random's mean over {DRAWS} draws; * = more than chance + {MARGIN:g} points")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=None, help="the course (default: the current folder)")
    parser.add_argument("--check", action="store_true", help=f"exit 1 if a strategy beats chance + {MARGIN:g}")
    args = parser.parse_args(argv)
    layout = CourseLayout.at(args.root)
    scenarios = load_all(layout.scenario_files())
    presentation = course_presentation(layout.root, scenarios)
    after = scenario_table(scenarios, presentation)
    print(render("Test-wise learners, marked checkpoints, authored order (before):",
                 scenario_table(scenarios, None)) + "\n")
    print(render(f"Test-wise learners, marked checkpoints, display order (seed {presentation.seed!r}):", after) + "\n")
    print(render("Test-wise learners, knowledge checks, authored order (before):",
                 check_table(knowledge_shown(layout.chapters, None))) + "\n")
    checks_after = check_table(knowledge_shown(layout.chapters, presentation.seed))
    print(render("Test-wise learners, knowledge checks, display order:", checks_after))
    beaten = over_chance(after) + over_chance(checks_after)
    for module, strategy, score, chance in beaten:
        print(f"OVER CHANCE {module}: {strategy} scores {score:.1f}% (chance {chance:.1f}%)", file=sys.stderr)
    return 1 if args.check and beaten else 0


if __name__ == "__main__":
    sys.exit(main())
