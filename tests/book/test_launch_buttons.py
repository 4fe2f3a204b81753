"""Launch buttons: configuration, what the built site carries, and a real nbgitpuller pull.

The browser side (links completed from the page's address, the hub-address dialog) is tested in
``test_browser.py``; here a real Jupyter server with nbgitpuller pulls the published repository
over HTTP from the link's own parameters, and the pulled notebook runs with only the course code
that came with it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import nbformat
import pytest
from nbclient import NotebookClient
from sphinx.errors import ConfigError

from tests.chromium import serve
from tests.conftest import EXERCISES, ROOT
from tests.grading.test_nbgrader_pipeline import LEAK_MARKERS, secrets_of
from tic_course.book.launch_buttons import launch_settings, repository_name
from tic_course.scenario import load_scenario

HTML = ROOT / "_build" / "html"
RELEASE = ROOT / "grading" / "release"
SCENARIO_IDS = sorted(p.parent.name for p in EXERCISES)
FIXED_FILES = {"README.md", "requirements.txt", "runtime.txt"}


def hub_link(hub: str, site: str, notebook: str) -> str:
    """The nbgitpuller link tic-launch.js must build (https://nbgitpuller.readthedocs.io/en/latest/link.html)."""
    query = urlencode(
        {
            "repo": f"{site}/notebooks.git",
            "branch": "main",
            "depth": "0",
            "targetpath": "trauma-informed-care-notebooks",
            "urlpath": f"lab/tree/trauma-informed-care-notebooks/{notebook}",
        },
        safe="",
    )
    return f"{hub}/hub/user-redirect/git-pull?{query}"


def binder_link(site: str, notebook: str) -> str:
    """BinderHub's link for any git repository: /v2/git/<escaped URL>/<ref>."""
    repo = quote(f"{site}/notebooks.git", safe="")
    return f"https://mybinder.org/v2/git/{repo}/main?urlpath={quote('lab/tree/' + notebook, safe='')}"


# --- configuration -------------------------------------------------------------------------


def test_defaults_from_an_empty_section():
    assert launch_settings({}, "") == {
        "jupyterhub": "",
        "binderhub": "",
        "interface": "lab/tree",
        "repository": "notebooks.git",
        "branch": "main",
        "folder": "trauma-informed-care-notebooks",
        "archive": "trauma-informed-care-notebooks.zip",
    }


def test_hub_binder_interface_and_baseurl_are_read():
    settings = launch_settings(
        {
            "launch_buttons": {
                "jupyterhub_url": " https://jupyter.example-hospital.org/ ",
                "binderhub_url": "https://mybinder.org",
                "notebook_interface": "classic",
            }
        },
        "https://learning.example-hospital.org/tic/",
    )
    assert settings["jupyterhub"] == "https://jupyter.example-hospital.org"
    assert settings["binderhub"] == "https://mybinder.org"
    assert settings["interface"] == "tree"
    assert settings["repository"] == "https://learning.example-hospital.org/tic/notebooks.git"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("jupyterhub_url", "jupyter.example-hospital.org"),
        ("jupyterhub_url", "ftp://jupyter.example-hospital.org"),
        ("jupyterhub_url", "https://jupyter.example-hospital.org/hub?next=x"),
        ("binderhub_url", "https://"),
    ],
)
def test_an_address_that_is_not_a_web_address_is_rejected_by_name(key, value):
    with pytest.raises(ConfigError) as err:
        launch_settings({"launch_buttons": {key: value}}, "")
    assert str(err.value) == (
        f"_config.yml: launch_buttons.{key}: {value!r} is not a web address like https://hub.example.org"
    )


def test_an_unknown_interface_is_rejected():
    with pytest.raises(ConfigError, match=r"notebook_interface: 'vscode' is not one of jupyterlab, classic"):
        launch_settings({"launch_buttons": {"notebook_interface": "vscode"}}, "")


def test_notebook_pages_map_to_repository_names():
    assert repository_name("book/scenarios/dismissed-pain-ed-notebook") == "dismissed-pain-ed.ipynb"
    assert repository_name("book/scenarios/years-of-dismissal-notebook") == "years-of-dismissal.ipynb"


# --- the built site ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built() -> Path:
    if not (HTML / "notebooks.git").is_dir():
        pytest.fail("_build/html/notebooks.git is missing: run `make book` (make test does this first)")
    return HTML


def test_every_notebook_page_has_jupyterhub_and_binder_buttons(built):
    for sid in SCENARIO_IDS:
        text = (built / "book" / "scenarios" / f"{sid}-notebook.html").read_text(encoding="utf-8")
        assert text.count('<div class="dropdown dropdown-launch-buttons">') == 1, sid
        assert text.count("btn-tic-launch-jupyterhub") == 1, sid
        assert text.count("btn-tic-launch-binder") == 1, sid
        assert f'<meta name="tic-notebook" content="{sid}.ipynb">' in text, sid
        settings = json.loads(re.search(r"window\.TIC_LAUNCH = (\{.*?\});", text).group(1))
        assert settings["jupyterhub"] == "" and settings["binderhub"] == "https://mybinder.org"
        # The theme's own buttons would point at Jupyter Book's repository: they must not appear.
        assert "executablebooks" not in text and "/v2/gh/" not in text, sid


