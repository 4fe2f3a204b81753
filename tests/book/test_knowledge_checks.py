"""The book's knowledge checks as one bank: balanced display order, used by the built pages."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import FIXTURE, ROOT
from tic_course.book.knowledge_checks import MULTIPLE, SINGLE, book_checks, check_orders, displayed, knowledge_shown
from tic_course.layout import CourseLayout
from tic_course.notebook.source import build_source_notebook
from tic_course.scenario import load_scenario
from tic_course.scenario.presentation import course_presentation, present

CHAPTERS = ROOT / "book" / "chapters"


def test_every_chapter_check_is_in_the_bank_and_balanced():
    checks = book_checks(CHAPTERS)
    assert len(checks) >= 50 and {c.group for c in checks} == {SINGLE, MULTIPLE}
    orders = check_orders(CHAPTERS, "seed")
    counts: Counter = Counter()
    for c in checks:
        order = orders[c.entry().name]
        assert sorted(order, key=int) == list(c.entry().options)
        counts.update((c.group, len(order), order.index(k)) for k in c.entry().keyed)
    for group, n in {(g, n) for g, n, _ in counts}:
        row = [counts[(group, n, p)] for p in range(n)]
        assert max(row) - min(row) <= 1 and max(row[:2]) <= min(row[2:]), (group, n, row)
    assert check_orders(CHAPTERS, "seed") == orders


def test_displayed_moves_whole_options():
    check = book_checks(CHAPTERS)[0]
    shown = displayed(check, check_orders(CHAPTERS, "seed"))["options"]
    assert sorted(map(json.dumps, shown)) == sorted(map(json.dumps, check.data["options"]))
    assert displayed(check, {})["options"] == check.data["options"]
    audit_items = knowledge_shown(CHAPTERS, "seed")
    assert audit_items[0].texts == tuple(o["text"].strip() for o in shown)


def test_a_bad_check_names_its_file_line_and_id(tmp_path):
    (tmp_path / "x.md").write_text("# X\n\n```{knowledge-check} x-1\nquestion: 1\n```\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"x.md:3: knowledge-check 'x-1': .*objectives"):
        book_checks(tmp_path)


KC = """```{{knowledge-check}} kc-{i}
objectives: [a-1]
question: "Question {i}?"
options:
  - text: "Right {i}"
    correct: true
    feedback: "Yes."
  - text: "Wrong {i}a"
    correct: false
    feedback: "No."
  - text: "Wrong {i}b"
    correct: false
    feedback: "No."
```
"""


@pytest.fixture(scope="module")
def small_book(tmp_path_factory) -> Path:
    """A two-page Sphinx project with the course's extension: knowledge checks and a player."""
    root = tmp_path_factory.mktemp("book")
    (root / "book" / "chapters").mkdir(parents=True)
    (root / "exercises" / "triage-pain").mkdir(parents=True)
    (root / "exercises" / "triage-pain" / "scenario.yml").write_bytes(FIXTURE.read_bytes())
    (root / "conf.py").write_text(
        'extensions = ["myst_parser", "tic_course.book.directives"]\n'
        'tic_presentation_seed = "small-book"\nexclude_patterns = ["_build"]\n',
        encoding="utf-8",
    )
    (root / "_config.yml").write_text(
        'sphinx:\n  config:\n    tic_presentation_seed: "small-book"\n', encoding="utf-8"
    )
    body = "\n".join(KC.format(i=i) for i in range(6))
    (root / "book" / "chapters" / "one.md").write_text(f"# One\n\n{body}\n", encoding="utf-8")
    (root / "index.md").write_text(
        "# Index\n\n```{toctree}\nbook/chapters/one\nplayer\n```\n", encoding="utf-8"
    )
    (root / "player.md").write_text("# Player\n\n```{scenario-player} triage-pain\n```\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html", str(root), str(root / "_build")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return root


def test_built_knowledge_checks_are_shown_in_the_presented_order(small_book):
    html = (small_book / "_build" / "book" / "chapters" / "one.html").read_text(encoding="utf-8")
    orders = check_orders(small_book / "book" / "chapters", "small-book")
    firsts = []
    for check in book_checks(small_book / "book" / "chapters"):
        form = re.search(rf'<form class="tic-kc" id="kc-{check.check_id}".*?</form>', html, re.S)[0]
        labels = re.findall(r"<label[^>]*>(.*?)</label>", form)
        assert labels == [o["text"] for o in displayed(check, orders)["options"]]
        firsts.append(labels[0].startswith("Right"))
    assert 0 < sum(firsts) < len(firsts)  # authored with the key first every time; not shown so


def test_the_book_player_and_the_notebook_show_replies_in_the_same_order(small_book):
    html = (small_book / "_build" / "player.html").read_text(encoding="utf-8")
    payload = re.search(r'<script type="application/json" class="tic-player-data">(.*?)</script>', html, re.S)[1]
    book = json.loads(payload.replace("<\\/", "</"))
    scenario = load_scenario(small_book / "exercises" / "triage-pain" / "scenario.yml")
    # What `tic-course release` builds: the course's presentation, read from the same _config.yml.
    presentation = course_presentation(CourseLayout(small_book).root, [scenario])
    nb = build_source_notebook(present(scenario, presentation))
    player = next(c for c in nb.cells if "conversation_player" in c.source)
    notebook = json.loads(re.search(r'r"""(.*)"""', player.source, re.S)[1])
    assert book["conversation"] == notebook["conversation"]
    replies = [[r["id"] for r in n.get("responses", [])] for n in book["conversation"]["nodes"]]
    authored = [[r["id"] for r in n.get("responses", [])] for n in scenario["conversation"]["nodes"]]
    assert replies != authored
