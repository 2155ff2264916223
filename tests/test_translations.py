"""Every user-facing string has an English translation, and the compiled catalogue is current.

Source strings are Swedish (Swedish first, product.md principle 7); ``locale/en`` holds the
English catalogue. A string added to the code without a translation fails here.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _entries(text: str) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for each entry of a .po file."""
    import ast

    entries = []
    for block in text.split("\n\n"):
        lines = block.strip().splitlines()
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        current = None
        parts: dict[str, str] = {"msgid": "", "msgstr": ""}
        for line in lines:
            if line.startswith("msgid "):
                current = "msgid"
                parts[current] = ast.literal_eval(line[6:])
            elif line.startswith("msgstr "):
                current = "msgstr"
                parts[current] = ast.literal_eval(line[7:])
            elif line.startswith('"') and current:
                parts[current] += ast.literal_eval(line)
            elif line.startswith(("msgid_plural", "msgstr[")):
                current = None
        if parts["msgid"]:
            entries.append((parts["msgid"], parts["msgstr"], fuzzy))
    return entries


def test_every_string_has_an_english_translation():
    entries = _entries(PO.read_text(encoding="utf-8"))
    assert entries
    missing = [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy]
    assert missing == []


def test_compiled_catalogue_matches_the_source(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(PO)], check=True)
    assert compiled.read_bytes() == MO.read_bytes(), "run: manage.py compilemessages"


def test_no_string_in_the_code_is_missing_from_the_catalogue(tmp_path):
    copy = tmp_path / "repo"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".uv",
            "var",
            ".git",
            "node_modules",
            "tests",
            "__pycache__",
            ".*_cache",
            "bench",
            "docs",
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "en",
            "--no-location",
            "--ignore=.venv",
            "--ignore=tests",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "backend.settings.base",
            "SAMVERKA_VAR_DIR": str(tmp_path / "var"),
        },
    )
    regenerated = {m for m, _s, _f in _entries((copy / PO.relative_to(ROOT)).read_text())}
    committed = {m for m, _s, _f in _entries(PO.read_text(encoding="utf-8"))}
    assert regenerated - committed == set(), "run: manage.py makemessages -l en, then translate"
