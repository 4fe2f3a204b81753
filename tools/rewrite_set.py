"""The labelled set of learner-style rewrites (``tools/data/rewrites/``), read and checked.

The set is the yardstick for the rewrite checker, so a fault in it would quietly bend every figure
measured with it. Everything is checked before a single reply is scored, and every error names the
file and the entry: unknown scenarios, cases, splits or labels; duplicate or missing ids; rater
files that do not label exactly the same replies; a final label that matches neither the raters'
agreement nor a recorded adjudication; an adjudication of replies the raters agreed on; and a
split that is not the one the file's own recipe reproduces (so a reply moved between the
development and the frozen test set is caught).

Files (see the header of ``replies.yml``):

* ``replies.yml``: ``replies:`` a list of ``{id, scenario, case, split, label, text}``;
* ``rater-a.yml``, ``rater-b.yml``: ``labels:`` a list of ``{id, label, why}``, one per reply;
* ``adjudication.yml``: ``resolved:`` a list of ``{id, label, why}``, one per disagreement.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DEFAULT_SET = Path(__file__).resolve().parent / "data" / "rewrites"  # beside this tool

LABELS = ("poor", "partial", "good")  # ordinal order, worst first: weighted kappa depends on it
SPLITS = ("dev", "test")
# What the writer meant each reply to be (not a label). A closed list, so that a mistyped tag is
# reported instead of silently making a case of its own.
CASES = (
    "good-plain",
    "good-unusual",
    "partial",
    "poor",
    "false-reassurance",
    "validating-but-dismissive",
    "sarcasm",
    "keyword-stuffing",
    "copied-original",
    "too-short",
    "non-native",
    "other-language",
)
# The recipe in replies.yml's header: within each batch and case, sort by sha256("<salt>:<id>"); the
# first third (rounded up) is the test set. Each batch has its own salt, so adding a batch never
# moves a reply of an earlier one between splits. The batch is the letter in the id: ``e``/``n``
# (the first set, 2026-12-06), ``f`` (a second set written 2026-12-07 to measure whether the
# checker generalises to replies nobody had read while writing it), ``g`` (a third, written the
# same day by five new writers after the second had been measured and used for development) or
# ``h``, ``i`` and ``j`` (a fourth, fifth and sixth, likewise, each after the one before).
SPLIT_SALT = "tic-course rewrite agreement set, frozen 2026-12-06"
SECOND_SALT = "tic-course rewrite agreement set, second batch, frozen 2026-12-07"
THIRD_SALT = "tic-course rewrite agreement set, third batch, frozen 2026-12-07"
FOURTH_SALT = "tic-course rewrite agreement set, fourth batch, frozen 2026-12-07"
FIFTH_SALT = "tic-course rewrite agreement set, fifth batch, frozen 2026-12-07"
SIXTH_SALT = "tic-course rewrite agreement set, sixth batch, frozen 2026-12-07"
BATCH_SALTS = {1: SPLIT_SALT, 2: SECOND_SALT, 3: THIRD_SALT, 4: FOURTH_SALT, 5: FIFTH_SALT, 6: SIXTH_SALT}
BATCHES = {"e": 1, "n": 1, "f": 2, "g": 3, "h": 4, "i": 5, "j": 6}
REPLY_FIELDS = ("id", "scenario", "case", "split", "label", "text")
LABEL_FIELDS = ("id", "label", "why")
ID_PATTERN = re.compile(rf"(?P<scenario>[a-z0-9-]+)-(?P<batch>[{''.join(BATCHES)}])\d{{2}}")


class LabelsError(Exception):
    """The labelled set cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class LabelledReply:
    """One learner-style rewrite with its final label and both raters' labels."""

    id: str
    scenario: str
    case: str
    split: str
    label: str  # the final label
    text: str
    rater_a: str
    rater_b: str

    @property
    def batch(self) -> int:
        """1 for the first set (ids ``-eNN``/``-nNN``), then 2 to 6 for ``-fNN`` to ``-jNN``."""
        return BATCHES[ID_PATTERN.fullmatch(self.id)["batch"]]  # type: ignore[index]


