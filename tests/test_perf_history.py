"""Opening the history fast (issue 19) without changing what it shows: the progress figures kept in the index
(never stale whoever writes, read from one row, added to an index written before the cache without touching its
sessions, skipped where it cannot be added), the chart laid out once per width exactly as Rich draws it, and each
row's fields in one cell, under their column titles."""

from __future__ import annotations

import json
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_tui_support import make_app

from simulator.store.index import _INSERT, LEVELS, SessionIndex, _summarise
from simulator.store.index_writer import BackgroundIndex

pytest_plugins = ["test_tui_support"]

# The schema of the indexes written before the progress cache (main at 06d9b7a), as a learner's data dir holds it.
OLD_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    journal TEXT PRIMARY KEY, learner TEXT NOT NULL, scenario_id TEXT NOT NULL,
    scenario_title TEXT NOT NULL DEFAULT '', mode TEXT NOT NULL DEFAULT 'practice', started_at TEXT NOT NULL,
    updated_at TEXT NOT NULL, turns INTEGER NOT NULL DEFAULT 0, outcome TEXT, mark REAL, criteria TEXT
);
CREATE INDEX IF NOT EXISTS sessions_by_learner ON sessions(learner, started_at);
CREATE INDEX IF NOT EXISTS sessions_by_scenario ON sessions(scenario_id, started_at);
"""

learners = st.sampled_from(["léa", "paul"])
criteria = st.dictionaries(st.sampled_from(["n_prix", "n_conclusion"]), st.sampled_from(LEVELS), max_size=2)
ends = st.tuples(st.sampled_from(["success", "failure", "abandoned"]), st.one_of(st.none(), st.floats(0, 20)),
                 criteria.map(json.dumps))
# what writers do to the index: the recorder's three writes, a rebuild's whole row, and an older negosim's plain
# SQL (it knows nothing of the cache: only the triggers can keep the cache right for it)
operations = st.one_of(
    st.tuples(st.just("start"), st.integers(0, 5), learners, st.integers(0, 9)),
    st.tuples(st.just("progress"), st.integers(0, 5), st.integers(1, 9)),
    st.tuples(st.just("end"), st.integers(0, 5), ends),
    st.tuples(st.just("put"), st.integers(0, 5), learners, st.integers(0, 9), ends),
    st.tuples(st.just("old_update"), st.integers(0, 5), ends),
    st.tuples(st.just("old_move"), st.integers(0, 5), learners, st.integers(0, 9)),
    st.tuples(st.just("old_delete"), st.integers(0, 5)),
    st.tuples(st.just("read"), st.just(0), learners),
)


def apply(index: SessionIndex, op: tuple) -> None:
    kind, n, *rest = op
    journal = f"/j/{n}.jsonl"
    con = index._connection()
    if kind == "start":
        learner, day = rest
        index.record_start(journal, learner, "sc", "T", "practice", f"2026-01-0{day}")
    elif kind == "progress":
        index.record_progress(journal, rest[0], "2026-02-01")
    elif kind == "end":
        index.record_end(journal, *rest[0], "2026-02-01")
    elif kind == "put":
        learner, day, (outcome, mark, crit) = rest
        index.put_row((journal, learner, "sc", "T", "practice", f"2026-01-0{day}", "x", 1, outcome, mark, crit))
    elif kind == "old_update":
        con.execute("UPDATE sessions SET outcome = ?, mark = ?, criteria = ? WHERE journal = ?", (*rest[0], journal))
        con.commit()
    elif kind == "old_move":
        con.execute("UPDATE sessions SET learner = ?, started_at = ? WHERE journal = ?",
                    (rest[0], f"2026-01-0{rest[1]}", journal))
        con.commit()
    elif kind == "old_delete":
        con.execute("DELETE FROM sessions WHERE journal = ?", (journal,))
        con.commit()
    else:
        index.progress(rest[0], 3, horizon=4)  # fills the cache


@settings(max_examples=45, deadline=None)
@given(ops=st.lists(operations, max_size=25))
def test_the_kept_figures_are_always_those_worked_out_from_the_rows(tmp_path_factory, ops):
    index = SessionIndex(tmp_path_factory.mktemp("cache") / "index.sqlite3")
    for op in ops:
        apply(index, op)
        for learner in ("léa", "paul"):
            # small last and horizon, so that rows fall in and out of the figures as they are written
            assert index.progress(learner, 3, horizon=4) == _summarise(index._connection(), learner, 3, 4)
    index.close()


def test_an_opening_reads_the_kept_figures_not_the_sessions(tmp_path, monkeypatch):
    index = SessionIndex(tmp_path / "index.sqlite3")
    for i in range(12):
        index.put_row((f"/j/{i}.jsonl", "léa", "sc", "T", "practice", f"2026-01-01T{i:02d}", "x", 1, "success",
                       10.0 + i, json.dumps({"n_prix": LEVELS[i % 3]})))
    first = index.progress("léa", 5)
    parses = []
    monkeypatch.setattr("simulator.store.index._levels", lambda text: parses.append(text) or [])
    assert index.progress("léa", 5) == first and parses == []  # kept: no session's criteria parsed again
    assert first[0] == [17.0, 18.0, 19.0, 20.0, 21.0]


def test_a_finished_session_has_its_learners_figures_ready_for_the_next_opening(tmp_path):
    index = BackgroundIndex(tmp_path / "index.sqlite3")
    index.record_start("/j/1.jsonl", "léa", "sc", "T", "practice", "2026-01-01")
    index.record_end("/j/1.jsonl", "success", 14.5, json.dumps({"n_prix": "acquis"}), "2026-01-01")
    index.flush()
    kept = index._connection().execute("SELECT learner, chart FROM progress_cache").fetchall()
    assert [(learner, json.loads(chart)) for learner, chart in kept] == [
        ("léa", {"marks": [14.5], "levels": {"n_prix": ["acquis"]}})]
    index.close()


def test_an_index_written_before_the_cache_keeps_its_sessions_and_shows_its_chart(tmp_path):
    path = tmp_path / "index.sqlite3"
    rows = [(f"/j/{i}.jsonl", "léa", "sc", f"Scénario {i}", "practice", f"2026-01-{1 + i:02d}", "x", 3,
             "success", 8.0 + i, json.dumps({"n_prix": LEVELS[i % 3], "n_conclusion": "acquis"})) for i in range(6)]
    with sqlite3.connect(path) as con:
        con.executescript(OLD_SCHEMA)
        con.executemany(_INSERT, rows)
    con.close()
    index = SessionIndex(path)
    assert index.progress("léa", 30) == ([8.0, 9.0, 10.0, 11.0, 12.0, 13.0],
                                         {"n_prix": [LEVELS[i % 3] for i in range(6)], "n_conclusion": ["acquis"] * 6})
    assert [tuple(vars(r).values()) for r in index.sessions("léa")] == rows[::-1]  # every session as it was
    index.close()
    with sqlite3.connect(path) as con:  # an older negosim finishing a session: its figures are dropped
        con.execute("UPDATE sessions SET mark = 20 WHERE journal = '/j/5.jsonl'")
    con.close()
    assert SessionIndex(path).progress("léa", 30)[0][-1] == 20.0


def test_an_older_index_that_cannot_take_the_cache_is_read_without_it(tmp_path, monkeypatch):
    path = tmp_path / "index.sqlite3"
    with sqlite3.connect(path) as con:
        con.executescript(OLD_SCHEMA)
        con.execute(_INSERT, ("/j/1.jsonl", "léa", "sc", "T", "practice", "2026-01-01", "x", 3, "success", 12.0, None))
    con.close()
    monkeypatch.setattr("simulator.store.index._CACHE_SCHEMA", "BEGIN; CREATE TABLE x (a); SELECT * FROM nowhere;")
    index = SessionIndex(path)
    assert index.progress("léa", 30) == ([12.0], {})
    assert not index._connection().execute("SELECT name FROM sqlite_master WHERE name = 'x'").fetchall()  # undone
    index.close()


def _finished(index: SessionIndex, n: int, title: str = "Scénario", mode: str = "practice") -> None:
    for i in range(n):
        at = f"2026-01-01T00:{i // 60:02d}:{i % 60:02d}+00:00"
        index.put_row((f"/j/{title}-{i}.jsonl", "léa", "sc", f"{title} {i}", mode, at, at, i, "success",
                       8.0 + i % 12, json.dumps({"n_prix": LEVELS[i % 3], "p_structure": "acquis"})))


@pytest.mark.anyio
async def test_the_chart_is_what_rich_draws_at_its_width_even_after_a_resize(home):
    from rich.console import Console

    from simulator.tui.screens.history import ProgressChart

    index = SessionIndex()
    _finished(index, 40)
    index.close()
    app = make_app(learner="léa")
    async with app.run_test(size=(110, 36)) as pilot:
        app.open_history()
        await pilot.pause()
        chart = app.screen.query_one(ProgressChart)
        for size in ((110, 36), (64, 30)):  # the chart's columns narrow with the screen
            if size != app.size:
                await pilot.resize_terminal(*size)
                await pilot.pause()
            width = chart.content_size.width
            drawn = Console(width=width, force_terminal=True, color_system=None).render_lines(chart.chart, pad=False)
            assert chart.laid_out_for == width
            assert str(chart.content).split("\n") == ["".join(s.text for s in line) for line in drawn]
            assert "Note globale" in str(chart.content)


@pytest.mark.anyio
async def test_each_field_of_a_row_starts_under_its_column_title(home):
    index = SessionIndex()
    _finished(index, 3, title="Négociation d'un contrat-cadre pluriannuel avec une centrale d'achat", mode="exam")
    index.close()
    app = make_app(learner="léa")
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_history()
        await pilot.pause()
        table = app.screen.query_one("#history-table")
        header = next(iter(table.columns.values())).label.plain
        starts = [header.index(title) for title in ("Date", "Scénario", "Tours", "Issue", "Note")]
        row = table.get_row_at(0)[0].plain
        fields = [row[a:b].rstrip() for a, b in zip(starts, [*starts[1:], len(row)], strict=True)]
        assert fields[1].startswith("Négociation d'un contrat-cadre") and fields[1].endswith("… (examen)")  # cut, tag kept
        assert fields[2:] == ["2", "réussite", "10/20"] and len(row) == len(header)
