"""Send the learners' feedback pages back through the LMS they submitted through.

The pages are ``<course>/<folder>/<learner>/<assignment>.html`` (:mod:`tic_course.grading.feedback`;
``folder`` is ``c.LearnerFeedback.folder``). Three forms, all written into one output folder
that is built aside and swapped in whole (:func:`tic_course.atomic.replace_folder`):

- **moodle**: ``<assignment>.zip`` per assignment for the assignment's "Upload multiple feedback
  files in a zip". Moodle's importer (moodle/moodle ``mod/assign/feedback/file/importziplib.php``,
  ``is_valid_filename_for_import``) splits each name at ``_`` into at most five parts and needs
  the participant id second and a plugin type and name third and fourth, exactly the
  ``Full Name_<participant id>_assignsubmission_file_`` prefix of its own "Download all
  submissions"; what follows is the feedback file's name. So each page is stored as
  ``<that prefix><assignment>-feedback.html``.
- **canvas**: ``<assignment>.zip`` per assignment for the Gradebook's "Upload Feedback"
  (re-upload submissions). Canvas (instructure/canvas-lms ``app/models/assignment.rb``,
  ``infer_comment_context_from_filename``) splits the base name at ``_`` and takes the first
  two parts made only of digits as the user id and the id of the file that learner submitted,
  and ignores a file whose ids do not match a submission. So each page is stored as
  ``<the download's prefix><assignment>-feedback.html``, and the prefix is checked against that
  rule before it is used. Anonymous-grading names carry no user id and cannot be returned.
- **folders**: ``<learner>/<assignment>.html``, one folder per learner, to send any other way.

Names come only from what the LMS wrote: the prefix intake kept from the original download
(``.tic-intake/<learner>/<assignment>.json``), never the name a learner gave their file. A page
with no such record (taken in from an nbgrader tree), from another LMS, or over the size limit is
listed as skipped with the reason. Only the pages go in: never nbgrader's own feedback, which
shows hidden tests.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from tic_course import atomic
from tic_course.grading.intake.placement import read_record
from tic_course.grading.safe_text import clean

FORMS = ("moodle", "canvas", "folders")
MAX_PAGE_BYTES = 5_000_000  # a feedback page is tens of kilobytes; anything near this is not one
MAX_TOTAL_BYTES = 500_000_000
MARKER = ".tic-feedback-return"  # marks an output folder this module made (and may replace)
MOODLE_PREFIX = re.compile(r"(?P<name>[^_/]+)_(?P<participant>\d+)_assignsubmission_file(?:_|_/|/)")
CANVAS_PREFIX = re.compile(r"[^/]*_")
# Windows, macOS and Linux all accept these in a file name; anything else would not survive unzipping.
SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,199}")


class ReturnError(Exception):
    """The feedback return cannot be written: an unknown form, or an output folder not ours."""


@dataclass
class ReturnResult:
    """What was written (member or file names by zip) and what was skipped, with the reason."""

    out: Path
    written: dict[str, list[str]] = field(default_factory=dict)  # zip or folder -> names inside
    skipped: list[tuple[str, str]] = field(default_factory=list)  # ("learner/assignment", why)


def return_name(form: str, record: dict, assignment: str) -> str:
    """The file name a page gets inside an LMS zip, from the intake record; ValueError when none."""
    if record.get("lms") != form:
        seen = record.get("lms")
        raise ValueError(f"taken in from {'a ' + seen + ' download' if seen else 'no LMS download'}, so {form} "
                         "cannot match it to a learner")
    prefix = str(record.get("lms_prefix", ""))
    if clean(prefix) != prefix or "\\" in prefix:
        raise ValueError("the LMS's name for this submission holds characters a zip cannot carry safely")
    suffix = f"{assignment}-feedback.html"
    if form == "moodle":
        found = MOODLE_PREFIX.fullmatch(prefix)
        if found is None or found.group("participant") != record.get("lms_id"):
            raise ValueError("the Moodle name of this submission has no participant id")
        return f"{found.group('name')}_{found.group('participant')}_assignsubmission_file_{suffix}"
    if not CANVAS_PREFIX.fullmatch(prefix):
        raise ValueError("the Canvas name of this submission is not in Canvas's form")
    name = prefix + suffix
    ids = [part for part in name.split("_") if part.isdigit()][:2]
    if len(ids) != 2 or ids[0] != record.get("lms_id"):
        raise ValueError("anonymously graded in Canvas: the name carries no user id, so Canvas cannot match "
                         "the file; upload this learner's page by hand in SpeedGrader")
    return name


def _pages(course: Path, folder: str) -> list[tuple[str, str, Path]]:
    """(learner, assignment, page) for every learner page, in a fixed order."""
    found = []
    for page in sorted((course / folder).glob("*/*.html")):
        if page.is_file() and not page.is_symlink() and not page.parent.is_symlink():
            found.append((page.parent.name, page.stem, page))
    return found


def check_out(out: Path) -> None:
    """Refuse to replace a folder this module did not make (the output is replaced whole)."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).is_file())):
        raise ReturnError(f"{out}: exists and is not an earlier feedback return; choose a new folder")


