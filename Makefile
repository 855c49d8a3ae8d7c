# The two commands a newcomer needs: `make run` and `make test`. See README.md.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed-from-lockfile

.PHONY: run test lint bench audit install npm-install npm-if-available clean vendor

$(PY):
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed.")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when a requirements file changed.
$(STAMP): $(PY) requirements.txt requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# npm packages (axe-core for the browser tests) from the committed lockfile, reinstalled only
# when package-lock.json changed.
$(NPM_STAMP): package-lock.json
	npm ci --no-audit --no-fund
	touch $(NPM_STAMP)

npm-install: $(NPM_STAMP)

# `make test` passes without Node.js: the browser tests are then skipped, and pytest says so.
npm-if-available:
	@if command -v npm >/dev/null 2>&1; then \
		$(MAKE) --no-print-directory npm-install \
		|| echo "npm ci failed: the browser tests will be skipped."; \
	else \
		echo "npm not found: skipping npm ci (the browser tests need node_modules/axe-core)."; \
	fi

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --if-empty
	$(PY) manage.py sync_site
	$(PY) manage.py ensure_dev_admin
	$(PY) manage.py runserver 127.0.0.1:8000

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=pactsite.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=pactsite.settings.test $(PY) manage.py check

test: lint npm-if-available
	$(VENV)/bin/pytest -n auto

# The site under load (bench/load.py, docs/performance.md): PostgreSQL at 1,000, 10,000 and
# 100,000 signatories, gunicorn with production's settings, locust on loopback. Needs
# DATABASE_URL=postgres://... (a throwaway <name>_bench beside it) and REDIS_URL for production's
# cache; options in BENCH_ARGS, e.g. `make bench BENCH_ARGS="--sizes 1000 --duration 3"`.
bench: install
	$(PY) -m bench.load $(BENCH_ARGS)

# Lighthouse on the main pages, phone and desktop, beside a static reference page; prints a
# table (scripts/audit.py; needs Chromium and npm).
audit: install npm-install
	$(PY) scripts/audit.py

# Refresh the committed copies of the map's front-end libraries from npm (needs node and npm).
vendor:
	scripts/vendor.sh

clean:
	rm -rf $(VENV)
