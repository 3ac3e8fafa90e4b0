# make          build the editorial (creates .venv and installs the pinned packages first)
# make test     run the whole test suite
# make bench    time clean, no-op, prose-edit and data-edit builds
# make verify   rebuild from scratch in a temporary folder and compare with MANIFEST.sha256
# make manifest record the sha256 of every output after an intended change
# make lint     snakemake --lint and snakefmt --check
# make report   Snakemake's self-contained HTML report (build/report.html)
# make review   review a change: BASE=<rev> (default HEAD) against the working tree, in build/review/
# make clean    remove build/, logs/ and Snakemake's records (keeps .venv)

PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
INSTALLED := $(VENV)/.installed
# Scripts call `python`, as they do inside a conda environment.
RUN := PATH="$(BIN):$$PATH"

# The revision a review compares the working tree with.
BASE ?= HEAD

.PHONY: all test bench verify manifest lint report review lock clean

# On failure, empty build/ (even when the config stops Snakemake before any step, nothing
# stale may look current) and repeat the one-line errors of the failed steps last.
all: $(INSTALLED)
	@mkdir -p logs && touch logs/.started
	@$(RUN) snakemake || { status=$$?; rm -rf build; \
	  errors=$$(find logs -name '*.log' -newer logs/.started -exec grep -h '^error:' {} + | awk '!seen[$$0]++'); \
	  if [ -n "$$errors" ]; then printf '\nThe build stopped:\n%s\n' "$$errors" >&2; fi; exit $$status; }

$(INSTALLED): requirements.lock
	@$(PYTHON) -m venv $(VENV) || { echo "error: '$(PYTHON) -m venv' failed; on Debian install python3-venv (apt-get install python3-venv)" >&2; exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

test: $(INSTALLED)
	$(RUN) python -m pytest

bench: $(INSTALLED)
	$(RUN) python scripts/benchmark.py

verify: $(INSTALLED)
	$(RUN) python scripts/verify.py

manifest: $(INSTALLED)
	$(RUN) python scripts/verify.py --update

lint: $(INSTALLED)
	$(RUN) snakemake --lint
	$(RUN) snakefmt --check Snakefile

report: all
	$(RUN) snakemake --report build/report.html

# Builds the working tree first; BASE is built in a temporary git worktree (scripts/review.py).
review: all
	$(RUN) python scripts/review.py --base "$(BASE)"

lock:
	$(BIN)/python -m pip install --quiet -r requirements.in
	{ echo "# Exact versions of every Python package, from requirements.in (make lock)."; \
	  $(BIN)/python -m pip freeze --exclude-editable | grep -v '^pip=='; } > requirements.lock

clean:
	rm -rf build logs .snakemake/metadata .snakemake/log
