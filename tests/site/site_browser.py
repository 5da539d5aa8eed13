"""Headless Chromium (Debian's `/usr/bin/chromium`) driven by Playwright, offline and quiet.

Playwright never downloads a browser here: it is pointed at the system Chromium. Background
networking, component updates and sync are off and the profile is fresh, so the only console
errors and failed requests are the site's own.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("OGI_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@dataclass
class Problems:
    """Console errors and failed requests seen while pages loaded."""

    items: list[str] = field(default_factory=list)

    def watch(self, page) -> None:
        page.on(
            "console",
            lambda m: (
                self.items.append(f"{page.url}: console {m.type}: {m.text}") if m.type == "error" else None
            ),
        )
        page.on("pageerror", lambda e: self.items.append(f"{page.url}: page error: {e}"))
        page.on(
            "requestfailed", lambda r: self.items.append(f"{page.url}: request failed: {r.url} ({r.failure})")
        )


def chromium_path() -> str:
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        found = shutil.which("chromium")
        if found is None:
            pytest.fail(
                f"Chromium is not installed at {CHROMIUM} (Debian package `chromium`; "
                "the Makefile's test set-up installs it): the site tests need it"
            )
        return found
    return CHROMIUM


@contextmanager
def browser(profile: Path) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=chromium_path(), args=ARGS, headless=True, viewport=DESKTOP
        )
        try:
            yield instance
        finally:
            instance.close()


def visit(page, path: Path) -> None:
    """Load a file and wait until its fonts are in (leaving earlier would cancel the font
    request and report it as failed)."""
    page.goto(path.as_uri(), wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
