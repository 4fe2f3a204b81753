"""How the rewrite checker read each development batch before anyone tuned it on that batch.

``python -m tools.untouched_readings [--check]``. The scenario patterns are widened while reading
development replies, so the current checker reads every development reply better than it will
read a new learner's. The overall reading (:mod:`tic_course.checkpoints.band_model`) learns how
far to trust the criteria; taught on the tuned readings it learns to trust them too much. So it is
taught on the **untouched readings**: each batch of development replies read by the checker of the
commit that added the batch (:data:`BATCH_COMMITS`), whose patterns had never seen it. That is the
position a new learner's reply is in.

This tool extracts each of those commits' checker (``git archive``: the package and the scenario
files) into a temporary folder, runs it there on the batch's development replies in a separate
Python, and writes what it found to ``tools/data/rewrites/untouched.json``: for each reply, the
commit, a hash of the reply's text, and each criterion's and detector's result. Scores and caps
are not stored: training applies today's scoring rules to them (``tools.train_band_model``), so
only what the old patterns *matched* comes from the old commit. The first batch (ids ``-e``/``-n``)
has no untouched reading: it was written before the detectors existed, so it is left out of the
overall reading's training.

Needs the repository's history (a full clone). ``--check`` writes nothing and exits 1 if the
stored file is not what the commits produce.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path
from typing import Any

from tic_course.layout import CourseLayout
from tools.generated_file import write_or_check
from tools.rewrite_set import DEFAULT_SET, LabelledReply, LabelsError, load_set

# batch -> the commit that added it to replies.yml; its checker had not read the batch.
BATCH_COMMITS = {
    2: "7213108f897119f77e98aeadd978e99ca98dadfd",
    3: "08d4cf977beb66891c9b9e3403bbe3bdbc2c24d1",
    4: "5ce053f3ea785b26261c88a2be92ee4c02e2e1b0",
    5: "dd2dd8d3ba0b9567e6694f16c19caac1c2c83c86",
    6: "26876792ebb153e025d1f3ad99149ae7133f2725",
}
UNTOUCHED_NAME = "untouched.json"  # in the labelled set's folder
UNTOUCHED_FILE = DEFAULT_SET / UNTOUCHED_NAME

# Run inside the extracted commit: read the replies given on stdin with that commit's checker.
_READER = """
import json, sys
from pathlib import Path
sys.path.insert(0, ".")
from tic_course.checkpoints.rubric import check_rewrite
from tic_course.scenario import load_scenario
items = {}
for file in sorted(Path("exercises").glob("*/scenario.yml")):
    data = load_scenario(file)
    items[data["id"]] = next(c for c in data["checkpoints"] if c["type"] == "rewrite")
out = {}
for r in json.load(sys.stdin):
    item = items[r["scenario"]]
    res = check_rewrite(r["text"], item["rubric"], original=item["original"], min_words=item.get("min_words", 8))
    out[r["id"]] = {
        "note": res.note, "review": res.review,
        "checks": [[c.id, c.earned, c.evidence] for c in res.checks],
        "findings": [[f.id, f.cap, f.evidence] for f in res.findings],
    }
json.dump(out, sys.stdout)
"""


class UntouchedError(Exception):
    """The untouched readings cannot be made or used; the message says which commit or reply."""


def text_hash(text: str) -> str:
    """A short hash of a reply's text, so an edited reply no longer matches its old reading."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _git(root: Path, *args: str) -> bytes:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True)
    if done.returncode:
        raise UntouchedError(f"git {' '.join(args)}: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def read_at(root: Path, commit: str, replies: Sequence[LabelledReply]) -> dict[str, Any]:
    """What ``commit``'s checker found in each reply (by id), run in a separate Python."""
    archive = _git(root, "archive", "--format=tar", commit, "tic_course", "exercises")
    with tempfile.TemporaryDirectory(prefix="untouched-") as tmp:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        given = json.dumps([{"id": r.id, "scenario": r.scenario, "text": r.text} for r in replies])
        done = subprocess.run(
            [sys.executable, "-c", _READER], cwd=tmp, input=given, capture_output=True, text=True
        )
    if done.returncode:
        raise UntouchedError(f"the checker at {commit} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout)


def untouched_readings(root: Path, dev: Sequence[LabelledReply]) -> dict[str, Any]:
    """The file's content: every development reply of batches 2 on, read by its batch's commit."""
    readings: dict[str, Any] = {}
    for batch, commit in BATCH_COMMITS.items():
        full = _git(root, "rev-parse", "--verify", f"{commit}^{{commit}}").decode().strip()
        replies = {r.id: r for r in dev if r.batch == batch}
        print(f"batch {batch}: {len(replies)} development replies read at {full[:12]}", file=sys.stderr)
        for rid, found in read_at(root, full, list(replies.values())).items():
            readings[rid] = {"commit": full[:12], "text": text_hash(replies[rid].text), **found}
    return {
        "about": (
            "Each development reply as the rewrite checker read it before it was tuned on that reply: "
            "written by python -m tools.untouched_readings from the commit that added the reply's batch. "
            "Development replies only; the frozen test split is never read."
        ),
        "readings": dict(sorted(readings.items())),
    }


def file_text(content: dict[str, Any]) -> str:
    """JSON with one reading per line, so a change shows as a one-line diff."""
    lines = [f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in content["readings"].items()]
    return '{"about": ' + json.dumps(content["about"]) + ',\n"readings": {\n' + ",\n".join(lines) + "\n}}\n"


def load_untouched(file: Path, dev: Sequence[LabelledReply]) -> dict[str, dict[str, Any]]:
    """The stored readings by reply id, checked against the development replies they describe.

    Every development reply of batches 2 on must have exactly one reading, of its current text;
    a reading of any other reply (a test reply, an unknown id) is refused.
    """
    try:
        readings = json.loads(file.read_text(encoding="utf-8"))["readings"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UntouchedError(f"{file}: cannot be read ({exc}); run python -m tools.untouched_readings") from None
    wanted = {r.id: r for r in dev if r.batch in BATCH_COMMITS}
    extra = sorted(set(readings) - set(wanted))
    if extra:
        raise UntouchedError(
            f"{file}: readings of replies that are not development replies of batches 2 on: {extra[:5]}"
        )
    missing = sorted(set(wanted) - set(readings))
    if missing:
        raise UntouchedError(f"{file}: no reading for {missing[:5]}; run python -m tools.untouched_readings")
    stale = sorted(rid for rid, r in wanted.items() if readings[rid].get("text") != text_hash(r.text))
    if stale:
        raise UntouchedError(f"{file}: the reply text changed since it was read: {stale[:5]}")
    return readings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.untouched_readings",
        description="Read each development batch with the checker of the commit that added it (needs git history).",
    )
    parser.add_argument("--root", type=Path, default=None, help="course root (default: found from the current folder)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if the stored file differs")
    args = parser.parse_args(argv)
    from tic_course.scenario import ScenarioError
    from tools.rubric_agreement import load_rewrite_checkpoints

    layout = CourseLayout.at(args.root)
    try:
        scenarios = set(load_rewrite_checkpoints(layout.exercises))
        dev = [e for e in load_set(DEFAULT_SET, scenarios) if e.split == "dev"]
        text = file_text(untouched_readings(layout.root, dev))
    except ScenarioError as exc:
        print(exc.report(), file=sys.stderr)
        return 2
    except (LabelsError, UntouchedError) as exc:
        print(exc, file=sys.stderr)
        return 2
    return write_or_check(UNTOUCHED_FILE, text, args.check, "the commits", "python -m tools.untouched_readings")


if __name__ == "__main__":
    sys.exit(main())
