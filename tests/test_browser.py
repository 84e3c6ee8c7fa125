"""`dartfit serve` in a real headless browser (Debian's chromium): the join page loads and
takes a name and the class code typed as keys, the title screen draws, keys reach the
game, a level is won and kept under the student's name, and the page says when the
session has ended.

Without chromium the test is skipped, unless DARTFIT_NEED_BROWSER is set (CI sets it, and
installs chromium), when it fails instead.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from dartfit.host.server import CLASS_DB, Host, HostConfig
from dartfit.host.web import WebHost
from tests.browser import chromium, headless
from tests.conftest import SHIPPED

if chromium() is None and not os.environ.get("DARTFIT_NEED_BROWSER"):
    pytest.skip("chromium is not installed (apt install chromium)", allow_module_level=True)

pytestmark = pytest.mark.long


async def test_a_student_joins_in_a_browser_and_wins_a_level(tmp_path: Path) -> None:
    config = HostConfig(folder=tmp_path / "class", port=0, class_code="maple", levels=SHIPPED)
    web = WebHost(Host(config))
    server = await web.listen()
    url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    try:
        async with headless() as browser:
            await browser.open(f"{url}/")
            assert await browser.evaluate("document.title") == "dartfit: join the class"
            await browser.until("document.activeElement.id === 'name'")
            await browser.type("Eve")
            await browser.press("tab")
            await browser.type("maple")
            await browser.press("enter")
            await browser.until("location.pathname === '/play'")
            seen = await browser.wait_for_text("the bullseye is the truth", timeout=60)
            assert await browser.until("document.body.classList.contains('-first-byte')")
            # keys reach the game with no click first
            await browser.press("enter")
            seen = await browser.wait_for_text("First throw", after=seen)
            await browser.press("enter")
            seen = await browser.wait_for_text("darts left", after=seen)
            for _ in range(3):
                await browser.press("space")
            seen = await browser.wait_for_text("Level complete", after=seen)
            await browser.screenshot(tmp_path / "won.png")
            db = sqlite3.connect(config.folder / CLASS_DB)
            rows = db.execute("SELECT name, level, stars FROM levels").fetchall()
            assert rows == [("eve", "first-throw", 3)]  # saved the moment it was won
            await browser.call(
                "Input.dispatchKeyEvent",
                type="keyDown",
                key="q",
                code="KeyQ",
                windowsVirtualKeyCode=81,
                modifiers=2,
            )
            await browser.call("Input.dispatchKeyEvent", type="keyUp", key="q", code="KeyQ")
            await browser.until("document.body.classList.contains('-closed')")
            assert await browser.evaluate("document.getElementById('why').textContent") == (
                "Your progress is saved."
            )
    finally:
        server.close()
        await web.classroom.stop()
        await web.stop()
    log = (config.folder / "host.log").read_text()
    assert "eve joined from 127.0.0.1 (browser," in log
    assert "eve left after" in log and "the game ended (status 0)" in log
