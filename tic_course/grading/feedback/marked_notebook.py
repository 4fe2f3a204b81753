"""nbgrader's marked notebook (``generate_feedback``), laid out to be read on a phone.

nbgrader renders it with its own ``feedback`` nbconvert template, which has no viewport tag and
desktop-only widths. nbgrader's API insists on that template *name*, so we set only the template
*file*: ``marked-notebook.html.j2``, which extends nbgrader's ``index.html.j2`` and adds the tag
and a small stylesheet; the notebook and nbgrader's markup are unchanged. nbconvert puts the
folder of a template file given as a path first on its search path, and that folder holds no
``index.html.j2`` of its own, so the extension finds nbgrader's. It is set through nbgrader's
configuration (``c.HTMLExporter.template_file``); a course that sets its own keeps it.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from traitlets.config import Config


def template_file() -> str:
    """The absolute path of the phone-ready template for the marked notebook."""
    return str(Path(str(files("tic_course.grading.feedback") / "templates" / "nbconvert" / "marked-notebook.html.j2")))


def use_phone_template(config: Config) -> Config:
    """Point nbgrader's feedback exporter at the phone-ready template unless the course chose one."""
    if "template_file" not in config.HTMLExporter:
        config.HTMLExporter.template_file = template_file()
    return config
