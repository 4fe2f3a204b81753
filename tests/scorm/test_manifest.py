"""Every package's imsmanifest.xml is valid against ADL's schemas (vendored), and says what we mean."""

from __future__ import annotations

import io
import zipfile
from importlib import resources
from pathlib import Path

import pytest
from lxml import etree

from tic_course.scorm.manifest import NS12, NS2004, SCHEMAS12, SCHEMAS2004, manifest
from tic_course.scorm.modules import Check, Module, Scenario

SCHEMAS = Path(str(resources.files("tic_course.scorm") / "schemas"))


class PatchedXmlNamespace(etree.Resolver):
    """libxml2 refuses ADL's ``ims_xml.xsd`` as published: it declares the ``xml`` namespace as its
    default namespace, which the Namespaces in XML rules forbid. We hand the validator the same
    declarations without that one attribute; the packages ship the file unchanged."""

    def resolve(self, url, pubid, context):
        if url and url.endswith("ims_xml.xsd"):
            text = (SCHEMAS / "scorm12" / "ims_xml.xsd").read_text(encoding="utf-8")
            return self.resolve_string(text.replace('xmlns="http://www.w3.org/XML/1998/namespace"', "", 1), context)
        return None


def schema(version: str) -> etree.XMLSchema:
    """One schema importing every namespace a manifest of this version uses, from the vendored files."""
    folder, names = (SCHEMAS / "scorm12", SCHEMAS12) if version == "1.2" else (SCHEMAS / "scorm2004", SCHEMAS2004)
    imports = "".join(
        f'<xs:import namespace="{uri}" schemaLocation="{(folder / xsd).as_uri()}"/>' for uri, xsd in names.items()
    )
    driver = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    parser = etree.XMLParser(load_dtd=False, no_network=True)
    parser.resolvers.add(PatchedXmlNamespace())
    return etree.XMLSchema(etree.fromstring(driver.encode(), parser, base_url=folder.as_uri() + "/"))


@pytest.fixture(scope="module")
def validators() -> dict[str, etree.XMLSchema]:
    return {"1.2": schema("1.2"), "2004": schema("2004")}


def manifest_of(path: Path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read("imsmanifest.xml")


def test_every_package_manifest_is_valid(packages, validators):
    assert len(packages) == 2 * 13 + 2
    for b in packages:
        doc = etree.parse(io.BytesIO(manifest_of(b.path)))
        validator = validators[b.version]
        assert validator.validate(doc), (b.path.name, validator.error_log.last_error)


def test_the_schemas_reject_a_broken_manifest(validators):
    """The validation can fail: a mastery score before the title, a missing identifier, a bad scormType."""
    module = Module("consent", "Consent", {"con-1": "x"}, (Check("con-kc-1", ("con-1",)),), (), 80)
    good12 = manifest("1.2", "course-consent", "Consent", [module], ["tic-scorm.html", "a.html"])
    good2004 = manifest("2004", "course-consent", "Consent", [module], ["tic-scorm.html", "a.html"])
    assert validators["1.2"].validate(etree.fromstring(good12))
    assert validators["2004"].validate(etree.fromstring(good2004))
    moved = good12.replace(b"<title>Consent</title>\n      <adlcp:masteryscore>80</adlcp:masteryscore>", b"")
    moved = moved.replace(
        b'parameters="?module=consent">',
        b'parameters="?module=consent"><adlcp:masteryscore>80</adlcp:masteryscore><title>Consent</title>',
    )
    assert moved != good12
    assert not validators["1.2"].validate(etree.fromstring(moved))
    assert not validators["1.2"].validate(etree.fromstring(good12.replace(b' identifier="course-consent"', b"")))
    assert not validators["2004"].validate(
        etree.fromstring(good2004.replace(b'adlcp:scormType="sco"', b'adlcp:scormType="page"'))
    )
    assert not validators["2004"].validate(
        etree.fromstring(good2004.replace(b"<imsss:minNormalizedMeasure>0.80", b"<imsss:minNormalizedMeasure>eighty"))
    )


def test_manifests_carry_pass_marks_objectives_and_every_file(packages):
    b12 = next(b for b in packages if b.path.name == "consent-scorm12.zip")
    b2004 = next(b for b in packages if b.path.name == "consent-scorm2004.zip")
    m12 = etree.fromstring(manifest_of(b12.path))
    ns = {"cp": NS12[""], "adlcp": NS12["adlcp"]}
    assert m12.findtext("cp:metadata/cp:schemaversion", namespaces=ns) == "1.2"
    assert m12.xpath("//cp:item/adlcp:masteryscore/text()", namespaces=ns) == ["80"]
    assert m12.xpath("//cp:item/@parameters", namespaces=ns) == ["?module=consent"]
    with zipfile.ZipFile(b12.path) as z:
        names = set(z.namelist())
    listed = set(m12.xpath("//cp:file/@href", namespaces=ns))
    assert listed == {n for n in names if n != "imsmanifest.xml" and not n.startswith("scorm-schemas/")}
    m = etree.fromstring(manifest_of(b2004.path))
    ns = {"cp": NS2004[""], "imsss": NS2004["imsss"]}
    assert m.findtext("cp:metadata/cp:schemaversion", namespaces=ns) == "2004 4th Edition"
    assert m.xpath("//imsss:primaryObjective/@satisfiedByMeasure", namespaces=ns) == ["true"]
    assert m.xpath("//imsss:minNormalizedMeasure/text()", namespaces=ns) == ["0.80"]
    ids = m.xpath("//imsss:objective/@objectiveID", namespaces=ns)
    assert ids == ["con-1", "con-2", "con-3", "con-4", "con-5", "con-6"]
    course = etree.fromstring(
        manifest_of(next(b for b in packages if b.path.name == "trauma-informed-care-scorm2004.zip").path)
    )
    assert len(course.xpath("//cp:item", namespaces=ns)) == 13
    assert len(course.xpath("//cp:resource[@adlcp:scormType='sco']", namespaces={**ns, "adlcp": NS2004["adlcp"]})) == 13


def test_scenario_objectives_from_another_chapter_are_declared():
    module = Module("m", "M", {"m-1": "x"}, (), (Scenario("s", "S", ("m-1", "other-2")),), 70)
    xml = manifest("2004", "c-m", "M", [module], ["tic-scorm.html"])
    assert b'objectiveID="other-2"' in xml and b"<imsss:minNormalizedMeasure>0.70<" in xml
    with pytest.raises(ValueError, match="SCORM version '3'"):
        manifest("3", "c-m", "M", [module], [])


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_hostile_titles_are_escaped_and_the_manifest_stays_valid(validators, version):
    """Markup, quotes, '&' and ']]>' in a course or chapter title are text in the manifest, never XML."""
    title = 'Consent & capacity: "under-16s" <b>bold</b> ]]> \u202eevil'
    module = Module("consent", title, {"con-1": "x"}, (Check("k1", ("con-1",)),), (Scenario("s", "S", ("con-1",)),))
    xml = manifest(version, "tic-consent", "<i>Course</i> & 'co'", [module], ["tic-scorm.html", "book/a.html"])
    doc = etree.fromstring(xml)
    assert validators[version].validate(etree.ElementTree(doc)), validators[version].error_log.last_error
    ns = NS12 if version == "1.2" else NS2004
    titles = [t.text for t in doc.iter(f"{{{ns['']}}}title")]
    assert titles == ["<i>Course</i> & 'co'", title]
    assert b"<b>" not in xml and b"<i>" not in xml and b"]]>" not in xml.replace(b"]]&gt;", b"")
