"""A real Learning Record Store for the xAPI tests: Ralph (``ralph-malph``) with its file-system backend.

Ralph runs from its own venv (``.ralph-venv`` at the repository root, made by ``.ci/run``, or here if it
is missing) as a subprocess on a free port of 127.0.0.1: ``tests/ralph/serve.py`` runs ``ralph.api:app`` with the
settings ``ralph runserver -b fs`` would write to its env file (without its auto-reloader, and with the
file-system backend appending: see that file). Users come from an auth
file (Ralph's format: username, bcrypt hash, scopes, agent).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".ralph-venv"
REQUIREMENTS = Path(__file__).resolve().parent / "ralph" / "requirements.txt"
SERVE = Path(__file__).resolve().parent / "ralph" / "serve.py"
USERNAME, PASSWORD = "negosim", "negosim-test-password"
# bcrypt of PASSWORD (cost 4: the LRS checks it on every request)
PASSWORD_HASH = "$2b$04$FXLneVByJFJcpxDb3WbFtOQaGckNJpBeKdMbP6x9tYz6oVvzXPHQC"


def ralph_python() -> Path:
    """The Ralph venv's interpreter, installing Ralph there first if needed (a few minutes, once)."""
    python = VENV / "bin" / "python"

    def installed() -> bool:  # looked up on disk: importing Ralph takes seconds
        return python.exists() and all(any(VENV.glob(f"lib/python*/site-packages/{m}/__init__.py"))
                                       for m in ("ralph", "uvicorn", "requests"))

    if installed():
        return python
    import fcntl

    with (ROOT / ".ralph-venv.lock").open("w") as lock:  # pytest-xdist workers: one installs, the others wait
        fcntl.flock(lock, fcntl.LOCK_EX)
        if installed():
            return python
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        done = subprocess.run([str(python), "-m", "pip", "install", "-q", "-r", str(REQUIREMENTS)],
                              capture_output=True, text=True)
        if done.returncode != 0 or not installed():
            raise RuntimeError(f"Ralph could not be installed in {VENV}:\n{done.stderr[-2000:]}")
    return python


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Ralph:
    """One Ralph server over one statements folder; ``stop`` and ``start`` again keep its statements."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        folder.mkdir(parents=True, exist_ok=True)
        self.auth = folder / "auth.json"
        self.auth.write_text(json.dumps([{"username": USERNAME, "hash": PASSWORD_HASH, "scopes": ["all"],
                                          "agent": {"mbox": "mailto:negosim-tests@example.org", "objectType": "Agent"}}]))

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI/"

    def start(self, timeout: float = 90.0) -> None:
        env = {**os.environ, "RALPH_AUTH_FILE": str(self.auth), "RALPH_RUNSERVER_BACKEND": "fs",
               "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.folder / "statements"),
               "RALPH_APP_DIR": str(self.folder / "app")}
        (self.folder / "statements").mkdir(exist_ok=True)
        log = (self.folder / "ralph.log").open("ab")
        self.process = subprocess.Popen([str(ralph_python()), str(SERVE), "127.0.0.1", str(self.port)],
                                        cwd=self.folder, env=env, stdout=log, stderr=log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Ralph exited ({self.process.returncode}): {(self.folder / 'ralph.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=1) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"Ralph did not answer within {timeout} s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
