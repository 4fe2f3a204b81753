"""The book's diagrams, drawn from source with matplotlib when the book is built.

Drawing them from code (rather than committing images) keeps the words in the diagrams in the
repository as text that reviewers can read and correct, and lets the build regenerate them. The
alt text for each figure lives next to the figure in the chapter. Colours: dark text on pale
fills, all above WCAG AA contrast; meaning never depends on colour alone.

``python -m tic_course.book.figures OUT_DIR`` writes them all; the book's Sphinx extension calls
:func:`generate` on every build.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

from tic_course import atomic  # noqa: E402

INK = "#1a1a1a"
FILLS = ["#e3eef9", "#fdf0d8", "#e4f3e6", "#f6e4ef", "#ececec"]
EDGE = "#3d3d3d"


def _box(ax, x: float, y: float, w: float, h: float, title: str, body: str, fill: str, width: int = 28) -> None:
    ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0.02,rounding_size=0.08",
                                facecolor=fill, edgecolor=EDGE, linewidth=1.4))
    ax.text(x + w / 2, y + h - 0.12, title, ha="center", va="top", fontsize=12.5, fontweight="bold", color=INK)
    below = 0.48 + 0.3 * title.count("\n")
    ax.text(x + w / 2, y + h - below, textwrap.fill(body, width), ha="center", va="top", fontsize=10.5,
            color=INK, linespacing=1.35)


def _arrow(ax, start: tuple[float, float], end: tuple[float, float], label: str = "", rad: float = 0.0) -> None:
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=18, linewidth=1.6, color=EDGE,
                                 connectionstyle=f"arc3,rad={rad}"))
    if label:
        mx, my = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
        ax.text(mx, my + (0.95 if rad else 0.12), textwrap.fill(label, 60), ha="center", va="bottom",
                fontsize=10, color=INK, style="italic")


def _canvas(width: float, height: float):
    fig, ax = plt.subplots(figsize=(width, height))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.axis("off")
    return fig, ax


def four_rs(path: Path) -> None:
    """SAMHSA's four R's as a sequence of four boxes."""
    fig, ax = _canvas(12, 2.6)
    steps = [
        ("Realise", "how widespread trauma is, and that recovery is possible"),
        ("Recognise", "the signs of trauma in patients, families and staff"),
        ("Respond", "by building that knowledge into policy, procedure and practice"),
        ("Resist\nre-traumatisation", "by changing routines that repeat powerlessness, exposure or fear"),
    ]
    w, gap = 2.55, 0.45
    for i, (title, body) in enumerate(steps):
        x = 0.25 + i * (w + gap)
        _box(ax, x, 0.3, w, 2.1, title, body, FILLS[i], width=22)
        if i:
            _arrow(ax, (x - gap + 0.03, 1.35), (x - 0.03, 1.35))
    fig.savefig(path, dpi=150, bbox_inches="tight", facecolor="white")
    plt.close(fig)


def consent_process(path: Path) -> None:
    """Consent before, during and after an examination, with the way back when someone says stop."""
    fig, ax = _canvas(12.8, 4.2)
    stages = [
        ("Before", "Explain what, why and the options, including not doing it. Check understanding. "
                   "Agree a stop signal. Ask permission."),
        ("During", "Say what you are about to do before you do it. Check in. Stop when asked, or "
                   "as soon as it is safe, and say so."),
        ("After", "Say what you found and what happens next. Ask for questions. Offer support "
                  "and another chance to talk."),
    ]
    w, gap = 3.3, 0.9
    for i, (title, body) in enumerate(stages):
        x = 0.3 + i * (w + gap)
        _box(ax, x, 0.3, w, 1.9, title, body, FILLS[i], width=30)
        if i:
            _arrow(ax, (x - gap + 0.05, 1.25), (x - 0.05, 1.25))
    _arrow(ax, (0.3 + w + gap + w / 2, 2.25), (0.3 + w / 2, 2.25),
           "If the person says stop or changes their mind: stop, talk, offer choices. No pressure to continue.",
           rad=0.35)
    fig.savefig(path, dpi=150, bbox_inches="tight", facecolor="white")
    plt.close(fig)


def stress_response(path: Path) -> None:
    """From a perceived threat to what staff may see, and what helps."""
    fig, ax = _canvas(12, 5.6)
    _box(ax, 0.3, 3.9, 3.4, 1.5, "A threat is perceived",
         "pain, exposure, loss of control, or a reminder of past harm", FILLS[4], width=30)
    _box(ax, 4.3, 3.9, 3.4, 1.5, "The body raises the alarm",
         "faster heart and breathing, tense muscles, attention narrows to the threat", FILLS[1], width=30)
    _box(ax, 8.3, 3.9, 3.4, 1.5, "Thinking is squeezed",
         "explanations are missed, memory is patchy, decisions are harder", FILLS[3], width=30)
    _arrow(ax, (3.75, 4.65), (4.25, 4.65))
    _arrow(ax, (7.75, 4.65), (8.25, 4.65))
    responses = [
        ("Hypervigilance", "scanning, startling, asking the same question again"),
        ("Panic", "racing heart, breathlessness, wanting to escape"),
        ("Freeze", "going still and silent, unable to say stop"),
        ("Dissociation", "seeming far away, losing time"),
        ("Fawning", "agreeing to everything to stay safe"),
    ]
    w = 2.2
    for i, (title, body) in enumerate(responses):
        _box(ax, 0.3 + i * (w + 0.15), 1.3, w, 1.75, title, body, FILLS[i % 4], width=19)
    ax.text(6.0, 3.35, "Survival responses: what you may see", ha="center", fontsize=12, fontweight="bold", color=INK)
    ax.text(6.0, 0.55, "What helps: slow down, explain before you act, offer real choices, "
                       "and help the person notice where they are now.",
            ha="center", fontsize=11.5, color=INK, style="italic")
    fig.savefig(path, dpi=150, bbox_inches="tight", facecolor="white")
    plt.close(fig)


FIGURES: dict[str, Callable[[Path], None]] = {
    "four-rs.png": four_rs,
    "consent-process.png": consent_process,
    "stress-response.png": stress_response,
}


def generate(out_dir: Path) -> list[Path]:
    """Draw every figure into ``out_dir`` (atomically per file); return the paths."""
    written = []
    for name, draw in FIGURES.items():
        atomic.write_with(out_dir / name, draw)  # matplotlib writes PNG to the open file
        written.append(out_dir / name)
    return written
