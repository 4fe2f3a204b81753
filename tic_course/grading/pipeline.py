"""The educator's one command: LMS download -> grades, feedback and a cohort report.

``tic-course grade SOURCE`` runs, in order and with progress:

1. **collect** — an LMS bulk download (zip or folder; Canvas, Moodle and Blackboard names, or
   patterns from the course config) is checked and placed in nbgrader's ``submitted/`` tree
   (:mod:`tic_course.grading.intake`); an existing ``submitted/`` tree is used as it is;
2. **autograde** — in parallel sandboxes, merged by this process alone into the gradebook
   (:mod:`tic_course.grading.parallel`); unchanged submissions are skipped;
3. **feedback** — for everything graded in this run, and for every submission whose grades an
   educator changed by hand since its feedback was made (a manual grade or comment in formgrader):
   nbgrader's ``generate_feedback`` (``feedback/``, for the educator: it shows hidden tests) and
   the learners' own pages (``learner_feedback/<learner>/<assignment>.html``, to send:
   :mod:`tic_course.grading.feedback`);
4. **export** — results tables and the cohort report (:mod:`tic_course.grading.report`); with a
   class list (``--roster``), the training record and who has not submitted
   (:mod:`tic_course.grading.records`).

With a roster, its learners are put in the gradebook first (names, e-mail, LMS id), and a
submission from anyone it does not name is listed (printed, in ``records/not_on_roster.csv`` and
in the report) and not graded: nobody joins a cohort's gradebook without the educator's list.

Everything is configured through the course's ``nbgrader_config.py`` (traitlets), e.g.
``c.GradingPipeline.workers = 2`` or ``c.CourseDirectory.db_url = "postgresql+psycopg2://..."``.
Exit status: 0 when every file was graded; 2 when the batch finished but some files were rejected
or failed (each is listed with its reason); 1 when nothing could be done.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pandas as pd
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.coursedir import CourseDirectory
from traitlets import Dict, Integer, TraitError, Unicode
from traitlets.config import Config, Configurable
from traitlets.config.loader import PyFileConfigLoader

from tic_course.book.chapter_minutes import objective_texts
from tic_course.environment import ensure_own_bin_on_path
from tic_course.grading.feedback import LearnerFeedback, stale, write_pages
from tic_course.grading.intake import (
    DEFAULT_PATTERNS,
    IntakeError,
    check_writable,
    intake,
    patterns_from_config,
    read_learner_map,
    refuse_own_folders,
)
from tic_course.grading.parallel import (
    Job,
    Outcome,
    discover_jobs,
    progress_printer,
    run_workers,
    split_pending,
)
from tic_course.grading.records import RecordsError, TrainingRecord
from tic_course.grading.records.course import write_course_records
from tic_course.grading.report import prepare_assignments, prepare_results, write_report
from tic_course.grading.results import assignments_table, collect_results, items_table, write_tables
from tic_course.grading.roster import Roster, RosterError, read_roster
from tic_course.grading.roster.gradebook import import_roster
from tic_course.grading.safe_text import console_text
from tic_course.grading.states import NEEDS_REGRADING
from tic_course.notebook.shown import ShownOrderError, as_released
from tic_course.scenario.catalogue import CatalogueError, load_all


class GradingError(Exception):
    """Grading cannot start: not a course, nothing released, bad download or settings."""


class GradingPipeline(Configurable):
    """Settings for ``tic-course grade``, read from the course's nbgrader_config.py."""

    workers = Integer(0, help="Worker processes for autograding; 0 means one per CPU core.").tag(config=True)
    lms_patterns = Dict(
        {},
        help="Extra LMS file-name patterns {name: regex}, tried before the built-in Canvas, Moodle "
        "and Blackboard ones. Each regex must match a file's whole path in the download and needs the "
        "named groups 'learner' and 'filename' (optional: 'attempt' or 'submission', which order "
        "a learner's files).",
    ).tag(config=True)
    report_dir = Unicode("reports", help="Where reports go, relative to the course root.").tag(config=True)
    cohort_name = Unicode("Cohort", help="The cohort's name, shown in the report heading.").tag(config=True)


