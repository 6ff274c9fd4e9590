# `make demo`, `make test` and `make test-fast` do all set-up from a fresh clone.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip -q --disable-pip-version-check
export HF_HUB_OFFLINE := 1

.PHONY: demo test test-fast install install-test install-test-fast bench eval clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install -c constraints.txt -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install -c constraints.txt -e '.[test,neural,dask]'
	@touch $(VENV)/.installed $(VENV)/.installed-test-fast $@

# test-fast needs only the test extra (no torch, no Dask).
$(VENV)/.installed-test-fast: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install -c constraints.txt -e '.[test]'
	@touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test
install-test-fast: $(VENV)/.installed-test-fast

demo: install
	@echo "== mtfix check (what is wrong, and which rule says so) =="
	-@$(BIN)/mtfix check --mode article examples/article.txt
	@echo
	@echo "== mtfix fix --diff (the repair) =="
	@$(BIN)/mtfix fix --mode article --diff examples/article.txt
	@echo
	@mkdir -p examples/out
	@$(BIN)/mtfix fix --mode article examples/article.txt -o examples/out/article.txt
	@echo "(repaired article written to examples/out/article.txt)"
	@echo
	@echo "== scores: 200 real GNMT lines before/after repair, against the human reference =="
	@$(BIN)/mtfix fix -q examples/dev-sample.gnmt.id -o examples/out/dev-sample.fixed.id
	@$(BIN)/mtfix score examples/out/dev-sample.fixed.id --ref examples/dev-sample.ref.id --baseline examples/dev-sample.gnmt.id
	@echo
	@echo "== the same with the orthography family off (--ignore OR) =="
	@echo "   (the human reference itself writes anda, karir, sepakbola: a correct OR fix can cost BLEU)"
	@$(BIN)/mtfix fix -q --ignore OR examples/dev-sample.gnmt.id -o examples/out/dev-sample.fixed-no-or.id
	@$(BIN)/mtfix score examples/out/dev-sample.fixed-no-or.id --ref examples/dev-sample.ref.id --baseline examples/dev-sample.gnmt.id | head -4
	@echo
	@echo "== a PO file: msgid feeds the bilingual checks; only msgstr is repaired =="
	-@$(BIN)/mtfix check examples/news.po --fail-on never
	@$(BIN)/mtfix fix --diff examples/news.po

# The whole suite: every marker (slow, neural, dask, browser) included. The ten slowest tests
# are listed at the end (CI's log shows where its time went); pytest-timeout fails a test that
# runs past 600 s (pyproject.toml) rather than letting it use up CI's 90 minutes.
test: install-test
	MTFIX_FUZZ_EXAMPLES=5000 $(BIN)/python -m pytest -q --durations=10

# The inner loop: everything but the slow, neural, Dask and browser tests (2-2.5 min on 2 cores: 1,560 tests).
test-fast: install-test-fast
	$(BIN)/python -m pytest -q -m "not slow and not neural and not dask and not browser"

bench: install-test
	$(BIN)/python bench/bench_fix.py ../shared/data/id-en-newsted-dev

eval: install
	$(BIN)/python eval/run_dev.py ../shared/data/id-en-newsted-dev

clean:
	rm -rf $(VENV) examples/out .pytest_cache
