# Samverka — the two commands: `make run` and `make test`.
# Everything is installed into .venv from uv.lock; a fresh machine needs only Python 3.11.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
UV_VERSION := 0.13.9
UV := .uv/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT := DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get

.PHONY: install run test lint format check-deploy clean help e2e-deps screenshots

help:
	@echo "make run      install, migrate, load demo data, serve on http://127.0.0.1:8000 (Ctrl-C stops)"
	@echo "make test     install and run lint + the whole suite (PostgreSQL and Redis on localhost)"
	@echo "make lint     ruff check, ruff format --check, mypy"
	@echo "make install  build .venv from uv.lock (idempotent)"
	@echo "make screenshots  regenerate docs/screenshots/ from the browser journey"

# uv itself lives in its own small venv, pinned, so the project venv holds only the lock.
$(UV):
	$(PYTHON) -m venv .uv
	.uv/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.installed: uv.lock pyproject.toml | $(UV)
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --locked --python $(PYTHON) --quiet
	touch $@

install: $(VENV)/.installed

run: install
	@./scripts/run-dev

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The browser tests drive Debian's Chromium (a tool's own browser download is never used) and
# inject axe-core from npm (package-lock.json). Both are installed once, here.
e2e-deps: $(CHROMIUM) node_modules/.package-lock.json

$(CHROMIUM):
	$(APT) install -y chromium || ($(APT) update && $(APT) install -y chromium)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

test: lint e2e-deps
	$(VENV)/bin/pytest $(PYTEST_ARGS)

screenshots: install e2e-deps
	SAMVERKA_SCREENSHOTS=docs/screenshots $(VENV)/bin/pytest tests/web/e2e -q -p no:cacheprovider

check-deploy: install
	DJANGO_SETTINGS_MODULE=backend.settings.production \
	SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(60))') \
	AUDIT_CHECKPOINT_KEY=$$($(PY) -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())') \
	ALLOWED_HOSTS=samverka.example DATABASE_URL=postgres://postgres@127.0.0.1:5432/samverka \
	REDIS_URL=redis://127.0.0.1:6379/0 $(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) .uv .pytest_cache .mypy_cache .ruff_cache node_modules