@dataclass
class RunSummary:
    placed: int = 0
    unchanged_files: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)
    graded: int = 0
    unchanged: int = 0
    failed: list[Outcome] = field(default_factory=list)
    notes: list[Outcome] = field(default_factory=list)
    report: Path | None = None
    learner_feedback: Path | None = None
    learner_pages: int = 0
    needs_regrading: list[str] = field(default_factory=list)  # "learner/assignment"
    not_on_roster: dict[str, list[str]] = field(default_factory=dict)  # learner: assignments, not graded
    records: Path | None = None
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return 2 if self.rejected or self.failed or self.not_on_roster else 0


def pipeline_config(
    *, workers: int | None = None, db_url: str | None = None, report_dir: str | Path | None = None
) -> Config:
    """Command-line settings as nbgrader traitlets config, merged over the course's own file.

    The flags of ``tic-course grade`` are nbgrader's (and this pipeline's) settings, not a
    parallel mechanism: ``--db-url`` is ``c.CourseDirectory.db_url``, ``--workers`` is
    ``c.GradingPipeline.workers``, ``--report-dir`` is ``c.GradingPipeline.report_dir``.
    """
    config = Config()
    if workers is not None:
        config.GradingPipeline.workers = workers
    if db_url:
        config.CourseDirectory.db_url = db_url
    if report_dir:
        config.GradingPipeline.report_dir = str(Path(report_dir).resolve())
    return config


def load_course(course: Path, overrides: Config | None = None) -> tuple[CourseDirectory, GradingPipeline]:
    """The course's nbgrader configuration with ``overrides`` merged on top."""
    config_file = course / "nbgrader_config.py"
    if not config_file.exists():
        raise GradingError(f"{config_file}: no nbgrader_config.py, so {course} is not an nbgrader course")
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    config.CourseDirectory.root = str(course.resolve())
    if overrides is not None:
        config.merge(overrides)
    return CourseDirectory(config=config), GradingPipeline(config=config)


def feedback_settings(course: Path, config: Config) -> LearnerFeedback:
    """The learner-feedback settings, or a GradingError naming the setting that is wrong."""
    try:
        return LearnerFeedback(config=config)
    except TraitError as exc:
        raise GradingError(f"{course / 'nbgrader_config.py'}: {exc}") from None


def released_assignments(course: Path, db_url: str) -> list[str]:
    """Assignments that are released and known to the gradebook (both are needed to grade)."""
    released = sorted(p.name for p in (course / "release").glob("*") if (p / f"{p.name}.ipynb").exists())
    if not released:
        raise GradingError(f"{course / 'release'}: no released assignments; run `tic-course release` first")
    with Gradebook(db_url) as gb:
        missing = []
        for name in released:
            try:
                gb.find_assignment(name)
            except MissingEntry:
                missing.append(name)
    if missing:
        raise GradingError(
            f"the gradebook ({db_url}) does not know {', '.join(missing)}; "
            "run `tic-course release` with this database configured"
        )
    return released


