# Trauma-informed care course. Quickstart: `make book`, then `make test`.
# Every target creates the virtual environment it needs from requirements.txt.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HTML   := _build/html

.PHONY: help venv book notebooks assets test browser lint serve lighthouse clean lock demo bench workshop scorm

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): requirements.txt pyproject.toml
	@echo "==> creating $(VENV) from requirements.txt"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

venv: $(STAMP)  ## create the virtual environment

notebooks: $(STAMP)  ## validate scenarios, build nbgrader source notebooks, release student versions
	$(BIN)/tic-course release

assets: $(STAMP)  ## fetch pinned browser libraries into book/_vendor (no CDN at run time)
	$(BIN)/tic-course assets

book: notebooks assets  ## build the whole course into _build/html (warnings are errors)
	$(BIN)/jupyter-book build . --warningiserror --nitpick --keep-going
	@echo "==> The course is built. Open $(CURDIR)/$(HTML)/index.html, or run: make serve"

serve: ## serve the built course, compressed, on http://127.0.0.1:8000
	@test -f $(HTML)/index.html || $(MAKE) book
	$(BIN)/python -m tic_course.book.serving --port 8000 --bind 127.0.0.1 $(HTML)

LIGHTHOUSE := .cache/lighthouse

# Lighthouse 12 at the version locked in tools/lighthouse/package-lock.json, installed with `npm ci`.
$(LIGHTHOUSE)/.installed: tools/lighthouse/package.json tools/lighthouse/package-lock.json
	@mkdir -p $(LIGHTHOUSE)
	cp tools/lighthouse/package.json tools/lighthouse/package-lock.json $(LIGHTHOUSE)/
	cd $(LIGHTHOUSE) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

lighthouse: book browser $(LIGHTHOUSE)/.installed  ## Lighthouse 12 (mobile) on a content, scenario and notebook page: median of 3 runs
	CHROME_PATH=$$(command -v chromium) $(BIN)/python -m tools.lighthouse --site $(HTML) --runs 3

browser:  ## install Debian's chromium for the browser tests (as root), if it is missing
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "==> installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "==> chromium is missing and cannot be installed here: browser tests will be skipped"; fi; }

test: book browser  ## run every test (builds the course and installs what the tests need first)
	$(BIN)/tic-course assets --with-test-tools --dest .cache/test-tools > /dev/null
	$(BIN)/python -m pytest

DEMO := _build/demo
DEMO_LEARNERS ?= 200

demo: notebooks  ## grade a synthetic 200-learner cohort (DEMO_LEARNERS=N for another size) end to end and print where the report is
	rm -rf $(DEMO)/course && mkdir -p $(DEMO)/course && cp grading/nbgrader_config.py $(DEMO)/course/
	$(BIN)/tic-course build --release --no-book --course $(DEMO)/course
	@# The demo cohort's due date, so that nbgrader marks late submissions late.
	cd $(DEMO)/course && for a in $$(ls release); do \
	  PATH=$(CURDIR)/$(BIN):$$PATH nbgrader db assignment add $$a --duedate="2026-03-16 17:00:00 UTC" --log-level=ERROR; done
	$(BIN)/python -m tools.demo_cohort --course $(DEMO)/course --out $(DEMO)/lms-download.zip \
	  --learners $(DEMO_LEARNERS) --roster $(DEMO)/roster.csv --class-list $(DEMO)/class-list.csv --absent 12
	@# Exit status 2 means "finished, with the deliberately malformed files listed": expected here.
	$(BIN)/tic-course grade $(DEMO)/lms-download.zip --course $(DEMO)/course --report-dir $(DEMO)/reports \
	  --learner-map $(DEMO)/roster.csv --roster $(DEMO)/class-list.csv; \
	  status=$$?; [ $$status -eq 0 ] || [ $$status -eq 2 ]
	@echo "==> Demo report: $(CURDIR)/$(DEMO)/reports/report/report.html"
	@echo "==> Training record and non-submitters: $(CURDIR)/$(DEMO)/reports/records/"

bench: notebooks browser  ## test-wise learners vs chance, rewrite-checker agreement (dev and frozen test set), grading speed vs plain nbgrader, notebook start in JupyterLab
	$(BIN)/python -m tools.testwise
	$(BIN)/python -m tools.rubric_agreement
	$(BIN)/python -m tools.bench_grading
	$(BIN)/python -m tools.bench_notebook_start

workshop: $(STAMP)  ## print-ready kits for the example workshops in workshops/ -> _build/workshops/
	@for f in workshops/*.yml; do echo "==> $$f"; $(BIN)/tic-course workshop build $$f || exit 1; done

scorm: book  ## SCORM 1.2 and 2004 zips of each module and the whole course -> _build/scorm/
	$(BIN)/tic-course scorm build --out _build/scorm

lint: $(STAMP)  ## ruff
	$(BIN)/ruff check tic_course tests grading tools

clean:  ## remove everything generated
	rm -rf _build book/scenarios book/_vendor grading/source grading/release

lock: $(STAMP)  ## re-pin requirements.txt from the current environment
	grep '^#' requirements.txt > requirements.lock.tmp
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^tic-course' >> requirements.lock.tmp
	mv requirements.lock.tmp requirements.txt
