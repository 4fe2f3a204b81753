"""The data each printed document is set from: plain dictionaries of text, ready to be JSON.

Keeping the selection here (which objectives, which replies, which contacts) and the layout in
the Typst templates means a test can check what a document will say without reading a PDF, and
a designer can change a template without touching the rules.
"""

from __future__ import annotations

import io
from typing import Any

import segno

from tic_course.workshop.config import Workshop
from tic_course.workshop.course import replies, script, skill_label, turns
from tic_course.workshop.plan import LENGTHS

COURSE = "Trauma-informed care for clinicians"
CONTACT_LABELS = {
    "staff_support": "Staff support / EAP",
    "occupational_health": "Occupational health",
    "safeguarding_lead": "Safeguarding lead",
    "freedom_to_speak_up": "Freedom to Speak Up guardian",
    "chaplaincy": "Chaplaincy",
}
#: At most this many phrases to use and to avoid per module, so each handout stays one page.
PHRASES_PER_HANDOUT = 4


def hours_text(minutes: int) -> str:
    """``195`` -> ``3.25 hours (195 minutes)``: CPD logs ask for hours, people think in minutes."""
    hours = f"{minutes / 60:.2f}".rstrip("0").rstrip(".")
    return f"{hours} hour{'' if hours == '1' else 's'} ({minutes} minutes)"


def _date_text(w: Workshop) -> str:
    return f"{w.day.day} {w.day:%B %Y}"


def header(w: Workshop) -> dict[str, Any]:
    """What every document repeats: the session, when, where and who runs it."""
    return {
        "title": w.title,
        "course": COURSE,
        "course_code": w.data["course_code"],
        "date_text": _date_text(w),
        "times": f"{w.start:%H:%M}–{w.end:%H:%M}",
        "venue": w.data["venue"],
        "length": LENGTHS[w.data["length"]]["label"],
        "facilitators": ", ".join(f"{f['name']} ({f['role']})" for f in w.data["facilitators"]),
        "facilitator_names": ", ".join(f["name"] for f in w.data["facilitators"]),
        "cpd_text": hours_text(w.cpd_minutes),
    }


def contacts(w: Workshop) -> list[dict[str, str]]:
    return [{"label": label, **w.data["contacts"][key]} for key, label in CONTACT_LABELS.items()]


def outcomes(w: Workshop) -> list[str]:
    """The objectives the chosen scenarios practise, in the chapters' own words and order.

    Only these, not every objective of each chapter: a one-hour huddle does not teach a whole
    chapter, and a certificate must not claim more than the session did.
    """
    chosen = {o for s in w.scenarios for o in s["objectives"]}
    return [text for m in w.modules for oid, text in m.chapter.objectives.items() if oid in chosen]


def module_url(w: Workshop, chapter_id: str) -> str:
    return f"{w.data['course_url']}book/chapters/{chapter_id}.html"


def _tempting(scenario: dict[str, Any]) -> list[dict[str, str]]:
    return [
        {"quality": r["quality"], "say": r["say"], "feedback": r["feedback"], "after": r["after"]}
        for quality in ("harmful", "mixed")
        for r in replies(scenario, quality)
    ]


def guide(w: Workshop) -> dict[str, Any]:
    """The facilitator guide: plan, outcomes, protocol contacts and notes per scenario."""
    return {
        **header(w),
        "running_order": [
            {"time": f"{s.start:%H:%M}–{s.end:%H:%M}", "minutes": s.minutes, "activity": s.activity} for s in w.slots
        ],
        "outcomes": outcomes(w),
        "contacts": contacts(w),
        "safeguarding": w.data["contacts"]["safeguarding_lead"],
        "staff_support": w.data["contacts"]["staff_support"],
        "safeguarding_chapter": w.safeguarding_chapter,
        "scenarios": [
            {
                "title": s["title"],
                "summary": s["summary"],
                "content_note": s["content_note"],
                "minutes": s["minutes"],
                "tempting": _tempting(s),
            }
            for s in w.scenarios
        ],
    }


