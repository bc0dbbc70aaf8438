"""The browser tests' shared parts: ``streamlit run app.py`` on a free loopback port, Debian's
chromium driven by Playwright, and waits on the app's state.

Under ``CI=true`` the browser tests must run: a missing chromium or playwright is a failure.
Elsewhere they may be missing, and the tests are skipped.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI") == "true"
#: Bounds on every wait, in seconds.
START_TIMEOUT = 40.0
STOP_TIMEOUT = 10.0
UI_TIMEOUT_MS = 30_000
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def missing(what: str) -> None:
    """Fail under CI, else skip: ``what`` is not available."""
    if IN_CI:
        pytest.fail(f"{what} is missing: the browser test must run when CI=true")
    pytest.skip(f"{what} is not available here")


def chromium() -> str:
    """The path of Debian's chromium."""
    path = shutil.which("chromium")
    if path is None:
        missing("chromium")
    assert path is not None
    return path


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"streamlit exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    pytest.fail(f"streamlit was not healthy within {START_TIMEOUT} s:\n{log.read_text()}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's process group (its own session), then SIGKILL if it lingers."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=STOP_TIMEOUT)
            return
        except subprocess.TimeoutExpired:
            continue


@contextmanager
def streamlit_server(folder: Path, env: Mapping[str, str] | None = None) -> Iterator[str]:
    """``streamlit run app.py`` on a free loopback port (its log in ``folder``); its base URL.

    ``env`` adds to the environment (e.g. ``R57_DATABASE_URL``); the store's database is
    otherwise a file in ``folder``, never the checkout's.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = folder / "server.log"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "app.py"),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    environment = {
        **os.environ,
        "R57_DATABASE_URL": f"sqlite:///{folder / 'studies.db'}",
        **(env or {}),
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_healthy(url, process, log)
            yield url
        finally:
            _stop(process)


@contextmanager
def chromium_browser() -> Iterator[Any]:
    """A Playwright browser on Debian's chromium (``new_context`` gives isolated sessions)."""
    executable = chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright (Python)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser: Any) -> Any:
    """A page in a new context (its own cookies and session), with a tall viewport:
    Streamlit scrolls inside its own container."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1500, "height": 2400})
    return context.new_page()


def idle(page: Any) -> None:
    """Wait until the app's script has finished running."""
    page.wait_for_selector(
        "[data-testid=stApp][data-test-script-state=notRunning]", timeout=UI_TIMEOUT_MS
    )


def go(page: Any, title: str) -> None:
    """Move to another page through the sidebar (a new URL would start a new session)."""
    page.get_by_role("link", name=title).click()
    page.get_by_role("heading", name=title).wait_for(timeout=UI_TIMEOUT_MS)
    idle(page)