def test_practice_pages_offer_the_same_choices_and_other_pages_none(built):
    for sid in SCENARIO_IDS:
        text = (built / "book" / "scenarios" / f"{sid}.html").read_text(encoding="utf-8")
        assert f'data-launch="jupyterhub" data-notebook="{sid}.ipynb"' in text, sid
        assert f'data-launch="binder" data-notebook="{sid}.ipynb"' in text, sid
        assert 'data-launch="archive"' in text, sid
    for chapter in (built / "book" / "chapters").glob("*.html"):
        text = chapter.read_text(encoding="utf-8")
        assert "dropdown-launch-buttons" not in text and "tic-launch-link" not in text, chapter.name


def published_files(repo: Path) -> dict[str, bytes]:
    names = subprocess.run(
        ["git", "--git-dir", str(repo), "ls-tree", "-r", "--name-only", "main"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return {
        n: subprocess.run(["git", "--git-dir", str(repo), "show", f"main:{n}"], capture_output=True, check=True).stdout
        for n in names
    }


def test_published_repository_holds_exactly_the_released_notebooks(built):
    files = published_files(built / "notebooks.git")
    notebooks = {n for n in files if n.endswith(".ipynb")}
    assert notebooks == {f"{sid}.ipynb" for sid in SCENARIO_IDS}
    for sid in SCENARIO_IDS:
        assert files[f"{sid}.ipynb"] == (RELEASE / sid / f"{sid}.ipynb").read_bytes(), sid
    others = set(files) - notebooks
    assert others >= FIXED_FILES
    assert all(n.startswith("tic_course/") and n.endswith(".py") for n in others - FIXED_FILES)
    assert files["requirements.txt"] == b"ipywidgets==8.1.9\n"
    with zipfile.ZipFile(built / "trauma-informed-care-notebooks.zip") as archive:
        in_zip = {n: archive.read(n) for n in archive.namelist() if not n.endswith("/")}
    assert in_zip == {f"trauma-informed-care-notebooks/{n}": blob for n, blob in files.items()}


def test_no_answer_key_or_hidden_test_in_the_learners_repository(built):
    secrets = [s for f in EXERCISES for s in secrets_of(load_scenario(f))]
    for name, blob in published_files(built / "notebooks.git").items():
        text = blob.decode("utf-8")
        for marker in LEAK_MARKERS:
            assert marker not in text, (name, marker)
        for secret in secrets:
            assert secret not in text, (name, secret[:60])


# --- a real pull by nbgitpuller, from the link's own parameters -----------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def jupyter_server(tmp_path_factory):
    """A single-user Jupyter server with nbgitpuller, as a hospital hub would start for a learner."""
    home = tmp_path_factory.mktemp("learner-home")
    port = free_port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / ".jupyter"), "NBGITPULLER_DEPTH": "1"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter_server",
            "--no-browser",
            f"--ServerApp.port={port}",
            "--ServerApp.ip=127.0.0.1",
            "--allow-root",
            "--IdentityProvider.token=learner",
            f"--ServerApp.root_dir={home}",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token=learner", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail("the Jupyter server did not start")
            time.sleep(0.3)
    yield base, home
    proc.terminate()
    proc.wait(timeout=20)


@pytest.mark.slow
def test_nbgitpuller_pulls_the_linked_notebook_and_it_runs(built, jupyter_server):
    base, home = jupyter_server
    with serve(built) as site:
        # The link exactly as tic-launch.js builds it (test_browser.py checks the two agree).
        query = urlsplit(hub_link("https://hub.example.org", site, "dismissed-pain-ed.ipynb")).query
        params = {k: v[0] for k, v in parse_qs(query).items()}
        # The hub's /hub/user-redirect/git-pull lands on the learner's server at /git-pull ...
        landing = urllib.request.urlopen(f"{base}/git-pull?{query}&token=learner", timeout=30)
        assert landing.status == 200
        # ... whose page then streams the pull from /git-pull/api with the same parameters.
        stream = urllib.request.urlopen(f"{base}/git-pull/api?{query}&token=learner", timeout=120).read().decode()
    events = [json.loads(line[len("data:") :]) for line in stream.splitlines() if line.startswith("data:")]
    assert events[-1]["phase"] == "finished", events[-3:]
    folder = home / "trauma-informed-care-notebooks"
    target = urlsplit("/" + params["urlpath"]).path.removeprefix("/lab/tree/")
    assert (home / target) == folder / "dismissed-pain-ed.ipynb"
    assert (home / target).read_bytes() == (RELEASE / "dismissed-pain-ed" / "dismissed-pain-ed.ipynb").read_bytes()

    # The notebook runs from the pulled folder, importing the course code that came with it.
    nb = nbformat.read(folder / "dismissed-pain-ed.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import tic_course\nprint(tic_course.__file__)"))
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    printed = nb.cells[-1].outputs[0]["text"].strip()
    assert Path(printed) == folder / "tic_course" / "__init__.py"
    assert not any(o.get("output_type") == "error" for c in nb.cells if c.cell_type == "code" for o in c.outputs)


