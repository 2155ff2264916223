# Samverka — the two commands: `make run` and `make test`.
# Everything is installed into .venv from uv.lock; a fresh machine needs only Python 3.11.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
UV_VERSION := 0.13.9
UV := .uv/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

.PHONY: install run test lint format check-deploy clean help

help:
	@echo "make run      install, migrate, load demo data, serve on http://127.0.0.1:8000 (Ctrl-C stops)"
	@echo "make test     install and run lint + the whole suite (PostgreSQL and Redis on localhost)"
	@echo "make lint     ruff check, ruff format --check, mypy"
	@echo "make install  build .venv from uv.lock (idempotent)"

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

test: lint
	$(VENV)/bin/pytest $(PYTEST_ARGS)

check-deploy: install
	DJANGO_SETTINGS_MODULE=backend.settings.production \
	SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(60))') \
	AUDIT_CHECKPOINT_KEY=$$($(PY) -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())') \
	ALLOWED_HOSTS=samverka.example DATABASE_URL=postgres://postgres@127.0.0.1:5432/samverka \
	REDIS_URL=redis://127.0.0.1:6379/0 $(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) .uv .pytest_cache .mypy_cache .ruff_cache
