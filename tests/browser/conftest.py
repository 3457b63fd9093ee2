"""Browser tests: Debian's chromium driven by Playwright (never a downloaded browser).

Pages are opened from a report file or from the web app served on 127.0.0.1
by a thread; each page records dialogs, page errors and console messages so a
test can prove that nothing from a document ran. Screenshots go to
out/screenshots/.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    assert shutil.which(CHROMIUM), "chromium is missing: run scripts/install_system_deps.sh"
    with sync_playwright() as playwright:
        handle = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield handle
        handle.close()


@dataclass
class Watched:
    """A page and everything it tried to do that a test may want to forbid."""

    page: Any
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def shot(self, name: str, selector: str | None = None) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        if selector:
            self.page.locator(selector).first.screenshot(path=str(path))
        else:
            self.page.screenshot(path=str(path), full_page=False)
        return path

    def ran_nothing(self) -> None:
        """Nothing from a document executed: no dialog, no marker, no injected element."""
        assert self.dialogs == []
        assert self.page.evaluate("typeof window.__pwned") == "undefined"
        assert (
            self.page.evaluate("document.querySelectorAll('[onerror],[onload],iframe').length") == 0
        )
        sources = self.page.evaluate(
            "Array.from(document.scripts).map(s => s.src ? 'src' : 'inline')"
        )
        assert len(sources) <= 1  # only Spoor's own script


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    seen = Watched(page)

    def on_dialog(dialog: Any) -> None:
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.on("console", lambda message: seen.console.append(message.text))
    page.on("request", lambda request: seen.requests.append(request.url))
    yield seen
    context.close()