def _reaction(nodes: dict[str, dict[str, Any]], target: str) -> str:
    node = nodes[target]
    if "ending" in node:
        return f"the conversation ends: {node['ending']['title']}"
    return node.get("context") or node["says"]


def roleplay(w: Workshop, scenario: dict[str, Any]) -> dict[str, Any]:
    """Cards for one scenario: each speaking character, the clinician, the observer, the script."""
    nodes = {n["id"]: n for n in scenario["conversation"]["nodes"]}
    steps = {e["id"]: e["number"] for e in script(scenario)}
    speakers = []
    for character in scenario["characters"]:
        own = [n for n in turns(scenario) if n["speaker"] == character["id"]]
        if not own:
            continue
        speakers.append({
            "name": character["name"],
            "description": character["description"],
            "lines": [
                {
                    "step": steps[n["id"]],
                    "context": n.get("context", ""),
                    "says": n["says"],
                    "reactions": [
                        {"quality": r["quality"], "say": r["say"], "step": steps[r["next"]],
                         "then": _reaction(nodes, r["next"])}
                        for r in n["responses"]
                    ],
                }
                for n in own
            ],
        })
    helpful = replies(scenario, "helpful")
    skills: dict[str, list[str]] = {}
    for r in helpful:
        skills.setdefault(skill_label(r["skill"]), []).append(r["feedback"])
    return {
        **header(w),
        "scenario": scenario["title"],
        "setting": scenario["setting"],
        "role": scenario["role"],
        "content_note": scenario["content_note"],
        "speakers": speakers,
        "checklist": [{"skill": k, "looks_like": v[0]} for k, v in skills.items()],
        "watch_for": [{"say": r["say"], "feedback": r["feedback"]} for r in replies(scenario, "harmful")],
        "script": script(scenario),
    }


def qr_svg(url: str) -> str:
    """A QR code for ``url`` as SVG text (medium error correction survives a photocopier)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=4, border=2, xmldecl=False, svgns=True)
    return out.getvalue().decode("utf-8")


def handouts(w: Workshop) -> dict[str, Any]:
    """One page per module: phrases to use and to avoid, each with its reason, and a QR code."""
    pages = []
    for m in w.modules:
        use = [r for s in m.scenarios for r in replies(s, "helpful")][:PHRASES_PER_HANDOUT]
        avoid = [r for s in m.scenarios for r in replies(s, "harmful")][:PHRASES_PER_HANDOUT]
        url = module_url(w, m.chapter.id)
        pages.append({
            "module": m.chapter.title,
            "code": m.code,
            "use": [{"say": r["say"], "why": r["feedback"]} for r in use],
            "avoid": [{"say": r["say"], "why": r["feedback"]} for r in avoid],
            "url": url,
            "qr": qr_svg(url),
        })
    return {**header(w), "pages": pages, "contacts": contacts(w)}


def sign_in(w: Workshop) -> dict[str, Any]:
    """The sign-in sheet: roster names pre-filled, else blank numbered lines."""
    names = [learner.name for learner in w.roster]
    return {**header(w), "names": names, "blank_rows": 6 if names else 22}


def certificates(w: Workshop, attendees: list[tuple[str, str]]) -> dict[str, Any]:
    """``attendees`` is [(name, certificate id)] for those who attended."""
    return {
        **header(w),
        "facilitators": header(w)["facilitator_names"],
        "modules": [{"title": m.chapter.title, "code": m.code} for m in w.modules],
        "outcomes": outcomes(w),
        "attendees": [{"name": n, "certificate_id": c} for n, c in attendees],
    }


def revalidation(w: Workshop) -> dict[str, Any]:
    return {**header(w), "modules": [m.chapter.title for m in w.modules], "outcomes": outcomes(w)}