@pytest.mark.slow
def test_a_shallow_pull_is_what_depth_0_avoids(built, tmp_path):
    """Without depth=0 nbgitpuller clones with --depth 1, which a static git repository cannot serve."""
    with serve(built) as site:
        result = subprocess.run(
            ["git", "clone", "--depth", "1", f"{site}/notebooks.git", str(tmp_path / "shallow")],
            capture_output=True,
            text=True,
        )
    assert result.returncode != 0
    assert "dumb http transport does not support shallow capabilities" in result.stderr


# --- a small book built with the extension: configuration in, buttons and repository out ----


def small_book(tmp_path: Path, launch_buttons: dict) -> subprocess.CompletedProcess:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        "extensions = ['myst_nb', 'tic_course.book.directives', 'tic_course.book.launch_buttons']\n"
        "html_theme = 'sphinx_book_theme'\n"
        f"html_theme_options = {{'launch_buttons': {launch_buttons!r}}}\n"
        "nb_execution_mode = 'off'\n",
        encoding="utf-8",
    )
    shutil.copy(ROOT / "requirements.txt", src / "requirements.txt")  # the small book is a course of its own
    (src / "index.md").write_text("# Small book\n\n```{toctree}\nchild-cannula-def-notebook\n```\n", encoding="utf-8")
    (src / "child-cannula-def-notebook.ipynb").write_bytes(
        (RELEASE / "child-cannula-def" / "child-cannula-def.ipynb").read_bytes()
    )
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(src), str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )


@pytest.mark.slow
def test_a_configured_hub_reaches_the_page_and_the_repository_is_published(tmp_path):
    result = small_book(tmp_path, {"jupyterhub_url": "https://jupyter.example-hospital.org/", "binderhub_url": ""})
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "child-cannula-def-notebook.html").read_text(encoding="utf-8")
    settings = json.loads(re.search(r"window\.TIC_LAUNCH = (\{.*?\});", page).group(1))
    assert settings["jupyterhub"] == "https://jupyter.example-hospital.org"
    assert page.count("btn-tic-launch-jupyterhub") == 1
    assert "btn-tic-launch-binder" not in page  # binderhub_url empty: no Binder button
    files = published_files(tmp_path / "out" / "notebooks.git")
    assert files["child-cannula-def.ipynb"] == (RELEASE / "child-cannula-def" / "child-cannula-def.ipynb").read_bytes()


@pytest.mark.slow
def test_a_bad_hub_address_stops_the_build_with_its_name(tmp_path):
    result = small_book(tmp_path, {"jupyterhub_url": "jupyter.example-hospital.org"})
    assert result.returncode != 0
    assert (
        "_config.yml: launch_buttons.jupyterhub_url: 'jupyter.example-hospital.org' is not a web address"
        in result.stderr
    )
    assert not (tmp_path / "out" / "notebooks.git").exists()


@pytest.mark.slow
def test_binder_can_fetch_the_repository_and_would_build_it_with_python_311_and_the_pins(built, tmp_path):
    """What mybinder.org does with the Binder link, up to (not including) the Docker build.

    BinderHub resolves the link's ref (``main``) to a commit with ``git ls-remote``; repo2docker then
    clones that commit (a full clone, which a static git repository can serve) and writes a
    Dockerfile from ``runtime.txt`` and ``requirements.txt``.
    """
    from repo2docker.contentproviders.git import Git

    with serve(built) as site:
        url = f"{site}/notebooks.git"
        listed = subprocess.run(["git", "ls-remote", url, "main"], capture_output=True, text=True, check=True)
        commit = listed.stdout.split()[0]
        checkout = tmp_path / "binder"
        for _ in Git().fetch({"repo": url, "ref": commit}, str(checkout)):
            pass
    assert (checkout / "dismissed-pain-ed.ipynb").read_bytes() == (
        RELEASE / "dismissed-pain-ed" / "dismissed-pain-ed.ipynb"
    ).read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "repo2docker", "--no-build", "--no-run", "--debug", str(checkout)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    plan = result.stdout + result.stderr
    assert "Building conda environment for python=3.11" in plan
    assert 'pip install --no-cache-dir -r "requirements.txt"' in plan
