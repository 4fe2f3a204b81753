"""Read an answer cell as data, exactly as marking will: in the learner's preview and in grading.

Marking never runs learner code (``tic_course.grading.sanitise`` rebuilds each submission from
the release and keeps only the string literal each answer cell assigns), so the learner's preview
must not trust the kernel's variable either: after a syntax error the variable still holds the
previous answer, and the preview used to call that stale value "Saved". Here the preview reads
the *source* of the answer cell as last run (IPython keeps every input, even one that failed to
compile) with :func:`literal_answer`, the same function the sanitiser uses, so the preview says
what marking will record.
"""

from __future__ import annotations

import ast
import builtins
import io
import re
import tokenize
from dataclasses import dataclass, field

MAX_ANSWER_CHARS = 20_000
MAX_NESTING = 20
_OPENING, _CLOSING = frozenset("([{"), frozenset(")]}")


def bracket_depth(source: str) -> int:
    """How deeply brackets nest in Python ``source`` (brackets inside strings do not count).

    Read with the tokenizer, which costs time and memory in proportion to the text, unlike the
    parser. Text the tokenizer cannot read is left for ``ast.parse`` to report.
    """
    depth = deepest = 0
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type != tokenize.OP:
                continue
            if token.string in _OPENING:
                depth += 1
                deepest = max(deepest, depth)
            elif token.string in _CLOSING:
                depth -= 1
    except (tokenize.TokenError, SyntaxError):
        pass
    return deepest


def literal_answer(
    source: str, variable: str, *, max_chars: int = MAX_ANSWER_CHARS, max_nesting: int = MAX_NESTING
) -> tuple[str | None, list[str]]:
    """The plain string the cell assigns to ``variable``, and what else the cell contained.

    Returns ``(None, reasons)`` when there is no plain-text answer to keep. The cell's size and
    bracket nesting are checked before it is parsed, so a hostile cell costs little.
    """
    if len(source) > max_chars:
        return None, [f"too long ({len(source)} characters; limit {max_chars}), so it was marked as unanswered"]
    depth = bracket_depth(source)
    if depth > max_nesting:
        return None, [
            f"brackets nested too deeply ({depth} levels; limit {max_nesting}), so it was marked as unanswered"
        ]
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        if "integer string conversion" in str(exc):
            return None, [f"holds a number too long to read (line {exc.lineno}), so it was marked as unanswered"]
        where = f" on line {exc.lineno}" if exc.lineno else ""
        return None, [f"could not be read (Python syntax error{where}); check the quote marks"]
    except (RecursionError, MemoryError, ValueError):
        return None, ["was too complex to read (too many operators in a row), so it was marked as unanswered"]
    value: str | None = None
    other = 0
    not_text = False
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id == variable
        ):
            try:
                candidate = ast.literal_eval(node.value)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                candidate = None
            if type(candidate) is str:  # noqa: E721 - exact type on purpose
                value, not_text = candidate, False
            else:
                value, not_text = None, True
        else:
            other += 1
    reasons = []
    if not_text:
        reasons.append(f"{variable} was not plain text between quote marks, so it was marked as unanswered")
    if other:
        reasons.append(f"{other} other statement(s) in the cell were removed and not run")
    return value, reasons


@dataclass(frozen=True)
class Recorded:
    """What marking will read from an answer cell as it was last run.

    ``value`` is the text marking keeps (None: nothing, so the checkpoint counts as unanswered);
    ``problems`` say, in the learner's terms, what else was found; ``ran`` is False when no run of
    the cell is known in this session (nothing can be checked yet).
    """

    variable: str
    value: str | None
    problems: list[str] = field(default_factory=list)
    ran: bool = True


def _history() -> list[str]:
    """Every cell run in this IPython session, oldest first, failed ones included; [] outside IPython.

    ``get_ipython`` is a builtin inside IPython, so the runtime need not import IPython itself.
    """
    shell = getattr(builtins, "get_ipython", lambda: None)()
    raw = getattr(getattr(shell, "history_manager", None), "input_hist_raw", None)
    return [s for s in raw if isinstance(s, str)] if isinstance(raw, list) else []


def _close_misspelling(name: str, variable: str) -> bool:
    """``anwser_1`` or ``answer1`` for ``answer_1``: at most two letters swapped, added or dropped."""
    if name == variable or abs(len(name) - len(variable)) > 2 or re.fullmatch(r"answer_\d+", name):
        return False
    previous = list(range(len(variable) + 1))
    for i, a in enumerate(name, 1):
        current = [i]
        for j, b in enumerate(variable, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1] <= 2


def find_answer_source(history: list[str], variable: str) -> tuple[str | None, str | None]:
    """The source of the answer cell for ``variable`` as last run, and a misspelt name it assigns.

    The cell is the latest input with a line starting with the variable's name (whether or not the
    line is valid Python: ``answer_1 = "B`` counts). If the input run just before the check cell
    assigns a near-miss of the name instead (``anwser_1 = "B"``), that is the answer cell, run with
    the name misspelt: marking will not find the answer there, and the learner is told so.
    """
    starts = re.compile(rf"(?m)^[ \t]*{re.escape(variable)}\b")
    earlier = history[:-1] if history else []  # the last input is the check cell now running
    if earlier:
        names = re.findall(r"(?m)^[ \t]*([A-Za-z_]\w*)[ \t]*=(?!=)", earlier[-1])
        misspelt = next((n for n in names if _close_misspelling(n, variable)), None)
        if misspelt and not starts.search(earlier[-1]):
            return earlier[-1], misspelt
    for source in reversed(earlier):
        if starts.search(source):
            return source, None
    return None, None


def _for_learner(reason: str, variable: str) -> str:
    """A marking note (written for the educator's list) as words for the learner's preview."""
    reason = reason.replace(", so it was marked as unanswered", "")
    if reason.startswith(variable):
        return reason
    if reason[:1].isdigit():
        return "the answer cell has " + reason.replace(" in the cell were removed and not run", ", which marking drops")
    if reason.startswith("too long"):
        return "the answer cell is " + reason
    if reason.startswith("brackets"):
        return "the answer cell has " + reason
    return "the answer cell " + reason


def answer_cell(variable: str) -> Recorded:
    """What marking will read from the answer cell that assigns ``variable``, as last run.

    Never raises: the check cell also runs while grading, where it must not fail.
    """
    try:
        source, misspelt = find_answer_source(_history(), variable)
        if source is None:
            return Recorded(variable, None, ["the answer cell has not been run yet"], ran=False)
        value, reasons = literal_answer(source, variable)
        problems = [_for_learner(r, variable) for r in reasons]
        if misspelt:
            problems = [f"the answer cell sets {misspelt}, not {variable}; type the name exactly as it was given"]
        return Recorded(variable, value, problems)
    except Exception as exc:  # noqa: BLE001 - a preview must never break the notebook or grading
        return Recorded(variable, None, [f"the answer cell could not be checked ({type(exc).__name__})"], ran=False)
