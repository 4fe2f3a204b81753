"""The report's charts: mastery percentages as a horizontal bar chart, PNG inlined as base64.

The page must open without a network or a script years later, so a chart is a PNG embedded in
the page rather than a file beside it or a JavaScript plot; the alt text carries every value, so
a screen-reader user gets what the picture shows.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from tic_course.grading.report.palette import BACKGROUND, BAR, TEXT


@dataclass(frozen=True)
class Chart:
    """A chart ready for an ``<img>``: base64 PNG data and the alt text that says the same."""

    png: str
    alt: str


def bar_chart(labels: Sequence[str], percents: Sequence[float], title: str) -> tuple[str, str]:
    """A horizontal bar chart as (base64 PNG, alt text) for mastery percentages.

    Drawn on an Agg canvas directly (no pyplot) so the report neither needs a display nor
    changes the caller's matplotlib state; mathtext is off so a "$" in a tag stays literal, and
    the PNG carries no software version so the same data gives the same bytes.
    """
    with rc_context({"text.parse_math": False, "font.size": 10}):
        height = 1.2 + 0.35 * len(labels)
        fig = Figure(figsize=(7.5, height), dpi=100, facecolor=BACKGROUND)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        positions = list(range(len(labels)))
        ax.barh(positions, percents, color=BAR)
        ax.set_yticks(positions, labels=list(labels))
        ax.invert_yaxis()
        ax.set_xlim(0, 112)
        ax.set_xticks([0, 20, 40, 60, 80, 100])
        ax.set_xlabel("Mastery: % of available points earned")
        ax.set_title(title, loc="left")
        for y, value in zip(positions, percents, strict=True):
            ax.text(value + 1, y, f"{value:.0f}%", va="center", color=TEXT)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", metadata={"Software": None})
    values = "; ".join(f"{label}: {value:.0f}%" for label, value in zip(labels, percents, strict=True))
    alt = f"{title}. Horizontal bar chart, 0 to 100 percent. {values}."
    return base64.b64encode(buffer.getvalue()).decode("ascii"), alt


def mastery_chart(table: pd.DataFrame, label: str, noun: str) -> Chart | None:
    """The chart of a mastery table's tags that have a percentage; None when no tag has one yet.

    Tags with no graded response have no percentage: they stay in the table (as "n/a") but a
    zero-length bar would read as 0 %, so they are left out of the picture.
    """
    shown = table[table["percent"].notna()]
    if not len(shown):
        return None
    png, alt = bar_chart(list(shown[label]), list(shown["percent"]), f"Mastery per {noun}")
    return Chart(png=png, alt=alt)
