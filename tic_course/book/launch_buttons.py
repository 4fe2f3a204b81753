"""Launch buttons: open a scenario notebook on the hospital's JupyterHub (nbgitpuller) or on Binder.

Configured with Jupyter Book's own keys in ``_config.yml``::

    launch_buttons:
      notebook_interface: jupyterlab
      jupyterhub_url: "https://jupyter.example-hospital.org"   # the one value a hospital sets
      binderhub_url: "https://mybinder.org"

The links point at the learners' repository that :mod:`tic_course.book.student_repository`
publishes inside the site (``notebooks.git``), never at the course's source repository (which
holds the answer keys). Because that repository lives wherever the site is served, the browser
completes each link from the page's own address when it is clicked (``tic-launch.js``), unless
``html.baseurl`` says where the site lives. So the buttons work on any host without a repository
URL in the configuration.

With no ``jupyterhub_url`` the JupyterHub button asks the learner for their hub's address (and
remembers it in the browser), so one public copy of the course serves every hospital.

The theme's own launch buttons are switched off here: they can only point at a GitHub or GitLab
source repository, and Jupyter Book's default repository is Jupyter Book's, not ours.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError, SphinxError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from tic_course.book.student_repository import (
    ARCHIVE_NAME,
    BRANCH,
    FOLDER_NAME,
    REPOSITORY_DIR,
    StudentRepositoryError,
    build_student_repository,
    student_notebook,
)
from tic_course.layout import CourseLayout

LOGGER = logging.getLogger(__name__)
NOTEBOOK_SUFFIX = "-notebook"  # book/scenarios/<id>-notebook.ipynb is published as <id>.ipynb
INTERFACES = {"jupyterlab": "lab/tree", "classic": "tree"}


def repository_name(docname: str) -> str:
    """The file name a notebook page's notebook has in the learners' repository."""
    return Path(docname).name.removesuffix(NOTEBOOK_SUFFIX) + ".ipynb"


def _checked_url(value: Any, key: str) -> str:
    """An http(s) address with a host, without a trailing slash; '' when unset."""
    if value in (None, ""):
        return ""
    text = str(value).strip().rstrip("/")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(
            f"_config.yml: launch_buttons.{key}: {value!r} is not a web address like https://hub.example.org"
        )
    return text


def launch_settings(theme_options: dict[str, Any], baseurl: str) -> dict[str, str]:
    """What ``tic-launch.js`` needs, from the ``launch_buttons`` section of ``_config.yml``."""
    buttons = theme_options.get("launch_buttons") or {}
    interface = buttons.get("notebook_interface", "jupyterlab")
    if interface not in INTERFACES:
        raise ConfigError(
            f"_config.yml: launch_buttons.notebook_interface: {interface!r} is not one of {', '.join(INTERFACES)}"
        )
    repository = REPOSITORY_DIR
    if baseurl:
        repository = _checked_url(baseurl, "html.baseurl") + "/" + REPOSITORY_DIR
    return {
        "jupyterhub": _checked_url(buttons.get("jupyterhub_url"), "jupyterhub_url"),
        "binderhub": _checked_url(buttons.get("binderhub_url"), "binderhub_url"),
        "interface": INTERFACES[interface],
        "repository": repository,
        "branch": BRANCH,
        "folder": FOLDER_NAME,
        "archive": ARCHIVE_NAME,
    }


def _configure(app: Sphinx, config: Config) -> None:
    theme_options = config.html_theme_options
    app.tic_launch = launch_settings(theme_options, config.html_baseurl or "")  # type: ignore[attr-defined]
    buttons = dict(theme_options.get("launch_buttons") or {})
    for key in ("jupyterhub_url", "binderhub_url", "colab_url", "deepnote_url", "jupyterlite_url"):
        buttons.pop(key, None)
    theme_options["launch_buttons"] = buttons
    app.add_js_file(None, body="window.TIC_LAUNCH = " + json.dumps(app.tic_launch) + ";")  # type: ignore[attr-defined]


def _is_notebook_page(app: Sphinx, docname: str) -> bool:
    return docname in app.env.found_docs and str(app.env.doc2path(docname)).endswith(".ipynb")


def _launch_buttons(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Add a 'JupyterHub' and a 'Binder' entry to the theme's header on every notebook page."""
    if not _is_notebook_page(app, pagename) or "header_buttons" not in context:
        return
    settings = app.tic_launch  # type: ignore[attr-defined]
    name = repository_name(pagename)
    context["metatags"] = context.get("metatags", "") + (f'\n<meta name="tic-notebook" content="{html.escape(name)}">')
    links = [
        {
            "type": "link",
            "text": "JupyterHub",
            "tooltip": "Open this notebook on your organisation's JupyterHub",
            "icon": "_static/images/logo_jupyterhub.svg",
            "url": context["pathto"](ARCHIVE_NAME, 1),  # without JavaScript: the zip
            "label": "tic-launch-jupyterhub",
        }
    ]
    if settings["binderhub"]:
        links.append(
            {
                "type": "link",
                "text": "Binder",
                "tooltip": "Open this notebook on Binder",
                "icon": "_static/images/logo_binder.svg",
                "url": context["pathto"](ARCHIVE_NAME, 1),  # without JavaScript: the zip
                "label": "tic-launch-binder",
            }
        )
    context["header_buttons"].append(
        {
            "type": "group",
            "tooltip": "Open this notebook in Jupyter",
            "icon": "fas fa-rocket",
            "buttons": links,
            "label": "launch-buttons",
        }
    )


