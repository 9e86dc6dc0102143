"""Snapshots: choosing a scenario (the library, its light theme, the preparation sheet, a terminal too small)."""

from __future__ import annotations

from snapshot_support import library  # noqa: F401 - fixture
from test_tui_support import make_app

pytest_plugins = ["test_tui_support"]


def test_library(snap_compare, library):  # noqa: F811
    """The first screen: the scenario list with its filters, the highlighted scenario's detail."""
    assert snap_compare(make_app(extra_dirs=[library]))


def test_library_wide_light_theme(snap_compare, library, home):  # noqa: F811
    """The same list, wide, in the light theme saved in the settings."""
    (home / "settings.json").write_text('{"theme": "negosim-clair"}', encoding="utf-8")
    assert snap_compare(make_app(extra_dirs=[library]), terminal_size=(120, 36))


def test_briefing(snap_compare, library):  # noqa: F811
    """The preparation sheet of the negotiation: context, offer, prices, objective."""
    assert snap_compare(make_app(extra_dirs=[library]), press=["down", "enter", "_"])


def test_too_small(snap_compare, library):  # noqa: F811
    """Below the minimum size, one notice says how large the terminal must be."""
    assert snap_compare(make_app(extra_dirs=[library]), terminal_size=(50, 15))
