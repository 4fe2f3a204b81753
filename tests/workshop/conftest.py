"""Fixtures for the workshop kit: the pinned fonts, fetched once into the repository's cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from tic_course.workshop.fonts import font_folder

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def fonts() -> Path:
    """The vendored fonts (from the npm registry, integrity-checked; cached in .cache/)."""
    return font_folder(ROOT / ".cache" / "workshop-fonts", ROOT / ".cache" / "npm")
