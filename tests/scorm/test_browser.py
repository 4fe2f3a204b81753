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
import re
import zipfile

import pytest

from tests.book.test_browser import Watched
from tests.chromium import AXE, launched_browser, serve
from tests.conftest import ROOT
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
  document.getElementById("sco").src = "pkg/tic-scorm.html?module=MODULE_CODE";
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
""".replace("MODULE_CODE", MODULE)


@pytest.fixture(scope="module")
def browser():
    yield from launched_browser()


@pytest.fixture(scope="module")
def lms(packages, tmp_path_factory):
    """A folder served over HTTP: the host page, scorm-again, and each version's package."""
    if not RUNTIME.exists():
        pytest.fail(f"{RUNTIME} is missing: run `tic-course assets --with-test-tools --dest .cache/test-tools`")
    root = tmp_path_factory.mktemp("lms")
    for suffix in ("scorm12", "scorm2004"):
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
        w.page.evaluate(f"document.getElementById('sco').src = 'pkg/tic-scorm.html?module={MODULE}'")
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
        offered = {
            frame.locator("button.tic-player-option").nth(i).get_attribute("data-response")
            for i in range(frame.locator("button.tic-player-option").count())
        }
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
    return (
        data["completion_status"],
        data["success_status"],
        data["score"]["raw"],
        data["score"]["scaled"],
        data["score"]["min"],
        data["score"]["max"],
    )


def interactions(data: dict, version: str) -> list[tuple]:
    """(id, learner response, result, objective ids) of every interaction the LMS holds, in order."""

    def items(arr):  # scorm-again renders a CMI array as {"0": {...}, "1": {...}}
        return [arr[k] for k in sorted(arr, key=int)] if isinstance(arr, dict) else list(arr)

    key = "student_response" if version == "1.2" else "learner_response"
    return [
        (r["id"], r[key], r["result"], [o["id"] for o in items(r["objectives"])]) for r in items(data["interactions"])
    ]


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
    # Closing ends the session: the time spent, and a finished attempt (suspend only while incomplete).
    data = cmi(w, version)
    if version == "1.2":
        assert re.fullmatch(r"\d{2,4}:\d{2}:\d{2}(\.\d+)?", data["core"]["session_time"])
        assert data["core"]["exit"] == "logout"
    else:
        assert re.fullmatch(r"PT(\d+H)?(\d+M)?(\d+(\.\d+)?S)?", data["session_time"]) and data["session_time"] != "PT"
        assert data["exit"] == "normal"
    w.page.close()


def expected_checks(w: Watched, plan: list[bool]) -> list[tuple]:
    """The interactions the chapter's checks must produce, read from the page's own attributes."""
    forms = content(w).locator("form.tic-kc")
    rows = []
    for i, right in enumerate(plan):
        form = forms.nth(i)
        keys = form.get_attribute("data-keys").split(" ")
        notes = form.locator(f'.tic-kc-all li[data-correct="{str(right).lower()}"]')
        shown = [int(notes.nth(j).get_attribute("data-option")) for j in range(notes.count())]
        response = [keys[s] for s in (shown if right else shown[:1])]
        rows.append((f"kc-{form.get_attribute('data-check')}", response, right, form.get_attribute("data-objectives")))
    return rows


def as_interactions(checks: list[tuple], made: list[tuple], version: str) -> list[tuple]:
    from tic_course.scenario import load_scenario

    objectives = list(load_scenario(ROOT / "exercises" / SCENARIO / "scenario.yml")["objectives"])
    sep = "," if version == "1.2" else "[,]"
    wrong = "wrong" if version == "1.2" else "incorrect"
    rows = [(i, sep.join(r), "correct" if ok else wrong, o.split(" ")) for i, r, ok, o in checks]
    result = {"helpful": "correct", "mixed": "neutral", "harmful": wrong}
    rows += [(f"{SCENARIO}-{node}", reply, result[q], objectives) for node, reply, q in made]
    return rows


