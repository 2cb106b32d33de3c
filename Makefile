# Set-up and test commands for idm. `make test` is what CI runs (via .ci/run).
.PHONY: venv install run serve superuser browser proxy-and-cache test topology screenshots lint \
	audit messages clean bench

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

# Local work is in debug mode: the settings' default is production's, debug off (the tests set
# it in pyproject.toml).
run superuser messages: export DJANGO_DEBUG = 1

# Safe to repeat: migrate is a no-op when up to date, load_fixtures updates the seeded rows in place.
# Where `make run` serves: `make run ADDRESS=127.0.0.1:8001` when 8000 is taken (`make serve`:
# GUNICORN_BIND=127.0.0.1:8001).
ADDRESS ?= 127.0.0.1:8000

run: $(STAMP)
	$(MANAGE) migrate
	$(MANAGE) load_fixtures $(SEED_FIXTURES)
	$(MANAGE) runserver $(ADDRESS)

# The same, production-like: debug off, static files collected (hashed names, gzip copies) and
# served by WhiteNoise, Gunicorn with gunicorn.conf.py on 127.0.0.1:8000, JSON logs on stdout.
# Plain HTTP, so no redirect to HTTPS; a throwaway secret key unless DJANGO_SECRET_KEY is set.
serve: export DJANGO_DEBUG = 0
serve: export DJANGO_SECURE_SSL_REDIRECT = 0
serve: export DJANGO_SECRET_KEY ?= $(shell python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
serve: $(STAMP)
	$(MANAGE) migrate
	$(MANAGE) load_fixtures $(SEED_FIXTURES)
	$(MANAGE) collectstatic --noinput
	$(VENV)/bin/gunicorn

superuser: $(STAMP)
	$(MANAGE) createsuperuser

# Headless Chromium and its driver for the browser tests (tests/e2e) and screenshots;
# installed with apt (as root) only when missing.
browser:
	@command -v chromedriver >/dev/null || { \
	  echo "Installing chromium and chromium-driver..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }

# nginx and Redis from Debian for the production topology (make topology, make bench);
# installed with apt (as root) only when missing.
proxy-and-cache:
	@test -x /usr/sbin/nginx && command -v redis-server >/dev/null || { \
	  echo "Installing nginx and redis-server..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx redis-server >/dev/null; }

# Whole suite on SQLite and on a throwaway PostgreSQL 15 server; both always run. Side by side
# (each run waits on the browser and the database much of the time): each one's output is
# shown when both have ended. TEST_SIDE_BY_SIDE=0: one after the other, output as it comes.
# What runs the same code on both runs on one (TESTS_ONCE=1): the tests that use no database on
# SQLite, each browser walk on one of the two (tests/e2e/conftest.py); TESTS_ONCE=0: all on both.
# Any non-zero pytest exit fails, including 5 (no tests collected). The last line gives the
# wall time, which later changes should keep within (README: Two commands).
TEST_SIDE_BY_SIDE ?= 1
TESTS_ONCE ?= 1

test: export TESTS_ONCE := $(TESTS_ONCE)
test: $(STAMP) browser
	@start=$$(date +%s); \
	if [ "$(TEST_SIDE_BY_SIDE)" = 1 ]; then \
	  logs=$$(mktemp -d); trap 'rm -rf "$$logs"' EXIT; \
	  echo "== tests on SQLite and on PostgreSQL 15, side by side =="; \
	  env -u DATABASE_URL $(PY) -m pytest $(PYTEST_ARGS) >"$$logs/sqlite" 2>&1 & sqlite_run=$$!; \
	  trap 'kill $$sqlite_run 2>/dev/null; exit 130' INT TERM; \
	  scripts/with-postgres $(PY) -m pytest $(PYTEST_ARGS) >"$$logs/pg" 2>&1; pg=$$?; \
	  wait $$sqlite_run; sqlite=$$?; \
	  echo "== tests on SQLite =="; cat "$$logs/sqlite"; \
	  echo "== tests on PostgreSQL 15 =="; cat "$$logs/pg"; \
	else \
	  echo "== tests on SQLite =="; \
	  env -u DATABASE_URL $(PY) -m pytest $(PYTEST_ARGS); sqlite=$$?; \
	  echo "== tests on PostgreSQL 15 =="; \
	  scripts/with-postgres $(PY) -m pytest $(PYTEST_ARGS); pg=$$?; \
	fi; \
	result() { case $$1 in 0) echo passed;; 5) echo "FAILED (no tests ran)";; *) echo "FAILED (exit $$1)";; esac; }; \
	echo "== backends run: SQLite $$(result $$sqlite), PostgreSQL 15 $$(result $$pg) =="; \
	echo "== make test: $$(( $$(date +%s) - start )) s =="; \
	[ $$sqlite -eq 0 ] && [ $$pg -eq 0 ]

# The production set-up run for real on 127.0.0.1 (README: Deployment): nginx with
# deploy/nginx/idm.conf, two Gunicorn app servers, a throwaway PostgreSQL 15 and Redis
# (scripts/topology.py, tests/test_topology.py), and one app server alone as `make serve` starts
# it (tests/test_deploy.py). A step of its own: .ci/run runs it after make test.
topology: $(STAMP) proxy-and-cache
	scripts/with-postgres $(PY) -m pytest -m topology tests/test_topology.py tests/test_deploy.py $(PYTEST_ARGS)

# Load test (README: Performance): `generate_data` at full size in a throwaway PostgreSQL 15,
# then in SQLite, served by gunicorn and driven by wrk (installed with apt when missing), and on
# PostgreSQL a soak through nginx (make proxy-and-cache); results in bench/results-<backend>.md.
# BENCH_QUICK=1: small data and short runs (-quick.md).
bench: $(STAMP) proxy-and-cache
	@command -v wrk >/dev/null || { \
	  echo "Installing wrk..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	scripts/with-postgres $(PY) scripts/bench.py $(if $(BENCH_QUICK),--quick)
	env -u DATABASE_URL $(PY) scripts/bench.py $(if $(BENCH_QUICK),--quick)

# Full-page PNGs of the main pages at 360 and 1280 px into screenshots/ (own server, own DB).
screenshots: $(STAMP) browser
	$(PY) scripts/screenshots.py screenshots

# Bandit: Python security problems of medium or high severity in the project's own code.
BANDIT := $(VENV)/bin/bandit -q -r idm workshops speakers -x '*/migrations/*' -ll

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(BANDIT)

# Bandit, then the requirements and what they pull in against PyPI's advisory database (needs
# the network, so not part of CI). --strict: a package that could not be checked is a failure.
audit: $(STAMP)
	$(BANDIT)
	$(VENV)/bin/pip-audit -r requirements.txt --progress-spinner off --strict

# Collect the interface texts into locale/{fr,es}/LC_MESSAGES/django.po, then compile the .mo
# files (committed: CI may have no gettext). Needs GNU gettext (apt-get install gettext).
MESSAGES_IGNORE := --ignore=.venv --ignore=tests --ignore=scripts
messages: $(STAMP)
	$(MANAGE) makemessages -l fr -l es $(MESSAGES_IGNORE)
	$(MANAGE) compilemessages -l fr -l es --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
