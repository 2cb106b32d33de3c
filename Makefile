# Set-up and test commands for idm. `make test` is what CI runs (via .ci/run).
.PHONY: venv install run superuser test lint clean

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
SEED_FIXTURES := idm_2007
PYTEST_ARGS ?=

venv install: $(STAMP)

# Re-installs only when requirements.txt is newer than the stamp.
$(STAMP): requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# Safe to repeat: migrate is a no-op when up to date, loaddata updates the seeded rows in place.
run: $(STAMP)
	$(MANAGE) migrate
	$(MANAGE) loaddata $(SEED_FIXTURES)
	$(MANAGE) runserver 127.0.0.1:8000

superuser: $(STAMP)
	$(MANAGE) createsuperuser

# Whole suite on SQLite, then on a throwaway PostgreSQL 15 server; both always run.
# Any non-zero pytest exit fails, including 5 (no tests collected).
test: $(STAMP)
	@echo "== tests on SQLite =="; \
	env -u DATABASE_URL $(PY) -m pytest $(PYTEST_ARGS); sqlite=$$?; \
	echo "== tests on PostgreSQL 15 =="; \
	scripts/with-postgres $(PY) -m pytest $(PYTEST_ARGS); pg=$$?; \
	result() { case $$1 in 0) echo passed;; 5) echo "FAILED (no tests ran)";; *) echo "FAILED (exit $$1)";; esac; }; \
	echo "== backends run: SQLite $$(result $$sqlite), PostgreSQL 15 $$(result $$pg) =="; \
	[ $$sqlite -eq 0 ] && [ $$pg -eq 0 ]

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
