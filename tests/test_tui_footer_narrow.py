"""The key bar on narrow screens: hints that do not fit are left out whole, never cut mid-word.

At 62 columns the history's bar read « f1 A▏^p Commandes » and the interview's « b Fiche  es▏^p Commandes »: the
keys ran under the command palette's key. Now the least useful hints give way (the disabled ones first, then the
screen's last ones), and help, the way out, the screen's first key and the command palette's key stay.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_tui_support import choose, make_app, open_first_scenario, plain, until_screen
from textual.widgets._footer import FooterKey

from simulator.i18n import t
from simulator.store.index import SessionIndex
from simulator.tui.widgets.footer import APP_WIDE, FIRST, ORDINARY, Footer, left_out

pytest_plugins = ["test_tui_support"]

NARROW = (60, 62, 64, 66)


def _bar(app) -> str:
    """The bottom line of the screen as the terminal shows it."""
    return plain(app.screen._compositor.render_strips()[-1].text)


def _hints(app) -> list[str]:
    """« key Label » of every hint in the bar (the command palette's last)."""
    footer = app.screen.query_one(Footer)
    keys = sorted(footer.query(FooterKey), key=lambda key: key.has_class("-command-palette"))
    return [plain(f"{key.key_display} {key.description}") for key in keys]


def _assert_whole(app, *essential: str) -> list[str]:
    """Every hint in the bar is drawn whole, the essential ones among them; returns the hints."""
    bar, hints = _bar(app), _hints(app)
    for hint in hints:
        assert hint in bar, (hint, bar)
    for hint in (*essential, f"f1 {t('key.help')}", f"^p {t('key.palette')}"):
        assert hint in hints, (hint, bar)
    assert bar.rstrip().endswith(f"^p {t('key.palette')}"), bar
    return hints


@pytest.mark.anyio
@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_the_interview_keeps_its_way_out_and_help_at_narrow_widths(home, scenario_dir, only_test_scenarios,
                                                                         lang):
    app = make_app(extra_dirs=[scenario_dir], seed=1, lang=lang)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_first_scenario(pilot)
        await pilot.pause()
        everything = _assert_whole(app)
        # before a move (undo shown disabled), then after one (undo enabled, the price key shown)
        for turn, widths in enumerate(((68, 62), (66, 60))):
            for width in widths:
                await pilot.resize_terminal(width, 30)
                await pilot.pause()
                hints = _assert_whole(app, f"1-9 {t('key.choose')}", f"esc {t('key.leave')}")
                assert [hint for hint in everything if hint in hints] == hints  # same order, some left out
                if width == 68:  # one hint too many: the disabled one gives way, not « b Fiche » after it
                    assert f"^z {t('key.undo')}" not in hints and f"b {t('key.briefing')}" in hints, hints
            if turn == 0:
                await pilot.resize_terminal(120, 30)
                await pilot.pause()
                assert _assert_whole(app) == everything  # wide again: every hint back
                await choose(pilot, "question")
                await pilot.pause()
                everything = _assert_whole(app)
                assert f"p {t('key.price')}" in everything and f"^z {t('key.undo')}" in everything


@pytest.mark.anyio
@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_the_history_bar_at_narrow_widths(home, lang):
    index = SessionIndex()
    index.put_row(("/j/0.jsonl", "léa", "sc", "Prix", "practice", "2026-01-01T00:00:00+00:00",
                   "2026-01-01T00:00:00+00:00", 4, "success", 15.0, json.dumps({})))
    index.close()
    app = make_app(learner="léa", lang=lang)
    async with app.run_test(size=(NARROW[0], 30)) as pilot:
        app.open_history()
        await until_screen(pilot, "history")
        await pilot.pause()
        app.app_focus = False  # the terminal's window not focused: a resize still lays the bar out again
        for width in (*NARROW, 80):
            await pilot.resize_terminal(width, 30)
            await pilot.pause()
            hints = _assert_whole(app, f"esc {t('key.back')}")
            if width == 80:
                assert f"a {t('key.abandoned')}" in hints


@pytest.mark.anyio
async def test_an_exam_screen_keeps_help_before_its_way_out_when_even_they_do_not_fit(tmp_path, home,
                                                                                   only_test_scenarios):
    from test_snapshots_exam import exam_app

    app = exam_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("ctrl+s")  # the preparation: « ^s Valider la fiche  esc Arrêter l'épreuve  f5 … »
        await pilot.pause()
        assert f"esc {t('exam.key.stop')}" in _assert_whole(app)
        await pilot.resize_terminal(62, 30)
        await pilot.pause()
        assert [hint.split()[0] for hint in _assert_whole(app)] == ["^s", "f1", "^p"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 30), st.booleans(), st.integers(ORDINARY, APP_WIDE)), max_size=9),
       st.integers(0, 150))
def test_the_hints_left_out_are_the_least_worth_and_no_more_than_needed(hints, room):
    named = [(f"a{position}", width, enabled, worth) for position, (width, enabled, worth) in enumerate(hints)]
    dropped = left_out(named, room)
    kept = [hint for hint in named if hint[0] not in dropped]
    assert sum(width for _, width, _, _ in kept) <= room or not kept
    if sum(width for _, width, _, _ in named) <= room:
        assert not dropped

    def worth(position: int) -> tuple[int, bool, int]:  # the first hint is worth the most
        _, _, enabled, value = named[position]
        return (FIRST if position == 0 else value), enabled, -position

    for position, hint in enumerate(named):
        if hint[0] in dropped:  # every hint worth less went before it
            assert all(other[0] in dropped for other_position, other in enumerate(named)
                       if worth(other_position) < worth(position)), (named, room, dropped)
    if dropped:  # the last one dropped was needed: with it back, the bar would not fit
        last = max((position for position, hint in enumerate(named) if hint[0] in dropped), key=worth)
        assert sum(width for _, width, _, _ in kept) + named[last][1] > room
