"""A real headless Chromium on a real `itms-tui serve`, one browser at a time.

The system's Chromium and chromedriver drive it (Debian's `chromium`, `chromium-driver`; nothing
downloads a browser). A script injected before each page records what the app sends on the
websocket, so tests assert on the text the trainee sees; screenshots are kept in
build/browser-screenshots/ (or $ITMS_TUI_SCREENSHOTS), each test's under its own name, written
over by the next run (never emptied: the module's tests may run in more than one worker).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.screen import Screen

CHROMIUM = os.environ.get("ITMS_TUI_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("ITMS_TUI_CHROMEDRIVER", "/usr/bin/chromedriver")
SCREENSHOTS = Path(os.environ.get("ITMS_TUI_SCREENSHOTS")
                   or Path(__file__).resolve().parents[2] / "build" / "browser-screenshots")
TOKEN = "browser-tests-token"
#: Generous: the machine running the tests may be busy.
WAIT = 90.0

RECORDER = r"""
(function () {
  const Native = window.WebSocket;
  window.__itms = {frames: [], size: null};
  const decoder = new TextDecoder();
  function Recording(url, protocols) {
    const socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
    const query = new URL(url).searchParams;
    window.__itms.size = [Number(query.get("width")), Number(query.get("height"))];
    socket.addEventListener("message", function (event) {
      if (typeof event.data !== "string") {
        window.__itms.frames.push(decoder.decode(event.data, {stream: true}));
      }
    });
    return socket;
  }
  Recording.prototype = Native.prototype;
  for (const name of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) { Recording[name] = Native[name]; }
  window.WebSocket = Recording;
})();
"""


def missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not Path(path).exists():
            return f"{path} is missing (apt-get install {package})"
    return None


def require_browser() -> None:
    """Skip without a browser, but never in CI: there, the browser tests must run."""
    reason = missing()
    if reason is None:
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"the browser tests must run in CI: {reason}", pytrace=False)
    pytest.skip(f"no headless browser here: {reason}")


@contextlib.contextmanager
def one_browser_at_a_time() -> Iterator[None]:
    """A lock on a file every test run on this machine shares: Chromium and the apps it shows
    take more than a busy two-core machine can run twice at once."""
    path = Path(tempfile.gettempdir()) / "itms-tui-browser-tests.lock"
    with open(path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serving(root: Path, warm: int = 2) -> Iterator[str]:
    """`itms-tui serve` as a user starts it; its base URL until the block ends (then SIGTERM)."""
    port = free_port()
    log = root.parent / "serve.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "itms-tui"), "serve", "--root", str(root), "--port",
             str(port), "--trainer-token", TOKEN, "--warm", str(warm)],
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        end = time.monotonic() + WAIT
        while "Trainer's page" not in log.read_text():
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < end, "the classroom did not start:\n" + log.read_text()
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def chromium():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--disable-gpu", "--window-size=1500,1000", "--no-first-run",
                     "--disable-extensions", "--disable-background-networking"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


class Tab:
    """One browser tab on the classroom, read as the trainee sees it."""

    def __init__(self, driver, handle: str, url: str) -> None:
        self.driver, self.handle, self.url = driver, handle, url

    def show(self) -> None:
        self.driver.switch_to.window(self.handle)

    def screen(self) -> str:
        self.show()
        data = self.driver.execute_script(
            "return window.__itms ? [window.__itms.size, window.__itms.frames.join('')] : null")
        if not data or not data[0]:
            return ""
        (width, height), frames = data
        screen = Screen(width, height)
        screen.feed(frames)
        return screen.text()

    def page_text(self) -> str:
        self.show()
        return self.driver.execute_script("return document.body.innerText")

    def wait_for(self, text: str, within: float = WAIT, *, page: bool = False) -> str:
        end = time.monotonic() + within
        while True:
            shown = self.page_text() if page else self.screen()
            if text in shown:
                return shown
            if time.monotonic() > end:
                raise AssertionError(f"{text!r} never showed in {self.url}:\n{shown}")
            time.sleep(0.3)

    def wait_for_pattern(self, pattern: str, within: float = WAIT) -> re.Match[str]:
        end = time.monotonic() + within
        while True:
            shown = self.screen()
            if found := re.search(pattern, shown):
                return found
            if time.monotonic() > end:
                raise AssertionError(f"{pattern!r} never showed in {self.url}:\n{shown}")
            time.sleep(0.3)

    def focus(self) -> None:
        """What a click on the page does for the keyboard, without clicking a widget."""
        self.show()
        self.driver.execute_script(
            "document.querySelector('.xterm-helper-textarea').focus()")

    def keys(self, *keys: str) -> None:
        from selenium.webdriver.common.by import By

        self.show()
        box = self.driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")
        for key in keys:
            box.send_keys(key)
            time.sleep(0.15)

    def ctrl(self, key: str) -> None:
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        self.show()
        ActionChains(self.driver).key_down(Keys.CONTROL).send_keys(key).key_up(
            Keys.CONTROL).perform()
        time.sleep(0.15)

    def screenshot(self, name: str) -> Path:
        self.show()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.driver.save_screenshot(str(path))
        return path

    def close(self) -> None:
        """Close this tab as a trainee does. Closing a browser's last window ends the web
        driver's session, so a blank tab is opened first when this is the only one."""
        self.show()
        if len(self.driver.window_handles) == 1:
            self.driver.switch_to.new_window("tab")
            self.show()
        self.driver.close()
        self.driver.switch_to.window(self.driver.window_handles[0])


def open_tab(driver, url: str) -> Tab:
    if len(driver.window_handles) > 1 or driver.current_url not in ("about:blank", "data:,"):
        driver.switch_to.new_window("tab")
    # Each tab is its own target: the recorder is added to this one before its page loads.
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER})
    driver.get(url)
    return Tab(driver, driver.current_window_handle, url)
