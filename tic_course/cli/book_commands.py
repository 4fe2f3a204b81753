"""``check-chapters`` and ``assets``: the book's own checks and offline browser libraries."""

from __future__ import annotations

import argparse
from pathlib import Path

from tic_course.layout import CourseLayout


def cmd_check_chapters(args: argparse.Namespace) -> int:
    from tic_course.book.chapter_checks import bib_keys, chapter_problems, teaching_chapters

    layout = None if (args.files and args.bib) else CourseLayout.at(args.root)
    files = [Path(f) for f in args.files] if args.files else teaching_chapters(layout.chapters)
    bibs = [Path(b) for b in args.bib] if args.bib else [layout.bibliography]
    keys = bib_keys(bibs)
    problems = [p for f in files for p in chapter_problems(f, keys)]
    for p in problems:
        print(p)
    print(f"{len(files)} chapter(s) checked, {len(problems)} problem(s)")
    return 1 if problems else 0


def cmd_assets(args: argparse.Namespace) -> int:
    from tic_course.book.offline_assets import PACKAGES, TEST_PACKAGES, install

    layout = None if (args.dest and args.cache) else CourseLayout.at(args.root)
    dest = Path(args.dest) if args.dest else layout.vendor
    cache = Path(args.cache) if args.cache else layout.cache / "npm"
    packages = PACKAGES + (TEST_PACKAGES if args.with_test_tools else ())
    files = install(packages, dest, cache)
    print(f"{len(files)} files in {dest}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check-chapters",
        help="check chapters for headings, knowledge checks, objectives, reflections and citations",
        description="Check chapter sources against the course's rules: required headings, learning "
        "objectives, knowledge checks, a reflection, and citation keys that exist in the bibliography.",
    )
    p.add_argument("files", nargs="*", help="chapter files (default: book/chapters/*.md but the glossary)")
    p.add_argument("--bib", nargs="*", default=None, help="BibTeX files (default: book/references.bib)")
    p.set_defaults(func=cmd_check_chapters)

    p = sub.add_parser(
        "assets",
        help="fetch the pinned browser libraries for the offline book",
        description="Fetch require.js and the ipywidgets HTML manager (and, with --with-test-tools, axe-core and "
        "the scorm-again LMS run-time) "
        "from the npm registry at pinned, integrity-checked versions, so the site never loads a CDN.",
    )
    p.add_argument("--dest", default=None, help="vendor folder (default: book/_vendor)")
    p.add_argument("--cache", default=None, help="tarball cache (default: .cache/npm)")
    p.add_argument(
        "--with-test-tools", action="store_true", help="also fetch axe-core and scorm-again for the browser tests"
    )
    p.set_defaults(func=cmd_assets)
