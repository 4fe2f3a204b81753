"""Sphinx directives for the course pages.

``knowledge-check``
    A practice question that works in the static site with no kernel: radio buttons (or check
    boxes) in a real ``<form>``, a button, and feedback for every option announced through an
    ARIA live region. Without JavaScript the feedback is still there, behind a disclosure.
``learning-objectives``
    A YAML mapping ``id: objective`` rendered as a list; the ids tie objectives to assessments.
``reflection``
    A prompt that always carries the same explicit opt-out, so no chapter can forget it.
``content-note``
    A short note that gives readers a choice about difficult material.
``scenario-player``
    The kernel-free practice conversation (see :mod:`tic_course.book.scenario_player`).
"""

from __future__ import annotations

import html
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from tic_course.book.course_data import parse_knowledge_check, parse_objectives
from tic_course.book.knowledge_checks import BookCheck, check_orders, displayed
from tic_course.book.scenario_player import ScenarioPlayer
from tic_course.layout import CourseLayout
from tic_course.scenario.presentation import DEFAULT_SEED, SEED_SETTING

# Package data, found through importlib.resources (never the repository's layout).
STATIC = Path(str(resources.files("tic_course.book") / "static"))
TEMPLATES = Path(str(resources.files("tic_course.book") / "templates"))

REFLECTION_OPT_OUT = (
    "This reflection is optional and private: nothing you think or write here is collected. "
    "You never need to revisit your own experiences of harm or ill health. You can reflect on "
    "practice you have seen, or skip it and carry on."
)


def _e(text: str) -> str:
    return html.escape(str(text).strip())


def render_knowledge_check(
    check_id: str, data: dict[str, Any], chapter: str = "", keys: tuple[str, ...] | None = None
) -> str:
    """HTML for one knowledge check (also used by tests to pin the output).

    The form carries the check's id, chapter, objectives and each displayed option's authored id
    (``data-keys``; authored positions, default the displayed ones) so that an LMS package can
    report the answer by ids that never change, whatever order the presentation seed gives.
    """
    kind = "checkbox" if data.get("multiple") else "radio"
    keys = keys if keys is not None else tuple(str(i) for i in range(len(data["options"])))
    objectives = " ".join(str(o) for o in data.get("objectives", []))
    hint = "Choose every option that applies." if data.get("multiple") else "Choose one option."
    qid = f"kc-{check_id}"
    opts, notes = [], []
    for i, opt in enumerate(data["options"]):
        oid = f"{qid}-{i}"
        opts.append(
            f'<div class="tic-kc-option"><input type="{kind}" name="{qid}" id="{oid}" value="{i}">'
            f'<label for="{oid}">{_e(opt["text"])}</label></div>'
        )
        verdict = "Correct" if opt["correct"] else "Not the best choice"
        notes.append(
            f'<li data-option="{i}" data-correct="{str(opt["correct"]).lower()}">'
            f"<strong>{_e(opt['text'])}</strong> \u2014 {verdict}. {_e(opt['feedback'])}</li>"
        )
    return (
        f'<form class="tic-kc" id="{qid}" data-kind="{kind}" data-check="{_e(check_id)}" '
        f'data-chapter="{_e(chapter)}" data-objectives="{_e(objectives)}" data-keys="{_e(" ".join(keys))}" novalidate>'
        f'<fieldset><legend><span class="tic-kc-label">Check your understanding</span> '
        f'<span class="tic-kc-question">{_e(data["question"])}</span> '
        f'<span class="tic-kc-hint">{hint}</span></legend>{"".join(opts)}</fieldset>'
        f'<button type="submit" class="tic-kc-check">Check my answer</button>'
        f'<div class="tic-kc-feedback" role="status" aria-live="polite"></div>'
        f'<details class="tic-kc-all"><summary>Show feedback for every option</summary>'
        f"<ul>{''.join(notes)}</ul></details></form>"
    )


