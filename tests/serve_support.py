"""Helpers for the classroom-server tests (no tests here): a real ``negosim serve`` on a free port, a roster,
Debian's chromium driven by Playwright, and the text the app sent to a browser tab."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROSTER = "identifiant;nom;code\nines.m;Inès Martin;K7Q-49P-XZ\nleo;Léo Dubois;ZZ8-1AA-QW\n"
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\x1b\][^\x07]*\x07")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_serve(home: Path, *args: str, port: int | None = None) -> tuple[subprocess.Popen, str]:
    """``negosim serve`` with ``args`` in a fresh process, once it answers; returns it and its base URL."""
    port = port or free_port()
    negosim = Path(sys.executable).with_name("negosim")
    env = {**os.environ, "NEGOSIM_HOME": str(home), "NEGOSIM_LANG": "fr", "COLUMNS": "400"}  # log lines unwrapped
    env.pop("NEGOSIM_LEARNER", None)
    env.pop("NEGOSIM_SCENARIOS", None)  # the bundled library, whatever an earlier test of the worker left
    # The server's log goes to a file, never to a pipe nobody reads: a full pipe would block the server (and
    # every tab's keys with it) once enough has been logged.
    log = home / f"serve-{port}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([str(negosim), "serve", "--port", str(port), *args], stdout=out,
                                stderr=subprocess.STDOUT, env=env)
    proc.log_path = log  # type: ignore[attr-defined]  # what stop() returns
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        if proc.poll() is not None:
            raise AssertionError(f"negosim serve stopped: {log.read_text(errors='replace')}")
        try:
            urllib.request.urlopen(f"{base}/favicon.ico", timeout=1).close()
            return proc, base
        except OSError:
            time.sleep(0.05)
    proc.terminate()
    raise AssertionError("negosim serve did not answer in 10 s")


def descendants(pid: int) -> list[int]:
    """Every process started under ``pid`` (Linux /proc; empty elsewhere)."""
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        try:
            kids = [int(k) for k in Path(f"/proc/{parent}/task/{parent}/children").read_text().split()]
        except OSError:
            continue
        found += kids
        todo += kids
    return found


def stop(proc: subprocess.Popen) -> str:
    """Stop the server (it stops its apps); any app left behind is ended too, so no test leaks processes."""
    apps = descendants(proc.pid)
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    for pid in apps:
        try:
            if b"simulator.tui" in Path(f"/proc/{pid}/cmdline").read_bytes():  # still ours, not a reused id
                os.kill(pid, signal.SIGKILL)
        except OSError:
            pass  # already gone, as it should be
    return proc.log_path.read_text(encoding="utf-8", errors="replace")  # type: ignore[attr-defined]


def plain_text(chunks: list[bytes]) -> str:
    """What the app drew, without escape sequences (good enough to find words on the screen)."""
    return ANSI.sub("", b"".join(chunks).decode("utf-8", "replace"))


def launch_chromium(playwright):
    """Debian's chromium (``playwright install`` cannot download browsers here); a clear failure if absent."""
    if not Path(CHROMIUM).exists():
        raise AssertionError(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium); "
                             ".ci/run does it on a fresh machine")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def wait_for(page, expression: str, timeout: float = 20.0):
    """Poll ``expression`` in the page until truthy (Playwright's wait_for_function evaluates strings,
    which the page's Content-Security-Policy rightly forbids)."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        time.sleep(0.05)
