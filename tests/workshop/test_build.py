"""The built kit, read back from its PDFs and CSVs: what a facilitator and a hospital will get."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from tests.workshop.pdftext import body_text, font_names, reader, spoken_text, text
from tic_course.cli import main
from tic_course.layout import CourseLayout
from tic_course.scenario import load_scenario
from tic_course.workshop import documents
from tic_course.workshop.build import build
from tic_course.workshop.config import load_workshop
from tic_course.workshop.course import endings, turns
from tic_course.workshop.records import RecordsError
from tic_course.workshop.typeset import render

ROOT = Path(__file__).resolve().parents[2]
LAYOUT = CourseLayout(ROOT)
HOSTILE = "#set page(fill: red) $x$ *b* [a] \\ <script>alert(1)</script> @ref"
NAMES = {
    "rh-1": "Zażółć Gęśl", "rh-2": "ليلى", "rh-3": "王小明", "rh-4": "अनीता", "rh-5": HOSTILE, "rh-6": "=HYPERLINK(1)",
}


def squash(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def flat(extracted: str) -> str:
    """Extracted text with line breaks undone: a line broken after a hyphen ("follow-|up") rejoins."""
    return re.sub(r"(?<=\w)- (?=\w)", "-", squash(extracted))


@pytest.fixture(scope="module")
def kit(tmp_path_factory, fonts) -> Path:
    """The half-day example with a hostile roster and attendance, built once for this module."""
    folder = tmp_path_factory.mktemp("kit")
    data = yaml.safe_load((ROOT / "workshops" / "half-day.yml").read_text(encoding="utf-8"))
    data.update(roster="roster.csv", title="Half day <b>&amp;</b>")
    (folder / "WORKSHOP.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    rows = "".join(f"{i},{n if ',' not in n else chr(34) + n + chr(34)},{i}@x.example\n" for i, n in NAMES.items())
    (folder / "roster.csv").write_text("learner_id,name,email\n" + rows, encoding="utf-8")
    attended = "".join(f"{i},{i},{i}@x.example,{'no' if i == 'rh-6' else 'yes'}\n" for i in NAMES)
    (folder / "attendance.csv").write_text("learner_id,name,email,attended\n" + attended, encoding="utf-8")
    w = load_workshop(folder / "WORKSHOP.yml", LAYOUT)
    build(w, folder / "out", fonts=fonts, attendance=folder / "attendance.csv", progress=lambda _: None)
    return folder / "out"


def pdf(kit: Path, name: str) -> bytes:
    return (kit / name).read_bytes()


def test_the_folder_holds_every_file_and_an_escaped_index(kit):
    assert sorted(p.name for p in kit.iterdir()) == [
        ".tic-workshop-kit", "attendance-template.csv", "certificate-register.csv", "certificates.pdf",
        "facilitator-guide.pdf", "handouts.pdf", "index.html", "reflective-practice.pdf",
        "roleplay-night-ward-agitation.pdf",
        "roleplay-years-of-dismissal.pdf", "sign-in.pdf", "training-record.csv",
    ]
    index = (kit / "index.html").read_text(encoding="utf-8")
    assert "Half day &lt;b&gt;&amp;amp;&lt;/b&gt;" in index and "<b>" not in index
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", index)  # self-contained: nothing fetched


def test_distress_protocol_carries_the_local_contacts(kit):
    guide = flat(body_text(pdf(kit, "facilitator-guide.pdf")))
    protocol = guide[guide.index("Distress and disclosure protocol") : guide.index("Notes on each scenario")]
    contacts = yaml.safe_load((ROOT / "workshops" / "half-day.yml").read_text(encoding="utf-8"))["contacts"]
    for person in contacts.values():
        for value in person.values():
            assert squash(value) in protocol
    assert "section 42 of the Care Act 2014" in protocol
    assert "children’s safeguarding procedure" in protocol  # Typst sets prose quotes as ’
    assert "Never require anyone to disclose their own trauma" in protocol


def test_guide_has_the_timed_plan_outcomes_and_tempting_replies(kit):
    guide = flat(body_text(pdf(kit, "facilitator-guide.pdf")))
    assert "09:40–10:00 20 Role play in threes: Seven years of 'your tests are normal'" in guide
    assert "11:35–12:15 40 Open discussion" in guide
    pages = reader(pdf(kit, "facilitator-guide.pdf")).pages
    slide = [p for p in pages if p.extract_text().startswith("Our ground rules")]
    handout = [p for p in pages if p.extract_text().startswith("Ground rules (handout)")]
    assert len(slide) == 1 and float(slide[0].mediabox.width) > float(slide[0].mediabox.height)  # landscape slide
    assert len(handout) == 1 and "Briefing a role play" not in handout[0].extract_text()  # a page of its own
    w = load_workshop(kit.parent / "WORKSHOP.yml", LAYOUT)
    outcomes = documents.outcomes(w)
    chosen = {o for s in w.scenarios for o in s["objectives"]}
    assert len(outcomes) == len(chosen) == 6  # only what the chosen scenarios practise
    assert all(squash(o) in guide for o in outcomes)
    scenario = load_scenario(LAYOUT.scenario_file("years-of-dismissal"))
    for node in turns(scenario):
        for reply in node["responses"]:
            if reply["quality"] != "helpful":
                assert squash(reply["say"]) in guide and squash(reply["feedback"]) in guide


@pytest.mark.parametrize("file", sorted(p.parent.name for p in (ROOT / "exercises").glob("*/scenario.yml")))
def test_roleplay_cards_print_every_branch(file, fonts):
    """Every node's words, every reply with its feedback and every ending: nothing is dropped."""
    w = load_workshop(ROOT / "workshops" / "ward-huddle.yml", LAYOUT)
    scenario = load_scenario(LAYOUT.scenario_file(file))
    cards = flat(body_text(render("roleplay", documents.roleplay(w, scenario), fonts=fonts, paper="a4", day=w.day)))
    script = cards[cards.index("Complete script: every step") :]
    for node in turns(scenario):
        assert squash(node["says"]) in script
        for reply in node["responses"]:
            assert squash(reply["say"]) in script and squash(reply["feedback"]) in script
    for node in endings(scenario):
        assert squash(node["ending"]["title"]) in script and squash(node["ending"]["text"]) in script
    steps = re.findall(r"Step (\d+)(?::| )", script)
    assert {int(s) for s in steps} == set(range(1, len(scenario["conversation"]["nodes"]) + 1))
    assert "Observer checklist" in cards and "Clinician card" in cards and "Character card" in cards


