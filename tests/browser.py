"""Open a page coach wrote in headless Chromium, click every link, and report what happened.

Drives Debian's /usr/bin/chromium through the DevTools protocol over `--remote-debugging-pipe`
(file descriptors 3 and 4, JSON messages ended by a NUL byte): the standard library is all it
needs, no websocket client, no browser download, no port to find or to leave open.

Every request the page makes is paused before it leaves (Fetch domain) and recorded: the page's
own file is let through, everything else is aborted, so nothing reaches the network even when a
link is a real web address. `visit(path)` returns what was asked for and whether any script ran
(`data-pwned`, the attribute every hostile payload in the tests sets, appearing on the page).

Use `chromium_or_skip()` first: it skips with the reason when Chromium is not installed (.ci/run
installs it from Debian's packages).
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("COACH_CHROMIUM", "/usr/bin/chromium")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--remote-debugging-pipe",
)
MARKER = "data-pwned"
TIMEOUT = 30.0


def chromium_or_skip() -> str:
    """The Chromium executable, or skip the test saying why there is none."""
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(
            f"Chromium is not installed at {CHROMIUM} (.ci/run installs Debian's chromium "
            "package with apt-get; set COACH_CHROMIUM to use another build)"
        )
    return CHROMIUM


@dataclass
class Request:
    """A request the page tried to make (none of them reached the network)."""

    url: str
    kind: str  # Document, Stylesheet, Image, Script, Font, ...


@dataclass
class Visit:
    """What happened while a page was open and its links were clicked."""

    url: str
    links: list[str] = field(default_factory=list)  # every link's href, as the browser read it
    requests: list[Request] = field(default_factory=list)  # everything but the page itself
    pwned: bool = False  # a script ran: the data-pwned attribute appeared
    scripts: int = 0  # <script> elements in the document
    console: list[str] = field(default_factory=list)  # console and security messages (CSP)

    @property
    def loads(self) -> list[Request]:
        """Requests that were not a click on a link: images, styles, scripts, fonts, frames."""
        return [r for r in self.requests if r.kind != "Document"]


class _Pipe:
    """One Chromium process and its DevTools pipe."""

    def __init__(self, executable: str, profile: str) -> None:
        to_chrome_r, self._out = os.pipe()
        self._in, from_chrome_w = os.pipe()

        def wire() -> None:  # in the child: its fd 3 reads our commands, fd 4 writes replies
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)

        self.process = subprocess.Popen(  # noqa: S603 - a fixed executable and flags
            [executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=wire,  # noqa: PLW1509 - only dup2 runs there
            pass_fds=(3, 4, to_chrome_r, from_chrome_w),  # 3 and 4 once wired
            start_new_session=True,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._next = 0
        self.events: list[dict[str, Any]] = []
        self._replies: queue.Queue[dict[str, Any]] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        buffer = b""
        with os.fdopen(self._in, "rb", buffering=0) as stream:
            while chunk := stream.read(65536):
                buffer += chunk
                *messages, buffer = buffer.split(b"\0")
                for raw in messages:
                    self._replies.put(json.loads(raw))

    def pump(self, seconds: float = 0.0) -> None:
        """Take in the events that arrive within `seconds`."""
        end = time.monotonic() + seconds
        while True:
            try:
                message = self._replies.get(timeout=max(0.0, end - time.monotonic()))
            except queue.Empty:
                return
            self._handle(message)

    def _handle(self, message: dict[str, Any]) -> dict[str, Any] | None:
        if "id" in message:
            return message
        self.events.append(message)
        if message.get("method") == "Fetch.requestPaused":
            self.on_paused(message)
        return None

    def on_paused(self, message: dict[str, Any]) -> None:  # set by visit()
        """Let a paused request go on or abort it."""

    def send(self, method: str, params: dict[str, Any] | None = None, session: str = "") -> Any:
        """Send one command and wait for its reply (events meanwhile are kept)."""
        self._next += 1
        wanted = self._next
        message: dict[str, Any] = {"id": wanted, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                reply = self._replies.get(timeout=deadline - time.monotonic())
            except queue.Empty:
                break
            if self._handle(reply) is None or reply["id"] != wanted:
                continue
            if "error" in reply:
                raise RuntimeError(f"{method}: {reply['error']}")
            return reply.get("result", {})
        raise TimeoutError(f"Chromium did not answer {method} within {TIMEOUT:.0f} s")

    def wait_for(self, method: str, session: str, seconds: float = TIMEOUT) -> dict[str, Any]:
        """Wait for an event of the session (after the ones already seen)."""
        seen = len(self.events)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            for event in self.events[seen:]:
                if event.get("method") == method and event.get("sessionId") == session:
                    return event
            seen = len(self.events)
            self.pump(0.05)
        raise TimeoutError(f"no {method} within {seconds:.0f} s")

    def close(self) -> None:
        """End the browser (only the process this helper started, by its own group)."""
        try:
            os.killpg(self.process.pid, 15)
        except ProcessLookupError:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, 9)
            self.process.wait(timeout=10)
        os.close(self._out)


_LINKS = "Array.from(document.querySelectorAll('a[href], area[href]')).map(a => a.href)"
_STATE = (
    "JSON.stringify({pwned: document.documentElement.outerHTML.includes('" + MARKER + "=')"
    " || !!document.querySelector('[" + MARKER + "]'), href: location.href,"
    " scripts: document.querySelectorAll('script').length})"
)


def visit(path: Path, executable: str | None = None) -> Visit:
    """Open `path`, click every link it holds, one by one, and report what happened."""
    executable = executable or chromium_or_skip()
    page_url = path.resolve().as_uri()
    profile = tempfile.mkdtemp(prefix="coach-chromium-")
    browser = _Pipe(executable, profile)
    result = Visit(page_url)
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]

        def on_paused(message: dict[str, Any]) -> None:
            params = message["params"]
            url = params["request"]["url"]
            go_on = url.split("#")[0] == page_url
            if not go_on:
                result.requests.append(Request(url, params.get("resourceType", "")))
            browser.send(
                "Fetch.continueRequest" if go_on else "Fetch.failRequest",
                {"requestId": params["requestId"]} | ({} if go_on else {"errorReason": "Aborted"}),
                session,
            )

        browser.on_paused = on_paused  # type: ignore[method-assign]
        for domain in ("Page", "Runtime", "Log"):
            browser.send(f"{domain}.enable", {}, session)
        browser.send("Fetch.enable", {"patterns": [{"urlPattern": "*"}]}, session)

        def load() -> None:
            browser.send("Page.navigate", {"url": page_url}, session)
            browser.wait_for("Page.loadEventFired", session)

        def evaluate(expression: str) -> Any:
            reply = browser.send(
                "Runtime.evaluate", {"expression": expression, "returnByValue": True}, session
            )
            return reply["result"].get("value")

        def check() -> None:
            state = json.loads(evaluate(_STATE))
            result.pwned = result.pwned or state["pwned"]
            result.scripts = max(result.scripts, state["scripts"])
            if state["href"].split("#")[0] != page_url:  # left the page: come back
                load()

        load()
        result.links = list(evaluate(_LINKS))
        check()
        for index in range(len(result.links)):
            evaluate(f"document.querySelectorAll('a[href], area[href]')[{index}].click()")
            browser.pump(0.15)
            check()
        browser.pump(0.2)
        check()
        for event in browser.events:
            if event.get("method") == "Log.entryAdded":
                result.console.append(event["params"]["entry"]["text"])
            elif event.get("method") == "Runtime.consoleAPICalled":
                args = event["params"]["args"]
                result.console.append(" ".join(str(a.get("value", "")) for a in args))
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)
    return result
