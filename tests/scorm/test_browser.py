"""The packages in Chromium with a real SCORM run-time acting as the LMS.

The LMS is scorm-again (``scorm-again@3.4.3`` from the npm registry, pinned and integrity-checked
in ``tic_course/book/offline_assets.py``, fetched by ``tic-course assets --with-test-tools``): a
host page creates ``window.API`` (1.2) or ``window.API_1484_11`` (2004) and opens the package's
launch page in a frame, as an LMS does. Every request outside the local server is blocked.
We play the module ``clinician-associated-trauma`` (four knowledge checks and the scenario
``years-of-dismissal``) and assert what was committed, then reload and assert the resume.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from tests.book.test_browser import CHROMIUM, ROOT, Watched, browser, serve  # noqa: F401 (fixture)
from tests.scorm.conftest import by_name

pytestmark = pytest.mark.browser

RUNTIME = ROOT / ".cache" / "test-tools" / "scorm-again.min.js"
MODULE = "clinician-associated-trauma"
SCENARIO = "years-of-dismissal"
HOST = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>LMS</title>
<script src="scorm-again.min.js"></script>
<script>
var saved = null;
function open(version, resume) {
  var settings = {logLevel: 5, autocommit: false};
  var api = version === "1.2" ? new Scorm12API(settings) : new Scorm2004API(settings);
  if (resume && saved) api.loadFromJSON(saved);
  if (version === "1.2") window.API = api; else window.API_1484_11 = api;
  document.getElementById("sco").src = "pkg/tic-scorm.html?module=%s";
}
/* What an LMS keeps between sessions and hands back on the next launch. */
function keep(version) {
  var api = version === "1.2" ? window.API : window.API_1484_11;
  var c = api.cmi;
  saved = version === "1.2"
    ? {suspend_data: c.suspend_data, core: {lesson_location: c.core.lesson_location,
       lesson_status: c.core.lesson_status, entry: "resume"}}
    : {suspend_data: c.suspend_data, location: c.location, completion_status: c.completion_status,
       success_status: c.success_status, entry: "resume"};
}
</script></head><body><iframe id="sco" title="course" style="width:1200px;height:900px"></iframe></body></html>
""" % MODULE


@pytest.fixture(scope="module")
def lms(packages, tmp_path_factory):
    """A folder served over HTTP: the host page, scorm-again, and each version's package."""
    if not RUNTIME.exists():
        pytest.fail(f"{RUNTIME} is missing: run `tic-course assets --with-test-tools --dest .cache/test-tools`")
    root = tmp_path_factory.mktemp("lms")
    for version, suffix in (("1.2", "scorm12"), ("2004", "scorm2004")):
        folder = root / suffix
        with zipfile.ZipFile(by_name(packages, f"{MODULE}-{suffix}.zip")) as z:
            z.extractall(folder / "pkg")
        (folder / "host.html").write_text(HOST, encoding="utf-8")
        (folder / "scorm-again.min.js").write_bytes(RUNTIME.read_bytes())
    with serve(root) as url:
        yield url


def launch(browser, lms: str, suffix: str, version: str | None) -> Watched:
    w = Watched(browser, lms)
    w.open(f"{suffix}/host.html")
    if version:
        w.page.evaluate(f"open({json.dumps(version)}, false)")
    else:
        w.page.evaluate("document.getElementById('sco').src = 'pkg/tic-scorm.html?module=%s'" % MODULE)
    content(w).locator("form.tic-kc").first.wait_for()
    return w


def shell(w: Watched):
    return w.page.frame_locator("#sco")


def content(w: Watched):
    return shell(w).frame_locator("#tic-scorm-frame")


