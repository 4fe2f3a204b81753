"""Make learner strings safe to write into a CSV file or a web page, or to print on a terminal.

Learners choose their file names (and so their ids) and type anything into answer cells, so
every such string is hostile. Three places need three different treatments:

* **Files and pages** (:func:`clean`): a lone surrogate (which a non-UTF-8 file name or a
  ``"\\ud800"`` escape in notebook JSON produces) cannot be encoded as UTF-8, so one of them
  would stop ``results.csv`` or the report being written at all, on this run and every later
  one. Control characters and bidirectional overrides let text hide or reorder what an educator
  sees. All of them become U+FFFD, the Unicode replacement character, so the damage is visible.
* **Spreadsheets** (:func:`csv_safe`): a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or
  a carriage return is run as a formula by Excel, LibreOffice and Google Sheets. Following the
  OWASP "CSV Injection" guidance (https://owasp.org/www-community/attacks/CSV_Injection), such
  a text cell is prefixed with a single quote, which spreadsheets show as text.
* **The educator's terminal** (:func:`console_text`): ESC, CSI (``\\x9b``), BEL and carriage
  returns can rewrite or hide what ``tic-course grade`` printed, so every control, format or
  separator character is shown as a visible escape such as ``\\x1b`` or ``\\u202e``.

HTML escaping itself is left to Jinja2's autoescaping (the report) and to nbconvert (feedback);
:func:`clean` only removes what no escaping can make safe to encode or to read.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

REPLACEMENT = "\ufffd"

# Bidirectional embeddings, overrides and isolates (the "Trojan Source" characters): they reorder
# the text around them, so a learner id could display as someone else's.
BIDI_CONTROLS = r"\u202a-\u202e\u2066-\u2069"  # re escapes for a character-class range

# Lone surrogates, C0 and C1 controls and DEL (tab and newline survive: a multi-line answer keeps
# its lines, and CSV quoting keeps them inside their cell), and the bidi controls above.
_UNSAFE = re.compile(r"[\ud800-\udfff\x00-\x08\x0b-\x1f\x7f-\x9f" + BIDI_CONTROLS + "]")

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def clean(value: object) -> str:
    """``value`` as text that can be encoded as UTF-8 and read as it is: unsafe characters -> U+FFFD."""
    return _UNSAFE.sub(REPLACEMENT, value if isinstance(value, str) else str(value))


def csv_cell(value: object) -> object:
    """One CSV cell: text is cleaned and, if a spreadsheet would run it as a formula, quoted.

    Numbers, booleans and missing values are left as they are (they are written by pandas as
    plain figures, and a negative number must stay a number).
    """
    if not isinstance(value, str):
        return value
    text = clean(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (and column names) are safe to open in a spreadsheet."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(csv_cell).astype(object)
    out.columns = [csv_cell(c) for c in out.columns]
    return out


def _visible(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def console_text(value: object) -> str:
    """``value`` for one line of terminal output: controls, format and separator characters escaped.

    Unicode categories Cc (controls, including ESC, BEL, CR, newline and the C1 CSI ``\\x9b``),
    Cf (format characters: bidi overrides, zero-width characters), Cs (lone surrogates), Zl and
    Zp (line and paragraph separators) are written as ``\\xNN``/``\\uNNNN`` escapes, so what the
    educator reads is exactly what the learner supplied and nothing can move the cursor.
    """
    text = value if isinstance(value, str) else str(value)
    return "".join(
        _visible(ch) if unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Zl", "Zp"} else ch for ch in text
    )
