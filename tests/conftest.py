"""Shared fixtures: the fixture scenario, real scenarios, and throwaway nbgrader courses."""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tic_course.environment import tool_env
from tic_course.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "triage-pain.yml"
EXERCISES = sorted((ROOT / "exercises").glob("*/scenario.yml"))
BIN = Path(sys.executable).parent


@pytest.fixture
def fixture_data() -> dict:
    """A fresh, mutable copy of the fixture scenario."""
    return copy.deepcopy(yaml.safe_load(FIXTURE.read_text(encoding="utf-8")))


@pytest.fixture(scope="session")
def fixture_scenario() -> dict:
    return load_scenario(FIXTURE)


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    """Run an nbgrader command in a course folder with this environment's tools on PATH."""
    return subprocess.run(
        [str(BIN / "nbgrader"), *args], cwd=course, capture_output=True, text=True, env=tool_env(), check=False
    )


def make_course(path: Path) -> Path:
    """An empty nbgrader course using the real configuration from grading/."""
    path.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "grading" / "nbgrader_config.py", path / "nbgrader_config.py")
    return path
