"""The learners' git repository of student notebooks, published inside the course site.

Launch buttons (JupyterHub through nbgitpuller, and Binder) need a git repository that holds the
notebooks. The course's own repository will not do: it holds the scenario files with their answer
keys, and nbgitpuller would copy all of it into every learner's home directory. So each book build
writes a small, separate repository into the site, ``<site>/notebooks.git``, holding only:

- the released student notebooks, one ``<scenario-id>.ipynb`` each (no keys, no hidden tests);
- the few ``tic_course`` modules those notebooks import (the practice player and the answer
  previews), so the notebooks run on any JupyterHub that has ``ipywidgets`` without installing
  anything else;
- ``requirements.txt`` and ``runtime.txt`` so that Binder (repo2docker) builds the same
  environment the course is tested with;
- a ``README.md`` for learners.

Git serves a repository from any static web server (git's "dumb HTTP" protocol) once
``git update-server-info`` has written its index files, so the site's own host is the git server;
wherever the book is published, the repository is published beside it.

Builds are reproducible: author, committer and dates are fixed, so the same notebooks always give
the same commit id. Every build's commit has the same parent (an empty root commit), so a learner
who opened a notebook before a course update can pull the update: nbgitpuller merges it and keeps
the learner's own edits where both changed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from tic_course import atomic

REPOSITORY_DIR = "notebooks.git"
ARCHIVE_NAME = "trauma-informed-care-notebooks.zip"
FOLDER_NAME = "trauma-informed-care-notebooks"
BRANCH = "main"
# Fixed so that a build is reproducible; the content, not the clock, decides the commit id.
COMMIT_DATE = "2026-01-01T00:00:00+00:00"
AUTHOR = ("Trauma-informed care course", "course@invalid")
# Third-party packages the learners' notebooks import, pinned from the course's requirements.txt.
LEARNER_PACKAGES = ("ipywidgets",)
PYTHON_RUNTIME = "python-3.11"

_IMPORT = re.compile(r"^\s*(?:from\s+(tic_course[\w.]*)\s+import|import\s+(tic_course[\w.]*))", re.MULTILINE)


class StudentRepositoryError(RuntimeError):
    """The student repository could not be built; the message names the file and the problem."""


@dataclass(frozen=True)
class StudentNotebook:
    """One released notebook and the name learners see it under."""

    name: str  # file name in the repository, e.g. "triage-pain.ipynb"
    source: Path
    title: str


def student_notebook(source: Path, name: str) -> StudentNotebook:
    """Read a released notebook's title (its first heading) and check it is a notebook at all."""
    try:
        nb = json.loads(source.read_text(encoding="utf-8"))
        cells = nb["cells"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StudentRepositoryError(f"{source}: not a readable notebook ({exc})") from exc
    title = name.removesuffix(".ipynb")
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            text = "".join(cell.get("source", ""))
            match = re.search(r"^#\s+(.+)$", text, re.MULTILINE)
            if match:
                title = match.group(1).strip()
                break
    return StudentNotebook(name=name, source=source, title=title)


def imported_course_modules(notebooks: list[StudentNotebook]) -> list[str]:
    """The ``tic_course`` modules named in the notebooks' import lines, sorted."""
    found: set[str] = set()
    for nb in notebooks:
        cells = json.loads(nb.source.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell.get("cell_type") == "code":
                for match in _IMPORT.finditer("".join(cell.get("source", ""))):
                    found.add(match.group(1) or match.group(2))
    return sorted(found)


def module_files(modules: list[str]) -> list[Path]:
    """Every ``tic_course`` source file that importing ``modules`` loads, relative to the package's parent.

    Found by importing them in a fresh interpreter rather than by reading import statements, so a
    lazy or conditional import inside the package is counted exactly when it really happens.
    """
    if not modules:
        return []
    probe = (
        "import importlib, json, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(json.dumps(sorted(getattr(sys.modules[m], '__file__', None) or '' "
        "for m in sys.modules if m == 'tic_course' or m.startswith('tic_course.'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise StudentRepositoryError(
            f"importing {', '.join(modules)} failed: {result.stderr.strip().splitlines()[-1:]}"
        )
    package_parent = _package_parent()
    runtime = Path("tic_course", "runtime")
    files = []
    for name in json.loads(result.stdout):
        path = Path(name).resolve()
        if not path.is_relative_to(package_parent):
            raise StudentRepositoryError(f"{path}: course module outside {package_parent}")
        rel = path.relative_to(package_parent)
        if rel != Path("tic_course", "__init__.py") and not rel.is_relative_to(runtime):
            # Learners receive the runtime wing only: never instructor code (keys, rubric checker).
            raise StudentRepositoryError(f"{rel}: a student notebook imports course code outside tic_course/runtime/")
        files.append(rel)
    return files


def _package_parent() -> Path:
    """The folder that holds the installed ``tic_course`` package (where its modules are copied from)."""
    return Path(str(resources.files("tic_course"))).resolve().parent


def learner_requirements(requirements: Path) -> str:
    """Pins for the learners' packages, copied from the course's own ``requirements.txt``."""
    pins: dict[str, str] = {}
    try:
        text = requirements.read_text(encoding="utf-8")
    except OSError as exc:
        raise StudentRepositoryError(
            f"{requirements}: cannot read the course's pinned requirements ({exc.strerror or exc}); the "
            "learners' repository copies the ipywidgets pin from it"
        ) from None
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==([A-Za-z0-9_.+!-]+)", line)
        if match:
            pins[match.group(1).lower().replace("_", "-")] = line
    lines = []
    for package in LEARNER_PACKAGES:
        if package not in pins:
            raise StudentRepositoryError(f"{requirements}: no exact pin (name==version) for {package}")
        lines.append(pins[package])
    return "\n".join(lines) + "\n"


def readme(notebooks: list[StudentNotebook]) -> str:
    """The learners' README: what is here, how to work on it, and that their answers stay theirs."""
    listing = "\n".join(f"- `{nb.name}`: {nb.title}" for nb in notebooks)
    return f"""# Trauma-informed care for clinicians: scenario notebooks

These are the marked versions of the course's practice scenarios. Each notebook has the practice
conversation and a few checkpoints for you to answer, then submit to your educator.

{listing}

## Working on a notebook

1. Run the cells from the top (Shift+Enter). The first code cell starts the practice conversation.
2. Type each answer between the quotes in its answer cell, then run the cell. The cell below it
   shows what was saved; it does not say whether the answer is right.
3. Save the notebook and submit the `.ipynb` file the way your course asks (for example, upload it
   to your learning management system).

The reflection checkpoints are optional and private to you and your educator. You never need to
write about your own experiences of harm or ill health.

If you open a notebook again after the course has been updated, your own answers are kept: a
notebook you have changed is not overwritten, and new notebooks are added beside it.

## Running the notebooks

They need Python 3.11 or newer, Jupyter and `ipywidgets` (see `requirements.txt`). The folder
`tic_course/` holds the small pieces of course code the notebooks use; keep it beside them.
"""


def _git(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise StudentRepositoryError(f"git {' '.join(args)} failed in {cwd}: {result.stderr.strip()}")
    return result.stdout.strip()


def _git_env() -> dict[str, str]:
    """Git with fixed identity and dates, and no user or system configuration to vary the result."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME=AUTHOR[0],
        GIT_AUTHOR_EMAIL=AUTHOR[1],
        GIT_COMMITTER_NAME=AUTHOR[0],
        GIT_COMMITTER_EMAIL=AUTHOR[1],
        GIT_AUTHOR_DATE=COMMIT_DATE,
        GIT_COMMITTER_DATE=COMMIT_DATE,
    )
    return env


def build_student_repository(notebooks: list[StudentNotebook], requirements: Path, site: Path) -> str:
    """Write ``site/notebooks.git`` (bare, served over dumb HTTP) and ``site/<ARCHIVE_NAME>``.

    Returns the commit id. The old repository and archive stay in place until the new ones are
    complete, so a failed build never leaves a half-written repository in the site.
    """
    if shutil.which("git") is None:
        raise StudentRepositoryError("git is not installed; the launch buttons need it to publish the notebooks")
    names = [nb.name for nb in notebooks]
    if len(set(names)) != len(names):
        raise StudentRepositoryError(f"two notebooks share a name: {sorted(n for n in names if names.count(n) > 1)}")
    env = _git_env()
    site.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".notebooks-", dir=site) as tmp:
        work = Path(tmp) / "work"
        work.mkdir()
        _git(["init", "--quiet", f"--initial-branch={BRANCH}"], work, env)
        # The same empty root commit in every build: all builds share history, so updates merge.
        _git(["commit", "--quiet", "--allow-empty", "-m", "Course notebooks"], work, env)
        package_parent = _package_parent()
        for rel in module_files(imported_course_modules(notebooks)):
            (work / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(package_parent / rel, work / rel)
        for nb in notebooks:
            shutil.copyfile(nb.source, work / nb.name)
        (work / "requirements.txt").write_text(learner_requirements(requirements), encoding="utf-8")
        (work / "runtime.txt").write_text(PYTHON_RUNTIME + "\n", encoding="utf-8")
        (work / "README.md").write_text(readme(notebooks), encoding="utf-8")
        _git(["add", "--all"], work, env)
        _git(["commit", "--quiet", "-m", "Student notebooks"], work, env)
        commit = _git(["rev-parse", "HEAD"], work, env)

        bare = Path(tmp) / REPOSITORY_DIR
        _git(["clone", "--quiet", "--bare", str(work), str(bare)], Path(tmp), env)
        _git(["remote", "remove", "origin"], bare, env)  # the build's temporary path means nothing to learners
        # Pack everything into one file and write info/refs: what a dumb-HTTP client reads.
        _git(["repack", "-a", "-d", "--quiet"], bare, env)
        _git(["update-server-info"], bare, env)
        (bare / "description").write_text("Trauma-informed care for clinicians: scenario notebooks\n")
        shutil.rmtree(bare / "hooks", ignore_errors=True)  # sample scripts, never run by a web server
        archive = Path(tmp) / ARCHIVE_NAME
        _git(["archive", "--format=zip", f"--prefix={FOLDER_NAME}/", f"--output={archive}", BRANCH], work, env)

        atomic.replace_folder(bare, site / REPOSITORY_DIR)
        archive.replace(site / ARCHIVE_NAME)  # built in the site's own folder: a same-disk rename
    return commit
