"""The SCORM packages built once per test session from the built book (``make book`` first)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT
from tic_course.layout import CourseLayout
from tic_course.scorm.package import Built, build

HTML = ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def packages(tmp_path_factory) -> list[Built]:
    if not (HTML / "index.html").exists():
        pytest.fail("_build/html is missing: run `make book` (make test does this first)")
    return build(CourseLayout(ROOT), tmp_path_factory.mktemp("scorm"))


def by_name(packages: list[Built], name: str) -> Path:
    return next(b.path for b in packages if b.path.name == name)
