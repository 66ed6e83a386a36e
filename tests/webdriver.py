"""Just enough of the W3C WebDriver protocol, over plain HTTP to Debian's chromedriver, to measure a page as laid out.

``--dump-dom`` gives the page's elements but not where the browser put them; where rows and labels land needs the
browser's own ``getBoundingClientRect``.
"""

from __future__ import annotations

import base64
import json
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMEDRIVER = Path("/usr/bin/chromedriver")


class Browser:
    """One headless Chromium session."""

    def __init__(self, endpoint: str, session: str) -> None:
        self.base = f"{endpoint}/session/{session}"

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        return call(method, self.base + path, body)

    def open(self, url: str, *, width: int, height: int) -> None:
        """Load ``url`` in a window whose page area (viewport) is ``width`` x ``height`` px."""
        self._call("POST", "/window/rect", {"width": width, "height": height})
        inner = self.run("return [window.innerWidth, window.innerHeight];")
        # The window's own frame takes some of its size: grow it by that much.
        self._call("POST", "/window/rect", {"width": 2 * width - inner[0], "height": 2 * height - inner[1]})
        self._call("POST", "/url", {"url": url})

    def run(self, script: str) -> Any:
        """The value of the JavaScript function body ``script``, run in the page."""
        return self._call("POST", "/execute/sync", {"script": script, "args": []})

    def screenshot(self, path: Path) -> bytes:
        """Save what the window shows as a PNG at ``path``; returns its bytes."""
        png = base64.b64decode(self._call("GET", "/screenshot"))
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(png)
        return png


def call(method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.load(response)["value"]


@contextmanager
def browser(chromium: Path, flags: list[str], port: int) -> Iterator[Browser]:
    """A chromedriver on loopback ``port`` driving ``chromium`` with ``flags``, for as long as the block runs."""
    driver = subprocess.Popen(
        [str(CHROMEDRIVER), f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                call("GET", f"{endpoint}/status")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        options = {"binary": str(chromium), "args": flags}
        capabilities = {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": options}}
        session = call("POST", f"{endpoint}/session", {"capabilities": capabilities})["sessionId"]
        try:
            yield Browser(endpoint, session)
        finally:
            call("DELETE", f"{endpoint}/session/{session}")
    finally:
        driver.terminate()
        driver.wait(timeout=30)
