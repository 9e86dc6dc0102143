"""The layers the build enforces: import-linter's contracts in pyproject.toml hold (core below front ends,
the plain player and the terminal UI independent, Textual and Rich in the UI package only)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint), "--no-cache", "--config", "pyproject.toml"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout and "3 kept" in done.stdout


def test_the_words_and_the_moved_helpers_load_no_ui():
    code = ("import sys, simulator.i18n, simulator.i18n.labels, simulator.scoring.cues, simulator.store.branches, "
            "simulator.store.settings, simulator.store.index_writer, simulator.store.marks_cache, "
            "simulator.store.scenario_index, simulator.player.plain; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich') or m.startswith('simulator.tui')))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
