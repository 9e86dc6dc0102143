"""Shared fixtures: every test gets its own data dir, never the user's real one."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the same examples every time (a red CI must be reproducible); developers get fresh ones.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("negosim-home")
    monkeypatch.setenv("NEGOSIM_HOME", str(home))
    monkeypatch.setenv("NEGOSIM_LEARNER", "test")
    monkeypatch.setenv("NEGOSIM_LANG", "fr")
    # `negosim --scenarios DIR` sets this in the process: undone after each test by monkeypatch
    monkeypatch.delenv("NEGOSIM_SCENARIOS", raising=False)
    return home


@pytest.fixture
def home() -> Path:
    return Path(os.environ["NEGOSIM_HOME"])
