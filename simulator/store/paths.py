"""Where negosim keeps the learner's data: the platform's user data dir, or NEGOSIM_HOME."""

from __future__ import annotations

import os
import time
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


def crash_log(text: str) -> Path:
    """Write an unexpected error's details where a trainer can find them."""
    try:
        folder = data_dir() / "logs"
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path.cwd()
    path = folder / f"crash-{time.strftime('%Y%m%d-%H%M%S')}.log"
    path.write_text(text, encoding="utf-8")
    return path