def export_feedback(course: Path, form: str, out: Path, *, folder: str = "learner_feedback",
                    assignments: set[str] | None = None) -> ReturnResult:
    """Write the feedback return in ``form`` (moodle, canvas or folders) into the folder ``out``."""
    if form not in FORMS:
        raise ReturnError(f"unknown feedback return {form!r} (expected one of {', '.join(FORMS)})")
    course, out = Path(course), Path(out)
    check_out(out)
    result = ReturnResult(out)
    chosen: dict[str, list[tuple[str, Path]]] = {}  # zip or folder name -> (name inside, page)
    total = 0
    for learner, assignment, page in _pages(course, folder):
        if assignments is not None and assignment not in assignments:
            continue
        where = f"{learner}/{assignment}"
        size = page.stat().st_size
        if size > MAX_PAGE_BYTES or total + size > MAX_TOTAL_BYTES:
            result.skipped.append((where, f"the page is {size} bytes, over the limit of {MAX_PAGE_BYTES}"))
            continue
        if form == "folders":
            if not (SAFE_ID.fullmatch(learner) and SAFE_ID.fullmatch(assignment)):
                result.skipped.append((where, "the learner id is not safe as a folder name"))
                continue
            chosen.setdefault(learner, []).append((f"{assignment}.html", page))
        else:
            try:
                name = return_name(form, read_record(course, learner, assignment), assignment)
            except ValueError as exc:
                result.skipped.append((where, str(exc)))
                continue
            chosen.setdefault(f"{assignment}.zip", []).append((name, page))
        total += size
    _build(out, form, chosen)
    result.written = {key: sorted(name for name, _ in members) for key, members in sorted(chosen.items())}
    return result


def _build(out: Path, form: str, chosen: dict[str, list[tuple[str, Path]]]) -> None:
    """Build the whole output beside ``out`` and swap it in, so no half-written zip is ever there."""
    out.parent.mkdir(parents=True, exist_ok=True)
    built = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        (built / MARKER).write_text("made by tic-course export feedback; replaced whole on the next run\n")
        for key, members in chosen.items():
            if form == "folders":
                for name, page in members:
                    (built / key).mkdir(exist_ok=True)
                    shutil.copyfile(page, built / key / name)
                continue
            with zipfile.ZipFile(built / key, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for name, page in sorted(members):
                    stamp = datetime.fromtimestamp(page.stat().st_mtime, UTC)
                    info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
                    info.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(info, page.read_bytes())
        built.chmod(0o755)
        atomic.replace_folder(built, out)
    except BaseException:
        shutil.rmtree(built, ignore_errors=True)
        raise
