# Trauma-informed care course. Quickstart: `make book`, then `make test`.
# Every target creates the virtual environment it needs from requirements.txt.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HTML   := _build/html

.PHONY: help venv book notebooks assets test browser lint serve clean lock

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
	$(BIN)/tic-course build --release

assets: $(STAMP)  ## fetch pinned browser libraries into book/_vendor (no CDN at run time)
	$(BIN)/python -m tic_course.book.offline_assets

book: notebooks assets  ## build the whole course into _build/html (warnings are errors)
	$(BIN)/jupyter-book build . --warningiserror --nitpick --keep-going
	@echo "==> The course is built. Open $(CURDIR)/$(HTML)/index.html, or run: make serve"

serve: ## serve the built course on http://127.0.0.1:8000
	@test -f $(HTML)/index.html || $(MAKE) book
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory $(HTML)

browser:  ## install Debian's chromium for the browser tests (as root), if it is missing
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "==> installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "==> chromium is missing and cannot be installed here: browser tests will be skipped"; fi; }

test: book browser  ## run every test (builds the course and installs what the tests need first)
	$(BIN)/python -m tic_course.book.offline_assets --with-test-tools --dest .cache/test-tools > /dev/null
	$(BIN)/python -m pytest

lint: $(STAMP)  ## ruff
	$(BIN)/ruff check tic_course tests grading

clean:  ## remove everything generated
	rm -rf _build book/scenarios book/_vendor grading/source grading/release

lock: $(STAMP)  ## re-pin requirements.txt from the current environment
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^tic-course' > requirements.lock.tmp
	mv requirements.lock.tmp requirements.txt
