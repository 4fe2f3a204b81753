"""Typst output: fonts embedded for every script, hostile text printed literally, paper, tags."""

from __future__ import annotations

from datetime import date

import pytest
import typst

from tests.workshop.pdftext import font_names, reader, spoken_text, text
from tic_course.workshop.typeset import TypesetError, escape_markup, render

SCRIPTS = {"Polish": "Zażółć Gęśl", "Arabic": "ليلى", "Chinese": "王小明", "Devanagari": "अनीता"}
HOSTILE = "#set page(fill: red) $x^2$ *bold* _it_ [a] \\ <lbl> @ref `raw` // not a comment"


def certificate_data(names: list[str]) -> dict:
    return {
        "title": "Test workshop", "course": "Trauma-informed care for clinicians", "date_text": "4 March 2027",
        "venue": "Room 2", "modules": [{"title": "Consent as a process", "code": "TIC-CON"}],
        "cpd_text": "1 hour (60 minutes)", "outcomes": ["Use an agreed stop signal."],
        "facilitators": "Grace Okafor", "course_code": "TIC",
        "attendees": [{"name": n, "certificate_id": f"TIC-{i}"} for i, n in enumerate(names)],
    }


@pytest.fixture(scope="module")
def certificates(fonts) -> bytes:
    return render("certificates", certificate_data([*SCRIPTS.values(), HOSTILE]), fonts=fonts, paper="a4",
                  day=date(2027, 3, 4))


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_a_name_in_each_script_renders_from_the_vendored_fonts(certificates, script):
    assert SCRIPTS[script] in spoken_text(certificates)


def test_only_the_vendored_fonts_are_embedded(certificates):
    assert font_names(certificates) == {
        "NotoSans-Regular", "NotoSans-Bold", "NotoNaskhArabic-Bold", "NotoSansHans-Bold-Identity-H",
    }


def test_typst_markup_in_a_name_is_printed_not_run(certificates):
    assert HOSTILE in text(certificates)
    pages = reader(certificates).pages
    assert len(pages) == 5  # one per attendee: the #set page(...) did not run


def test_papers_and_accessibility_tags(fonts, certificates):
    letter = render("certificates", certificate_data(["Ann"]), fonts=fonts, paper="letter", day=date(2027, 3, 4))
    a4_box = reader(certificates).pages[0].mediabox
    letter_box = reader(letter).pages[0].mediabox
    assert (round(float(a4_box.width)), round(float(a4_box.height))) == (842, 595)  # A4 landscape
    assert (round(float(letter_box.width)), round(float(letter_box.height))) == (792, 612)
    doc = reader(certificates)
    assert doc.metadata.title == "Certificates of attendance: Test workshop"
    root = doc.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root  # a tagged PDF
    with pytest.raises(ValueError, match="paper must be one of a4, letter, not 'a3'"):
        render("certificates", certificate_data(["Ann"]), fonts=fonts, paper="a3", day=date(2027, 3, 4))


def test_a_broken_template_names_itself(fonts):
    with pytest.raises(TypesetError, match=r"^template certificates\.typ: "):
        render("certificates", {"title": "no attendees key"}, fonts=fonts, paper="a4", day=date(2027, 3, 4))


def test_escape_markup_makes_typst_print_text_literally(fonts):
    source = f'#set document(title: "t")\n#set text(font: "Noto Sans")\n= T\n{escape_markup(HOSTILE)}\n'
    pdf = typst.compile(source.encode(), font_paths=[str(fonts)], ignore_system_fonts=True)
    assert HOSTILE in text(pdf)


def test_the_same_data_gives_the_same_bytes(fonts):
    """The timestamp comes from the workshop date, so a rebuild changes nothing."""
    data = certificate_data(["Ann"])
    assert render("certificates", data, fonts=fonts, paper="a4", day=date(2027, 3, 4)) == render(
        "certificates", data, fonts=fonts, paper="a4", day=date(2027, 3, 4)
    )