class LaunchNotebook(SphinxDirective):
    """``{launch-notebook} <scenario-id>``: visible buttons that open one scenario's notebook.

    The practice pages use it under "The marked version", so a learner does not have to find the
    small rocket menu in the page header.
    """

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        name = html.escape(self.arguments[0].strip() + ".ipynb")
        settings = self.env.app.tic_launch  # type: ignore[attr-defined]
        binder = (
            f'<li><a class="tic-launch-link" data-launch="binder" data-notebook="{name}" href="#">'
            "Open on Binder</a> (free public service; nothing you type is kept after the session)</li>"
            if settings["binderhub"]
            else ""
        )
        markup = (
            '<div class="tic-launch" role="group" aria-label="Open the marked notebook">'
            "<ul>"
            f'<li><a class="tic-launch-link" data-launch="jupyterhub" data-notebook="{name}" href="#">'
            "Open on your organisation's JupyterHub</a></li>"
            f"{binder}"
            f'<li><a class="tic-launch-link" data-launch="archive" href="#">'
            "Download all the scenario notebooks (zip)</a> to run in Jupyter on your own computer</li>"
            "</ul></div>"
        )
        return [nodes.raw("", markup, format="html")]


def _publish_repository(app: Sphinx, exception: Exception | None) -> None:
    """After a successful HTML build, publish the learners' repository inside the site."""
    if exception is not None or app.builder.format != "html":
        return
    docs = sorted(d for d in app.env.found_docs if _is_notebook_page(app, d))
    notebooks = [student_notebook(Path(app.env.doc2path(d)), repository_name(d)) for d in docs]
    try:
        commit = build_student_repository(notebooks, CourseLayout(Path(app.confdir)).requirements, Path(app.outdir))
    except StudentRepositoryError as exc:
        # Fail the build: a site whose launch buttons lead nowhere must not be published.
        raise SphinxError(f"the learners' notebook repository was not published: {exc}") from exc
    LOGGER.info(
        "published %d notebooks in %s (commit %s) and %s", len(notebooks), REPOSITORY_DIR, commit[:12], ARCHIVE_NAME
    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _configure)
    # After the theme has prepared its header buttons (priority 500/501).
    app.connect("html-page-context", _launch_buttons, priority=600)
    app.connect("build-finished", _publish_repository)
    app.add_directive("launch-notebook", LaunchNotebook)
    app.add_js_file("tic-launch.js", loading_method="defer")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
