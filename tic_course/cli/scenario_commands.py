"""``validate``, ``build`` and ``release``: scenario file -> source notebook -> assignment."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tic_course.book.knowledge_checks import knowledge_shown
from tic_course.cli.options import course_folder, scenario_files
from tic_course.layout import CourseLayout, LayoutError
from tic_course.notebook.release import ReleaseError, build_sources, release, write_practice_pages
from tic_course.scenario import ScenarioError, load_scenario
from tic_course.scenario.catalogue import CatalogueError, load_all
from tic_course.scenario.cue_audit import audit, scenario_shown, table
from tic_course.scenario.presentation import (
    DEFAULT_SEED,
    Presentation,
    PresentationError,
    course_presentation,
    plan,
    read_seed,
)


def cmd_validate(args: argparse.Namespace) -> int:
    files = scenario_files(args)
    failed = 0
    for file in files:
        try:
            data = load_scenario(file)
        except ScenarioError as exc:
            failed += 1
            print(exc.report(), file=sys.stderr)
            continue
        n_nodes = len(data["conversation"]["nodes"])
        print(
            f"ok  {file}  ({n_nodes} conversation nodes, {len(data['checkpoints'])} checkpoints, "
            f"{data['total_points']} points)"
        )
    if failed:
        print(f"{failed} of {len(files)} scenario file(s) have problems; nothing was written.", file=sys.stderr)
        return 1
    if args.files and not args.audit:
        return 0
    return cmd_audit(args)


def cmd_audit(args: argparse.Namespace) -> int:
    """The cue audit over the whole course as learners see it (tic_course/scenario/cue_audit.py)."""
    layout = CourseLayout.at(args.root)
    try:
        scenarios = load_all(layout.scenario_files())
        presentation = course_presentation(layout.root, seed=read_seed(layout.root))
        shown = scenario_shown(scenarios, presentation)
        shown += knowledge_shown(layout.chapters, presentation.seed)
    except (CatalogueError, PresentationError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    result = audit(shown)
    print(f"\nCue audit (display order from seed {presentation.seed!r}):")
    print(table(result))
    if result.ok:
        print("cue audit: no position, length or first-option cue")
        return 0
    for failure in result.failures:
        print(f"CUE {failure}", file=sys.stderr)
    print(f"cue audit: {len(result.failures)} cue(s) a test-wise learner could use; see above.", file=sys.stderr)
    return 1


def _book_dir(args: argparse.Namespace) -> Path | None:
    if args.no_book:
        return None
    return Path(args.book_dir) if args.book_dir else CourseLayout.at(args.root).book_scenarios


def _presentation(args: argparse.Namespace, scenarios: list[dict]) -> Presentation:
    """The course's presentation, planned over every scenario of the course (the orders depend on
    the whole bank); scenario files outside any course are planned on their own."""
    try:
        root = CourseLayout.at(args.root).root
    except LayoutError:
        print(f"note: not inside a course, so the display order uses the default seed {DEFAULT_SEED!r}")
        return plan(scenarios, DEFAULT_SEED)
    return course_presentation(root, scenarios)


def cmd_build(args: argparse.Namespace) -> int:
    try:
        scenarios = load_all(scenario_files(args))
        course = course_folder(args)
        ids = build_sources(scenarios, course, _presentation(args, scenarios))
        if args.release:
            book_dir = _book_dir(args)
            release(ids, course, book_dir)
            if book_dir is not None:
                write_practice_pages(scenarios, book_dir)
    except (CatalogueError, ReleaseError, PresentationError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    args.release = True
    return cmd_build(args)


def _course_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="*", help="scenario files (default: exercises/*/scenario.yml)")
    p.add_argument("--course", default=None, help="nbgrader course root (default: grading/)")
    p.add_argument("--book-dir", default=None, help="where the book's scenario pages go (default: book/scenarios/)")
    p.add_argument("--no-book", action="store_true", help="release without writing the book's pages")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate",
        help="check scenario files and report every problem",
        description="Check scenario files against the schema, the whole-file rules and each checkpoint "
        "kind's rules. Every problem is listed with file, line and field. Without files, also run the cue "
        "audit over the course as learners see it (key positions, longest and first options, in the "
        "scenarios and the book's knowledge checks) and fail when a test-wise learner could find the key.",
    )
    p.add_argument("files", nargs="*", help="scenario files (default: exercises/*/scenario.yml)")
    p.add_argument(
        "--audit",
        action="store_true",
        help="also run the cue audit over the whole course when files are named (it always runs without files)",
    )
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "build",
        help="validate scenarios and build their source notebooks",
        description="Validate scenario files and write nbgrader source notebooks to COURSE/source/. With "
        "--release, also run nbgrader generate_assignment and write the book's practice pages.",
    )
    _course_options(p)
    p.add_argument("--release", action="store_true", help="also release student versions with nbgrader")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser(
        "release",
        help="build and release every scenario (same as build --release)",
        description="Validate, build the source notebooks, release the student assignments with nbgrader "
        "and write the book's practice pages beside the released notebooks.",
    )
    _course_options(p)
    p.set_defaults(func=cmd_release)
