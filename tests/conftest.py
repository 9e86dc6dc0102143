"""Shared fixtures: every test gets its own data dir, never the user's real one. And the Hypothesis profiles.

Locally, Hypothesis draws fresh examples on every run and keeps the failing ones in ``.hypothesis/`` (git
ignored) to replay them first next time. In CI (``CI`` set), it explores too, but reproducibly: the seed
comes from the commit being tested, so a new commit tries new examples and rerunning one commit tries the
same ones; the seed is printed in the log with the command that reruns it. The properties that guard a
jury's trust (seal, MAC, journal) use the ``thorough`` profile: many more examples in CI.
"""

from __future__ import annotations

import gc
import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import Phase, settings
from hypothesis.database import DirectoryBasedExampleDatabase

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

CI = bool(os.environ.get("CI"))
FALLBACK_SEED = 22  # when the commit cannot be read (no git, not a clone): still reproducible
THOROUGH_EXAMPLES = 600 if CI else 150  # CI: 4x, about 15 s more in all

# No deadline anywhere: the machines are shared and noisy, and a deadline is an absolute-time assertion.
settings.register_profile("dev", deadline=None,
                          database=DirectoryBasedExampleDatabase(ROOT / ".hypothesis" / "examples"))
# No database in CI: a fresh clone has none, and the seed alone must say which examples were run.
settings.register_profile("ci", deadline=None, print_blob=True, derandomize=False, database=None)
# Mutation testing (tools/mutate.py sets NEGOSIM_MUTATION): a property that fails has killed its mutant, so
# its example is not shrunk (shrinking a mutant's failure can take a minute); same examples, same verdicts.
settings.register_profile("mutation", deadline=None, database=None,
                          phases=[Phase.explicit, Phase.reuse, Phase.generate])
settings.load_profile("mutation" if os.environ.get("NEGOSIM_MUTATION") else "ci" if CI else "dev")
# Registered after loading, so it inherits the profile above; a test uses it as
# ``@settings(settings.get_profile("thorough"), ...)``.
settings.register_profile("thorough", max_examples=THOROUGH_EXAMPLES, deadline=None)


def commit_seed() -> tuple[int, str]:
    """The CI seed, from the commit being tested (hashed), and where it came from."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10,
                              check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        head = ""
    if not head:
        return FALLBACK_SEED, "fixed seed: no commit to derive it from (git missing or not a clone)"
    digest = hashlib.sha256(f"negosim hypothesis {head}".encode()).digest()
    return int.from_bytes(digest[:8], "big"), f"from commit {head[:12]}"


_SEED_ORIGIN = pytest.StashKey[str]()


@pytest.hookimpl(tryfirst=True)  # before Hypothesis's own pytest_configure reads --hypothesis-seed
def pytest_configure(config: pytest.Config) -> None:
    if CI and config.getoption("hypothesis_seed", None) is None:
        seed, origin = commit_seed()
        config.option.hypothesis_seed = str(seed)
        config.stash[_SEED_ORIGIN] = origin


def _seed_line(config: pytest.Config) -> str | None:
    seed = config.getoption("hypothesis_seed", None)
    if seed is None:
        return None
    origin = config.stash.get(_SEED_ORIGIN, "given with --hypothesis-seed")
    return (f"Hypothesis profile {'ci' if CI else 'dev'}, seed {seed} ({origin}); "
            f"to rerun these examples: CI=1 .venv/bin/pytest --hypothesis-seed={seed}")


def pytest_report_header(config: pytest.Config) -> str | None:
    return _seed_line(config)


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:  # noqa: ANN001
    line = _seed_line(config)
    if line:
        terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("negosim-home")
    monkeypatch.setenv("NEGOSIM_HOME", str(home))
    monkeypatch.setenv("NEGOSIM_LEARNER", "test")
    monkeypatch.setenv("NEGOSIM_LANG", "fr")
    # `negosim --scenarios DIR` sets this in the process (for the apps it starts). Set then deleted here, so
    # that monkeypatch records it and deletes it again after the test: a plain delenv of an absent variable
    # records nothing, and the value a test's CLI call left behind leaked into later tests of the worker
    # (the classroom server, started before this fixture, showed a deleted test scenario first).
    monkeypatch.setenv("NEGOSIM_SCENARIOS", "")
    monkeypatch.delenv("NEGOSIM_SCENARIOS")
    # The interface language is process state (simulator.i18n.set_lang): a test that switched to English
    # (a CLI call with --lang en, an app's language key) must not leave the next test of the worker in English.
    import simulator.i18n

    monkeypatch.setattr(simulator.i18n, "_current", "fr")
    yield home
    # The terminal app freezes its heap once a conversation is on screen (simulator.tui.collector) and may stop
    # the collector between a key and its reply: in a test worker that state outlives the app, and every later
    # load then kept its tree frozen (the fuzz tests ran 20-40 times slower after one TUI test). Undo it.
    gc.unfreeze()
    gc.enable()


@pytest.fixture
def home() -> Path:
    return Path(os.environ["NEGOSIM_HOME"])


@pytest.fixture
def paris_time() -> Iterator[None]:
    """Local time in Paris (a POSIX rule: no time-zone database needed): the dates a jury or a spreadsheet reads."""
    import time

    old = os.environ.get("TZ")
    os.environ["TZ"] = "CET-1CEST,M3.5.0,M10.5.0/3"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()
