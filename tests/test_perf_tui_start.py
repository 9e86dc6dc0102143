"""What the app start-up round of issue 19 changed still behaves as before (timings: benchmarks/bench_tui_startup.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_tui_support import make_app

from simulator.i18n import catalog, entries, nt, t
from simulator.tui.screens.library import ScenarioTable
from simulator.tui.widgets.search import SearchStandIn

pytest_plugins = ["test_tui_support"]
pytestmark = pytest.mark.anyio

# a fresh process, as a new start of the app: the best marks, and whether SQLite had to be opened for them
READ_MARKS = """
import sys
from simulator.store.marks_cache import best_marks
print(best_marks("test"), "sqlite3" in sys.modules)
"""


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


def _start(home: Path) -> str:
    env = {**os.environ, "NEGOSIM_HOME": str(home)}
    done = subprocess.run([sys.executable, "-c", READ_MARKS], env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_a_returning_learner_s_start_reads_the_best_marks_without_sqlite(home):
    from simulator.store.index import SessionIndex

    index = SessionIndex()
    index.record_start(home / "a.jsonl", "test", "sc", "T", "practice", "2026-01-01T00:00:00+00:00")
    index.record_end(home / "a.jsonl", "success", 12.0, None, "2026-01-01T00:01:00+00:00")
    index.close()
    assert _start(home) == "{'sc': 12.0} True"  # the index changed since the last start: read once
    # the next starts find them in the cache file (its stamp must not count the -wal file the read left open)
    assert _start(home) == "{'sc': 12.0} False"
    assert _start(home) == "{'sc': 12.0} False"


def _rows(app) -> list[str]:
    table = app.screen.query_one(ScenarioTable)
    return [str(table.get_option_at_index(i).prompt) for i in range(table.option_count)]


async def test_the_search_field_becomes_a_real_input_when_used_and_keeps_the_keys_typed_on_the_way(home):
    """The first frame has a light stand-in for the search field; ``/`` then letters typed at once (before the
    real field is in) all land in the real ``Input``, which filters the list as before."""
    from textual.widgets import Input

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        stand_in = app.screen.query_one(SearchStandIn)
        assert not app.screen.query(Input) and stand_in.value == ""
        # as the real field, it takes letters as text before the screen's keys (« h »: History) could
        assert stand_in.check_consume_key("h", "h") and not stand_in.check_consume_key("enter", None)
        everything = _rows(app)
        await pilot.press("slash", "h", "b", "o", "u", "l")  # no pause: the swap happens while these arrive
        await pilot.pause()
        assert app.screen.name == "library"  # « h » was typed, not taken as the History key
        field = app.screen.query_one("#search", Input)
        assert field.value == "hboul" and app.focused is field and not app.screen.query(SearchStandIn)
        await pilot.press("home", "delete")
        await pilot.pause()
        assert 0 < len(_rows(app)) < len(everything)  # « boul » finds the bakery's scenario, not the others
        await pilot.press("escape")  # back to the list, the search kept
        assert isinstance(app.focused, ScenarioTable) and field.value == "boul"


async def test_a_click_or_tab_on_the_search_stand_in_gives_the_real_field_the_focus(home):
    from textual.widgets import Input

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.click(SearchStandIn)
        await pilot.pause()
        assert isinstance(app.focused, Input) and app.focused.id == "search"
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("shift+tab", "shift+tab", "shift+tab", "shift+tab", "shift+tab")  # list <- chips <- search
        await pilot.pause()
        assert isinstance(app.focused, Input) and app.focused.id == "search"


async def test_the_words_searched_survive_a_language_switch(home):
    from textual.widgets import Input

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"boul", "enter")
        await pilot.pause()
        shown = _rows(app)
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen.query_one("#search", Input).value == "boul" and len(_rows(app)) == len(shown)


async def test_a_resize_still_lays_the_library_out_again(home):
    """Resize events for a size the screen already has, or no longer has, are dropped; real changes are not."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        narrow = _rows(app)[0]
        await pilot.resize_terminal(140, 40)
        await pilot.pause()
        table = app.screen.query_one(ScenarioTable)
        assert app.screen.outer_size == (140, 40) and table.outer_size.width == 138
        assert len(_rows(app)[0]) > len(narrow)  # the rows were cut again for the wider list


