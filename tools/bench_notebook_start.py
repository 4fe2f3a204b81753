"""How long a learner waits for the practice conversation after opening a notebook in JupyterLab.

``python -m tools.bench_notebook_start [--runs 3] [--with-nbgrader]`` (part of ``make bench``).

It releases the test fixture scenario with nbgrader, serves it from a throwaway JupyterLab
(:mod:`tools.lab_session`: a learner's setup, without nbgrader's educator extensions unless
``--with-nbgrader``), opens it in Debian's Chromium at 1280x800 and, as soon as the kernel is
ready, runs every cell, as a learner who presses Run All at once would. Each run starts a cold
kernel. It prints, per run and as the median of the runs, the seconds from opening the page to:

* ``app``: JupyterLab showing the notebook's cells;
* ``kernel``: the kernel ready (JupyterLab starts it only once the notebook has loaded);
* ``first widget``: the practice conversation's first reply button rendered.

Two ways of opening are timed. **Cold**: the learner follows a link straight to the notebook, so
the time includes JupyterLab itself loading in a new tab (most of it: JupyterLab's own scripts).
**Warm**: JupyterLab is already open and the learner opens the notebook from the file browser
(``docmanager:open``, what a double-click runs), each run a fresh copy of the notebook with a
cold kernel. The issue's "after opening a notebook" is the warm case; the cold one is printed too
because it is what a learner who clicks a link from the course waits.

The goal is ``first widget`` at most 3 s. Figures depend on the machine and on what else runs.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tools.lab_session import SCENARIO_ID, jupyter_lab, release_fixture

ROOT = Path.cwd()
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
# The notebook widget with this path among JupyterLab's open documents (not "the current widget",
# which follows focus).
_PANEL = "p => [...window.jupyterapp.shell.widgets('main')].find(w => w.context && w.context.path === p)"
# Resolves once that notebook's kernel has answered (JupyterLab starts it only after the notebook loads).
KERNEL_READY = (
    f"async p => {{ const w = ({_PANEL})(p); await w.context.ready; await w.sessionContext.ready;"
    " await w.sessionContext.session.kernel.info; }"
)


def one_run(browser, lab) -> dict[str, float]:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    start = time.monotonic()
    page.goto(lab.notebook_url(f"{SCENARIO_ID}.ipynb"))
    page.wait_for_function("window.jupyterapp && window.jupyterapp.shell.currentWidget", timeout=120_000)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    app = time.monotonic() - start
    page.evaluate(KERNEL_READY, f"{SCENARIO_ID}.ipynb")
    kernel = time.monotonic() - start
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    page.wait_for_selector(".tic-conversation button.tic-reply", timeout=120_000)
    widget = time.monotonic() - start
    page.close()
    lab.stop_kernels()
    return {"app": app, "kernel": kernel, "first widget": widget}


def warm_run(page, lab, work: Path, released: Path, number: int) -> dict[str, float]:
    """Open a fresh copy of the notebook in the already-loaded JupyterLab page, as a double-click would."""
    name = f"warm-{number}.ipynb"
    shutil.copy(released, work / name)
    start = time.monotonic()
    # Returns nothing: handing the opened widget back to Python would try to copy the whole object graph.
    page.evaluate("p => { window.jupyterapp.commands.execute('docmanager:open', {path: p}); }", name)
    page.wait_for_function(
        f"p => {{ const w = ({_PANEL})(p); return !!(w && w.node.querySelector('.jp-Notebook .jp-Cell')); }}",
        arg=name,
        timeout=120_000,
    )
    app = time.monotonic() - start
    page.evaluate(KERNEL_READY, name)
    kernel = time.monotonic() - start
    page.evaluate(
        f"p => {{ const w = ({_PANEL})(p); window.jupyterapp.shell.activateById(w.id);"
        " window.jupyterapp.commands.execute('notebook:run-all-cells'); }",
        name,
    )
    page.wait_for_selector(".tic-conversation button.tic-reply", timeout=120_000)
    widget = time.monotonic() - start
    # Saved first, so closing asks nothing (a changed notebook would open a "save changes?" dialog).
    page.evaluate(f"async p => {{ const w = ({_PANEL})(p); await w.context.save(); w.close(); }}", name)
    page.wait_for_selector(".tic-conversation", state="detached", timeout=60_000)
    lab.stop_kernels()
    return {"app": app, "kernel": kernel, "first widget": widget}


def _medians(runs: list[dict[str, float]]) -> dict[str, float]:
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--with-nbgrader", action="store_true", help="keep nbgrader's educator extensions on")
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("bench_notebook_start: Debian's chromium is not installed; nothing measured", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="tic-bench-start-") as tmp:
        released = release_fixture(ROOT, Path(tmp) / "course")
        work = Path(tmp) / "work"
        work.mkdir()
        shutil.copy(released, work / f"{SCENARIO_ID}.ipynb")
        runs: list[dict[str, float]] = []
        warm: list[dict[str, float]] = []
        with jupyter_lab(work, ROOT, learner=not args.with_nbgrader) as lab, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            for number in range(1, args.runs + 1):
                run = one_run(browser, lab)
                runs.append(run)
                print(f"cold run {number}: " + ", ".join(f"{k} {v:.2f} s" for k, v in run.items()), flush=True)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(f"{lab.url}/lab?token={lab.token}")
            page.wait_for_function("window.jupyterapp && window.jupyterapp.shell", timeout=120_000)
            page.wait_for_selector(".jp-DirListing-item", timeout=120_000)
            page.evaluate("() => window.jupyterapp.commands.execute('application:close-all')")
            for number in range(1, args.runs + 1):
                run = warm_run(page, lab, work, released, number)
                warm.append(run)
                print(f"warm run {number}: " + ", ".join(f"{k} {v:.2f} s" for k, v in run.items()), flush=True)
            browser.close()
    setup = "with nbgrader's extensions" if args.with_nbgrader else "as a learner (no nbgrader extensions)"
    for how, figures in (
        ("cold (link to the notebook, JupyterLab loads in a new tab)", runs),
        ("warm (opened from JupyterLab's file browser)", warm),
    ):
        medians = _medians(figures)
        print(
            f"notebook start in JupyterLab, {setup}, {how}, median of {len(figures)}: "
            + ", ".join(f"{k} {v:.2f} s" for k, v in medians.items())
            + f" (goal: first widget <= 3 s: {'met' if medians['first widget'] <= 3 else 'NOT met'})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
