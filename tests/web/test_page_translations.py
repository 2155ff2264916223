"""Every page works in Swedish and in English, and no Swedish text is left on an English page
(issue 7, must-show 3) — beside the catalogue test (tests/test_translations.py), which checks
that every string has a translation, this one catches text that never went through gettext.

A page rendered in English fails if a text node equals a Swedish source string of the catalogue
(one whose English differs), or contains a longer one, or contains a sentence of the engine's
Swedish message table."""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest

from backend.organisations.models import Organisation, Unit
from tests.test_translations import _entries
from tests.web.world import World, build_world, page_client
from workflows.engine.messages import MESSAGES

pytestmark = pytest.mark.django_db

PO = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"

PAGES = [
    (None, "get", "/login/", None),
    ("larare", "get", "/", None),
    ("socsek", "get", "/", None),
    ("kommunpolis", "get", "/", None),
    ("granskare", "get", "/", None),
    ("admin", "get", "/", None),
    ("larare", "get", "/concerns/new/", None),
    ("larare", "post", "/concerns/new/", "refused_concern"),
    ("larare", "get", "/concerns/", None),
    ("socsek", "get", "/concerns/{concern}/", None),
    ("socsek", "get", "/young-people/{yp}/", None),
    ("socsek", "get", "/young-people/{yp}/edit/", None),
    ("socsek", "get", "/young-people/new/", None),
    ("kommunpolis", "get", "/young-people/{yp}/disclose/", None),
    ("kommunpolis", "post", "/young-people/{yp}/disclose/check/", "disclosure_check"),
    ("socsek", "get", "/cases/", None),
    ("socsek", "get", "/cases/new/?young_person={yp}", None),
    ("socsek", "get", "/cases/{case}/", None),
    ("socsek", "get", "/cases/{case}/chronology/", None),
    ("socsek", "get", "/cases/{case}/consents/", None),
    ("socsek", "get", "/cases/{case}/consents/new/", None),
    ("socsek", "get", "/cases/{case}/requests/", None),
    ("kommunpolis", "get", "/cases/{case}/requests/new/", None),
    ("kommunpolis", "post", "/cases/{case}/requests/check/", "check"),
    ("kommunpolis", "get", "/requests/", None),
    ("kommunpolis", "get", "/requests/{submitted}/", None),
    ("enhetschef", "get", "/requests/{submitted}/decide/", None),
    ("enhetschef", "post", "/requests/{submitted}/decide/", "bad_decision"),
    ("socsek", "get", "/requests/{approved}/disclose/", None),
    ("kommunpolis", "get", "/disclosures/", None),
    ("kommunpolis", "get", "/disclosures/{disclosure}/", None),
    ("socsek", "get", "/disclosures/{disclosure}/", None),
    ("socsek", "get", "/cases/{case}/meetings/", None),
    ("socsek", "get", "/meetings/{meeting}/", None),
    ("kommunpolis", "get", "/action-items/{item}/", None),
    ("socsek", "get", "/cases/{case}/plan/", None),
    ("socsek", "post", "/cases/{case}/plan/", "scared_straight"),
    ("kommunpolis", "get", "/notifications/", None),
    ("granskare", "get", "/audit/", None),
    ("granskare", "get", "/audit/?young_person={yp}&outcome=allowed", None),
    ("granskare", "get", "/audit/access-report/", None),
    ("granskare", "post", "/audit/access-report/", "bad_personnummer"),
    ("granskare", "get", "/audit/young-people/{yp}/", None),
    ("granskare", "get", "/audit/verify/", None),
    ("granskare", "get", "/audit/anomalies/", None),
    ("larare", "get", "/cases/{case}/", None),  # the 404 page
    ("socsek", "get", "/requests/{submitted}/decide/", None),  # the 403 page
    ("kommunpolis", "post", "/requests/{approved}/submit/", None),  # the 409 page
]


@pytest.fixture(scope="module")
def world(module_db) -> World:
    return build_world(module_db)


