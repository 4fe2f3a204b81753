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


# Brackets, full stops and quote marks around a letter are how people write an option letter by
# hand ("b)", "(b)", "B.", "'B'"), so they are dropped; nothing else is guessed.
WRAPPING = "()[]{}.:'\"`*\u2018\u2019\u201c\u201d"


def option_letters(answer: object, options: str) -> list[str]:
    """Parse answers such as ``"A, C"``, ``"a c"``, ``"AC"``, ``"(b)"`` or ``"B."`` into option letters.

    The one reading of a lettered answer: the learner's preview, the hidden test's scoring and
    the results table all call it, so what the preview says was saved is what is marked. Case,
    spaces, separators (comma, semicolon, slash, "and") and brackets or a full stop around a
    letter are accepted; anything else (a word such as "or", a letter that is not an option) is
    refused with a message that names it, because guessing would mark something not chosen.
    """
    text = plain_text(answer).strip()
    if not text:
        return []
    allowed = ", ".join(options)
    letters: list[str] = []
    for raw in SEPARATORS.split(text):
        token = raw.strip(WRAPPING).upper()
        if not token:
            continue
        if all(ch in options for ch in token):
            letters.extend(token)
        elif len(token) > 1 and token.isalpha():
            raise AnswerFormatError(f"{raw!r} is not an option letter: type only letters ({allowed}).")
        else:
            raise AnswerFormatError(f"{token!r} is not one of the options ({allowed}).")
    return letters


def words(text: str) -> list[str]:
    """The words of a reply, lower-cased; "I'm" is one word. Shared by the word-count preview and the rubric."""
    return re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text.lower())
