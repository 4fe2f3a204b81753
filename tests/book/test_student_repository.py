"""The learners' notebook repository: exact contents, reproducible, safe to update, errors named."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import nbformat
import pytest
from nbgitpuller.pull import GitPuller

from tests.conftest import ROOT
from tic_course.book import student_repository as sr
from tic_course.book.student_repository import (
    StudentRepositoryError,
    build_student_repository,
    student_notebook,
)

REQUIREMENTS = ROOT / "requirements.txt"


def write_notebook(path: Path, title: str, answer: str = "") -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# {title}\n\nA short scenario."),
        nbformat.v4.new_code_cell("from tic_course.runtime.player import conversation_player"),
        nbformat.v4.new_code_cell(f'answer_1 = "{answer}"'),
        nbformat.v4.new_code_cell(
            "from tic_course.runtime.preview import preview_choice\n\npreview_choice(answer_1, 'ABCD')"
        ),
    ]
    nbformat.write(nb, path)
    return path


def tracked(repo: Path) -> list[str]:
    out = subprocess.run(
        ["git", "--git-dir", str(repo), "ls-tree", "-r", "--name-only", "main"],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.split()


@pytest.fixture
def released(tmp_path: Path) -> list:
    src = tmp_path / "released"
    src.mkdir()
    return [
        student_notebook(write_notebook(src / "a-notebook.ipynb", "Alpha scenario"), "alpha.ipynb"),
        student_notebook(write_notebook(src / "b-notebook.ipynb", "Beta scenario"), "beta.ipynb"),
    ]


def test_repository_holds_exactly_the_notebooks_the_code_they_import_and_the_environment(released, tmp_path):
    site = tmp_path / "site"
    build_student_repository(released, REQUIREMENTS, site)
    assert tracked(site / "notebooks.git") == [
        "README.md",
        "alpha.ipynb",
        "beta.ipynb",
        "requirements.txt",
        "runtime.txt",
        "tic_course/__init__.py",
        "tic_course/runtime/__init__.py",
        "tic_course/runtime/answers.py",
        "tic_course/runtime/cells.py",
        "tic_course/runtime/conversation.py",
        "tic_course/runtime/player.py",
        "tic_course/runtime/preview.py",
    ]
    git = ["git", "--git-dir", str(site / "notebooks.git")]

    def show(path: str) -> str:
        return subprocess.run([*git, "show", f"main:{path}"], capture_output=True, text=True, check=True).stdout

    assert show("requirements.txt") == "ipywidgets==8.1.9\n"
    assert show("runtime.txt") == "python-3.11\n"
    assert "- `alpha.ipynb`: Alpha scenario\n- `beta.ipynb`: Beta scenario\n" in show("README.md")
    assert show("alpha.ipynb") == released[0].source.read_text(encoding="utf-8")
    # Served by a plain web server: git's dumb-HTTP index files exist; no remote or hooks leak the build.
    assert (site / "notebooks.git" / "info" / "refs").read_text().endswith("\trefs/heads/main\n")
    assert (site / "notebooks.git" / "objects" / "info" / "packs").read_text().startswith("P pack-")
    assert "remote" not in (site / "notebooks.git" / "config").read_text()
    assert not (site / "notebooks.git" / "hooks").exists()
    assert not list(site.glob(".notebooks-*")), "temporary build folder left behind"
    # The zip for learners without a hub holds the same files in one folder.
    import zipfile

    names = zipfile.ZipFile(site / "trauma-informed-care-notebooks.zip").namelist()
    assert "trauma-informed-care-notebooks/alpha.ipynb" in names
    assert "trauma-informed-care-notebooks/tic_course/runtime/player.py" in names


def test_same_notebooks_give_the_same_commit(released, tmp_path):
    first = build_student_repository(released, REQUIREMENTS, tmp_path / "one")
    again = build_student_repository(released, REQUIREMENTS, tmp_path / "one")
    other_site = build_student_repository(released, REQUIREMENTS, tmp_path / "two")
    assert first == again == other_site
    write_notebook(released[0].source, "Alpha scenario", answer="changed upstream")
    assert build_student_repository(released, REQUIREMENTS, tmp_path / "one") != first


def test_an_update_keeps_the_learners_answers_and_adds_new_notebooks(released, tmp_path):
    site = tmp_path / "site"
    build_student_repository(released, REQUIREMENTS, site)
    learner = tmp_path / "home" / "trauma-informed-care-notebooks"

    def pull() -> None:
        for _ in GitPuller(str(site / "notebooks.git"), str(learner), branch="main", depth=0).pull():
            pass

    pull()
    mine = learner / "alpha.ipynb"
    nb = nbformat.read(mine, as_version=4)
    nb.cells[2].source = 'answer_1 = "C"'
    nbformat.write(nb, mine)
    # The course changes alpha, and adds gamma.
    write_notebook(released[0].source, "Alpha scenario, revised")
    gamma = student_notebook(write_notebook(tmp_path / "released" / "c.ipynb", "Gamma scenario"), "gamma.ipynb")
    build_student_repository([*released, gamma], REQUIREMENTS, site)
    pull()
    assert nbformat.read(mine, as_version=4).cells[2].source == 'answer_1 = "C"'
    assert (learner / "gamma.ipynb").read_text(encoding="utf-8") == gamma.source.read_text(encoding="utf-8")
    assert (learner / "beta.ipynb").read_text(encoding="utf-8") == released[1].source.read_text(encoding="utf-8")


def test_two_notebooks_with_one_name_are_rejected(released, tmp_path):
    with pytest.raises(StudentRepositoryError, match=r"two notebooks share a name: \['alpha.ipynb', 'alpha.ipynb'\]"):
        build_student_repository([released[0], released[0]], REQUIREMENTS, tmp_path / "site")
    assert not (tmp_path / "site" / "notebooks.git").exists()


def test_a_file_that_is_not_a_notebook_is_named(tmp_path):
    bad = tmp_path / "broken-notebook.ipynb"
    bad.write_text('{"cells": [', encoding="utf-8")
    with pytest.raises(StudentRepositoryError, match=r"broken-notebook.ipynb: not a readable notebook"):
        student_notebook(bad, "broken.ipynb")


def test_missing_pin_is_named(released, tmp_path):
    loose = tmp_path / "requirements.txt"
    loose.write_text("ipywidgets>=8\npandas==3.1.1\n", encoding="utf-8")
    with pytest.raises(StudentRepositoryError, match=r"requirements.txt: no exact pin \(name==version\) for ipywidget"):
        build_student_repository(released, loose, tmp_path / "site")


def test_missing_requirements_file_is_named(released, tmp_path):
    with pytest.raises(StudentRepositoryError, match=r"nothing.txt: cannot read the course's pinned requirements"):
        build_student_repository(released, tmp_path / "nothing.txt", tmp_path / "site")
    assert not (tmp_path / "site" / "notebooks.git").exists()


def test_a_failed_rebuild_leaves_the_published_repository_untouched(released, tmp_path, monkeypatch):
    site = tmp_path / "site"
    commit = build_student_repository(released, REQUIREMENTS, site)
    before = sorted((p.relative_to(site), p.read_bytes()) for p in site.rglob("*") if p.is_file())
    real_git = sr._git

    def failing_git(args, cwd, env):
        if args[0] == "archive":
            raise StudentRepositoryError("git archive failed: disk full")
        return real_git(args, cwd, env)

    monkeypatch.setattr(sr, "_git", failing_git)
    write_notebook(released[0].source, "Alpha scenario, revised")
    with pytest.raises(StudentRepositoryError, match="disk full"):
        build_student_repository(released, REQUIREMENTS, site)
    after = sorted((p.relative_to(site), p.read_bytes()) for p in site.rglob("*") if p.is_file())
    assert after == before
    head = (site / "notebooks.git" / "packed-refs").read_text()
    assert commit in head


def test_notebook_title_falls_back_to_its_name(tmp_path):
    path = tmp_path / "x.ipynb"
    path.write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    assert student_notebook(path, "x.ipynb").title == "x"
