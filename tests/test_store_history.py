"""The History screen at any size: read once per opening, a page of rows at a time, names shown as typed;
and the index's progress figures, read from the newest sessions only, equal the same over every row."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_tui_support import make_app, screen_text

from simulator.store.index import _INSERT, LEVELS, SessionIndex, SessionRow

pytest_plugins = ["test_tui_support"]

SIZE = (100, 30)


def fill(index: SessionIndex, n: int, learner: str = "léa", title: str = "Scénario") -> list[str]:
    """``n`` finished sessions (one abandoned in ten), newest last; returns their journals, newest first."""
    journals = []
    for i in range(n):
        journal = f"/nowhere/{i:05d}.jsonl"
        at = f"2026-01-01T{i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}+00:00"
        index.record_start(journal, learner, "sc", f"{title} {i}", "practice", at)
        outcome = "abandoned" if i % 10 == 9 else "success"
        index.record_end(journal, outcome, 10 + i % 10, json.dumps({"n_prix": LEVELS[i % 3]}), at)
        if outcome != "abandoned":
            journals.append(journal)
    return journals[::-1]


@pytest.mark.anyio
async def test_markup_in_a_learner_name_or_a_title_is_shown_as_typed(home):
    index = SessionIndex()
    fill(index, 3, learner="[/oops] [b]Léa", title="Prix [red]bas[/red]")
    index.close()
    app = make_app(learner="[/oops] [b]Léa")
    async with app.run_test(size=SIZE) as pilot:
        app.open_history()
        await pilot.pause()
        assert app.screen.name == "history"
        text = screen_text(app)
        assert "[/oops] [b]Léa" in text
        table = app.screen.query_one("#history-table")
        assert table.row_count == 3 and "Prix [red]bas[/red] 2" in table.get_row_at(0)[0].plain


@pytest.mark.anyio
async def test_history_reads_one_page_and_grows_as_the_cursor_goes_down(home, monkeypatch):
    from simulator.tui.screens.history import PAGE

    index = SessionIndex()
    expected = fill(index, 2 * PAGE + 30)
    index.close()
    app = make_app(learner="léa")
    async with app.run_test(size=SIZE) as pilot:
        reads = []
        real_page = SessionIndex.page
        monkeypatch.setattr(SessionIndex, "page", lambda self, *a, **k: reads.append(a) or real_page(self, *a, **k))
        app.open_history()
        await pilot.pause()
        table = app.screen.query_one("#history-table")
        assert table.row_count == PAGE and len(reads) == 1  # read once on opening (not again on its resume)
        await pilot.press("ctrl+end")  # the cursor on the last row loaded: the next page comes
        await pilot.pause()
        assert table.row_count == 2 * PAGE
        table.scroll_end(animate=False)  # scrolling near the end (mouse, page keys) does it too
        await pilot.pause()
        assert table.row_count == len(expected)  # every session reached, the abandoned ones left out
        assert [str(key.value) for key in table.rows] == expected
        assert app.screen.current().journal == expected[PAGE - 1]  # the cursor stayed where it was
        await pilot.press("ctrl+end")
        await pilot.pause()
        assert app.screen.current().journal == expected[-1]  # Enter opens the session under the cursor
        await pilot.press("a")  # the abandoned ones too, from the first page again
        await pilot.pause()
        assert table.row_count == PAGE


@pytest.mark.anyio
async def test_progress_chart_and_reload_after_coming_back(home):
    index = SessionIndex()
    fill(index, 40)
    index.close()
    app = make_app(learner="léa")
    async with app.run_test(size=SIZE) as pilot:
        app.open_history()
        await pilot.pause()
        assert "Note globale" in screen_text(app)
        from textual.screen import Screen

        app.push_screen(Screen())  # a session or a debrief opened from the history
        await pilot.pause()
        app.session_index.record_start("/nowhere/new.jsonl", "léa", "sc", "Nouvelle", "practice", "2027-01-01T00:00:00")
        app.pop_screen()
        await pilot.pause()
        assert "Nouvelle" in app.screen.query_one("#history-table").get_row_at(0)[0].plain


def reference_progress(rows: list[SessionRow]) -> tuple[list[float], dict[str, list[str]]]:
    """The chart's figures worked out the plain way, over every row (what the history did before paging)."""
    marks, levels = [], {}
    for row in sorted((r for r in rows if r.finished and r.outcome != "abandoned"), key=lambda r: r.started_at):
        if row.mark is not None:
            marks.append(row.mark)
        try:
            criteria = json.loads(row.criteria) if row.criteria else {}
        except ValueError:
            criteria = {}
        for cid, level in criteria.items() if isinstance(criteria, dict) else ():
            if level in LEVELS:
                levels.setdefault(cid, []).append(level)
    return marks, levels


criteria_json = st.one_of(
    st.none(), st.just("not json"), st.just("[1, 2]"),
    st.dictionaries(st.sampled_from(["n_prix", "n_conclusion", "p_structure"]),
                    st.sampled_from([*LEVELS, "non_evalue"]), max_size=3).map(json.dumps))
session = st.tuples(st.sampled_from(["léa", "paul"]), st.sampled_from([None, "success", "failure", "abandoned"]),
                    st.one_of(st.none(), st.floats(0, 20)), criteria_json)


@settings(max_examples=40, deadline=None)
@given(sessions=st.lists(session, max_size=50), last=st.integers(1, 6))
def test_index_progress_is_the_last_of_the_progress_over_every_row(tmp_path_factory, sessions, last):
    index = SessionIndex(tmp_path_factory.mktemp("progress") / "index.sqlite3")
    con = index._connection()
    con.executemany(_INSERT, [(f"/j/{i}.jsonl", learner, "sc", "T", "practice", f"2026-01-01T{i:05d}",
                               f"2026-01-01T{i:05d}", 1, outcome, mark, criteria)
                              for i, (learner, outcome, mark, criteria) in enumerate(sessions)])
    con.commit()
    for learner in ("léa", "paul", None):
        marks, levels = reference_progress(index.sessions(learner))
        assert index.progress(learner, last) == (marks[-last:], {c: s[-last:] for c, s in levels.items()})
    index.close()


def test_index_progress_reads_no_more_than_its_horizon(tmp_path):
    index = SessionIndex(tmp_path / "index.sqlite3")
    for i in range(30):
        at = f"2026-01-01T00:00:{i:02d}"
        criteria = json.dumps({"n_prix": "acquis"} if i < 10 else {"n_conclusion": "en_cours"})  # n_prix: oldest only
        index.put_row((f"/j/{i}.jsonl", "léa", "sc", "T", "practice", at, at, 1, "success", 12.0, criteria))
    marks, levels = index.progress("léa", last=5, horizon=20)  # the 20 newest: n_prix is not among them
    assert marks == [12.0] * 5 and levels == {"n_conclusion": ["en_cours"] * 5}
    assert index.progress("léa", last=5, horizon=30)[1]["n_prix"] == ["acquis"] * 5


@pytest.mark.parametrize("learner", ["léa", None])
def test_page_is_the_sessions_newest_first_a_slice_at_a_time(tmp_path, learner):
    index = SessionIndex(tmp_path / "index.sqlite3")
    fill(index, 25)
    fill(index, 5, learner="paul")
    every = [r for r in index.sessions(learner) if r.outcome != "abandoned"]
    pages = [index.page(learner, offset, 7) for offset in range(0, len(every) + 7, 7)]
    assert [r for page in pages for r in page] == every
    assert index.page(learner, 0, 100, abandoned=True) == index.sessions(learner)
