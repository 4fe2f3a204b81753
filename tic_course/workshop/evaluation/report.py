"""The evaluation's pages: the printable questionnaire, the online-form set-up sheet and the report.

The questionnaire is also written as a PDF of two forms (before and after) through the workshop
kit's Typst pipeline (:mod:`tic_course.workshop.evaluation.printed`).

Every page is one self-contained HTML file (styles inline, no script, nothing fetched), so it
opens from a shared drive or an email and prints on A4 or US Letter. Jinja2 autoescapes every
value: participants' comments, codes and even the questionnaire's own text are escaped, and
nothing is marked safe. Free text that looks like a spreadsheet formula (``=HYPERLINK(...)``) is
shown as text; this module writes no CSV that a participant's words could reach.
"""

from __future__ import annotations

import functools
from datetime import date, datetime
from pathlib import Path

from jinja2 import Environment

from tic_course.atomic import write_bytes, write_text
from tic_course.html_templates import html_environment
from tic_course.workshop.evaluation.forms import GOOGLE, MICROSOFT, write_template
from tic_course.workshop.evaluation.printed import pdf_name, render_pdf
from tic_course.workshop.evaluation.questionnaire import NOT_VALIDATED, SCALE, Questionnaire
from tic_course.workshop.evaluation.statistics import Evaluation, PairedChange

QUESTIONNAIRE_FILES = (
    "questionnaire.html",
    "form-setup.html",
    "responses-microsoft-forms.csv",
    "responses-google-forms.csv",
    pdf_name("a4"),
    pdf_name("letter"),
)
REPORT_FILE = "evaluation-report.html"


@functools.cache
def environment() -> Environment:
    """Autoescaping on for every template; StrictUndefined makes a misspelt name an error."""
    env = html_environment("tic_course.workshop.evaluation")
    env.filters["num"] = number
    env.filters["pvalue"] = p_value
    env.filters["signed"] = signed
    return env


def number(value: float | None, places: int = 1) -> str:
    """A figure for the page: "–" when there is none, no trailing ".0" on whole numbers."""
    if value is None:
        return "\u2013"
    text = f"{value:.{places}f}"
    return text[: -places - 1] if text.endswith("." + "0" * places) else text


def signed(value: float | None, places: int = 2) -> str:
    if value is None:
        return "\u2013"
    return ("+" if value > 0 else "") + number(value, places).replace("-", "\u2212")


def p_value(value: float | None) -> str:
    """p to three decimals, as APA style reports it; very small values as "< 0.001"."""
    if value is None:
        return "\u2013"
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def _letters(n: int) -> str:
    return "ABCDEFGHIJ"[:n]


def render_questionnaire(questionnaire: Questionnaire) -> str:
    """The printable questionnaire a participant fills in, before and after the session."""
    return (
        environment()
        .get_template("questionnaire.html.j2")
        .render(q=questionnaire, scale=SCALE, letters=_letters, not_validated=NOT_VALIDATED)
    )


def render_setup(questionnaire: Questionnaire) -> str:
    """The facilitator's sheet for building the same questionnaire in Microsoft Forms or Google Forms."""
    return (
        environment()
        .get_template("form-setup.html.j2")
        .render(
            q=questionnaire,
            scale=SCALE,
            not_validated=NOT_VALIDATED,
            microsoft=", ".join(MICROSOFT),
            google=", ".join(GOOGLE),
        )
    )


def render_report(evaluation: Evaluation, generated_at: datetime) -> str:
    """The evaluation report for one workshop's export."""
    rows: list[tuple[str, str, PairedChange]] = [("Knowledge score (%)", "knowledge", evaluation.knowledge)]
    rows += [(q.text, q.section, change) for q, change in evaluation.ratings]
    return (
        environment()
        .get_template("evaluation.html.j2")
        .render(
            e=evaluation,
            q=evaluation.questionnaire,
            rows=rows,
            scale=SCALE,
            not_validated=NOT_VALIDATED,
            generated=generated_at.strftime("%d %B %Y, %H:%M"),
        )
    )


def write_questionnaire(questionnaire: Questionnaire, out: Path, *, fonts: Path, day: date) -> list[Path]:
    """Write the printable questionnaire (HTML, and PDF on A4 and US Letter), the set-up sheet and
    both CSV templates into ``out``. ``fonts`` is the kit's font folder; ``day`` dates the PDFs.
    """
    out = Path(out)
    paths = [out / name for name in QUESTIONNAIRE_FILES]
    # Render everything before writing anything, so a template fault leaves no half-set behind.
    pages = (render_questionnaire(questionnaire), render_setup(questionnaire))
    pdfs = [render_pdf(questionnaire, fonts=fonts, paper=paper, day=day) for paper in ("a4", "letter")]
    write_text(paths[0], pages[0])
    write_text(paths[1], pages[1])
    write_template(questionnaire, paths[2], "microsoft")
    write_template(questionnaire, paths[3], "google")
    write_bytes(paths[4], pdfs[0])
    write_bytes(paths[5], pdfs[1])
    return paths


def write_report(evaluation: Evaluation, out: Path, generated_at: datetime) -> Path:
    dest = Path(out) / REPORT_FILE
    write_text(dest, render_report(evaluation, generated_at))
    return dest
