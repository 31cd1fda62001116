# Two commands on a fresh clone: `make build` and `make test`. Both set up .venv themselves
# from the pinned versions in constraints.txt; nothing needs installing by hand. `make build`
# installs only what quizgen runs on; `make test` adds the test tools (real Anki, pypdf, ...).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.runtime-stamp
TESTSTAMP := $(VENV)/.test-stamp
PIP    := $(BIN)/python -m pip install --disable-pip-version-check -c constraints.txt
# The test extra of pyproject.toml, installed on its own so quizgen is not built twice.
TESTDEPS := $(BIN)/python -c "import tomllib; print(*tomllib.load(open('pyproject.toml', 'rb'))['project']['optional-dependencies']['test'])"
# Parallel test workers (pytest-xdist), one a core; PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= auto
# Debian tools the PDF tests use (qpdf --check, pdftoppm for the README images).
SYSTOOLS := qpdf pdftoppm

.PHONY: all build test lint check quiz bench images lock venv systools clean expected mutation

all: build

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "quizgen needs Python >= 3.11 (found: $$($(PYTHON) --version))"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "== setting up $(VENV): quizgen and what it runs on (click, genanki, reportlab, PyYAML, fsrs, platformdirs)"
	$(PIP) -e .
	@touch $(STAMP)

$(TESTSTAMP): $(STAMP)
	@echo "== adding the test tools to $(VENV): $$($(TESTDEPS))"
	$(PIP) $$($(TESTDEPS))
	@touch $(TESTSTAMP)

venv: $(TESTSTAMP)

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

# Types and lint (mypy --strict, ruff check and ruff format --check; settings in pyproject.toml),
# then the whole suite, in parallel. CI runs this: a finding of either tool fails it.
test: $(TESTSTAMP) systools lint
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS)

lint: $(TESTSTAMP)
	$(BIN)/ruff check quizgen tests
	$(BIN)/ruff format --check quizgen tests
	$(BIN)/mypy

# The quick inner loop (well under a minute): types and lint, then every test not marked slow.
check: lint
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -q -m "not slow"

# Rewrite the saved expected outputs (tests/expected/, the README's sample sessions) after an
# intended change; review the diff.
expected: $(STAMP)
	$(BIN)/python -m tests.expected_files
	$(BIN)/python -m tests.readme_sessions

# Page images for the README: page 1 of worksheet A, the study guide's timeline page, and a
# synthetic class graded: one marked answer sheet and page 1 of the class report.
images: build systools
	@mkdir -p docs/images
	pdftoppm -png -r 80 -singlefile -f 1 -l 1 dist/worksheet-A.pdf docs/images/worksheet-A
	pdftoppm -png -r 80 -singlefile -f 1 -l 1 dist/study-guide.pdf docs/images/study-guide-timeline
	$(BIN)/python -m tests.demo_class images

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
	$(BIN)/python -m tests.mutation

# Re-resolve the newest versions and pin them.
lock:
	rm -rf .lockvenv && $(PYTHON) -m venv .lockvenv && .lockvenv/bin/pip install --quiet -e '.[test,mutation]'
	{ echo "# Pinned versions for the .venv that 'make' builds (runtime + test), and for \`make mutation\`"; \
	  echo "# (mutmut and what it needs, installed by that target only). Refresh with 'make lock'."; \
	  .lockvenv/bin/pip freeze --exclude-editable; } > constraints.txt
	rm -rf .lockvenv

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build mutants
