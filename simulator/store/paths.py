"""Where negosim keeps the learner's data: the platform's user data dir, or NEGOSIM_HOME."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


def data_dir() -> Path:
    override = os.environ.get("NEGOSIM_HOME")
    if override:
        path = Path(override).expanduser()
    else:
        from platformdirs import user_data_path

        path = user_data_path("negosim", appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def journals_dir() -> Path:
    path = data_dir() / "sessions"
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_scenarios_dir() -> Path:
    path = data_dir() / "scenarios"
    path.mkdir(parents=True, exist_ok=True)
    return path


def index_path() -> Path:
    return data_dir() / "index.sqlite3"


def crash_log(text: str) -> Path | None:
    """Write an unexpected error's details where a trainer can find them: the data folder's ``logs``, or
    else the system's temporary folder (never the current directory); None if nowhere is writable."""
    name = f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
    for folder in _log_folders():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            path.write_text(text, encoding="utf-8")
        except OSError:
            continue
        return path
    return None


def _log_folders() -> Iterator[Path]:
    try:
        yield data_dir() / "logs"
    except OSError:
        pass
    yield Path(tempfile.gettempdir()) / "negosim-logs"