def test_the_start_path_loads_neither_phrases_nor_notices():
    """Phrases and notices (dataclasses built at import) are for settings or journals in trouble, not a plain start."""
    code = ("import sys\nfrom simulator.tui.app import NegosimApp\nfrom simulator.tui.screens.library import LibraryScreen\n"
            "NegosimApp()\nprint(sorted(m for m in ('simulator.i18n.phrase', 'simulator.store.notice', 'sqlite3')"
            " if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


async def test_the_key_bar_of_the_first_frame_becomes_the_real_footer_with_its_keys(home):
    """The first frame has an empty bar where the footer goes (as Textual's footer is in that frame); right after
    it, the real footer with the library's keys, clickable as before."""
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    from simulator.tui.widgets.footer_stand_in import FooterStandIn

    app = make_app()
    first: list[bool] = []
    app.on_library_ready = lambda: first.append(bool(app.screen.query(FooterStandIn)) and not app.screen.query(Footer))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert first == [True]
        assert not app.screen.query(FooterStandIn)
        keys = {key.key for key in app.screen.query_one(Footer).query(FooterKey)}
        assert {"slash", "h", "enter"} <= keys
        history = next(key for key in app.screen.query(FooterKey) if key.key == "h")
        await pilot.click(history)
        await pilot.pause()
        assert app.screen.name == "history"  # a key of the bar works as before


# a start of the app as the benchmark makes it: the library on screen, then the process ends
START = """
import gc, sys
from simulator.tui.app import NegosimApp
app = NegosimApp()
app.on_library_ready = app.exit
app.run(headless=True)
print("sqlite3" in sys.modules, gc.isenabled())
"""


def test_the_second_start_after_a_session_no_longer_opens_sqlite(home):
    """The start after a session reads the index once; the one after it finds the marks in the cache (the reading
    connection, left open until the process ended, left a -wal file that changed the index's stamp)."""
    from simulator.store.index import SessionIndex

    index = SessionIndex()
    index.record_start(home / "a.jsonl", "test", "sc", "T", "practice", "2026-01-01T00:00:00+00:00")
    index.record_end(home / "a.jsonl", "success", 12.0, None, "2026-01-01T00:01:00+00:00")
    index.close()
    env = {**os.environ, "NEGOSIM_HOME": str(home), "NEGOSIM_LEARNER": "test"}
    starts = [subprocess.run([sys.executable, "-c", START], env=env, capture_output=True, text=True, check=True)
              .stdout.split() for _ in range(2)]
    assert starts == [["True", "True"], ["False", "True"]]  # and the collector is on once the app has started


def test_loading_the_app_leaves_the_collector_on_with_what_the_imports_made_frozen():
    code = "import gc, simulator.tui.app\nprint(gc.isenabled(), gc.get_freeze_count() > 1000)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "True"]


async def test_the_collector_is_off_from_the_start_to_the_first_frame_then_on(home):
    """No automatic collection while the first screen is built; on from its first frame, with what the start made
    frozen (later collections do not scan it), and on after the app has ended."""
    import gc

    from simulator.tui.screens.library import LibraryScreen

    app = make_app()
    seen: dict[str, object] = {}
    app.on_library_ready = lambda: seen.update(ready=gc.isenabled(), frozen=gc.get_freeze_count())
    original = LibraryScreen.compose

    def compose(screen):
        seen["composing"] = gc.isenabled()
        return original(screen)

    gc.unfreeze()
    LibraryScreen.compose = compose  # type: ignore[method-assign]
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
    finally:
        LibraryScreen.compose = original  # type: ignore[method-assign]
    assert seen["composing"] is False and seen["ready"] is True and seen["frozen"] > 1000
    assert gc.isenabled()


async def test_a_collector_turned_off_by_someone_else_stays_off(home):
    """The start only turns back on what it turned off."""
    import gc

    app = make_app()
    gc.disable()
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
