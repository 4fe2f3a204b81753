"""The built HTML site (``make book``): complete, self-contained, accessible, and leak-free."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.book.test_chapters import ALL_FILES
from tests.conftest import EXERCISES, ROOT
from tests.grading.test_nbgrader_pipeline import LEAK_MARKERS, secrets_of
from tic_course.scenario import load_scenario

HTML = ROOT / "_build" / "html"


@pytest.fixture(scope="module")
def pages() -> dict[Path, str]:
    if not (HTML / "index.html").exists():
        pytest.fail("_build/html is missing: run `make book` (make test does this first)")
    return {p: p.read_text(encoding="utf-8") for p in HTML.rglob("*.html")}


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(text: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(text)
    return parser.tags


def test_every_toc_page_is_built(pages):
    for f in ALL_FILES:
        assert (HTML / f"{f}.html").exists(), f


def test_no_answer_keys_or_hidden_tests_anywhere(pages):
    secrets = [s for f in EXERCISES for s in secrets_of(load_scenario(f))]
    appendix = HTML / "book" / "appendix" / "writing-scenarios.html"  # documents the format itself
    for path, text in pages.items():
        for marker in LEAK_MARKERS:
            assert path == appendix or marker not in text, (path, marker)
        for secret in secrets:
            assert secret not in text, (path, secret[:60])


def test_no_asset_is_loaded_from_another_site(pages):
    for path, text in pages.items():
        for tag, attrs in tags_of(text):
            for attr in ("src", "href") if tag in {"script", "link", "img", "iframe"} else ("src",):
                url = attrs.get(attr) or ""
                if tag == "link" and attrs.get("rel") in {"canonical"}:
                    continue
                assert not re.match(r"(https?:)?//", url), (path, tag, url)


def test_every_image_has_alt_text(pages):
    for path, text in pages.items():
        for tag, attrs in tags_of(text):
            if tag == "img":
                assert (attrs.get("alt") or "").strip(), (path, attrs.get("src"))


def test_practice_pages_embed_the_conversation_without_checkpoints(pages):
    for f in EXERCISES:
        sid = f.parent.name
        text = (HTML / "book" / "scenarios" / f"{sid}.html").read_text(encoding="utf-8")
        assert 'class="tic-player-data"' in text
        assert '"checkpoints"' not in text and '"total_points"' not in text


def test_no_mathjax_is_loaded(pages):
    assert not any("mathjax" in text.lower() for text in pages.values())


def test_appendix_lists_every_skill_tag_and_shows_the_worked_example(pages):
    import json

    schema = json.loads((ROOT / "tic_course" / "scenario" / "scenario.schema.json").read_text(encoding="utf-8"))
    text = (HTML / "book" / "appendix" / "writing-scenarios.html").read_text(encoding="utf-8")
    for skill in schema["$defs"]["skill"]["enum"]:
        assert f'<code class="docutils literal notranslate"><span class="pre">{skill}</span></code>' in text, skill
    assert "triage-pain" in text


def test_figures_are_drawn_and_described(pages):
    expected = {"four-rs.png": "trauma-informed-principles", "consent-process.png": "consent",
                "stress-response.png": "understanding-trauma"}
    for image, chapter in expected.items():
        assert (HTML / "_images" / image).stat().st_size > 10_000
        text = (HTML / "book" / "chapters" / f"{chapter}.html").read_text(encoding="utf-8")
        [(tag, attrs)] = [(t, a) for t, a in tags_of(text) if t == "img" and image in (a.get("src") or "")]
        assert len(attrs["alt"]) > 150, image  # a real description, not a label
