"""The zips: byte-identical rebuilds, self-contained pages, nothing graded, hostile text escaped."""

from __future__ import annotations

import html
import re
import zipfile

from bs4 import BeautifulSoup

from tests.conftest import EXERCISES, ROOT
from tests.grading.test_nbgrader_pipeline import LEAK_MARKERS, secrets_of
from tests.scorm.conftest import HTML, by_name
from tic_course.layout import CourseLayout
from tic_course.scenario import load_scenario
from tic_course.scorm.modules import Module, Scenario, course_modules
from tic_course.scorm.package import ZIP_TIME, fetch_wrapper, launch_page, package_files, summary, zip_bytes
from tic_course.scorm.pages import CHECKS_TEXT, MARKED_TEXT, PLAY_TEXT, resolve


def members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_a_package_for_each_module_and_the_course_in_both_versions(packages):
    codes = [m.code for m in course_modules(CourseLayout(ROOT))]
    names = sorted(b.path.name for b in packages)
    expected = [f"{c}-{v}.zip" for c in [*codes, "trauma-informed-care"] for v in ("scorm12", "scorm2004")]
    assert names == sorted(expected)
    assert all(b.size == b.path.stat().st_size and b.size > 0 for b in packages)
    assert "consent-scorm12.zip" in summary(packages) and "MiB" in summary(packages)


def test_rebuilds_are_byte_identical_with_fixed_times_order_and_permissions(packages):
    layout = CourseLayout(ROOT)
    wrapper = fetch_wrapper(layout).read_bytes()
    modules = {m.code: m for m in course_modules(layout)}
    for name, version, chosen in (
        ("consent-scorm12.zip", "1.2", [modules["consent"]]),
        ("trauma-informed-care-scorm2004.zip", "2004", list(modules.values())),
    ):
        title = chosen[0].title if len(chosen) == 1 else "Trauma-informed care for clinicians"
        again = zip_bytes(package_files(HTML, version, title, chosen, wrapper))
        assert again == by_name(packages, name).read_bytes(), name
        with zipfile.ZipFile(by_name(packages, name)) as z:
            infos = z.infolist()
        assert [i.filename for i in infos] == sorted(i.filename for i in infos)
        assert {i.date_time for i in infos} == {ZIP_TIME}
        assert {i.external_attr >> 16 for i in infos} == {0o100644}


def test_zip_bytes_depend_only_on_the_files():
    assert zip_bytes({"b": b"2", "a": b"1"}) == zip_bytes({"a": b"1", "b": b"2"})
    assert zip_bytes({"a": b"1"}) != zip_bytes({"a": b"2"})


def test_every_page_loads_only_files_inside_its_package(packages):
    for b in packages:
        files = members(b.path)
        for name, data in files.items():
            if not name.endswith(".html"):
                continue
            soup = BeautifulSoup(data.decode("utf-8"), "html.parser")
            for tag in soup.find_all(["script", "link", "img", "iframe", "source"]):
                url = tag.get("src") or (tag.get("href") if tag.name == "link" else None)
                if not url:
                    continue
                assert not re.match(r"(https?:)?//", url), (b.path.name, name, url)
                assert resolve(name, url) in files, (b.path.name, name, url)
            for a in soup.find_all("a", href=True):
                href = a["href"]
                if href.startswith("#") or re.match(r"(https?|mailto):", href):
                    continue
                assert resolve(name, href) in files, (b.path.name, name, href)
        for css in (n for n in files if n.endswith(".css")):
            for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", files[css].decode("utf-8", "replace")):
                if not url.startswith("data:"):
                    assert resolve(css, url) in files, (b.path.name, css, url)


QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def searchable(raw: str) -> str:
    """Text as a reader would see it, however a page carries it: without markup (which could split
    a sentence), JSON escapes and HTML entities, with Sphinx's curly quotes made straight, spaces
    collapsed and case folded. A model answer rendered by Sphinx or embedded in a page's JSON is
    then still found."""
    text = re.sub(r"<[^>]*>", "", raw)
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m[1], 16)), text)
    text = html.unescape(text.replace('\\"', '"').replace("\\n", " "))
    return " ".join(text.translate(QUOTES).split()).casefold()


def test_searchable_finds_a_secret_however_a_page_carries_it():
    secret = searchable("Normal bloods don't mean nothing is wrong: let's look.")
    assert secret in searchable("<p>Normal bloods don\u2019t mean <em>nothing</em> is wrong: let&#8217;s look.</p>")
    assert secret in searchable('{"say": "Normal bloods don\\u2019t mean nothing\\nis wrong: let\'s look."}')
    assert secret not in searchable("Normal bloods mean nothing is wrong")


def test_no_graded_key_model_answer_or_marking_guidance_in_any_package(packages):
    secrets = [s for f in EXERCISES for s in secrets_of(load_scenario(f))]
    assert secrets
    folded = [searchable(s) for s in secrets]
    for b in packages:
        for name, data in members(b.path).items():
            text = data.decode("utf-8", "replace")
            for marker in LEAK_MARKERS:
                assert marker not in text, (b.path.name, name, marker)
            seen = searchable(text)
            for secret, fold in zip(secrets, folded, strict=True):
                assert secret not in text and fold not in seen, (b.path.name, name, secret[:60])
            assert '"checkpoints"' not in text and '"total_points"' not in text, (b.path.name, name)