def run(
    source: Path,
    course: Path,
    *,
    exercises: Path,
    config: Config | None = None,
    feedback: bool = True,
    force: bool = False,
    learner_map: Path | None = None,
    chapters: Path | None = None,
    roster: Path | None = None,
    roster_format: str | None = None,
) -> RunSummary:
    """Collect, autograde, give feedback and report. Prints progress; returns the summary.

    ``exercises`` is the folder of scenario files (the report reads their items); ``chapters``
    the book's chapters, whose objectives the learners' pages quote (default: ``book/chapters``
    beside ``exercises``); ``config`` holds settings that override the course's
    ``nbgrader_config.py`` (see :func:`pipeline_config`); ``roster`` a class list
    (:func:`tic_course.grading.roster.read_roster`, ``roster_format`` to force its format). Raises
    GradingError when grading cannot start.
    """
    start = time.monotonic()
    ensure_own_bin_on_path()
    course = course.resolve()
    coursedir, settings = load_course(course, config)
    feedback_config = feedback_settings(course, coursedir.config)
    db = coursedir.db_url
    summary = RunSummary()
    assignments = released_assignments(course, db)
    out = (course / settings.report_dir).resolve()
    collect = source.resolve() != (course / "submitted").resolve()
    try:  # the course's own folders as a source, a read-only course or a full disk: before any write
        if collect:
            refuse_own_folders(source, course, [exercises, out])
        for folder in (
            course,
            course / "submitted",
            course / "autograded",
            course / "feedback",
            course / feedback_config.folder,
            out,
        ):
            check_writable(folder)
    except IntakeError as exc:
        raise GradingError(str(exc)) from None
    try:
        scenarios = load_all(
            [exercises / a / "scenario.yml" for a in assignments if (exercises / a / "scenario.yml").exists()]
        )
        # Learners typed the letters their notebook showed (the order is shuffled): read each
        # released notebook's order back, so feedback and results name options correctly.
        scenarios = [
            as_released(nbformat.read(course / "release" / s["id"] / f"{s['id']}.ipynb", as_version=4), s)
            for s in scenarios
        ]
    except (CatalogueError, ShownOrderError) as exc:
        raise GradingError(str(exc)) from None
    chapters = chapters if chapters is not None else exercises.parent / "book" / "chapters"
    class_list = _class_list(roster, roster_format, db)

    print(f"==> collect: {source}")
    if collect:
        try:
            patterns = [*patterns_from_config(dict(settings.lms_patterns)), *DEFAULT_PATTERNS]
            mapping = read_learner_map(learner_map) if learner_map else None
            result = intake(
                source, course, set(assignments), patterns, learner_map=mapping, protected=[exercises, out]
            )
        except (IntakeError, ValueError) as exc:
            raise GradingError(str(exc)) from None
        summary.placed, summary.unchanged_files = len(result.placed), result.skipped_unchanged
        summary.rejected = [(r.source, r.reason) for r in result.rejected]
        print(f"    {summary.placed} placed, {summary.unchanged_files} unchanged, {len(summary.rejected)} rejected")
        for src, reason in summary.rejected:
            print(f"    REJECTED {console_text(src)}: {console_text(reason)}")

    jobs = discover_jobs(course, assignments)
    if class_list is not None:
        jobs = _on_roster(jobs, class_list, summary)
    to_grade, unchanged = (jobs, []) if force else split_pending(course, jobs, db)
    summary.unchanged = len(unchanged)
    n_workers = settings.workers or os.cpu_count() or 1
    print(f"==> autograde: {len(to_grade)} to grade, {len(unchanged)} unchanged, {n_workers} worker(s)")
    outcomes = run_workers(course, to_grade, db, workers=n_workers, on_outcome=progress_printer(len(to_grade)))
    graded = [o for o in outcomes if o.status == "graded"]
    summary.graded = len(graded)
    summary.failed = [o for o in outcomes if o.status == "failed"]
    summary.notes = [o for o in graded if o.notes]

    if feedback:
        _learner_feedback(
            course, [o.job for o in graded], unchanged, db, n_workers, feedback_config, scenarios, chapters, summary
        )

    print("==> report")
    results = collect_results(course, scenarios, db)
    regrade = results[results["state"] == NEEDS_REGRADING]
    summary.needs_regrading = sorted({f"{r.learner_id}/{r.assignment}" for r in regrade.itertuples()})
    items, table = items_table(scenarios), assignments_table(scenarios)
    try:
        write_tables(out / "data", results, items, table)
        paths = write_report(
            results, items, table, out / "report", cohort_name=settings.cohort_name,
            roster=class_list.ids() if class_list else (), pass_marks=_pass_marks(coursedir.config, table),
            rejected=summary.rejected, not_on_roster=summary.not_on_roster,
            objective_texts=objective_texts(chapters) if chapters.is_dir() else {},
        )
    except OSError as exc:
        raise GradingError(f"cannot write the report in {out}: {exc.strerror or exc}; the grades are saved") from None
    summary.report = paths["report.html"]
    if class_list is not None:
        try:
            written = write_course_records(
                prepare_results(results), prepare_assignments(table), class_list, out / "records",
                course=course, chapters=chapters, config=coursedir.config, not_graded=summary.not_on_roster,
            )
        except (RecordsError, OSError) as exc:
            raise GradingError(f"cannot write the training record in {out / 'records'}: {exc}; "
                               "the grades are saved") from None
        summary.records = written["training_record.csv"].parent
    summary.seconds = time.monotonic() - start
    _print_summary(summary)
    return summary


