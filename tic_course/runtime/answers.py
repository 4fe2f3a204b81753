"""Read a learner's answer safely, whatever object ended up in the answer variable.

Hidden tests must not be fooled by type tricks: an object whose ``__eq__`` always returns True,
or a ``str`` subclass that lies about its contents. So we accept only objects whose type is
exactly ``str``, and copy them into a fresh plain string before comparing anything.
"""

from __future__ import annotations

import re

SEPARATORS = re.compile(r"(?:\s*(?:,|;|/|&|\band\b|\s)\s*)+", re.IGNORECASE)


class AnswerFormatError(ValueError):
    """The answer could not be read; the message tells the learner what to type instead."""


def plain_text(answer: object) -> str:
    """Return the answer as a plain ``str``, or raise AnswerFormatError.

    ``type(x) is str`` rejects subclasses; ``str.__str__`` and slicing through ``str`` methods
    would still run on a subclass, so we never call methods of the object itself.
    """
    if type(answer) is not str:  # noqa: E721 - exact type on purpose
        raise AnswerFormatError(
            f'Your answer must be text between quote marks, for example "B". It is a {type(answer).__name__!s} instead.'
        )
    return "".join(list(answer))  # a fresh str built from the characters alone


def option_letters(answer: object, options: str) -> list[str]:
    """Parse answers such as ``"A, C"``, ``"a c"`` or ``"AC"`` into a list of option letters."""
    text = plain_text(answer).strip().strip(".")
    if not text:
        return []
    letters: list[str] = []
    for token in SEPARATORS.split(text):
        if not token:
            continue
        token = token.upper()
        if not all(ch in options for ch in token):
            allowed = ", ".join(options)
            raise AnswerFormatError(f"{token!r} is not one of the options ({allowed}).")
        letters.extend(token)
    return letters


def words(text: str) -> list[str]:
    """The words of a reply, lower-cased; "I'm" is one word. Shared by the word-count preview and the rubric."""
    return re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text.lower())
