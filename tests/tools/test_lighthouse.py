"""`make lighthouse` (tools/lighthouse.py): figures read from Lighthouse reports, medians, the printed table."""

from __future__ import annotations

import pytest

from tools.lighthouse import GOAL, PAGES, failing, figures, main, medians, table


def report(perf, a11y=1.0, best=1.0, seo=1.0, lcp_ms=2500.0, total_bytes=300 * 1024) -> dict:
    return {
        "finalDisplayedUrl": "http://127.0.0.1/x.html",
        "categories": {
            "performance": {"score": perf},
            "accessibility": {"score": a11y},
            "best-practices": {"score": best},
            "seo": {"score": seo},
        },
        "audits": {
            "largest-contentful-paint": {"numericValue": lcp_ms},
            "total-byte-weight": {"numericValue": total_bytes},
        },
    }


def test_figures_are_read_as_percent_seconds_and_kilobytes():
    assert figures(report(0.914, 0.96, 1.0, 0.9, 3150.0, 295 * 1024)) == {
        "performance": 91, "accessibility": 96, "best-practices": 100, "seo": 90, "lcp_s": 3.15, "kb": 295.0,
    }


def test_a_report_without_a_score_is_refused_with_the_page():
    with pytest.raises(ValueError, match=r"http://127.0.0.1/x.html: no performance score"):
        figures(report(None))


def test_median_of_three_runs_takes_the_middle_of_each_figure():
    runs = [figures(report(p, lcp_ms=lcp)) for p, lcp in ((0.80, 4000.0), (0.95, 2000.0), (0.90, 3000.0))]
    m = medians(runs)
    assert m["performance"] == 90 and m["lcp_s"] == 3.0
    with pytest.raises(ValueError, match="no Lighthouse runs"):
        medians([])


def test_goals_and_table():
    good = figures(report(0.93))
    bad = figures(report(0.48, 1.0, 0.96, 0.9, 15_000.0, 2_500 * 1024))
    assert failing(good) == []
    assert failing(bad) == ["performance 48 < 90", "best-practices 96 < 100", "seo 90 < 100"]
    lines = table({"content": good, "notebook": bad}).splitlines()
    assert lines[0].split() == ["page", "perf", "a11y", "best", "seo", "LCP", "s", "KB", "goal"]
    assert lines[1].split() == ["content", "93", "100", "100", "100", "2.50", "300", "met"]
    assert lines[2].startswith("notebook")
    assert lines[2].endswith("performance 48 < 90; best-practices 96 < 100; seo 90 < 100")
    assert set(GOAL) == {"performance", "accessibility", "best-practices", "seo"}
    assert set(PAGES) == {"content", "scenario", "notebook"}


def test_missing_lighthouse_or_bad_runs_are_explained(tmp_path, monkeypatch):
    monkeypatch.setenv("CHROME_PATH", "/usr/bin/true")
    with pytest.raises(SystemExit, match="is missing: run `make lighthouse`"):
        main(["--lighthouse", str(tmp_path / "nope.js")])
    (tmp_path / "index.js").write_text("", encoding="utf-8")
    with pytest.raises(SystemExit, match="--runs must be at least 1"):
        main(["--lighthouse", str(tmp_path / "index.js"), "--runs", "0"])