def _data(kind: str | None, personas) -> dict[str, object]:
    if kind == "refused_concern":
        return {
            "personnummer": "20110230-1234",
            "given_name": "A",
            "family_name": "B",
            "from_unit": str(personas.unit("Exempelskolan undervisning").pk),
            "observations": "",
            "urgency": "normal",
        }
    if kind == "check":
        return {
            "from_unit": str(personas.unit("Kommunpolis Exempelby").pk),
            "to_unit": str(personas.unit("IFO Barn och unga").pk),
            "categories": ["family_situation", "health"],
            "purpose": "support_planning",
        }
    if kind == "disclosure_check":
        return {
            "from_unit": str(personas.unit("Kommunpolis Exempelby").pk),
            "to_unit": str(personas.unit("IFO Barn och unga").pk),
            "categories": ["suspected_crime"],
            "purpose": "child_welfare_concern",
            "crime_status": "committed",
            "crime_perpetrator": "subject",
        }
    if kind == "scared_straight":
        return {
            "part": "intervention",
            "intervention-code": "scared_straight",
            "intervention-ends_on": "2099-01-01",
        }
    if kind == "bad_personnummer":
        return {"personnummer": "1"}
    if kind == "bad_decision":
        return {"decision": "refuse", "note": ""}
    return {}


class _Text(HTMLParser):
    """The visible text nodes of a page (scripts and styles left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._skip += 1
        for name, value in attrs:
            # Accessible names and hints are text too.
            if name in {"aria-label", "title", "placeholder", "alt"} and value:
                self.nodes.append(value.strip())

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not self._skip:
            self.nodes.append(text)


@cache
def _swedish() -> tuple[frozenset[str], tuple[str, ...]]:
    """(source strings to match whole text nodes, long fragments to find anywhere)."""
    whole: set[str] = set()
    fragments: set[str] = set()
    for msgid, msgstr, _fuzzy in _entries(PO.read_text(encoding="utf-8")):
        if msgstr == msgid:
            continue  # the same in both languages (Status, Normal, ...)
        for part in re.split(r"%\(\w+\)s|\{\w+\}", msgid):
            part = part.strip(" :;,.()–-")
            if len(part) >= 3:
                whole.add(part)
            if len(part) >= 25:
                fragments.add(part)
    english = MESSAGES["en"]
    for code, text in MESSAGES["sv"].items():
        if english.get(code) == text:
            continue
        for part in re.split(r"\{\w+\}", text):
            part = part.strip(" :;,.()–-")
            if len(part) >= 25:
                fragments.add(part)
    return frozenset(whole), tuple(sorted(fragments))


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(("persona", "method", "path", "data"), PAGES)
def test_every_page_in_swedish_and_english(personas, world, language, persona, method, path, data):
    url = path.format(**world.ids(personas))
    client = page_client(personas, persona, language=language)
    headers = {"HX-Request": "true"} if path.endswith("/check/") else {}
    response = getattr(client, method)(url, _data(data, personas), headers=headers)
    assert response.status_code in {200, 400, 403, 404, 409}, (url, response.status_code)
    html = response.content.decode()
    if not headers:
        assert f'<html lang="{language}">' in html
    if language == "sv":
        return
    parser = _Text()
    parser.feed(html)
    whole, fragments = _swedish()
    # The directory's names are data, in Swedish in both languages ("Granskning och dataskydd"
    # is a unit's name and also the label of its kind).
    names = set(Unit.objects.values_list("name", flat=True))
    names |= set(Organisation.objects.values_list("name", flat=True))
    untranslated = [
        node
        for node in parser.nodes
        if node.strip(" :;,.()–-") in whole and node.strip(" :;,.()–-") not in names
    ]
    text = " ".join(parser.nodes)
    untranslated += [fragment for fragment in fragments if fragment in text]
    assert untranslated == [], (url, untranslated)


TEMPLATES = Path(__file__).resolve().parents[2] / "backend" / "web" / "templates"
# Names, not words of either language.
NOT_TRANSLATED = {"Samverka", "Svenska", "English", "HTML", "PDF"}


def test_no_template_has_text_outside_the_translation_tags():
    """Text written straight into a template would never reach the catalogue."""
    found: dict[str, list[str]] = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for pattern in (
            r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}",
            r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}",
            r"<script.*?</script>|<style.*?</style>",
            r"{%.*?%}|{{.*?}}|{#.*?#}",
            r"<[^>]+>",
        ):
            text = re.sub(pattern, " ", text, flags=re.S)
        words = [w for w in re.findall(r"[^\W\d_]{2,}", text) if w not in NOT_TRANSLATED]
        if words:
            found[str(path.relative_to(TEMPLATES))] = words
    assert found == {}