def _read(file: Path, key: str) -> list[Any]:
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LabelsError(f"{file}: file not found") from None
    except yaml.YAMLError as exc:
        raise LabelsError(f"{file}: invalid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get(key), list) or not data[key]:
        raise LabelsError(f"{file}: expected a mapping with a non-empty list under {key!r}")
    return data[key]


def _fields(file: Path, key: str, i: int, raw: Any, fields: tuple[str, ...]) -> str:
    """Check one entry's shape; return where it is, for later messages."""
    where = f"{file}: {key}[{i}]"
    if not isinstance(raw, dict):
        raise LabelsError(f"{where}: must be a mapping with fields {', '.join(fields)}")
    if isinstance(raw.get("id"), str):
        where += f" (id {raw['id']!r})"
    missing = [f for f in fields if f not in raw]
    if missing:
        raise LabelsError(f"{where}: missing field(s) {', '.join(missing)}")
    unknown = sorted(map(str, set(raw) - set(fields)))
    if unknown:
        raise LabelsError(f"{where}: unknown field(s) {', '.join(unknown)}")
    for f in fields:
        if not isinstance(raw[f], str) or not raw[f].strip():
            raise LabelsError(f"{where}: {f} must be non-empty text")
    if raw["label"] not in LABELS:
        raise LabelsError(f"{where}: label {raw['label']!r} is not one of {', '.join(LABELS)}")
    return where


def _labels(file: Path, key: str, ids: list[str]) -> dict[str, str]:
    """id -> label from a rater or adjudication file; ids must be unique and among ``ids``."""
    out: dict[str, str] = {}
    known = set(ids)
    for i, raw in enumerate(_read(file, key)):
        where = _fields(file, key, i, raw, LABEL_FIELDS)
        if raw["id"] in out:
            raise LabelsError(f"{where}: duplicate id")
        if raw["id"] not in known:
            raise LabelsError(f"{where}: no reply with this id in replies.yml")
        out[raw["id"]] = raw["label"]
    return out


def expected_test_ids(replies: list[dict[str, str]]) -> set[str]:
    """The ids the split recipe puts in the test set (see ``BATCH_SALTS``)."""
    by_case: dict[tuple[int, str], list[str]] = defaultdict(list)
    for r in replies:
        m = ID_PATTERN.fullmatch(r["id"])
        by_case[BATCHES[m["batch"]] if m else 1, r["case"]].append(r["id"])
    test: set[str] = set()
    for (batch, _), ids in by_case.items():
        salt = BATCH_SALTS[batch]
        ids.sort(key=lambda i: hashlib.sha256(f"{salt}:{i}".encode()).hexdigest())
        test.update(ids[: math.ceil(len(ids) / 3)])
    return test


def load_set(folder: Path, scenario_ids: set[str]) -> list[LabelledReply]:
    """Read and check the whole set; raise LabelsError naming the file and entry on any fault."""
    folder = Path(folder)
    replies_file = folder / "replies.yml"
    replies: list[dict[str, str]] = []
    seen: set[str] = set()
    for i, raw in enumerate(_read(replies_file, "replies")):
        where = _fields(replies_file, "replies", i, raw, REPLY_FIELDS)
        if raw["id"] in seen:
            raise LabelsError(f"{where}: duplicate id")
        seen.add(raw["id"])
        m = ID_PATTERN.fullmatch(raw["id"])
        if not m or m["scenario"] != raw["scenario"]:
            newest = max(BATCHES, key=BATCHES.__getitem__)
            raise LabelsError(
                f"{where}: id must be <scenario>-eNN, -nNN or -fNN to -{newest}NN for scenario {raw['scenario']!r}"
            )
        if raw["scenario"] not in scenario_ids:
            known = ", ".join(sorted(scenario_ids))
            raise LabelsError(f"{where}: unknown scenario {raw['scenario']!r} (known: {known})")
        if raw["case"] not in CASES:
            raise LabelsError(f"{where}: unknown case {raw['case']!r} (known: {', '.join(CASES)})")
        if raw["split"] not in SPLITS:
            raise LabelsError(f"{where}: split {raw['split']!r} is not one of {', '.join(SPLITS)}")
        replies.append(raw)
    test = expected_test_ids(replies)
    for i, r in enumerate(replies):
        if (r["split"] == "test") != (r["id"] in test):
            expected = "test" if r["id"] in test else "dev"
            raise LabelsError(
                f"{replies_file}: replies[{i}] (id {r['id']!r}): split is {r['split']!r} but the frozen "
                f"recipe puts it in {expected!r}; replies never move between splits"
            )
    ids = [r["id"] for r in replies]
    raters = {}
    for name in ("rater-a", "rater-b"):
        file = folder / f"{name}.yml"
        raters[name] = _labels(file, "labels", ids)
        missing = [i for i in ids if i not in raters[name]]
        if missing:
            raise LabelsError(f"{file}: no label for {len(missing)} repl(ies), first {missing[0]!r}")
    adjudication_file = folder / "adjudication.yml"
    resolved = _labels(adjudication_file, "resolved", ids)
    a, b = raters["rater-a"], raters["rater-b"]
    for i in resolved:
        if a[i] == b[i]:
            raise LabelsError(f"{adjudication_file}: id {i!r}: both raters said {a[i]!r}; nothing to resolve")
    out = []
    for i, r in enumerate(replies):
        rid = r["id"]
        if a[rid] == b[rid]:
            final, source = a[rid], "the raters' agreed label"
        elif rid in resolved:
            final, source = resolved[rid], f"the adjudicated label in {adjudication_file.name}"
        else:
            raise LabelsError(
                f"{adjudication_file}: id {rid!r}: raters disagree ({a[rid]!r} / {b[rid]!r}) "
                "and no resolution is recorded"
            )
        if r["label"] != final:
            raise LabelsError(
                f"{replies_file}: replies[{i}] (id {rid!r}): label {r['label']!r} is not {source}, {final!r}"
            )
        text = r["text"].strip()
        out.append(LabelledReply(rid, r["scenario"], r["case"], r["split"], r["label"], text, a[rid], b[rid]))
    return out
