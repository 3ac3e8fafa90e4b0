# make            build the editorial (creates .venv and installs the pinned packages first)
# make test       run the whole test suite (both cores)
# make test-fast  the inner loop: every test that runs no whole workflow (about two minutes)
# make bench      time clean, no-op, prose-edit and data-edit builds; fails on a missed target
# make verify     rebuild from scratch in a temporary folder and compare with MANIFEST.sha256
# make manifest   record the sha256 of every output after an intended change
# make lint       snakemake --lint and snakefmt --check
# make report     Snakemake's self-contained HTML report (build/report.html)
# make review    review a change: BASE=<rev> (default HEAD) against the working tree, in build/review/
# make clean      remove build/, logs/ and Snakemake's records (keeps .venv)
# make picture    the README's picture of a number and its tooltip, taken from the build in Chromium

PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
INSTALLED := $(VENV)/.installed
# uv installs the lock several times faster than pip; pip is the fallback wherever uv fails.
UV_VERSION := 0.13.9
# Tests that run a whole workflow are marked `workflow` (pytest.ini); test-fast leaves them out.
# loadgroup: tests marked xdist_group share one worker, and so its expensive module fixture.
PYTEST := $(BIN)/python -m pytest -n 2 --dist loadgroup

# The revision a review compares the working tree with.
BASE ?= HEAD

.PHONY: all test test-fast bench verify manifest lint report review lock clean picture

all: $(INSTALLED)
	@$(BIN)/python scripts/run_workflow.py

$(INSTALLED): requirements.lock
	@echo "Installing the pinned packages into $(VENV) (once)..."
	@$(PYTHON) -m venv $(VENV) || { echo "error: '$(PYTHON) -m venv' failed; on Debian install python3-venv (apt-get install python3-venv)" >&2; exit 1; }
	@{ $(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION) \
	   && $(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock; } \
	 || { echo "uv could not install; installing with pip instead"; \
	      $(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock; }
	@touch $@

test: $(INSTALLED)
	$(PYTEST)

test-fast: $(INSTALLED)
	$(PYTEST) -m "not workflow"

bench: $(INSTALLED)
	$(BIN)/python scripts/benchmark.py

verify: $(INSTALLED)
	$(BIN)/python scripts/verify.py

manifest: $(INSTALLED)
	$(BIN)/python scripts/verify.py --update

lint: $(INSTALLED)
	$(BIN)/snakemake --lint
	$(BIN)/snakefmt --check Snakefile

report: all
	$(BIN)/snakemake --report build/report.html

# Builds the working tree first; BASE is built in a temporary git worktree (scripts/review.py).
review: all
	$(BIN)/python scripts/review.py --base "$(BASE)"

lock:
	$(BIN)/python -m pip install --quiet -r requirements.in
	{ echo "# Exact versions of every Python package, from requirements.in (make lock)."; \
	  $(BIN)/python -m pip freeze --exclude-editable | grep -v '^pip==\|^uv=='; } > requirements.lock

picture: all
	$(BIN)/python scripts/readme_picture.py build/editorial.html docs/provenance-tooltip.png

clean:
	rm -rf build logs .snakemake/metadata .snakemake/log
