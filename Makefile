# Two commands on a fresh clone: `make build` and `make test`. Both set up .venv themselves
# from the pinned versions in constraints.txt; nothing needs installing by hand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# Debian tools the PDF tests use (qpdf --check, pdftoppm for the README images).
SYSTOOLS := qpdf pdftoppm

.PHONY: all build test quiz bench images lock venv systools clean expected mutation

all: build

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "quizgen needs Python >= 3.11 (found: $$($(PYTHON) --version))"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	@touch $(STAMP)

venv: $(STAMP)

# Installs missing Debian tools when we are root with apt-get (CI, fresh machines); otherwise says what to install.
systools:
	@missing=""; for t in $(SYSTOOLS); do command -v $$t >/dev/null 2>&1 || missing="$$missing $$t"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing qpdf and poppler-utils (missing:$$missing)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qpdf poppler-utils >/dev/null; \
	  else echo "please install:$$missing (Debian: apt-get install qpdf poppler-utils)"; exit 1; fi; \
	fi

build: $(STAMP)
	$(BIN)/quizgen schema --out facts/schema.json
	$(BIN)/quizgen build --out dist

test: $(STAMP) systools
	$(BIN)/python -m pytest

# Rewrite the saved expected outputs (tests/expected/) after an intended writer change; review the diff.
expected: $(STAMP)
	$(BIN)/python tests/expected_files.py

# Page images for the README: page 1 of worksheet A and the study guide's timeline page.
images: build systools
	@mkdir -p docs/images
	pdftoppm -png -r 80 -singlefile -f 1 -l 1 dist/worksheet-A.pdf docs/images/worksheet-A
	pdftoppm -png -r 80 -singlefile -f 1 -l 1 dist/study-guide.pdf docs/images/study-guide-timeline

quiz: $(STAMP)
	$(BIN)/quizgen quiz

# The benchmark table (several minutes): printed, and kept in docs/benchmarks.md (+ .json).
bench: $(STAMP)
	$(BIN)/python -m tests.bench --json docs/benchmarks.json --markdown docs/benchmarks.md

# Mutation testing of the core (answer checking, reply parsing, escaping for each output,
# progress, atomic output) with mutmut: 10 to 20 minutes on 2 cores, not part of `make test`.
# Prints the kill rate; the survivors and why they are equivalent are in docs/mutation.md.
mutation: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,mutation]'
	rm -rf mutants
	$(BIN)/python tests/mutation.py

# Re-resolve the newest versions and pin them.
lock:
	rm -rf .lockvenv && $(PYTHON) -m venv .lockvenv && .lockvenv/bin/pip install --quiet -e '.[test,mutation]'
	{ echo "# Pinned versions for the .venv that 'make' builds (runtime + test), and for \`make mutation\`"; \
	  echo "# (mutmut and what it needs, installed by that target only). Refresh with 'make lock'."; \
	  .lockvenv/bin/pip freeze --exclude-editable; } > constraints.txt
	rm -rf .lockvenv

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build mutants
