"""Where the bundled content lives, in a source checkout and in an installed package."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


@cache
def _content_root() -> Path:
    # An installed wheel carries the content inside the package; a checkout keeps it at the top.
    inside = _PACKAGE / "_bundled"
    if (inside / "scenarios").is_dir():
        return inside
    return _PACKAGE.parent


def scenarios_dir() -> Path:
    return _content_root() / "scenarios"


def rubrics_dir() -> Path:
    return _content_root() / "rubrics"


def acts_file() -> Path:
    return rubrics_dir() / "acts.yaml"


def schemas_dir() -> Path:
    return _PACKAGE / "schemas"


def bundled_scenario_files() -> list[Path]:
    return sorted(p for p in scenarios_dir().glob("*.yaml") if p.is_file())


DEFAULT_SCENARIO = "banque-boulangerie"
