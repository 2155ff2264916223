"""Browser tests: Debian's Chromium (/usr/bin/chromium) driven by Playwright from pytest, against
the app served by pytest-django's ``live_server`` on the test database.

One browser for the whole package; one browser context (cookie jar) per persona, signed in
once through the login page. ``make e2e-deps`` installs Chromium (apt) and axe-core (npm ci);
the browser is never downloaded by a tool. ``SAMVERKA_SCREENSHOTS=<dir>`` makes the journey
save screenshots of the main pages there (``make screenshots``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, FloatRect, Page, sync_playwright

from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[3]
CHROMIUM = Path(os.environ.get("SAMVERKA_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# As the machine notes say: without the background-networking flags Chromium keeps trying to
# reach Google's hosts, which this closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1200, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    missing = [str(p) for p in (CHROMIUM, AXE) if not p.exists()]
    if missing:
        pytest.fail(f"browser test setup missing {missing}: run `make e2e-deps`", pytrace=False)
    # Playwright's sync API runs an event loop in this thread; Django would then refuse the
    # ORM calls the tests make between browser steps. Only while the browser is open.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class Site:
    """The app in the browser: one signed-in context per persona."""

    base_url: str
    browser: Browser
    screenshots: Path | None
    contexts: dict[str, BrowserContext] = field(default_factory=dict)
    pages: dict[str, Page] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def new_context(self, *, phone: bool = False, language: str = "sv") -> BrowserContext:
        options: dict[str, Any] = {
            "locale": "sv-SE" if language == "sv" else "en-GB",
            "viewport": PHONE if phone else DESKTOP,
        }
        if phone:
            options.update(is_mobile=True, has_touch=True, device_scale_factor=1)
        context = self.browser.new_context(**options)
        context.set_default_timeout(20_000)
        return context

    def as_user(self, username: str, *, phone: bool = False) -> Page:
        """A page signed in as ``username`` (signing in through the login page once)."""
        if username not in self.pages:
            context = self.new_context(phone=phone)
            page = context.new_page()
            page.goto(self.url("/login/"))
            page.get_by_label("Användarnamn").fill(username)
            page.get_by_label("Lösenord").fill(PASSWORD)
            page.get_by_role("button", name="Logga in").click()
            page.wait_for_url(self.url("/"))
            self.contexts[username] = context
            self.pages[username] = page
        return self.pages[username]

    def shot(self, page: Page, name: str, *, height: int | None = None) -> None:
        """A full-page screenshot, or its top ``height`` pixels."""
        if self.screenshots is not None:
            self.screenshots.mkdir(parents=True, exist_ok=True)
            clip: FloatRect | None = (
                {"x": 0, "y": 0, "width": DESKTOP["width"], "height": height} if height else None
            )
            page.screenshot(path=str(self.screenshots / f"{name}.png"), full_page=True, clip=clip)

    def axe(self, page: Page) -> list[dict[str, Any]]:
        """axe-core's serious and critical violations on the page as it is now."""
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document)")
        return [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:5],
            }
            for v in result["violations"]
            if v["impact"] in {"serious", "critical"}
        ]

    def assert_accessible(self, page: Page) -> None:
        violations = self.axe(page)
        assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)

    def close(self) -> None:
        for context in self.contexts.values():
            context.close()


@pytest.fixture
def site(live_server: Any, browser: Browser, personas: Any) -> Iterator[Site]:
    shots = os.environ.get("SAMVERKA_SCREENSHOTS")
    running = Site(
        base_url=live_server.url,
        browser=browser,
        screenshots=Path(shots) if shots else None,
    )
    yield running
    running.close()
