"""A realistic synthetic cohort: one Canvas-style bulk-download zip of learners' notebooks.

Educators and developers need to try intake, autograding and the reports on something that
looks like a real term's submissions (strong and struggling learners, blank and late notebooks,
and the broken or hostile files every course eventually receives) without touching real
learners' data. Everything here is generated from the released notebooks and the scenario files,
deterministically from a seed, so a demo or a test can be rerun byte for byte.

Learners are ids only ("L0001"); the Canvas "lastfirst" part of a file name is built from the id,
so no realistic personal names appear anywhere. Reflections are short, generic comments about
practice and never describe personal experiences.

Run ``python -m tools.demo_cohort --help``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import re
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import nbformat
from nbformat.v4.rwbase import split_lines

from tic_course.checkpoints.reflection import OPT_OUT_PHRASE
from tic_course.layout import CourseLayout
from tic_course.notebook.shown import ShownOrderError, as_released
from tic_course.scenario import ScenarioError, load_scenario
from tools.demo_class_list import write_class_list
from tools.submissions import (
    answer_variables,
    cell_source,
    fill_answers,
    solved_answers,
)

DUE_DATE = datetime(2026, 3, 16, 17, 0, tzinfo=UTC)
QUALITY_KINDS = ("strong", "partial", "blank")
MALFORMED_KINDS = (
    "invalid-json",          # upload cut off half-way
    "wrong-assignment",      # another assignment's notebook under this assignment's file name
    "deleted-answer-cells",  # the learner deleted two answer cells
    "reordered-cells",       # a checkpoint's cells dragged below the others
    "edited-check-cell",     # the locked check cell rewritten
    "str-subclass",          # answer is a str subclass whose __eq__ always says yes
    "eq-always-true",        # answer is an object whose __eq__ always says yes
    "prints-tests-passed",   # a cell prints "All tests passed"
    "reads-other-file",      # a rewrite answer read from the instructor's source notebook
    "infinite-loop",         # while True: pass
    "os-exit",               # import os; os._exit(1) kills the kernel
    "huge-output",           # a cell that prints (and saved) 5 MB of output
    "non-utf8-name",         # the zip entry name is Latin-1 bytes without the UTF-8 flag
)
REJECTED_BY_INTAKE = frozenset({"invalid-json", "wrong-assignment"})
PROFILES = {  # share of learners, chance of attempting a module, kind of notebook they hand in
    "strong": (0.30, 0.95, {"strong": 0.86, "partial": 0.12, "blank": 0.02}),
    "steady": (0.55, 0.85, {"strong": 0.15, "partial": 0.75, "blank": 0.10}),
    "struggling": (0.15, 0.55, {"strong": 0.0, "partial": 0.45, "blank": 0.55}),
}
REFLECTIONS = (
    "I would slow down at the start and ask what matters most to the person today before I "
    "reach for the notes.",
    "Saying what I am about to do and asking before I do it seems to make people feel safer.",
    "Next time I will write the patient's own words in the notes instead of a label.",
    "When the ward is busy I notice I start finishing people's sentences; I want to let them "
    "finish.",
    "Explaining what happens next and roughly when means nothing comes as a surprise.",
    "A short debrief with a colleague after a hard conversation helps me stay open with the next "
    "patient.",
    "I can offer real choices, even small ones such as which arm or whether to sit or lie down.",
    "It is easy to think someone is being difficult when they are frightened; I want to ask what "
    "has happened before instead.",
    "A plain apology without defending the team seems to rebuild trust faster than explanations.",
    "I will check understanding by asking what the person will tell their family rather than "
    "asking 'any questions?'.",
    "Booking a professional interpreter every time, even when it takes longer, is something I "
    "can push for on our unit.",
    "I want to notice when I use words like 'just' or 'quick' that make someone's experience "
    "sound smaller.",
    "Checking the notes for labels such as 'anxious' before I meet someone helps me notice my "
    "own assumptions.",
    "I would agree a stop signal before any procedure and make sure it is respected.",
)
CONTRACTIONS = (("I am", "I'm"), ("do not", "don't"), ("does not", "doesn't"), ("is not", "isn't"),
                ("are not", "aren't"), ("cannot", "can't"), ("will not", "won't"),
                ("you are", "you're"), ("we are", "we're"), ("it is", "it's"),
                ("that is", "that's"), ("I will", "I'll"), ("we will", "we'll"),
                ("Thank you", "Thanks"), ("let us", "let's"))
SWAP = {a: b for a, b in CONTRACTIONS} | {b: a for a, b in CONTRACTIONS}
SWAP_RE = re.compile(r"\b(" + "|".join(re.escape(k) for k in sorted(SWAP, key=len, reverse=True))
                     + r")\b")
HUGE_LINE = "My notes on this module. "  # 25 characters, printed 210,000 times: 5.25 MB


class DemoError(Exception):
    """The demo cannot be made from this course (e.g. nothing released yet)."""


@dataclass
class DemoSummary:
    """What was generated, so a demo or a test can check the pipeline's results against it.

    ``counts`` maps each kind (``strong``, ``partial``, ``blank`` and every malformed kind) to a
    number of files and sums to ``files``; ``late`` overlaps with them. ``expected_malformed``
    lists (zip entry name as intake shows it, kind). ``learner_map`` maps Canvas user ids to the
    learner ids (``--learner-map`` for intake).
    """

    learners: int
    files: int
    counts: dict[str, int]
    due_date: datetime
    expected_malformed: list[tuple[str, str]]
    late: int = 0
    reflections: dict[str, int] = field(default_factory=dict)  # written / opt-out / blank
    assignments: list[str] = field(default_factory=list)
    learner_map: dict[str, str] = field(default_factory=dict)
    zip_path: Path | None = None


@dataclass
class _Submission:
    number: int  # learner number, 1-based
    assignment: str
    kind: str
    late: bool
    when: datetime
    suffix: str  # "" or an LMS duplicate suffix such as "-1"
    answers: dict[str, str]
    reflection: str  # written / opt-out / blank


@dataclass
class _Module:
    scenario: dict[str, Any]
    released: nbformat.NotebookNode
    bank: dict[str, dict[str, list[str]]]  # rewrite checkpoint id -> quality -> replies


# ---------------------------------------------------------------------------------------------
# Answers


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def _paraphrase(text: str) -> str:
    """The model answer as a learner might retype it: contractions and 'thanks' swapped."""
    return SWAP_RE.sub(lambda m: SWAP[m.group(1)], text)


def rewrite_bank(item: dict[str, Any]) -> dict[str, list[str]]:
    """Good, partial and poor replies for one rewrite, made from its model answer and original.

    Good: the model answer and a light paraphrase. Partial: half of it, its closing sentence, or
    the original softened by an opening phrase. Poor: the original, nearly unchanged, or too short.
    """
    model, original = item["model_answer"].strip(), item["original"].strip()
    parts = _sentences(model)
    half = " ".join(parts[: max(1, len(parts) // 2)])
    lowered = original[:1].lower() + original[1:]
    bank = {
        "good": [model, _paraphrase(model)],
        "partial": [half, parts[-1], f"I hear you, and I'm sorry. {original}"],
        "poor": [original, f"Look, {lowered}", "OK, noted. Please wait."],
    }
    return {k: list(dict.fromkeys(v)) for k, v in bank.items()}


def _typed(letters: list[str], rng: random.Random) -> str:
    """Letters as learners type them: mostly "A, C", sometimes "a c", "A,C" or "AC"."""
    text = rng.choice([", ", ", ", ", ", ",", " ", ""]).join(letters)
    return text.lower() if rng.random() < 0.1 else text


def _imperfect(item: dict[str, Any], rng: random.Random) -> str:
    """A plausible wrong or partly right choice answer: a tempting option, a partial selection,
    a nearly right order."""
    kind = item["type"]
    if kind == "single_choice":
        keys = [o["key"] for o in item["options"]]
        correct = [o["key"] for o in item["options"] if o["correct"]][0]
        key = rng.choice([k for k in keys if k != correct])
        return rng.choice([key, key, key, f"{key}.", key.lower()])
    if kind == "multiple_select":
        correct = [o["key"] for o in item["options"] if o["correct"]]
        chosen = list(correct)  # miss one that applies and/or add one that does not
        wrong = [o["key"] for o in item["options"] if not o["correct"]]
        if len(chosen) > 1 and rng.random() < 0.6:
            chosen.remove(rng.choice(chosen))
        if wrong and (rng.random() < 0.6 or chosen == correct):
            chosen.append(rng.choice(wrong))
        return _typed(sorted(chosen) if rng.random() < 0.7 else chosen, rng)
    order = list(item["order"])  # a neighbouring swap, one step moved, or a guess
    roll = rng.random()
    if roll < 0.5:
        i = rng.randrange(len(order) - 1)
        order[i], order[i + 1] = order[i + 1], order[i]
    elif roll < 0.8:
        step = order.pop(rng.randrange(len(order)))
        order.insert(rng.randrange(len(order) + 1), step)
    else:
        rng.shuffle(order)
    return _typed(order, rng)


def _answers(module: _Module, kind: str, rng: random.Random) -> dict[str, str]:
    """Every non-reflection answer a learner of this kind types (blank: none)."""
    if kind == "blank":
        return {}
    solved = solved_answers(module.scenario)
    out = {}
    for item in module.scenario["checkpoints"]:
        cid = item["id"]
        if item["type"] == "reflection":
            continue
        if kind == "partial" and rng.random() < 0.06:
            out[cid] = ""  # skipped this one
            continue
        if item["type"] == "rewrite":
            weights = {"good": 0.85, "partial": 0.15, "poor": 0.0} if kind == "strong" else \
                {"good": 0.25, "partial": 0.45, "poor": 0.3}
            tier = rng.choices(list(weights), weights=list(weights.values()))[0]
            out[cid] = rng.choice(module.bank[cid][tier])
        elif rng.random() < (0.9 if kind == "strong" else 0.45):
            out[cid] = solved[cid]
        else:
            out[cid] = _imperfect(item, rng)
    return out


def _reflection(module: _Module, mode: str, rng: random.Random) -> dict[str, str]:
    out = {}
    for item in module.scenario["checkpoints"]:
        if item["type"] != "reflection":
            continue
        if mode == "written":
            out[item["id"]] = " ".join(rng.sample(REFLECTIONS, rng.choice([1, 2, 2, 3])))
        elif mode == "opt-out":
            out[item["id"]] = rng.choice([OPT_OUT_PHRASE, OPT_OUT_PHRASE, OPT_OUT_PHRASE + "."])
        elif rng.random() < 0.5:  # blank: cleared the box (otherwise the stub stays)
            out[item["id"]] = ""
    return out


# ---------------------------------------------------------------------------------------------
# Malformed notebooks


def _grade_id(cell: dict[str, Any]) -> str:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")


def _cell(nb: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    return next(c for c in nb.cells if _grade_id(c) == grade_id)


def _first(scenario: dict[str, Any], *types: str) -> dict[str, Any]:
    return next(i for i in scenario["checkpoints"] if i["type"] in types)


def _malform(nb: nbformat.NotebookNode, kind: str, module: _Module,
             answers: dict[str, str]) -> None:
    """Break a filled notebook in place the way ``kind`` describes."""
    scenario = module.scenario
    variables = answer_variables(scenario)
    choice = _first(scenario, "single_choice", "multiple_select", "ordering")
    var, typed = variables[choice["id"]], answers.get(choice["id"], "")
    answer_cell = _cell(nb, f"{choice['id']}-answer")
    if kind == "deleted-answer-cells":
        doomed = [f"{i['id']}-answer" for i in scenario["checkpoints"][:2] if i["id"] in variables]
        nb.cells = [c for c in nb.cells if _grade_id(c) not in doomed]
    elif kind == "reordered-cells":
        block = [c for c in nb.cells if _grade_id(c).startswith(choice["id"] + "-")]
        rest = [c for c in nb.cells if c not in block]
        at = next(i for i, c in enumerate(rest) if _grade_id(c) == "finish")
        nb.cells = rest[:at] + block + rest[at:]
    elif kind == "edited-check-cell":
        _cell(nb, f"{choice['id']}-check").source = (
            "# This cell kept saying my answer was only saved, so I changed it\nprint('correct')")
    elif kind == "str-subclass":
        answer_cell.source = ("class Answer(str):\n    def __eq__(self, other):\n"
                              "        return True\n\n    __hash__ = str.__hash__\n\n\n"
                              f"{var} = Answer({typed!r})")
    elif kind == "eq-always-true":
        answer_cell.source = ("class Anything:\n    def __eq__(self, other):\n        return True\n"
                              f"\n\n{var} = Anything()")
    elif kind == "prints-tests-passed":
        answer_cell.source = f'{cell_source(var, typed)}\nprint("All tests passed")'
    elif kind == "reads-other-file":
        rewrite = _first(scenario, "rewrite")
        a = scenario["id"]
        _cell(nb, f"{rewrite['id']}-answer").source = (
            f'{variables[rewrite["id"]]} = open("../../../source/{a}/{a}.ipynb", '
            'encoding="utf-8").read()')
    elif kind == "infinite-loop":
        answer_cell.source = f"{cell_source(var, typed)}\nwhile True:\n    pass"
    elif kind == "os-exit":
        answer_cell.source = f"{cell_source(var, typed)}\nimport os; os._exit(1)"
    elif kind == "huge-output":
        answer_cell.source = f"{cell_source(var, typed)}\nprint({HUGE_LINE!r} * 210_000)"
        answer_cell.execution_count = 1
        answer_cell.outputs = [nbformat.v4.new_output("stream", name="stdout",
                                                      text=HUGE_LINE * 210_000 + "\n")]


def _serialise(nb: nbformat.NotebookNode) -> str:
    """The exact text Jupyter saves (sources as lists of lines), without nbformat.writes's
    schema validation and deep copy, which would make a 2,400-notebook cohort slow."""
    return json.dumps(split_lines(nb), indent=1, sort_keys=True, separators=(",", ": "),
                      ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------------------------------
# The cohort


def _load_modules(course: Path, exercises: Path,
                  assignments: list[str] | None) -> dict[str, _Module]:
    if assignments is None:
        released = {p.parent.name for p in (course / "release").glob("*/*.ipynb")
                    if p.stem == p.parent.name}
        assignments = sorted(a for a in released if (exercises / a / "scenario.yml").is_file())
        if not assignments:
            raise DemoError(f"no released notebook in {course / 'release'} has a scenario in "
                            f"{exercises}: run `tic-course release` first")
    modules = {}
    for a in assignments:
        notebook = course / "release" / a / f"{a}.ipynb"
        scenario_file = exercises / a / "scenario.yml"
        if not notebook.is_file():
            raise DemoError(f"{notebook}: not found; run `tic-course release` first")
        try:
            scenario = load_scenario(scenario_file)
        except ScenarioError as exc:
            raise DemoError(exc.report()) from exc
        except OSError as exc:
            raise DemoError(f"{scenario_file}: cannot read the scenario: {exc}") from exc
        released = nbformat.read(notebook, as_version=4)
        try:  # learners type the letters their notebook shows (the course's display order)
            scenario = as_released(released, scenario)
        except ShownOrderError as exc:
            raise DemoError(str(exc)) from exc
        bank = {i["id"]: rewrite_bank(i) for i in scenario["checkpoints"] if i["type"] == "rewrite"}
        modules[a] = _Module(scenario, released, bank)
    return modules


def _plan(modules: dict[str, _Module], learners: int, rng: random.Random) -> list[_Submission]:
    """Who attempts what, how well, and when: every random draw in a fixed order."""
    names = list(PROFILES)
    shares = [PROFILES[n][0] for n in names]
    start = DUE_DATE - timedelta(days=14)
    plan = []
    for number in range(1, learners + 1):
        profile = rng.choices(names, weights=shares)[0]
        _, attempt_rate, kinds = PROFILES[profile]
        late_rate = 0.45 if rng.random() < 0.12 else 0.04
        for a, module in modules.items():
            if rng.random() >= attempt_rate:
                continue
            kind = rng.choices(list(kinds), weights=list(kinds.values()))[0]
            late = rng.random() < late_rate
            if late:
                when = DUE_DATE + timedelta(seconds=2 * rng.randrange(150, 216_000))
            else:
                when = start + timedelta(seconds=2 * rng.randrange(0, 7 * 86_400 - 300))
            suffix = rng.choices(["", "-1", "-2"], weights=[0.92, 0.06, 0.02])[0]
            answers = _answers(module, kind, rng)
            mode = "blank" if kind == "blank" else rng.choices(
                ["written", "opt-out", "blank"], weights=[0.74, 0.12, 0.14])[0]
            if kind != "blank":  # a blank notebook is the released one, saved untouched
                answers |= _reflection(module, mode, rng)
            plan.append(_Submission(number, a, kind, late, when, suffix, answers, mode))
    return plan


class _RawNameInfo(zipfile.ZipInfo):
    """A zip entry whose name is written as raw bytes without the UTF-8 flag.

    Old Windows zip tools write names in the local code page this way; zipfile always writes
    UTF-8 for non-ASCII names, so its name encoder is replaced for this one entry.
    """

    def __init__(self, raw_name: bytes, date_time: tuple[int, ...]):
        super().__init__(raw_name.decode("cp437"), date_time)
        self.raw_name = raw_name

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.raw_name, self.flag_bits & ~0x0800


def make_demo_cohort(course: Path, out_zip: Path, *, learners: int = 200, seed: int = 2026,
                     assignments: list[str] | None = None, exercises: Path | None = None,
                     progress: bool = False) -> DemoSummary:
    """Write one Canvas-style bulk-download zip for a synthetic cohort; return what is in it.

    Reads ``course/release/<a>/<a>.ipynb`` and ``exercises/<a>/scenario.yml`` (default: the
    repository's ``exercises/``) for each assignment (default: every released one with a
    scenario). One of each malformed kind is included, up to a quarter of the notebooks.
    """
    if learners < 1:
        raise DemoError("--learners must be at least 1")
    modules = _load_modules(Path(course), Path(exercises or CourseLayout.find().exercises), assignments)
    rng = random.Random(seed)
    plan = _plan(modules, learners, rng)
    kinds = [k for k in MALFORMED_KINDS if k != "wrong-assignment" or len(modules) > 1]
    eligible = [i for i, s in enumerate(plan) if s.kind != "blank"]
    chosen = rng.sample(eligible, min(len(kinds), len(eligible), len(plan) // 4))
    broken = dict(zip(chosen, kinds, strict=False))
    names = list(modules)

    entries: list[tuple[bytes, datetime, bytes]] = []
    expected: list[tuple[str, str]] = []
    counts = dict.fromkeys(QUALITY_KINDS + MALFORMED_KINDS, 0)
    reflections = dict.fromkeys(("written", "opt-out", "blank"), 0)
    for index, sub in enumerate(plan):
        if progress and index % 250 == 0:
            print(f"writing notebook {index + 1} of {len(plan)}", file=sys.stderr, flush=True)
        kind = broken.get(index, sub.kind)
        module = modules[sub.assignment]
        if kind == "wrong-assignment":
            other = names[(names.index(sub.assignment) + 1) % len(names)]
            module = modules[other]
            answers = _answers(module, "partial", rng) | _reflection(module, sub.reflection, rng)
        else:
            answers = sub.answers
        nb = fill_answers(module.released, module.scenario, answers)
        if kind in MALFORMED_KINDS:
            _malform(nb, kind, module, answers)
        text = _serialise(nb)
        if kind == "invalid-json":
            text = text[: len(text) * 3 // 5]
        lastfirst = f"learnerl{sub.number:04d}".encode()
        if kind == "non-utf8-name":
            lastfirst += b"\xe9"  # an accented letter written in Latin-1
        user_id = 100_000 + sub.number
        late = b"LATE_" if sub.late else b""
        name = (lastfirst + b"_" + late + f"{user_id}_{5_000_000 + index}_{sub.assignment}"
                f"{sub.suffix}.ipynb".encode())
        entries.append((name, sub.when, text.encode("utf-8")))
        counts[kind] += 1
        reflections[sub.reflection] += 1
        if kind in MALFORMED_KINDS:
            expected.append((name.decode("utf-8", "backslashreplace"), kind))

    _write_zip(Path(out_zip), sorted(entries))
    return DemoSummary(
        learners=learners, files=len(plan), counts=counts, due_date=DUE_DATE,
        expected_malformed=sorted(expected), late=sum(s.late for s in plan),
        reflections=reflections, assignments=names,
        learner_map={str(100_000 + n): f"L{n:04d}" for n in range(1, learners + 1)},
        zip_path=Path(out_zip),
    )


def _write_zip(out_zip: Path, entries: list[tuple[bytes, datetime, bytes]]) -> None:
    """Write the zip to a temporary file beside the target, then rename it into place."""
    out_zip.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out_zip.parent, prefix=f".{out_zip.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh, zipfile.ZipFile(fh, "w") as zf:
            for name, when, data in entries:
                stamp = when.timetuple()[:6]
                try:
                    info = zipfile.ZipInfo(name.decode("ascii"), stamp)
                except UnicodeDecodeError:
                    info = _RawNameInfo(name, stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3
                info.external_attr = 0o644 << 16
                zf.writestr(info, data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out_zip)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_roster(summary: DemoSummary, dest: Path) -> None:
    """The Canvas id -> learner id map as the CSV that intake's --learner-map reads."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["lms_id", "learner_id"])
    writer.writerows(sorted(summary.learner_map.items()))
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp")
    tmp.write_text(buffer.getvalue(), encoding="utf-8")
    tmp.replace(dest)


