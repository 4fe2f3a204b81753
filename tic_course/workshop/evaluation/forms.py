"""Form exports in and templates out: Microsoft Forms and Google Forms, as CSV.

A Microsoft Forms export ("Open results in Excel", then saved as CSV UTF-8) starts with the
form's own columns ``ID, Start time, Completion time, Email, Name`` (some tenants add ``Last
modified time``), then one column per question headed by the question's text, as Microsoft's
support article "Check your form results" describes. A Google Forms export (the responses sheet,
File > Download > CSV) starts with ``Timestamp`` (``Email address`` and ``Score`` when the form
collects them), then one column per question. Names and emails are never read: participants are
matched by the code they invent.

Every cell is hostile. Nothing here evaluates or trusts a cell; an answer that is not exactly
one of the questionnaire's options (after white space is tidied) is an error naming its row and
column, never a guess.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from tic_course.atomic import write_text
from tic_course.workshop.evaluation.questionnaire import SCALE, Question, Questionnaire, clean

MICROSOFT = ("ID", "Start time", "Completion time", "Email", "Name")
MICROSOFT_OPTIONAL = ("Last modified time",)
GOOGLE = ("Timestamp",)
GOOGLE_OPTIONAL = ("Email address", "Score")
IDENTIFYING = ("Email", "Name", "Email address")  # never read; their presence is only reported
ANONYMOUS = ("", "anonymous")  # what Microsoft Forms writes in Email and Name for an anonymous form
CODE = re.compile(r"[A-Z0-9]{4,12}")
MAX_PROBLEMS = 50

Answer = frozenset[str] | int | str | None


@dataclass(frozen=True)
class Response:
    """One row of an export: whose (by code), when (pre or post), and the answers by question id."""

    row: int  # the spreadsheet row (the header is row 1)
    code: str
    phase: str  # "pre" or "post"
    answers: dict[str, Answer]


@dataclass
class Responses:
    """Every usable row of an export, and what the reader noticed but did not use."""

    file: Path
    form: str  # "Microsoft Forms" or "Google Forms"
    rows: list[Response]
    ignored_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class ResponsesError(Exception):
    """An export could not be used. ``str()`` lists every problem, one per line."""

    def __init__(self, file: Path, problems: list[str]):
        self.file = Path(file)
        shown = problems[:MAX_PROBLEMS]
        more = len(problems) - len(shown)
        self.problems = problems
        super().__init__("\n".join([f"{self.file}: {p}" for p in shown] + ([f"... and {more} more"] if more else [])))


def template_header(questionnaire: Questionnaire, form: str = "microsoft") -> list[str]:
    """The header row of an export of this questionnaire from Microsoft Forms or Google Forms."""
    own = {"microsoft": MICROSOFT, "google": GOOGLE}[form]
    return [*own, *questionnaire.columns]


def write_template(questionnaire: Questionnaire, dest: Path, form: str = "microsoft") -> None:
    """A CSV with the export's header and no rows, for typing in paper answers.

    Written with a byte-order mark so that Excel opens the curly quotes and accents of the
    course's questions as UTF-8 (it assumes a legacy code page otherwise).
    """
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(template_header(questionnaire, form))
    write_text(dest, buffer.getvalue(), encoding="utf-8-sig")


def _detect(header: list[str]) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    if len(header) == 1 and header[0].count(";") > 1:
        raise ValueError(
            "the columns are separated by semicolons, not commas: in Excel use Save As, 'CSV UTF-8 (Comma delimited)'"
        )
    if header[: len(MICROSOFT)] == list(MICROSOFT):
        return "Microsoft Forms", MICROSOFT, MICROSOFT_OPTIONAL
    if header[:1] == list(GOOGLE):
        return "Google Forms", GOOGLE, GOOGLE_OPTIONAL
    raise ValueError(
        f"the first column is {header[0]!r}: expected a Microsoft Forms export (ID, Start time, Completion "
        "time, Email, Name, then the questions) or a Google Forms export (Timestamp, then the questions)"
    )


def read_responses(file: Path, questionnaire: Questionnaire) -> Responses:
    """Read and check an export against the questionnaire; raise ResponsesError listing every problem."""
    file = Path(file)
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ResponsesError(file, [f"cannot be read: {exc.strerror or exc}"]) from None
    except UnicodeDecodeError as exc:
        raise ResponsesError(
            file,
            [f"is not UTF-8 text (byte {exc.start}): in Excel use Save As, 'CSV UTF-8 (Comma delimited)'"],
        ) from None
    try:
        table = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise ResponsesError(file, [f"is not a well-formed CSV file: {exc}"]) from None
    if not table or not any(c.strip() for c in table[0]):
        raise ResponsesError(file, ["is empty: expected a header row of question texts"])
    header = [clean(c) for c in table[0]]
    try:
        form, own, optional = _detect(header)
    except ValueError as exc:
        raise ResponsesError(file, [str(exc)]) from None

    problems: list[str] = []
    where: dict[str, int] = {}
    for i, name in enumerate(header):
        if name.casefold() in where:
            problems.append(
                f"column {i + 1} {name!r} repeats column {where[name.casefold()] + 1}: "
                "every column needs its own heading"
            )
        where.setdefault(name.casefold(), i)
    wanted = questionnaire.columns
    known = {c.casefold() for c in (*own, *optional, *wanted)}
    extra = [h for h in header if h.casefold() not in known]
    for name in wanted:
        if name.casefold() not in where:
            close = difflib.get_close_matches(name, extra, n=1, cutoff=0.6)
            hint = (
                f" (the closest column is {close[0]!r}: reword the form or the questionnaire so they match)"
                if close
                else ""
            )
            problems.append(f"no column for the question {name!r}{hint}")
    if problems:
        raise ResponsesError(file, problems)

    responses = Responses(file, form, [], ignored_columns=[h for h in extra if h])
    column = {name: where[name.casefold()] for name in wanted}
    seen: dict[tuple[str, str], int] = {}
    post_only_in_pre = 0
    identifying = [where[c.casefold()] for c in IDENTIFYING if c.casefold() in where]
    named = False
    for number, cells in enumerate(table[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(f"row {number} has {len(cells)} cells but the header has {len(header)}")
            continue
        named = named or any(cells[i].strip().casefold() not in ANONYMOUS for i in identifying)
        row_problems: list[str] = []

        def cell(name: str, row: int = number, values: list[str] = cells) -> str:
            return values[column[name]]

        code = _code(cell(questionnaire.code_question), number, questionnaire.code_question, row_problems)
        phase = _phase(cell(questionnaire.phase_question), number, questionnaire, row_problems)
        answers: dict[str, Answer] = {}
        for q in questionnaire.questions:
            raw = cell(q.text)
            if phase == "pre" and q.post_only:
                post_only_in_pre += bool(raw.strip())
                continue
            try:
                answers[q.id] = parse_answer(q, raw)
            except ValueError as exc:
                row_problems.append(f"row {number}, column {q.text!r}: {exc}")
        if row_problems:
            problems += row_problems
            continue
        if (code, phase) in seen:
            label = questionnaire.pre_label if phase == "pre" else questionnaire.post_label
            problems.append(
                f"rows {seen[(code, phase)]} and {number} both give participant code {code!r} and {label!r}: "
                "keep the one you want to count and delete the other"
            )
            continue
        seen[(code, phase)] = number
        responses.rows.append(Response(number, code, phase, answers))
    if problems:
        raise ResponsesError(file, problems)
    if not responses.rows:
        raise ResponsesError(file, ["has a header but no responses"])
    if named:
        responses.notes.append(
            "The export holds names or email addresses. They were not read and are not in this report; "
            "set the form not to record names next time."
        )
    if post_only_in_pre:
        responses.notes.append(
            f"{post_only_in_pre} answer(s) to after-the-session questions were given on before-the-session "
            "forms and were not used."
        )
    return responses


def _code(raw: str, row: int, column: str, problems: list[str]) -> str:
    """A participant code, compared without case, spaces or hyphens (people retype them)."""
    code = re.sub(r"[\s-]+", "", clean(raw)).upper()
    if not CODE.fullmatch(code):
        shown = "an empty cell" if not raw.strip() else repr(clean(raw)[:40])
        problems.append(
            f"row {row}, column {column!r}: {shown} is not a participant code (4 to 12 letters or digits); "
            "correct it if you know it, or delete the row"
        )
    return code


def _phase(raw: str, row: int, questionnaire: Questionnaire, problems: list[str]) -> str:
    value = clean(raw).casefold()
    if value in (questionnaire.pre_label.casefold(), "pre"):
        return "pre"
    if value in (questionnaire.post_label.casefold(), "post"):
        return "post"
    problems.append(
        f"row {row}, column {questionnaire.phase_question!r}: {clean(raw)[:60]!r} is neither "
        f"{questionnaire.pre_label!r} nor {questionnaire.post_label!r}"
    )
    return ""


def parse_answer(question: Question, raw: str) -> Answer:
    """One cell as the answer to ``question``; raise ValueError saying what is wrong with it.

    A blank cell is a skipped question (None for a rating, no options for a knowledge question).
    """
    text = clean(raw)
    if question.section == "comments":
        return text
    if question.rated:
        if not text:
            return None
        if not re.fullmatch(r"\d+(\.0+)?", text) or int(float(text)) not in SCALE:
            raise ValueError(f"{text[:40]!r} is not a rating from {SCALE[0]} to {SCALE[-1]}")
        return int(float(text))
    return choices(text, question.options)


def choices(text: str, options: tuple[str, ...]) -> frozenset[str]:
    """The options a cell names. Several are joined by ';' (Microsoft) or ', ' (Google).

    Option texts may themselves contain commas, so the cell is split only where every piece is a
    whole option; a cell that splits in no way, or in more than one, is refused rather than guessed.
    """
    if not text:
        return frozenset()
    folded = {o.casefold(): o for o in options}
    if text.casefold() in folded:
        return frozenset({folded[text.casefold()]})
    ways: set[frozenset[str]] = set()

    def split(rest: str, taken: list[str]) -> None:
        if len(ways) > 1:
            return
        rest = rest.strip()
        if not rest:
            ways.add(frozenset(taken))
            return
        for key, option in folded.items():
            if rest.casefold().startswith(key):
                after = rest[len(key) :]
                sep = re.match(r"\s*(;|,)\s*|\s*$", after)
                if sep and (sep.end() > 0 or not after):
                    split(after[sep.end() :], [*taken, option])

    split(text, [])
    if not ways:
        raise ValueError(f"{text[:80]!r} is not one of this question's options")
    if len(ways) > 1:
        raise ValueError(f"{text[:80]!r} can be read as more than one set of options")
    return next(iter(ways))
