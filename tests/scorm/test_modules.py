"""What a module is for the LMS: read from _toc.yml and the chapters, with its pass mark."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import ROOT
from tic_course.layout import CourseLayout
from tic_course.scorm.modules import DEFAULT_PASS_MARK, ModuleError, course_modules


def test_modules_follow_the_toc_and_leave_out_reference_pages():
    modules = course_modules(CourseLayout(ROOT))
    codes = [m.code for m in modules]
    assert codes[:3] == ["welcome", "understanding-trauma", "medical-trauma"]
    assert "glossary" not in codes and len(codes) == 13
    acc = next(m for m in modules if m.code == "acute-care-bad-news-and-chronic-illness")
    assert [s.scenario_id for s in acc.scenarios] == [
        "dismissed-pain-ed",
        "breaking-bad-news",
        "icu-family-meeting",
        "domestic-abuse-disclosure",
    ]
    assert acc.pages[0] == "book/chapters/acute-care-bad-news-and-chronic-illness.html"
    assert len(acc.checks) == 5 and all(c.objectives for c in acc.checks)
    medical = next(m for m in modules if m.code == "medical-trauma")
    assert "tip-1" in medical.objective_ids and "tip-1" not in medical.objectives  # practised, taught elsewhere
    assert {m.pass_mark for m in modules} == {DEFAULT_PASS_MARK}


def test_pass_marks_per_module_and_default():
    modules = course_modules(CourseLayout(ROOT), {"*": 70, "consent": 90})
    marks = {m.code: m.pass_mark for m in modules}
    assert marks["consent"] == 90 and marks["welcome"] == 70
    assert next(m for m in modules if m.code == "consent").config()["passMark"] == 90


@pytest.mark.parametrize(
    "marks, message",
    [
        ({"consnet": 80}, "pass mark given for consnet: no module has that code"),
        ({"consent": 101}, "consent: pass mark 101"),
    ],
)
def test_bad_pass_marks_are_rejected(marks, message):
    with pytest.raises(ModuleError, match=message):
        course_modules(CourseLayout(ROOT), marks)


def test_a_toc_section_that_is_not_a_practice_page_is_rejected(tmp_path):
    for name in ("_config.yml", "exercises", "book"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    toc = (
        (ROOT / "_toc.yml")
        .read_text(encoding="utf-8")
        .replace(
            "          - file: book/scenarios/avoiding-colonoscopy\n",
            "          - file: book/scenarios/avoiding-colonoscopy-notebook\n",
            1,
        )
    )
    (tmp_path / "_toc.yml").write_text(toc, encoding="utf-8")
    with pytest.raises(
        ModuleError, match="medical-trauma: section 'book/scenarios/avoiding-colonoscopy-notebook' is not"
    ):
        course_modules(CourseLayout(tmp_path))


def test_a_chapter_title_an_lms_manifest_cannot_carry_is_refused_with_file_and_line(tmp_path):
    for name in ("_config.yml", "_toc.yml", "exercises", "book"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    chapter = tmp_path / "book" / "chapters" / "consent.md"
    text = chapter.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("# "))
    line = text.splitlines().index(title) + 1
    chapter.write_text(text.replace(title, "# " + title[2:].replace(" ", "\x0b", 1), 1), encoding="utf-8")
    with pytest.raises(ModuleError) as caught:
        course_modules(CourseLayout(tmp_path))
    assert str(caught.value) == (f"{chapter}:{line}: the chapter title holds the control character U+000B, "
                                 "which an LMS's manifest cannot carry; retype the title")
