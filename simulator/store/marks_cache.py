"""The library's "best mark" column without opening SQLite at start-up (no Textual here).

The best marks come from the session index; they are kept in a small JSON file next to the header
cache, valid while the index file has the same size and modification time. Any write to the index
(a session started, a turn, an end) changes those, and the next start reads SQLite again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .paths import data_dir, index_path


def _stamp(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    try:  # the index is in WAL mode: a write changes the -wal file until it is checkpointed into the database
        wal = path.with_name(path.name + "-wal").stat()
    except OSError:
        return [st.st_mtime_ns, st.st_size]
    return [st.st_mtime_ns, st.st_size, wal.st_mtime_ns, wal.st_size]


def best_marks(learner: str) -> dict[str, float]:
    index = index_path()
    stamp = _stamp(index)
    if stamp is None:
        return {}  # no session yet: nothing to read, and no database created just for this
    cache = data_dir() / "cache" / "best-marks.json"
    try:
        saved = json.loads(cache.read_text(encoding="utf-8"))
        if saved.get("stamp") == stamp and saved.get("learner") == learner and isinstance(saved.get("marks"), dict):
            return {str(k): float(v) for k, v in saved["marks"].items()}
    except (OSError, ValueError, TypeError, AttributeError):
        pass
    from .index import SessionIndex

    reader = SessionIndex(index)
    try:
        marks = reader.best_marks(learner)
    finally:
        # closed at once, the last connection takes its -wal file with it: the index is as the stamp saw it, so
        # the next start matches it (left open until the process ended, the -wal made the next stamp differ)
        reader.close()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_name(cache.name + f".{os.getpid()}.tmp")
        # the stamp taken before reading: the connection just opened keeps a -wal file until the process ends, and
        # a stamp taken now would count it, so no later start (the file gone) would ever match it
        tmp.write_text(json.dumps({"stamp": stamp, "learner": learner, "marks": marks}), encoding="utf-8")
        os.replace(tmp, cache)
    except OSError:
        pass
    return marks
