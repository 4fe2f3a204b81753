"""The report's colours, and the pairs whose contrast the tests check.

Every text pair meets WCAG AA (4.5:1) and the bar colour meets the 3:1 rule for graphics against
white; tests check the ratios. Meaning never rests on colour alone: every coloured mark on the
page also says what it means in words ("late", "complete", a flag's text).
"""

from __future__ import annotations

TEXT = "#1a1a1a"
BACKGROUND = "#ffffff"
MUTED = "#4d4d4d"
HEADER_BG = "#e6edf5"
FLAG = "#8a1c1c"
LATE_FG = "#6b3d00"
LATE_BG = "#fff1d0"
DONE = "#1e5e2e"
BAR = "#1f5f99"

TEXT_PAIRS = [
    (TEXT, BACKGROUND),
    (MUTED, BACKGROUND),
    (TEXT, HEADER_BG),
    (FLAG, BACKGROUND),
    (LATE_FG, LATE_BG),
    (DONE, BACKGROUND),
]
GRAPHIC_PAIRS = [(BAR, BACKGROUND)]

PALETTE = {
    "text": TEXT,
    "background": BACKGROUND,
    "muted": MUTED,
    "header_bg": HEADER_BG,
    "flag": FLAG,
    "late_fg": LATE_FG,
    "late_bg": LATE_BG,
    "done": DONE,
    "bar": BAR,
}
"""The colours by the names the stylesheet template uses."""
