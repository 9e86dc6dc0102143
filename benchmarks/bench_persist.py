"""Persisting a turn: the journal's append (write + fsync) alone, against the same plus the index update.

What ``RecordedSession.step`` does to save a move is ``Journal.append`` (the line, fsync'ed) then
``SessionIndex.record_progress`` (one prepared UPDATE on the kept WAL connection). Both are timed here,
turn by turn, in the same run and the same folder, in alternating blocks so machine noise hits both;
for context, the index as it was before (a new connection, the schema script and a rollback-journal
commit per turn) is timed too. Printed: the median per turn of each, the index's cost beyond the
journal's own fsync (target <= 0.4 ms), and the ratio to the journal alone.

    .venv/bin/python benchmarks/bench_persist.py [--turns 400]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from contextlib import closing
from pathlib import Path

from simulator.engine.session import ChoiceInput
from simulator.store.index import _SCHEMA, SessionIndex
from simulator.store.journal import Journal, now_iso


def old_progress(path: Path, journal: Path, turns: int, at: str) -> None:
    """The index update as it was: connect, run the schema script, commit in rollback-journal mode."""
    with closing(sqlite3.connect(path, timeout=5)) as con, con:
        con.executescript(_SCHEMA)
        con.execute("UPDATE sessions SET turns = ?, updated_at = ? WHERE journal = ?", (turns, at, str(journal)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=400)
    parser.add_argument("--block", type=int, default=20)
    args = parser.parse_args()
    alone, persisted, before = [], [], []
    with tempfile.TemporaryDirectory(dir=Path.home()) as tmp:  # a real disk, not a tmpfs where fsync is free
        folder = Path(tmp)
        index = SessionIndex(folder / "index.sqlite3")
        old_path = folder / "old.sqlite3"
        with closing(sqlite3.connect(old_path)) as con:
            con.executescript(_SCHEMA)
        journals = {kind: Journal.create(folder / kind, {"scenario_id": "bench"}) for kind in ("a", "p", "o")}
        for journal in journals.values():
            index.record_start(journal.path, "bench", "bench", "Bench", "practice", now_iso())
        with closing(sqlite3.connect(old_path)) as con, con:
            con.execute("INSERT INTO sessions (journal, learner, scenario_id, started_at, updated_at) "
                        "VALUES (?, 'bench', 'bench', '', '')", (str(journals["o"].path),))
        move = ChoiceInput("bench")
        for _ in range(0, args.turns, args.block):
            for _ in range(args.block):
                start = time.perf_counter()
                journals["a"].append(move)
                alone.append(time.perf_counter() - start)
            for _ in range(args.block):
                journal = journals["p"]
                start = time.perf_counter()
                journal.append(move)
                index.record_progress(journal.path, journal.count, now_iso())
                persisted.append(time.perf_counter() - start)
            for _ in range(args.block):
                journal = journals["o"]
                start = time.perf_counter()
                journal.append(move)
                old_progress(old_path, journal.path, journal.count, now_iso())
                before.append(time.perf_counter() - start)
        assert not index.errors, index.errors
        index.close()
    a, p, o = (statistics.median(x) * 1000 for x in (alone, persisted, before))
    print(f"turns timed per kind: {len(alone)} (alternating blocks of {args.block})")
    print(f"journal append + fsync alone           : median {a:6.3f} ms")
    print(f"journal + index (kept WAL connection)  : median {p:6.3f} ms   ratio to journal {p / a:5.2f}")
    print(f"journal + index as before (per-turn)   : median {o:6.3f} ms   ratio to journal {o / a:5.2f}")
    extra = p - a
    print(f"index cost beyond the journal's fsync  : {extra:6.3f} ms (before: {o - a:.3f} ms)   target <= 0.4 ms   "
          f"{'OK' if extra <= 0.4 else 'HORS CIBLE'}")


if __name__ == "__main__":
    main()
