# Set-up and test commands for idm. `make test` is what CI runs (via .ci/run).
.PHONY: venv install run superuser browser test screenshots lint messages clean

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

# Headless Chromium and its driver for the browser tests (tests/e2e) and screenshots;
# installed with apt (as root) only when missing.
browser:
	@command -v chromedriver >/dev/null || { \
	  echo "Installing chromium and chromium-driver..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }

# Whole suite on SQLite, then on a throwaway PostgreSQL 15 server; both always run.
# Any non-zero pytest exit fails, including 5 (no tests collected).
test: $(STAMP) browser
	@echo "== tests on SQLite =="; \
	env -u DATABASE_URL $(PY) -m pytest $(PYTEST_ARGS); sqlite=$$?; \
	echo "== tests on PostgreSQL 15 =="; \
	scripts/with-postgres $(PY) -m pytest $(PYTEST_ARGS); pg=$$?; \
	result() { case $$1 in 0) echo passed;; 5) echo "FAILED (no tests ran)";; *) echo "FAILED (exit $$1)";; esac; }; \
	echo "== backends run: SQLite $$(result $$sqlite), PostgreSQL 15 $$(result $$pg) =="; \
	[ $$sqlite -eq 0 ] && [ $$pg -eq 0 ]

# Full-page PNGs of the main pages at 360 and 1280 px into screenshots/ (own server, own DB).
screenshots: $(STAMP) browser
	$(PY) scripts/screenshots.py screenshots

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Collect the interface texts into locale/{fr,es}/LC_MESSAGES/django.po, then compile the .mo
# files (committed: CI may have no gettext). Needs GNU gettext (apt-get install gettext).
MESSAGES_IGNORE := --ignore=.venv --ignore=tests --ignore=scripts
messages: $(STAMP)
	$(MANAGE) makemessages -l fr -l es $(MESSAGES_IGNORE)
	$(MANAGE) compilemessages -l fr -l es --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
