"""``imsmanifest.xml`` for SCORM 1.2 and SCORM 2004 4th Edition.

One item (a SCO) per module; every SCO is the same launch page, told its module through the
item's ``parameters`` (``?module=<code>``), and shares one asset resource holding every file.
The pass mark travels in the manifest too (1.2 ``adlcp:masteryscore``; 2004 the primary
objective's ``minNormalizedMeasure`` with ``satisfiedByMeasure``), so an LMS that judges success
itself judges it exactly as the package does; the 2004 items also declare the course's learning
objectives that the module's checks and scenarios assess.

The ADL schemas the manifest refers to (``scorm-schemas/``) are vendored in
``tic_course/scorm/schemas/`` (see the README there for where they came from) and shipped in
every package; the tests validate each manifest against them with lxml.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from importlib import resources

from tic_course.scorm.modules import Module

LAUNCH = "tic-scorm.html"
SCHEMA_DIR = "scorm-schemas"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
NS12 = {
    "": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
}
SCHEMAS12 = {
    NS12[""]: "imscp_rootv1p1p2.xsd",
    NS12["adlcp"]: "adlcp_rootv1p2.xsd",
}
NS2004 = {
    "": "http://www.imsglobal.org/xsd/imscp_v1p1",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
    "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
    "adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
    "imsss": "http://www.imsglobal.org/xsd/imsss",
}
SCHEMAS2004 = {
    NS2004[""]: "imscp_v1p1.xsd",
    NS2004["adlcp"]: "adlcp_v1p3.xsd",
    NS2004["adlseq"]: "adlseq_v1p3.xsd",
    NS2004["adlnav"]: "adlnav_v1p3.xsd",
    NS2004["imsss"]: "imsss_v1p0.xsd",
}
VERSIONS = {"1.2": "scorm12", "2004": "scorm2004"}


def schema_files(version: str) -> dict[str, bytes]:
    """The ADL schema files a package of this version carries (path in the zip -> bytes)."""
    folder = resources.files("tic_course.scorm").joinpath("schemas", VERSIONS[version])
    return {
        f"{SCHEMA_DIR}/{f.name}": f.read_bytes()
        for f in sorted(folder.iterdir(), key=lambda f: f.name)
        if f.name.endswith((".xsd", ".dtd"))
    }


def _q(ns: dict[str, str], name: str) -> str:
    prefix, _, local = name.rpartition(":")
    return f"{{{ns[prefix]}}}{local}"


def _sub(parent: ET.Element, ns: dict[str, str], name: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(
        parent, _q(ns, name), {(_q(ns, k.replace("__", ":")) if "__" in k else k): v for k, v in attrs.items()}
    )
    if text is not None:
        el.text = text
    return el


def manifest(version: str, identifier: str, title: str, modules: list[Module], files: list[str]) -> bytes:
    """The manifest of a package holding ``modules`` and ``files`` (every path in the zip)."""
    if version not in VERSIONS:
        raise ValueError(f"SCORM version {version!r}: choose 1.2 or 2004")
    ns = NS12 if version == "1.2" else NS2004
    schemas = SCHEMAS12 if version == "1.2" else SCHEMAS2004
    for prefix, uri in ns.items():
        ET.register_namespace(prefix, uri)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(_q(ns, "manifest"), {"identifier": identifier, "version": "1"})
    root.set(f"{{{XSI}}}schemaLocation", " ".join(f"{uri} {SCHEMA_DIR}/{xsd}" for uri, xsd in schemas.items()))
    meta = _sub(root, ns, "metadata")
    _sub(meta, ns, "schema", "ADL SCORM")
    _sub(meta, ns, "schemaversion", "1.2" if version == "1.2" else "2004 4th Edition")
    orgs = _sub(root, ns, "organizations", default="org")
    org_attrs = {} if version == "1.2" else {"adlseq__objectivesGlobalToSystem": "false"}
    org = _sub(orgs, ns, "organization", identifier="org", **org_attrs)
    _sub(org, ns, "title", title)
    for m in modules:
        item = _sub(
            org,
            ns,
            "item",
            identifier=f"item-{m.code}",
            identifierref=f"sco-{m.code}",
            isvisible="true",
            parameters=f"?module={m.code}",
        )
        _sub(item, ns, "title", m.title)
        if version == "1.2":
            _sub(item, ns, "adlcp:masteryscore", str(m.pass_mark))
            continue
        seq = _sub(item, ns, "imsss:sequencing")
        objectives = _sub(seq, ns, "imsss:objectives")
        primary = _sub(
            objectives, ns, "imsss:primaryObjective", objectiveID=f"{m.code}-passed", satisfiedByMeasure="true"
        )
        _sub(primary, ns, "imsss:minNormalizedMeasure", f"{m.pass_mark / 100:.2f}")
        for objective in m.objective_ids:
            _sub(objectives, ns, "imsss:objective", objectiveID=objective)
        _sub(seq, ns, "imsss:deliveryControls", completionSetByContent="true", objectiveSetByContent="true")
    if version == "2004" and len(modules) > 1:
        seq = _sub(org, ns, "imsss:sequencing")
        _sub(seq, ns, "imsss:controlMode", choice="true", flow="true")
    res = _sub(root, ns, "resources")
    sco_type = "adlcp__scormtype" if version == "1.2" else "adlcp__scormType"
    for m in modules:
        sco = _sub(res, ns, "resource", identifier=f"sco-{m.code}", type="webcontent", href=LAUNCH, **{sco_type: "sco"})
        _sub(sco, ns, "file", href=LAUNCH)
        _sub(sco, ns, "dependency", identifierref="shared")
    shared = _sub(res, ns, "resource", identifier="shared", type="webcontent", **{sco_type: "asset"})
    for f in files:
        if f != LAUNCH and f != "imsmanifest.xml" and not f.startswith(f"{SCHEMA_DIR}/"):
            _sub(shared, ns, "file", href=f)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
