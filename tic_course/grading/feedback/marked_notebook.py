"""nbgrader's marked notebook (``generate_feedback``), laid out to be read on a phone.

nbgrader renders it with its own ``feedback`` nbconvert template, which has no viewport tag and
desktop-only widths. We register a template, ``tic-feedback``, that extends nbgrader's and adds
the tag and a small stylesheet; the notebook and nbgrader's markup are unchanged. It is set
through nbgrader's own configuration (``c.HTMLExporter``), and a course that names its own
template in ``nbgrader_config.py`` keeps it.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from traitlets.config import Config

TEMPLATE = "tic-feedback"


def template_dirs() -> list[str]:
    """Our nbconvert templates first, then nbgrader's (where ``feedback`` lives)."""
    ours = Path(str(files("tic_course.grading.feedback") / "templates" / "nbconvert"))
    nbgrader = Path(str(files("nbgrader") / "server_extensions" / "formgrader" / "templates"))
    return [str(ours), str(nbgrader)]


def use_phone_template(config: Config) -> Config:
    """Point nbgrader's feedback exporter at ``tic-feedback`` unless the course chose a template."""
    exporter = config.HTMLExporter
    if "template_name" not in exporter:
        exporter.template_name = TEMPLATE
        exporter.extra_template_basedirs = template_dirs()
    return config