@pytest.mark.parametrize("version,suffix", [("1.2", "scorm12"), ("2004", "scorm2004")])
def test_some_right_some_wrong_fails_with_the_exact_score_and_every_answer(browser, lms, version, suffix):
    w = launch(browser, lms, suffix, version)
    plan = [True, False, True, False]
    checks = expected_checks(w, plan)
    answer_checks(w, plan)
    go_to_scenario(w)
    made = play(w, ["helpful", "mixed", "harmful"])
    data = cmi(w, version)
    # 2 of 4 checks right (2 points) + the scenario played helpfully (1 point) = 3 of 5 = 60 %.
    if version == "1.2":
        assert status_of(data, version) == ("failed", "60", "0", "100")
        assert data["core"]["lesson_location"] == "1"
    else:
        assert status_of(data, version) == ("completed", "failed", "60", "0.6", "0", "100")
        assert data["location"] == "1" and data["progress_measure"] == "1"
    assert interactions(data, version) == as_interactions(checks, made, version)
    assert w.errors == [] and w.blocked == [] and w.failed == []
    close(w, version)
    w.page.close()


@pytest.mark.parametrize("version,suffix", [("1.2", "scorm12"), ("2004", "scorm2004")])
def test_every_answer_wrong_fails_with_the_exact_score(browser, lms, version, suffix):
    w = launch(browser, lms, suffix, version)
    plan = [False] * 4
    checks = expected_checks(w, plan)
    answer_checks(w, plan)
    go_to_scenario(w)
    made = play(w, ["harmful", "mixed", "helpful"])
    qualities = [q for _, _, q in made]
    data = cmi(w, version)
    # No check right, and a reply likely to harm trust at each of the three exchanges: 0 of 5.
    assert qualities == ["harmful", "harmful", "harmful"]
    if version == "1.2":
        assert status_of(data, version) == ("failed", "0", "0", "100")
    else:
        assert status_of(data, version) == ("completed", "failed", "0", "0", "0", "100")
    assert interactions(data, version) == as_interactions(checks, made, version)
    assert w.errors == []
    close(w, version)
    w.page.close()


@pytest.mark.parametrize("version,suffix", [("1.2", "scorm12"), ("2004", "scorm2004")])
def test_a_reload_mid_scenario_resumes_at_the_same_exchange(browser, lms, version, suffix):
    w = launch(browser, lms, suffix, version)
    answer_checks(w, [True, False, True, False])
    go_to_scenario(w)
    first = play(w, ["helpful", "mixed", "harmful"], limit=2)
    offered = sorted(
        content(w).locator("button.tic-player-option").evaluate_all("bs => bs.map(b => b.dataset.response)")
    )
    close(w, version)
    left = cmi(w, version)
    assert (left["core"]["exit"] if version == "1.2" else left["exit"]) == "suspend"
    w.page.evaluate(f"keep({json.dumps(version)}); open({json.dumps(version)}, true)")
    frame = content(w)
    frame.locator("section.tic-player button.tic-player-option").first.wait_for()
    # Same page, same exchange: the two earlier exchanges are in the transcript, the same replies offered.
    assert frame.locator(".tic-player-transcript > li").count() == 2
    again = sorted(frame.locator("button.tic-player-option").evaluate_all("bs => bs.map(b => b.dataset.response)"))
    assert again == offered
    rest = play(w, ["helpful", "mixed", "harmful"])
    data = cmi(w, version)
    # Scored as one play-through: 2 + 1 points of 5, and only the new choices are new interactions.
    if version == "1.2":
        assert status_of(data, version) == ("failed", "60", "0", "100")
    else:
        assert status_of(data, version)[:3] == ("completed", "failed", "60")
    assert [r[0] for r in interactions(data, version)] == [f"{SCENARIO}-{n}" for n, _, _ in rest]
    assert len(first) == 2
    # The checks answered before the reload show their answers again, without being sent again.
    shell(w).locator("#tic-scorm-pages button").first.click()
    form = content(w).locator("form.tic-kc").first
    form.locator(".tic-kc-right, .tic-kc-wrong").first.wait_for()
    assert form.locator("input:checked").count() >= 1
    assert len(interactions(cmi(w, version), version)) == len(rest)
    assert w.errors == [] and w.blocked == [] and w.failed == []
    close(w, version)
    w.page.close()