def main(argv: list[str] | None = None) -> int:
    layout = CourseLayout.find()
    parser = argparse.ArgumentParser(
        prog="python -m tools.demo_cohort",
        description="Write a synthetic Canvas bulk-download zip: a notebook per learner per "
                    "attempted assignment, with strong, partial, blank and late submissions and "
                    "one of each kind of malformed file. Deterministic for a given seed. Needs "
                    "the released notebooks (tic-course release).",
    )
    parser.add_argument("--course", type=Path, default=layout.course,
                        help="nbgrader course root with release/ (default: grading/)")
    parser.add_argument("--out", type=Path, default=layout.build / "demo" / "lms-download.zip",
                        help="the zip to write (default: _build/demo/lms-download.zip)")
    parser.add_argument("--learners", type=int, default=200,
                        help="number of learners (default: 200)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default: 2026)")
    parser.add_argument("--assignment", action="append", metavar="ID",
                        help="include this assignment (repeatable; default: every released one)")
    parser.add_argument("--exercises", type=Path, default=layout.exercises,
                        help="folder of <id>/scenario.yml files (default: exercises/)")
    parser.add_argument("--roster", type=Path, metavar="CSV",
                        help="also write the Canvas id -> learner id map for intake --learner-map")
    parser.add_argument("--class-list", type=Path, metavar="CSV",
                        help="also write a plain class list for `tic-course grade --roster` (every learner, "
                             "plus --absent learners who never submit)")
    parser.add_argument("--absent", type=int, default=12,
                        help="learners on the class list who hand nothing in (default: 12)")
    args = parser.parse_args(argv)
    try:
        summary = make_demo_cohort(args.course, args.out, learners=args.learners, seed=args.seed,
                                   assignments=args.assignment, exercises=args.exercises,
                                   progress=True)
        if args.absent < 0:
            raise DemoError("--absent must be 0 or more")
        if args.roster:
            summary.learner_map |= {str(100_000 + n): f"L{n:04d}"
                                    for n in range(args.learners + 1, args.learners + args.absent + 1)}
            write_roster(summary, args.roster)
        if args.class_list:
            write_class_list(args.class_list, args.learners, args.absent)
    except (DemoError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {args.out}: {summary.files} notebooks from {summary.learners} learners "
          f"across {len(summary.assignments)} assignments")
    print("kinds: " + ", ".join(f"{k} {n}" for k, n in summary.counts.items()))
    print(f"late (after {summary.due_date:%Y-%m-%d %H:%M} UTC): {summary.late}; reflections: "
          + ", ".join(f"{k} {n}" for k, n in summary.reflections.items()))
    for name, kind in summary.expected_malformed:
        print(f"malformed  {kind:22} {name}")
    if args.roster:
        print(f"wrote {args.roster}")
    if args.class_list:
        print(f"wrote {args.class_list}: {args.learners + args.absent} learners, {args.absent} of whom never submit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
