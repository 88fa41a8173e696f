"""A small Chrome DevTools protocol client for the browser tests: one headless Chromium,
one page, commands answered in order.

Why not Playwright: it wants a browser build of its own (or a matching Chromium), and pulls
a Node driver; Debian's ``chromium`` plus ``websocket-client`` (a test extra) is all this
needs. Only pages from ``file://`` are loaded; every request the page makes is recorded, so
a test can assert that nothing was fetched from the network.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any


def chromium_path() -> str | None:
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


class BrowserError(RuntimeError):
    pass


class Browser:
    """``with Browser() as b: b.open(url); b.evaluate("1 + 1")``."""

    def __init__(self, executable: str | None = None, timeout: float = 60.0) -> None:
        self.executable = executable or chromium_path()
        if self.executable is None:
            raise BrowserError("Chromium not found: apt-get install chromium")
        self.timeout = timeout
        self._next_id = 0
        self.requests: list[str] = []
        self.console_errors: list[str] = []

    def __enter__(self) -> Browser:
        import websocket  # the test extra: websocket-client

        self._profile = tempfile.mkdtemp(prefix="egovkit-chromium-")
        cmd = [
            self.executable, "--headless=new", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-extensions", "--no-first-run", "--no-default-browser-check",
            "--hide-scrollbars", "--remote-debugging-port=0", "--remote-allow-origins=*",
            f"--user-data-dir={self._profile}", "about:blank",
        ]  # fmt: skip
        self._proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        port = self._read_port()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
            targets = json.load(r)
        page = next(t for t in targets if t.get("type") == "page")
        self._ws = websocket.create_connection(
            page["webSocketDebuggerUrl"], timeout=self.timeout, suppress_origin=True
        )
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.send(f"{domain}.enable")
        return self

    def _read_port(self) -> int:
        assert self._proc.stderr is not None
        seen = []
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            line = self._proc.stderr.readline().decode("utf-8", "replace")
            if not line:
                break
            seen.append(line)
            if m := re.search(r"DevTools listening on ws://[^:]+:(\d+)/", line):
                # Keep draining stderr so Chromium never blocks on a full pipe.
                threading.Thread(target=self._proc.stderr.read, daemon=True).start()
                return int(m.group(1))
        self._proc.kill()
        raise BrowserError("Chromium did not start:\n" + "".join(seen[-20:]))

    def __exit__(self, *exc: object) -> None:
        try:
            self._ws.close()
        finally:
            self._proc.terminate()
            try:
                self._proc.wait(10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(10)
            shutil.rmtree(self._profile, ignore_errors=True)

    # -- protocol -------------------------------------------------------------------------

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its answer, recording events that arrive meanwhile."""
        self._next_id += 1
        my_id = self._next_id
        self._ws.send(json.dumps({"id": my_id, "method": method, "params": params}))
        while True:
            message = json.loads(self._ws.recv())
            if message.get("id") == my_id:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error']}")
                return message.get("result", {})
            self._event(message)

    def _wait_for(self, event: str) -> None:
        while True:
            message = json.loads(self._ws.recv())
            self._event(message)
            if message.get("method") == event:
                return

    def _event(self, message: dict[str, Any]) -> None:
        method, params = message.get("method"), message.get("params", {})
        if method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Runtime.exceptionThrown":
            self.console_errors.append(json.dumps(params["exceptionDetails"])[:500])
        elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
            self.console_errors.append(json.dumps(params.get("args"))[:500])
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            self.console_errors.append(params["entry"].get("text", ""))

    # -- conveniences ---------------------------------------------------------------------

    def set_width(self, width: int, height: int = 900, mobile: bool = False) -> None:
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width, height=height, deviceScaleFactor=1, mobile=mobile,
        )  # fmt: skip

    def open(self, url: str) -> None:
        """Load ``url`` and wait for its load event; forget earlier requests and errors."""
        self.requests.clear()
        self.console_errors.clear()
        self.send("Page.navigate", url=url)
        self._wait_for("Page.loadEventFired")

    def evaluate(self, expression: str, await_promise: bool = False) -> Any:
        result = self.send(
            "Runtime.evaluate",
            expression=expression, awaitPromise=await_promise, returnByValue=True,
        )  # fmt: skip
        if "exceptionDetails" in result:
            raise BrowserError(json.dumps(result["exceptionDetails"])[:2000])
        return result.get("result", {}).get("value")

    def screenshot(self, path: Path, selector: str | None = None) -> None:
        """A PNG of the page, or of the first element matching ``selector``, whole."""
        params: dict[str, Any] = {"format": "png", "captureBeyondViewport": True}
        if selector:
            box = self.evaluate(
                f"(() => {{ const r = document.querySelector({json.dumps(selector)})"
                ".getBoundingClientRect(); return [r.x + scrollX, r.y + scrollY, "
                "r.width, r.height]; })()"
            )
            x, y, w, h = box
            params["clip"] = {"x": x, "y": y, "width": w, "height": h, "scale": 1}
        data = self.send("Page.captureScreenshot", **params)["data"]
        Path(path).write_bytes(base64.b64decode(data))


if __name__ == "__main__":  # python tests/cdp.py PAGE OUT.png [SELECTOR] [WIDTH]
    import sys

    page, out = Path(sys.argv[1]).resolve(), sys.argv[2]
    selector = sys.argv[3] if len(sys.argv) > 3 else None
    width = int(sys.argv[4]) if len(sys.argv) > 4 else 1024
    with Browser() as b:
        b.set_width(width, mobile=width < 600)
        b.open(page.as_uri())
        b.screenshot(Path(out), selector)
    print(out, os.path.getsize(out))