def _learner_feedback(
    course: Path,
    graded: list[Job],
    unchanged: list[Job],
    db: str,
    n_workers: int,
    settings: LearnerFeedback,
    scenarios: list[dict],
    chapters: Path,
    summary: RunSummary,
) -> None:
    """The "learner feedback" step: nbgrader's feedback for the educator, and the learners' own pages.

    Feedback is made for every submission graded in this run, and for each unchanged one whose
    feedback is missing or stale: its learner page's stored fingerprint no longer matches the
    gradebook (an educator graded or commented in formgrader since, or the due date passed and
    answers may now be shown). So manual grades reach learners on a plain rerun, no ``--force``.
    """
    stale_pairs = set(stale(course, [(j.learner, j.assignment) for j in unchanged], db, settings))
    need = graded + [
        j
        for j in unchanged
        if (j.learner, j.assignment) in stale_pairs
        or not (course / "feedback" / j.learner / j.assignment / f"{j.assignment}.html").exists()
    ]
    print(f"==> feedback: {len(need)} submission(s)")
    fb = run_workers(
        course, need, db, workers=n_workers, mode="feedback", on_outcome=progress_printer(len(need), "feedback for")
    )
    summary.failed += [o for o in fb if o.status == "failed"]
    summary.learner_feedback = course / settings.folder
    print(f"==> learner feedback: {len(need)} page(s) in {summary.learner_feedback}")
    written = write_pages(
        course,
        {s["id"]: s for s in scenarios},
        db,
        [(j.learner, j.assignment) for j in need],
        settings,
        chapters=chapters,
    )
    summary.learner_pages = len(written.pages)
    summary.failed += [Outcome(Job(learner, a), "failed", error=why) for learner, a, why in written.failed]


def _pass_marks(config: Config, assignments: pd.DataFrame) -> dict[str, float]:
    """{assignment: its module's pass mark} as the training record sets them (c.TrainingRecord)."""
    try:
        record = TrainingRecord(config=config)
        return {a: record.pass_mark(c) for a, c in zip(assignments["assignment"], assignments["chapter"], strict=True)}
    except TraitError as exc:
        raise GradingError(f"nbgrader_config.py: {exc}") from None


def _class_list(roster: Path | None, fmt: str | None, db: str) -> Roster | None:
    """Read the roster and put its learners in the gradebook, before anything is collected."""
    if roster is None:
        return None
    try:
        class_list = read_roster(roster, fmt)
    except RosterError as exc:
        raise GradingError(str(exc)) from None
    print(f"==> roster: {len(class_list.learners)} learner(s) from {roster} ({class_list.source})")
    import_roster(class_list, db)
    return class_list


def _on_roster(jobs: list[Job], roster: Roster, summary: RunSummary) -> list[Job]:
    """The jobs of roster learners; the others go to ``summary.not_on_roster``, ungraded."""
    known = set(roster.ids())
    for job in jobs:
        if job.learner not in known:
            summary.not_on_roster.setdefault(job.learner, []).append(job.assignment)
    return [job for job in jobs if job.learner in known]


def _print_summary(s: RunSummary) -> None:
    print(
        f"==> done in {s.seconds:.0f} s: {s.graded} graded, {s.unchanged} unchanged, "
        f"{len(s.failed)} failed, {len(s.rejected)} file(s) rejected"
    )
    # Learner ids, file names and reasons are learner-controlled: escaped so they cannot drive the terminal.
    for o in s.notes:
        print(f"    NOTE {console_text(o.job.learner)}/{o.job.assignment}: {console_text('; '.join(o.notes))}")
    for o in s.failed:
        print(f"    FAILED {console_text(o.job.learner)}/{o.job.assignment}: {console_text(o.error)}")
    for name in s.needs_regrading:
        print(f"    NEEDS REGRADING {console_text(name)}: resubmitted after manual grading; "
              "mark it again in formgrader")
    for learner, handed in sorted(s.not_on_roster.items()):
        print(f"    NOT ON ROSTER {console_text(learner)} ({', '.join(sorted(handed))}): not graded; "
              "add them to the class list and grade again")
    if s.report:
        print(f"    report: {s.report}")
    if s.records:
        print(f"    training record and non-submitters: {s.records}")
    if s.learner_feedback:
        print(
            f"    learner feedback: {s.learner_feedback}/<learner>/<assignment>.html "
            f"({s.learner_pages} written this run; send each learner their own folder)"
        )
