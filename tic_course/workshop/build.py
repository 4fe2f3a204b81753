"""Write a workshop's folder of print-ready files, atomically, with an index page.

The whole folder is built beside its destination and swapped in at the end
(:func:`tic_course.atomic.replace_folder`), so a failed build (a bad attendance sheet found at the
last step, a full disk) leaves the previous kit untouched rather than half a set of cards.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2

from tic_course.atomic import replace_folder, write_bytes, write_text
from tic_course.workshop import documents
from tic_course.workshop.config import Workshop
from tic_course.workshop.plan import cpd_minutes
from tic_course.workshop.records import (
    REGISTER_COLUMNS,
    Learner,
    attendance_template,
    certificate_id,
    csv_text,
    read_attendance,
    training_record,
)
from tic_course.workshop.typeset import render

#: Marks a folder this module wrote, so a rebuild may replace it and nothing else is ever replaced.
MARKER = ".tic-workshop-kit"


class KitFolderError(ValueError):
    """The output folder exists, is not empty and was not written by a workshop build."""


@dataclass(frozen=True)
class Output:
    name: str
    about: str


def _index(w: Workshop, files: list[Output], paper: str, attendance: bool) -> str:
    source = resources.files("tic_course.workshop").joinpath("templates", "index.html.j2").read_text("utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    header = documents.header(w)
    return env.from_string(source).render(**header, files=files, paper=paper, attendance=attendance)


def build(
    w: Workshop,
    dest: Path,
    *,
    fonts: Path,
    paper: str = "a4",
    attendance: Path | None = None,
    progress: Callable[[str], None] = print,
) -> list[Output]:
    """Build the kit for ``w`` into ``dest`` (replaced whole); return the files written, in order."""
    dest = Path(dest)
    if dest.exists() and (not dest.is_dir() or (any(dest.iterdir()) and not (dest / MARKER).is_file())):
        raise KitFolderError(
            f"{dest} already exists and is not a workshop kit folder: choose an empty or new folder with --out"
        )
    attendees: list[Learner] = read_attendance(attendance, w.roster) if attendance else []
    steps: list[tuple[Output, Callable[[], bytes]]] = [
        (Output("facilitator-guide.pdf", "Facilitator guide: running order, outcomes, ground rules, briefing and "
                "debriefing, distress and disclosure protocol with local contacts, notes on each scenario"),
         lambda: render("guide", documents.guide(w), fonts=fonts, paper=paper, day=w.day)),
    ]
    for s in w.scenarios:
        steps.append((
            Output(f"roleplay-{s['id']}.pdf", f"Role-play cards for \u201c{s['title']}\u201d: character and clinician "
                   "cards, observer checklist, complete script of every branch"),
            lambda s=s: render("roleplay", documents.roleplay(w, s), fonts=fonts, paper=paper, day=w.day),
        ))
    steps += [
        (Output("handouts.pdf", "Handouts: one page per module, phrases to use and to avoid, QR code to the module"),
         lambda: render("handouts", documents.handouts(w), fonts=fonts, paper=paper, day=w.day)),
        (Output("sign-in.pdf", "Sign-in sheet" + (" (roster names pre-filled)" if w.roster else "")),
         lambda: render("signin", documents.sign_in(w), fonts=fonts, paper=paper, day=w.day)),
        (Output("attendance-template.csv", "Attendance sheet to fill in after the session (yes or no per person)"),
         lambda: attendance_template(w.roster).encode("utf-8")),
        (Output("reflective-practice.pdf", "Reflective-practice prompts for NMC and GMC revalidation"),
         lambda: render("revalidation", documents.revalidation(w), fonts=fonts, paper=paper, day=w.day)),
    ]
    if attendance:
        came = [a for a in attendees if a.attended]
        ids = {a.learner_id: certificate_id(w.data["course_code"], w.data["date"], a.learner_id, w.title) for a in came}
        minutes = cpd_minutes(w.slots, [m.chapter.id for m in w.modules])
        codes = [(m.code, minutes[m.chapter.id]) for m in w.modules]
        hours = f"{w.cpd_minutes / 60:.2f}"
        register = [[ids[a.learner_id], a.learner_id, a.name, a.email, w.data["course_code"], w.data["date"], hours,
                     documents.header(w)["facilitator_names"]] for a in came]
        if came:
            steps.append((
                Output("certificates.pdf", f"Certificates of attendance, one page for each of {len(came)} attendee(s)"),
                lambda: render("certificates", documents.certificates(w, [(a.name, ids[a.learner_id]) for a in came]),
                               fonts=fonts, paper=paper, day=w.day),
            ))
        steps += [
            (Output("certificate-register.csv", "Register of certificate numbers issued"),
             lambda: csv_text(REGISTER_COLUMNS, register).encode("utf-8")),
            (Output("training-record.csv", "Training record: one row per learner and module, for your LMS"),
             lambda: training_record(attendees, w.data["course_code"], codes, w.end.isoformat()).encode("utf-8")),
        ]
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}."))
    try:
        written = []
        for i, (output, make) in enumerate(steps, 1):
            progress(f"[{i}/{len(steps) + 1}] {output.name}")
            write_bytes(staging / output.name, make())
            written.append(output)
        progress(f"[{len(steps) + 1}/{len(steps) + 1}] index.html")
        write_text(staging / "index.html", _index(w, written, paper, attendance is not None))
        write_text(staging / MARKER, "Written by tic-course workshop build; the next build replaces this folder.\n")
        replace_folder(staging, dest)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return written