@pytest.mark.parametrize(
    "version,suffix,given",
    [("2004", "scorm2004", {"scaled_passing_score": "0.55"}), ("2004", "scorm2004", {"scaled_passing_score": "0.56"}),
     ("1.2", "scorm12", {"student_data": {"mastery_score": "55"}})],
)
def test_a_pass_mark_the_lms_sets_is_used_exactly(browser, lms, version, suffix, given):
    """0.55 x 100 is 55.00000000000001 in floating point: unrounded, a learner at exactly 55 % would fail."""
    w = Watched(browser, lms)
    w.open(f"{suffix}/host.html")
    w.page.evaluate(f"saved = {json.dumps(given)}; open({json.dumps(version)}, true)")
    content(w).locator("form.tic-kc").first.wait_for()
    launch_page = next(f for f in w.page.frames if "tic-scorm.html" in f.url)
    expected = 55 if "55" in json.dumps(given) else 56
    assert launch_page.evaluate("TicScormShell.passMark()") == expected
    assert w.errors == [] and w.failed == []
    w.page.close()


def test_outside_an_lms_the_package_works_and_logs_no_error(browser, lms):
    w = launch(browser, lms, "scorm2004", None)
    assert "Not connected to a learning system" in shell(w).locator("#tic-scorm-status").text_content()
    answer_checks(w, [True, False, True, False])
    assert content(w).locator(".tic-kc-feedback p").count() >= 4
    go_to_scenario(w)
    assert play(w, ["mixed", "helpful", "harmful"])
    direct = Watched(w.page.context.browser, lms)
    direct.open(f"scorm2004/pkg/book/scenarios/{SCENARIO}.html")
    direct.page.locator("button.tic-player-option").first.click()
    assert w.errors == [] and w.blocked == [] and w.failed == []
    assert direct.errors == [] and direct.blocked == [] and direct.failed == []
    direct.page.close()
    w.page.close()


def test_axe_finds_no_serious_or_critical_violation_on_the_launch_page(browser, lms):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make test` (it fetches axe-core from the npm registry)")
    w = Watched(browser, lms)
    page = w.open(f"scorm12/pkg/tic-scorm.html?module={MODULE}")
    page.frame_locator("#tic-scorm-frame").locator("form.tic-kc").first.wait_for()
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], v["impact"]) for v in result["violations"] if v["impact"] in {"serious", "critical"}]
    assert serious == []
    assert page.locator("#tic-scorm-pages button").all_text_contents() == [
        "Clinician-associated trauma: when the way we treat people is the harm",
        "Practice: Seven years of 'your tests are normal'",
    ]
    assert w.errors == [] and w.blocked == [] and w.failed == []
    w.page.close()


def test_the_course_package_opens_any_module(browser, packages, tmp_path):
    with zipfile.ZipFile(by_name(packages, "trauma-informed-care-scorm2004.zip")) as z:
        z.extractall(tmp_path)
    with serve(tmp_path) as url:
        w = Watched(browser, url)
        page = w.open("tic-scorm.html?module=consent")
        page.frame_locator("#tic-scorm-frame").locator("form.tic-kc").first.wait_for()
        assert page.locator("#tic-scorm-title").text_content() == "Consent as a process"
        assert page.locator("#tic-scorm-pages button").count() == 2
        assert w.errors == [] and w.blocked == [] and w.failed == []
        w.page.close()
