"""`make lighthouse`: Lighthouse 12 on the built course, one page of each kind, median of three runs.

A clinician opens the course on a phone, so this measures what Lighthouse measures by default:
mobile emulation (a mid-range phone on a slow 4G network, CPU slowed four times). The site is
served exactly as ``make serve`` serves it (``tic_course/book/serving.py``, pre-compressed files)
on a free local port, and Lighthouse drives Debian's Chromium (``CHROME_PATH``). Each page kind
is run three times; the median of each figure is printed, because single Lighthouse runs vary.

It is a benchmark, not a test: it prints figures and the goal (performance at least 90,
accessibility, best practices and SEO 100), and fails only if Lighthouse itself fails.

    python -m tools.lighthouse [--site _build/html] [--runs 3] [--reports DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from tic_course.book.serving import serving

PAGES = {
    "content": "book/chapters/clinician-associated-trauma.html",
    "scenario": "book/scenarios/years-of-dismissal.html",
    "notebook": "book/scenarios/years-of-dismissal-notebook.html",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GOAL = {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 100}
LIGHTHOUSE = Path(".cache/lighthouse/node_modules/lighthouse/cli/index.js")


def figures(report: dict) -> dict[str, float]:
    """The figures we print from one Lighthouse JSON report: scores 0-100, LCP in s, bytes in KB."""
    out = {}
    for name in CATEGORIES:
        score = report["categories"][name]["score"]
        if score is None:  # Lighthouse could not score it (e.g. the page failed to load)
            raise ValueError(f"{report.get('finalDisplayedUrl', '?')}: no {name} score")
        out[name] = round(score * 100)
    out["lcp_s"] = report["audits"]["largest-contentful-paint"]["numericValue"] / 1000
    out["kb"] = report["audits"]["total-byte-weight"]["numericValue"] / 1024
    return out


def medians(runs: list[dict[str, float]]) -> dict[str, float]:
    """The median of each figure over the runs (the middle run of three)."""
    if not runs:
        raise ValueError("no Lighthouse runs to summarise")
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def failing(summary: dict[str, float]) -> list[str]:
    """Which goals a page kind misses, as words for the printout."""
    return [f"{name} {summary[name]:.0f} < {goal}" for name, goal in GOAL.items() if summary[name] < goal]


def table(results: dict[str, dict[str, float]]) -> str:
    """The printed table: one row per page kind."""
    lines = [f"{'page':<10} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'LCP s':>7} {'KB':>8}  goal"]
    for kind, s in results.items():
        missed = failing(s)
        lines.append(
            f"{kind:<10} {s['performance']:>5.0f} {s['accessibility']:>5.0f} {s['best-practices']:>5.0f}"
            f" {s['seo']:>5.0f} {s['lcp_s']:>7.2f} {s['kb']:>8.0f}  {'met' if not missed else '; '.join(missed)}"
        )
    return "\n".join(lines)


def run_lighthouse(url: str, out: Path, chrome: str, lighthouse: Path) -> dict:
    """One Lighthouse run (mobile emulation, its default) with headless Chromium; its JSON report."""
    cmd = [
        "node", str(lighthouse), url, "--quiet", "--output=json", f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run",
    ]
    proc = subprocess.run(cmd, env={**os.environ, "CHROME_PATH": chrome}, capture_output=True, text=True)
    if proc.returncode or not out.exists():
        raise SystemExit(f"lighthouse failed on {url}:\n{proc.stderr.strip()[-2000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.lighthouse", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=Path("_build/html"), help="the built course")
    parser.add_argument("--runs", type=int, default=3, help="runs per page kind (the median is printed)")
    parser.add_argument("--reports", type=Path, help="keep every JSON report in this folder")
    parser.add_argument("--lighthouse", type=Path, default=LIGHTHOUSE, help="Lighthouse's cli/index.js")
    args = parser.parse_args(argv)
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chrome:
        raise SystemExit("Chromium is missing: install Debian's chromium (make browser) or set CHROME_PATH")
    if not args.lighthouse.exists():
        raise SystemExit(f"{args.lighthouse} is missing: run `make lighthouse`, which installs it with npm ci")
    if args.runs < 1:
        raise SystemExit("--runs must be at least 1")
    reports = args.reports or Path(tempfile.mkdtemp(prefix="lighthouse-"))
    reports.mkdir(parents=True, exist_ok=True)
    results = {}
    with serving(args.site) as base:
        for kind, path in PAGES.items():
            runs = []
            for i in range(1, args.runs + 1):
                print(f"[{kind} {i}/{args.runs}] {path}", file=sys.stderr)
                report = run_lighthouse(f"{base}/{path}", reports / f"{kind}-{i}.json", chrome, args.lighthouse)
                runs.append(figures(report))
            results[kind] = medians(runs)
    print(f"Lighthouse 12, mobile emulation, median of {args.runs} run(s); reports in {reports}")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