class KnowledgeCheck(SphinxDirective):
    """``{knowledge-check} <id>`` with a YAML body (objectives, question, options)."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        check_id = self.arguments[0]
        try:
            data = parse_knowledge_check("\n".join(self.content))
        except ValueError as exc:
            raise self.error(f"knowledge-check {check_id!r}: {exc}") from None
        seen = self.env.temp_data.setdefault("tic_kc_ids", set())
        if check_id in seen:
            raise self.error(f"knowledge-check id {check_id!r} is used twice on this page")
        seen.add(check_id)
        chapter = Path(self.env.doc2path(self.env.docname)).stem
        shown, keys = self._displayed(check_id, data)
        return [nodes.raw("", render_knowledge_check(check_id, shown, chapter, keys), format="html")]

    def _displayed(self, check_id: str, data: dict[str, Any]) -> tuple[dict[str, Any], tuple[str, ...] | None]:
        """The options in the order the book's presentation gives this check (balanced over every
        chapter's checks; see :mod:`tic_course.book.knowledge_checks`), and their authored ids."""
        chapters = CourseLayout(Path(self.env.app.confdir)).chapters
        doc = Path(self.env.doc2path(self.env.docname))
        if doc.parent.resolve() != chapters.resolve():
            return data, None  # a check outside the chapters (none today) keeps its authored order
        try:
            orders = check_orders(chapters, str(getattr(self.config, SEED_SETTING)))
        except ValueError as exc:
            raise self.error(str(exc)) from None
        for file in chapters.glob("*.md"):
            self.env.note_dependency(str(file))  # another chapter's checks can move this one's key
        check = BookCheck(doc.stem, check_id, doc, self.lineno, data)
        return displayed(check, orders), orders.get(check.entry().name)


class LearningObjectives(SphinxDirective):
    """``{learning-objectives}`` with a YAML mapping body ``id: text``."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        try:
            objectives = parse_objectives("\n".join(self.content))
        except ValueError as exc:
            raise self.error(f"learning-objectives: {exc}") from None
        intro = nodes.paragraph(text="By the end of this chapter you will be able to:")
        items = nodes.bullet_list(classes=["tic-objectives"])
        for key, text in objectives.items():
            item = nodes.list_item(ids=[f"objective-{key}"])
            item += nodes.paragraph(text=text.strip())
            items += item
        return [intro, items]


class _Callout(SphinxDirective):
    """An admonition with a fixed title and class, whose body is parsed as MyST."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict] = {"class": directives.class_option}
    title = ""
    css = ""
    closing = ""

    def run(self) -> list[nodes.Node]:
        title = self.arguments[0] if self.arguments else self.title
        box = nodes.admonition(classes=["admonition", self.css, *self.options.get("class", [])])
        box += nodes.title(text=title)
        self.state.nested_parse(self.content, self.content_offset, box)
        if self.closing:
            box += nodes.paragraph(text=self.closing, classes=["tic-opt-out"])
        return [box]


class Reflection(_Callout):
    title = "Reflection"
    css = "tic-reflection"
    closing = REFLECTION_OPT_OUT


class ContentNote(_Callout):
    title = "Content note"
    css = "tic-content-note"
    closing = (
        "Read at your own pace. You can skip a section, step away, or come back to it "
        "later; the key takeaways at the end summarise the chapter."
    )


def _add_static(app: Sphinx) -> None:
    """Serve our scripts and styles; drop stale copies first.

    Sphinx 7 will not overwrite a file that already exists in ``_static`` on an incremental
    build, so an edited script would otherwise never reach the site.
    """
    app.config.html_static_path.append(str(STATIC))
    for source in STATIC.iterdir():
        (Path(app.outdir) / "_static" / source.name).unlink(missing_ok=True)


def _draw_figures(app: Sphinx) -> None:
    """Draw the book's diagrams from source before any page is read (see figures.py)."""
    from tic_course.book.figures import generate

    generate(Path(app.srcdir) / "book" / "_generated")


def _add_templates(app: Sphinx, config: Any) -> None:
    """Theme component overrides that fix accessibility problems axe finds in the theme."""
    config.templates_path.insert(0, str(TEMPLATES))


def setup(app: Sphinx) -> dict[str, Any]:
    # The presentation seed (README: "Display order"); _config.yml sets it under sphinx.config and
    # tic-course release reads the same setting, so the book and the notebooks agree.
    app.add_config_value(SEED_SETTING, DEFAULT_SEED, "env", types=[str, int])
    app.add_directive("knowledge-check", KnowledgeCheck)
    app.add_directive("learning-objectives", LearningObjectives)
    app.add_directive("reflection", Reflection)
    app.add_directive("content-note", ContentNote)
    app.add_directive("scenario-player", ScenarioPlayer)
    app.connect("builder-inited", _add_static)
    app.connect("builder-inited", _draw_figures)
    app.connect("config-inited", _add_templates)
    app.add_js_file("tic-course.js", loading_method="defer")
    app.add_js_file("tic-player.js", loading_method="defer")
    app.add_css_file("tic-course.css")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