def test_module_package_holds_only_its_own_pages_and_inert_links_elsewhere(packages):
    files = members(by_name(packages, "clinician-associated-trauma-scorm2004.zip"))
    pages = sorted(n for n in files if n.endswith(".html"))
    assert pages == [
        "book/chapters/clinician-associated-trauma.html",
        "book/scenarios/years-of-dismissal.html",
        "tic-scorm.html",
    ]
    soup = BeautifulSoup(files["book/scenarios/years-of-dismissal.html"].decode(), "html.parser")
    assert soup.select("a.tic-scorm-inert") and not soup.select("a.tic-scorm-inert[href]")
    assert not soup.select("form.bd-search") and not soup.select(".tic-launch")
    assert soup.find("script", src="../../tic-scorm/tic-scorm-page.js") is not None
    # The book's contents list keeps this module's pages only (the current page links to "#").
    toc = [a["href"] for a in soup.select("nav.bd-links a[href]")]
    assert toc == ["../chapters/clinician-associated-trauma.html", "#"]


def test_launch_page_escapes_author_text():
    hostile = Module(
        "m",
        "</script><script>alert(1)</script> & <b>",
        {"m-1": "x"},
        (),
        (Scenario("s", '"><img src=x onerror=alert(1)>', ("m-1",)),),
    )
    page = launch_page("<i>Course</i>", [hostile]).decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page and "<i>Course</i>" not in page
    assert "&lt;i&gt;Course&lt;/i&gt;" in page
    config = re.search(r'id="tic-scorm-config">(.*?)</script>', page, re.S)[1]
    assert "\\u003c/script\\u003e" in config


def longest_path(scenario: dict) -> list[str]:
    """The reply ids of the longest play-through (conversations are acyclic: the validator checks)."""
    nodes = {n["id"]: n for n in scenario["conversation"]["nodes"]}

    def walk(node_id: str) -> list[str]:
        replies = nodes[node_id].get("responses") or []
        return max(([r["id"], *walk(r["next"])] for r in replies), key=len, default=[])

    return walk(scenario["conversation"]["start"])


def test_the_largest_saved_state_of_any_module_fits_scorm_12_suspend_data():
    """SCORM 1.2 keeps at most 4096 characters of suspend_data: the shell's state must fit when
    every check is answered with every option and every scenario is on its longest path."""
    import json

    from tic_course.book.knowledge_checks import book_checks

    layout = CourseLayout(ROOT)
    options = {c.check_id: [str(i) for i in range(len(c.data["options"]))] for c in book_checks(layout.chapters)}
    for m in course_modules(layout):
        state = {
            "p": len(m.pages) - 1,
            "k": {c.check_id: {"c": 1, "l": options[c.check_id]} for c in m.checks},
            "s": {
                s.scenario_id: {
                    "p": longest_path(load_scenario(layout.scenario_file(s.scenario_id))),
                    "e": 1,
                    "n": [99, 99, 99],
                }
                for s in m.scenarios
            },
        }
        assert len(json.dumps(state, separators=(",", ":"))) < 4096, m.code


def test_building_without_the_built_book_names_what_is_missing(tmp_path):
    import pytest

    from tic_course.scorm.package import build

    with pytest.raises(FileNotFoundError, match=r"index.html is missing: build the book first \(make book\)"):
        build(CourseLayout(ROOT), tmp_path / "out", site=tmp_path / "no-site")
    assert not (tmp_path / "out").exists()


def test_packaged_scenario_pages_say_the_first_play_counts_and_offer_no_notebook(packages):
    """The book's 'not marked, nothing stored' and its notebook launch are untrue in an LMS."""
    seen = 0
    for b in packages:
        for name, data in members(b.path).items():
            if not name.startswith("book/scenarios/") or not name.endswith(".html"):
                continue
            seen += 1
            soup = BeautifulSoup(data.decode("utf-8"), "html.parser")
            text = " ".join(soup.get_text().split())
            assert "nothing you choose is stored" not in text and "not marked" not in text, (b.path.name, name)
            assert " ".join(BeautifulSoup(PLAY_TEXT, "html.parser").get_text().split()) in text, (b.path.name, name)
            assert [p.get_text() for p in soup.select("#the-marked-version p")] == [MARKED_TEXT], (b.path.name, name)
            assert "-notebook.html" not in data.decode("utf-8"), (b.path.name, name)
    assert seen == 60  # 15 scenarios, each in its module's and the course's packages, 1.2 and 2004


def test_packaged_welcome_says_first_answers_to_checks_are_scored_and_sent(packages):
    """The book promises that check answers are not recorded; in a package the first one is scored and sent."""
    assert "not recorded or sent anywhere" in (HTML / "book" / "chapters" / "welcome.html").read_text(encoding="utf-8")
    for name in ("welcome-scorm12.zip", "trauma-informed-care-scorm2004.zip"):
        page = members(by_name(packages, name))["book/chapters/welcome.html"].decode("utf-8")
        text = " ".join(BeautifulSoup(page, "html.parser").get_text().split())
        assert CHECKS_TEXT in text and "not recorded or sent anywhere" not in text, name
