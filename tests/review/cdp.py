"""Drive headless Chromium through the DevTools protocol over a pipe (``--remote-debugging-pipe``).

Standard library only: Chromium reads commands from file descriptor 3 and writes replies and events to
4, each a JSON message ended by a NUL byte. Enough of the protocol for the annotation tests: open a page,
evaluate JavaScript, press keys, move and click the mouse as a person does (real input events, so
selections, focus and keyboard handlers behave as they do for a reviewer), and catch downloads.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import subprocess
import time
from pathlib import Path
from typing import Any

from .test_browser import FLAGS, browser

KEY_CODES = {"Escape": 27, "Enter": 13, "Tab": 9, "PageDown": 34, "PageUp": 33, "ArrowDown": 40, "ArrowUp": 38}


class CDPError(RuntimeError):
    pass


def _high(fd: int) -> int:
    """The descriptor moved above 9, so that placing the pipe ends on 3 and 4 in the child clobbers nothing."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return moved


class Chromium:
    def __init__(self, profile: Path, *, size: tuple[int, int] = (1400, 1000), timeout: float = 60) -> None:
        to_child_r, self._to_child = map(_high, os.pipe())
        self._from_child, from_child_w = map(_high, os.pipe())

        def wire() -> None:
            os.dup2(to_child_r, 3)
            os.dup2(from_child_w, 4)

        args = [browser(), *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={profile}"]
        args += [f"--window-size={size[0]},{size[1]}", "about:blank"]
        self.log = open(profile.parent / "chromium.log", "w")
        self.proc = subprocess.Popen(args, preexec_fn=wire, close_fds=False, stdout=self.log, stderr=self.log)
        os.close(to_child_r)
        os.close(from_child_w)
        self.timeout = timeout
        self._buf = b""
        self._id = 0
        self.events: list[dict[str, Any]] = []
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", targetId=page["targetId"], flatten=True)["sessionId"]
        self.call("Page.enable", session=True)
        self.call("Runtime.enable", session=True)

    # -- the protocol ------------------------------------------------------------------------------
    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise CDPError("Chromium did not answer in time")
            ready, _, _ = select.select([self._from_child], [], [], left)
            if ready:
                chunk = os.read(self._from_child, 1 << 20)
                if not chunk:
                    raise CDPError("Chromium closed the pipe")
                self._buf += chunk
        message, self._buf = self._buf.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise CDPError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method: str, timeout: float | None = None, where: Any = None) -> dict[str, Any]:
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            for k, event in enumerate(self.events):
                if event.get("method") == method and (where is None or where(event["params"])):
                    del self.events[: k + 1]
                    return event["params"]
            self.events.append(self._read(deadline))

    # -- what a test does --------------------------------------------------------------------------
    def open(self, url: str) -> None:
        self.events.clear()
        self.call("Page.navigate", session=True, url=url)
        self.wait_event("Page.loadEventFired")

    def eval(self, expression: str) -> Any:
        result = self.call(
            "Runtime.evaluate", session=True, expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise CDPError(f"{expression[:80]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 10) -> Any:
        """Evaluate ``expression`` until it is truthy (the page answers some events in a later task)."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.eval(expression)
            if value or time.monotonic() > deadline:
                return value
            time.sleep(0.02)

    def key(self, key: str, modifiers: int = 0) -> None:
        params: dict[str, Any] = {"key": key, "modifiers": modifiers}
        if key in KEY_CODES:
            params["windowsVirtualKeyCode"] = KEY_CODES[key]
            params["code"] = key
        elif len(key) == 1 and not modifiers:
            params["text"] = key
        self.call("Input.dispatchKeyEvent", session=True, type="keyDown", **params)
        self.call(
            "Input.dispatchKeyEvent", session=True, type="keyUp", **{k: v for k, v in params.items() if k != "text"}
        )

    def type_text(self, text: str) -> None:
        self.call("Input.insertText", session=True, text=text)

    def mouse(self, kind: str, x: float, y: float, clicks: int = 1) -> None:
        params: dict[str, Any] = {"type": kind, "x": x, "y": y, "button": "left", "clickCount": clicks}
        if kind == "mouseMoved":
            params["buttons"] = 1
        self.call("Input.dispatchMouseEvent", session=True, **params)

    def drag(self, start: tuple[float, float], end: tuple[float, float], steps: int = 4) -> None:
        self.mouse("mousePressed", *start)
        for i in range(1, steps + 1):
            self.mouse(
                "mouseMoved", start[0] + (end[0] - start[0]) * i / steps, start[1] + (end[1] - start[1]) * i / steps
            )
        self.mouse("mouseReleased", *end)

    def click(self, x: float, y: float) -> None:
        self.mouse("mousePressed", x, y)
        self.mouse("mouseReleased", x, y)

    def allow_downloads(self, folder: Path) -> None:
        self.call("Browser.setDownloadBehavior", behavior="allow", downloadPath=str(folder), eventsEnabled=True)

    def wait_download(self, timeout: float = 30) -> None:
        self.wait_event("Browser.downloadProgress", timeout, where=lambda p: p.get("state") == "completed")

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (CDPError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        self.log.close()


#: where characters of the annotation page's text are on screen: code-point offsets of the document as
#: Python counts them -> the middle of the first character's left edge and of the last one's right edge
CHAR_BOXES = r"""
(function (s, e) {
  var box = document.getElementById("text"), walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT), n, pos = 0;
  var out = {};
  function at(p, end) {
    walker.currentNode = box; pos = 0;
    while ((n = walker.nextNode())) {
      var chars = Array.from(n.data), len = chars.length;
      if (end ? p <= pos + len && p > pos : p < pos + len) {
        var k = end ? p - pos - 1 : p - pos, u = Array.from(n.data).slice(0, k).join("").length;
        var r = document.createRange(); r.setStart(n, u); r.setEnd(n, u + chars[k].length);
        var rect = r.getClientRects()[0];
        return {x: end ? rect.right - 1 : rect.left + 1, y: rect.top + rect.height / 2};
      }
      pos += len;
    }
    return null;
  }
  var a = at(s, false); if (a && (a.y < 60 || a.y > innerHeight - 60)) { window.scrollBy(0, a.y - innerHeight / 2); }
  out.start = at(s, false); out.end = at(e, true);
  return out;
})
"""
