"""What the app start-up round of issue 19 changed still behaves as before (timings: benchmarks/bench_tui_startup.py)."""

from __future__ import annotations

import pytest
from test_tui_support import make_app

from simulator.i18n import catalog, entries, nt, t
from simulator.tui.screens.library import ScenarioTable

pytest_plugins = ["test_tui_support"]
pytestmark = pytest.mark.anyio


async def test_the_library_list_has_the_focus_from_the_first_frame(home):
    """The list is focused by the screen itself (AUTO_FOCUS), not moved there after Textual focused the search
    field: arrows move in the list at once, and the search field was never focused on the way."""
    app = make_app()
    seen: list[str | None] = []
    app.on_library_ready = lambda: seen.append(app.focused.id if app.focused else None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert seen == ["scenarios"]
        assert isinstance(app.focused, ScenarioTable)
        await pilot.press("down")
        assert app.focused.highlighted == 1


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_texts_typeset_when_first_asked_are_those_of_the_whole_catalog(lang):
    """t() typesets one text when it is first asked; catalog() typesets them all: the same words either way,
    French no-break spaces included, whichever comes first."""
    keys = list(entries(lang))
    asked = {key: t(key, lang) for key in keys[::2]}  # half asked one by one first
    whole = catalog(lang)
    assert all(whole[key] == text for key, text in asked.items())
    assert all(t(key, lang) == whole[key] for key in keys)
    if lang == "fr":  # typeset, not as written: « Rechercher : » gets its no-break space
        written = next(k for k, v in entries("fr").items() if isinstance(v, str) and " :" in v
                       and not k.startswith("raw.") and k not in asked)
        assert " :" not in t(written, "fr") and "\u00a0:" in t(written, "fr")


def test_a_plural_entry_agrees_after_lazy_typesetting():
    key = next(k for k, v in entries("fr").items() if isinstance(v, tuple))
    assert nt(key, 1, "fr") != nt(key, 2, "fr")