def answer_checks(w: Watched, plan: list[bool]) -> None:
    """Answer each knowledge check of the chapter: True = every correct option, False = one wrong one."""
    forms = content(w).locator("form.tic-kc")
    assert forms.count() == len(plan)
    for i, right in enumerate(plan):
        form = forms.nth(i)
        notes = form.locator(f'.tic-kc-all li[data-correct="{str(right).lower()}"]')
        options = [notes.nth(j).get_attribute("data-option") for j in range(notes.count())]
        for option in options if right else options[:1]:
            form.locator(f'input[value="{option}"]').check()
        form.get_by_role("button", name="Check my answer").click()


def play(w: Watched, order: list[str], limit: int | None = None) -> list[tuple[str, str, str]]:
    """Choose replies by quality preference until an ending (or ``limit`` choices); return (node, reply, quality)."""
    frame = content(w)
    data = json.loads(frame.locator("script.tic-player-data").text_content())
    nodes = {n["id"]: n for n in data["conversation"]["nodes"]}
    made = []
    while (limit is None or len(made) < limit) and frame.locator("button.tic-player-option").count():
        offered = {frame.locator("button.tic-player-option").nth(i).get_attribute("data-response")
                   for i in range(frame.locator("button.tic-player-option").count())}
        node = next(n for n in nodes.values() if {r["id"] for r in n.get("responses", [])} == offered)
        reply = min(node["responses"], key=lambda r: order.index(r["quality"]))
        frame.locator(f'button.tic-player-option[data-response="{reply["id"]}"]').click()
        made.append((node["id"], reply["id"], reply["quality"]))
    return made


def go_to_scenario(w: Watched) -> None:
    shell(w).get_by_role("button", name="Practice:").click()
    content(w).locator("button.tic-player-option").first.wait_for()


def cmi(w: Watched, version: str) -> dict:
    name = "API" if version == "1.2" else "API_1484_11"
    return w.page.evaluate(f"JSON.parse(JSON.stringify(window.{name}.cmi))")


def close(w: Watched, version: str) -> None:
    """The learner closes the module: the launch page ends the session (pagehide)."""
    w.page.evaluate("document.getElementById('sco').src = 'about:blank'")
    w.page.wait_for_function(
        "(window.API && window.API.isTerminated()) || (window.API_1484_11 && window.API_1484_11.isTerminated())"
    )


def status_of(data: dict, version: str) -> tuple:
    if version == "1.2":
        core = data["core"]
        return core["lesson_status"], core["score"]["raw"], core["score"]["min"], core["score"]["max"]
    return (data["completion_status"], data["success_status"], data["score"]["raw"], data["score"]["scaled"],
            data["score"]["min"], data["score"]["max"])


def interactions(data: dict, version: str) -> list[tuple]:
    """(id, learner response, result, objective ids) of every interaction the LMS holds, in order."""

    def items(arr):  # scorm-again renders a CMI array as {"0": {...}, "1": {...}}
        return [arr[k] for k in sorted(arr, key=int)] if isinstance(arr, dict) else list(arr)

    key = "student_response" if version == "1.2" else "learner_response"
    return [(r["id"], r[key], r["result"], [o["id"] for o in items(r["objectives"])]) for r in items(data["interactions"])]


@pytest.mark.parametrize("version,suffix", [("1.2", "scorm12"), ("2004", "scorm2004")])
def test_every_answer_right_passes_with_full_marks(browser, lms, version, suffix):
    w = launch(browser, lms, suffix, version)
    answer_checks(w, [True, True, True, True])
    go_to_scenario(w)
    made = play(w, ["helpful", "mixed", "harmful"])
    assert {q for _, _, q in made} == {"helpful"}
    data = cmi(w, version)
    if version == "1.2":
        assert status_of(data, version) == ("passed", "100", "0", "100")
    else:
        assert status_of(data, version) == ("completed", "passed", "100", "1", "0", "100")
    rows = interactions(data, version)
    assert [r[2] for r in rows] == ["correct"] * (4 + len(made))
    assert w.errors == [] and w.blocked == [] and w.failed == []
    close(w, version)
    w.page.close()