@pytest.mark.parametrize("learner", ["rh-1", "rh-2", "rh-3", "rh-4"])
def test_certificates_render_names_in_every_script(kit, learner):
    assert NAMES[learner] in spoken_text(pdf(kit, "certificates.pdf"))


def test_certificates_embed_the_vendored_fonts_one_page_each(kit):
    certs = pdf(kit, "certificates.pdf")
    assert {"NotoSans-Bold", "NotoNaskhArabic-Bold", "NotoSansHans-Bold-Identity-H"} <= font_names(certs)
    assert len(reader(certs).pages) == 5  # rh-6 did not attend
    assert "3.25 hours (195 minutes)" in text(certs)


def test_hostile_names_print_literally(kit):
    assert HOSTILE in text(pdf(kit, "certificates.pdf"))
    assert HOSTILE in text(pdf(kit, "sign-in.pdf"))
    assert "=HYPERLINK(1)" in text(pdf(kit, "sign-in.pdf"))


def test_training_record_and_register(kit):
    record = (kit / "training-record.csv").read_text(encoding="utf-8").splitlines()
    assert record[0] == "learner_id,name,email,course_code,module_code,status,date_completed,cpd_minutes"
    assert record[1] == "rh-1,Zażółć Gęśl,rh-1@x.example,TIC-WS,TIC-WS-CAT,attended,2027-03-04T12:30:00+00:00,98"
    assert record[2] == "rh-1,Zażółć Gęśl,rh-1@x.example,TIC-WS,TIC-WS-TIP,attended,2027-03-04T12:30:00+00:00,97"
    assert record[-1] == "rh-6,'=HYPERLINK(1),rh-6@x.example,TIC-WS,TIC-WS-TIP,not_attended,,0"
    assert len(record) == 1 + 6 * 2
    register = (kit / "certificate-register.csv").read_text(encoding="utf-8").splitlines()
    assert register[0] == "certificate_id,learner_id,name,email,course_code,date,cpd_hours,facilitator"
    assert len(register) == 1 + 5
    ids = [row.split(",")[0] for row in register[1:]]
    assert all(re.fullmatch(r"TIC-WS-20270304-[0-9A-F]{10}", i) for i in ids) and len(set(ids)) == 5
    certs = text(pdf(kit, "certificates.pdf"))
    assert all(i in certs for i in ids)


def test_handouts_one_page_per_module_with_links(kit):
    handouts = pdf(kit, "handouts.pdf")
    assert len(reader(handouts).pages) == 2
    flat = squash(text(handouts)).replace(" ", "")
    for chapter in ("clinician-associated-trauma", "trauma-informed-principles"):
        assert f"https://learning.riverside.example/trauma-informed-care/book/chapters/{chapter}.html" in flat
    assert "Phrases to use" in text(handouts) and "Phrases to avoid" in text(handouts)


