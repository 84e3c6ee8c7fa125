"""A real headless browser for the tests: Debian's chromium, driven over the DevTools
protocol (a websocket, with aiohttp, which `dartfit serve` brings anyway).

The page's websocket is watched from inside the page: every frame the game sends is kept,
decoded, in `window.__received`, so a test waits for words the game drew, never for a
fixed time.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp

FLAGS = (
    "--headless",
    "--no-sandbox",  # tests may run as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",  # no connections out of a closed network
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--remote-debugging-port=0",
    "--window-size=1100,700",
)
WATCH = """(() => {
window.__received = "";
const PlainWebSocket = window.WebSocket;
const decoder = new TextDecoder();
window.WebSocket = class extends PlainWebSocket {
  constructor(...args) {
    super(...args);
    window.__socket = this;
    this.addEventListener("message", (event) => {
      if (typeof event.data !== "string") {
        window.__received += decoder.decode(event.data, {stream: true});
        if (window.__received.length > 4000000) {
          window.__received = window.__received.slice(-2000000);
        }
      }
    });
    this.addEventListener("close", (event) => { window.__closed = event.reason || "closed"; });
  }
};
})();
"""
KEYS = {
    "enter": ("Enter", 13, "\r"),
    "space": (" ", 32, " "),
    "escape": ("Escape", 27, ""),
    "down": ("ArrowDown", 40, ""),
    "up": ("ArrowUp", 38, ""),
    "right": ("ArrowRight", 39, ""),
    "left": ("ArrowLeft", 37, ""),
    "tab": ("Tab", 9, ""),
}


def chromium() -> str | None:
    """The browser's path, or None when it is not installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    """One headless chromium page, driven over the DevTools protocol."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket
        self._ids = itertools.count(1)
        self._replies: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        async for message in self.socket:
            data = json.loads(message.data)
            waiting = self._replies.pop(data.get("id", -1), None)
            if waiting is not None and not waiting.done():
                waiting.set_result(data)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        """One protocol command; its result (AssertionError on a protocol error)."""
        ident = next(self._ids)
        reply = asyncio.get_running_loop().create_future()
        self._replies[ident] = reply
        await self.socket.send_json({"id": ident, "method": method, "params": params})
        data = await asyncio.wait_for(reply, 30)
        assert "error" not in data, data
        result: dict[str, Any] = data.get("result", {})
        return result

    async def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    async def open(self, url: str) -> None:
        """Load a page and wait for it to finish loading."""
        await self.call("Page.navigate", url=url)
        await self.until("document.readyState === 'complete'")

    async def until(self, expression: str, timeout: float = 30.0) -> Any:
        """Wait until a JavaScript expression is true in the page; return its value."""
        end = time.monotonic() + timeout
        while True:
            with contextlib.suppress(AssertionError):  # a page between two documents
                value = await self.evaluate(expression)
                if value:
                    return value
            if time.monotonic() > end:
                raise AssertionError(f"the page never had {expression}")
            await asyncio.sleep(0.1)

    async def received(self) -> str:
        """Everything the game has sent to the page, decoded."""
        return str(await self.evaluate("window.__received || ''"))

    async def wait_for_text(self, text: str, timeout: float = 30.0, after: int = 0) -> int:
        """Wait until the game has drawn text (after the first `after` characters); return
        how much it had sent by then."""
        expression = f"(window.__received || '').indexOf({json.dumps(text)}, {after}) >= 0"
        await self.until(expression, timeout)
        return len(await self.received())

    async def type(self, text: str) -> None:
        """Type characters as keys."""
        for char in text:
            await self.call("Input.dispatchKeyEvent", type="keyDown", key=char, text=char)
            await self.call("Input.dispatchKeyEvent", type="keyUp", key=char)

    async def press(self, name: str) -> None:
        """Press a named key (enter, space, escape, arrows, tab) or a character."""
        if name not in KEYS:
            await self.type(name)
            return
        key, code, text = KEYS[name]
        down: dict[str, Any] = {"key": key, "code": key, "windowsVirtualKeyCode": code}
        if text:
            down["text"] = text
        await self.call("Input.dispatchKeyEvent", type="keyDown", **down)
        await self.call("Input.dispatchKeyEvent", type="keyUp", key=key, code=key)

    async def screenshot(self, path: Path) -> None:
        """Save the page as a PNG."""
        result = await self.call("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(result["data"]))

    async def close(self) -> None:
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader
        await self.socket.close()


@contextlib.asynccontextmanager
async def headless() -> AsyncIterator[Browser]:
    """A headless chromium with one empty page, watching its websockets."""
    path = chromium()
    assert path is not None, "chromium is not installed"
    # chromium's helpers (renderer, GPU, crash handler) may still write to the profile after
    # the browser itself ends: they are ended as one process group, and the folder removed
    # once nothing writes to it
    with tempfile.TemporaryDirectory(
        prefix="dartfit-chromium-", ignore_cleanup_errors=True
    ) as profile:
        process = subprocess.Popen(
            [path, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=os.environ | {"HOME": profile, "TMPDIR": profile},
            start_new_session=True,
        )
        try:
            port_file = Path(profile) / "DevToolsActivePort"
            end = time.monotonic() + 30
            while not port_file.exists() or not port_file.read_text().strip():
                assert process.poll() is None, "chromium ended at start"
                assert time.monotonic() < end, "chromium did not start"
                await asyncio.sleep(0.05)
            port = int(port_file.read_text().split()[0])
            async with aiohttp.ClientSession() as http:
                async with http.get(f"http://127.0.0.1:{port}/json/list") as reply:
                    pages = [t for t in await reply.json() if t["type"] == "page"]
                socket = await http.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0)
                browser = Browser(socket)
                try:
                    await browser.call("Page.enable")
                    await browser.call("Page.addScriptToEvaluateOnNewDocument", source=WATCH)
                    yield browser
                finally:
                    await browser.close()
        finally:
            _end_group(process)
            shutil.rmtree(profile, ignore_errors=True)


def _end_group(process: subprocess.Popen[bytes]) -> None:
    """End chromium and every helper it started (TERM, then KILL after 10 s)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