def test_sign_in_prefills_the_roster(kit):
    sign_in = text(pdf(kit, "sign-in.pdf"))
    assert "Zażółć Gęśl" in sign_in and "ليلى" in sign_in
    template = (kit / "attendance-template.csv").read_text(encoding="utf-8").splitlines()
    assert template[0] == "learner_id,name,email,attended" and template[1] == "rh-1,Zażółć Gęśl,rh-1@x.example,"


def test_a_bad_attendance_sheet_leaves_the_old_kit_untouched(kit, tmp_path, fonts):
    out = tmp_path / "out"
    shutil.copytree(kit, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    w = load_workshop(kit.parent / "WORKSHOP.yml", LAYOUT)
    sheet = tmp_path / "attendance.csv"
    sheet.write_text("learner_id,name,email,attended\nrh-1,A,a@x.example,maybe\n", encoding="utf-8")
    with pytest.raises(RecordsError, match=r"attendance\.csv:2: attended is 'maybe': write yes or no$"):
        build(w, out, fonts=fonts, attendance=sheet, progress=lambda _: None)
    sheet.write_text("learner_id,name,email,attended\nzz-9,A,a@x.example,yes\n", encoding="utf-8")
    with pytest.raises(RecordsError, match=r"learner_id\(s\) not on the roster: zz-9; add them to the roster$"):
        build(w, out, fonts=fonts, attendance=sheet, progress=lambda _: None)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_cli_builds_on_letter_paper_with_progress(tmp_path, capsys):
    out = tmp_path / "huddle"
    assert main(["--root", str(ROOT), "workshop", "build", str(ROOT / "workshops" / "ward-huddle.yml"),
                 "--out", str(out), "--paper", "letter"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "[1/7] facilitator-guide.pdf" and lines[-2] == "[7/7] index.html"
    assert lines[-1] == f"7 files in {out}; open {out / 'index.html'}"
    box = reader((out / "facilitator-guide.pdf").read_bytes()).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    sign_in = (out / "sign-in.pdf").read_bytes()
    assert len(reader(sign_in).pages) == 1 and "22" in text(sign_in)  # no roster: 22 blank lines, one page
    assert main(["--root", str(ROOT), "workshop", "build", str(ROOT / "workshops" / "ward-huddle.yml"),
                 "--out", str(out)]) == 0  # a kit folder is replaced by the next build


def test_cli_rejects_a_bad_file_and_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "WORKSHOP.yml"
    data = yaml.safe_load((ROOT / "workshops" / "ward-huddle.yml").read_text(encoding="utf-8"))
    data["date"] = "2027-03-04"
    data["length"] = "fortnight"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert main(["--root", str(ROOT), "workshop", "build", str(bad), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert re.fullmatch(re.escape(str(bad)) + r":\d+: length: 'fortnight' is not a length: use one of "
                        r"huddle-1h, half-day, full-day", err[0])
    assert err[-1] == "No files were written."
    assert not (tmp_path / "out").exists()


def test_every_module_of_the_course_fits_one_handout_page_on_either_paper(fonts):
    """Worst case: every chapter that has scenarios, with all its scenarios, on the shorter paper too."""
    from tic_course.workshop.config import Module
    from tic_course.workshop.course import read_chapter

    w = load_workshop(ROOT / "workshops" / "ward-huddle.yml", LAYOUT)
    scenarios = [load_scenario(f) for f in LAYOUT.scenario_files()]
    chapters = sorted({s["chapter"] for s in scenarios})
    w.modules = [
        Module(read_chapter(LAYOUT.chapters / f"{c}.md"), f"M{i}", [s for s in scenarios if s["chapter"] == c])
        for i, c in enumerate(chapters)
    ]
    for paper in ("a4", "letter"):
        handouts = render("handouts", documents.handouts(w), fonts=fonts, paper=paper, day=w.day)
        assert len(reader(handouts).pages) == len(chapters)


def test_reflective_practice_sheet_is_one_page_for_revalidation(kit):
    sheet = pdf(kit, "reflective-practice.pdf")
    assert len(reader(sheet).pages) == 1
    words = squash(text(sheet))
    assert "NMC" in words and "GMC" in words and "Keep it anonymous." in words
    assert "What will you do differently?" in words


def test_a_folder_that_is_not_a_kit_is_never_replaced(tmp_path, capsys):
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "thesis.docx").write_bytes(b"years of work")
    code = main(["--root", str(ROOT), "workshop", "build", str(ROOT / "workshops" / "ward-huddle.yml"),
                 "--out", str(precious)])
    assert code == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"error: {precious} already exists and is not a workshop kit folder: choose an empty or new folder with --out"
    )
    assert [p.name for p in precious.iterdir()] == ["thesis.docx"]
