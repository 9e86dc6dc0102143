"""What the library shows about each scenario, read from the file's top-level keys only.

Opening the library must not validate every scenario (that is done when one is opened): we read the
header fields with the safe YAML reader and keep them in a small cache keyed by the file's size and
modification time, so a warm start reads one JSON file and a few ``stat`` calls.

The bundled scenarios' cards also ship with the package (``scenarios/headers.json``, written by
``python -m simulator.store.scenario_index``; a test fails when it is stale), so even a first start on an
empty data dir parses no YAML: the YAML reader is imported only for the learner's own files.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, NamedTuple

from ..content.typography import squash
from .paths import data_dir

CACHE_VERSION = 1


class ScenarioCard(NamedTuple):
    """One scenario as the library lists it. A named tuple, not a dataclass: it is made at every start, and a
    dataclass compiles six generated methods when its module loads (about 1 % of the app's start)."""

    path: str
    id: str
    title: str
    language: str = "fr"
    blocks: tuple[str, ...] = ()
    sector: str = ""
    difficulty: int = 0
    duration: int = 0
    summary: str = ""
    client_name: str = ""
    client_role: str = ""
    client_company: str = ""
    has_price: bool = False
    error: str | None = None  # the file could not be read: shown, and opening it shows the full diagnostics

    @property
    def persona(self) -> str:
        who = ", ".join(p for p in (self.client_name, self.client_role) if p)
        return f"{who} — {self.client_company}" if self.client_company else who


class LibraryListing:
    """The cards found, and the folders they were looked for in."""

    __slots__ = ("cards", "folders")

    def __init__(self, cards: list[ScenarioCard] | None = None, folders: list[Path] | None = None) -> None:
        self.cards = cards if cards is not None else []
        self.folders = folders if folders is not None else []


def _text(value: Any) -> str:
    return squash(value) if isinstance(value, str) else ""


def card_from_data(path: Path, data: Any) -> ScenarioCard:
    if not isinstance(data, dict):
        return ScenarioCard(str(path), path.stem, path.stem, error="not_a_mapping")
    persona = data.get("persona")
    persona = persona if isinstance(persona, dict) else {}
    client = persona.get("client")
    client = client if isinstance(client, dict) else {}
    blocks = data.get("blocks")
    blocks = blocks if isinstance(blocks, list) else []
    language = data.get("language")
    difficulty = data.get("difficulty")
    duration = data.get("duration_minutes")
    return ScenarioCard(
        path=str(path), id=_text(data.get("id")) or path.stem, title=_text(data.get("title")) or path.stem,
        language=language if language == "fr" or language == "en" else "fr",
        blocks=tuple(b for b in blocks if isinstance(b, str)), sector=_text(data.get("sector")),
        difficulty=difficulty if isinstance(difficulty, int) and not isinstance(difficulty, bool) else 0,
        duration=duration if isinstance(duration, int) and not isinstance(duration, bool) else 0,
        summary=_text(data.get("summary")), client_name=_text(client.get("name")),
        client_role=_text(client.get("role")), client_company=_text(client.get("company")),
        has_price=isinstance(data.get("price"), dict),
    )


def read_card(path: Path) -> ScenarioCard:
    from ..content.diagnostics import ContentError
    from ..content.yaml_source import load_document

    try:
        doc = load_document(path)
    except ContentError as exc:
        first = exc.diagnostics[0].render() if exc.diagnostics else str(exc)
        return ScenarioCard(str(path), path.stem, path.stem, error=first)
    return card_from_data(path, doc.data)


SHIPPED_NAME = "headers.json"


def shipped_index_path() -> Path:
    from ..content.bundled import scenarios_dir

    return scenarios_dir() / SHIPPED_NAME


def build_shipped_index() -> dict[str, Any]:
    """The bundled scenarios' cards by file name, with each file's size and SHA-256 (the test's staleness check)."""
    import hashlib

    from ..content.bundled import bundled_scenario_files

    files = {}
    for path in bundled_scenario_files():
        blob = path.read_bytes()
        card = read_card(path)._asdict()
        del card["path"]  # where the package is installed is known only at run time
        files[path.name] = {"size": len(blob), "sha256": hashlib.sha256(blob).hexdigest(), "card": card}
    return {"version": CACHE_VERSION, "files": files}


def render_shipped_index(index: dict[str, Any]) -> str:
    return json.dumps(index, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _load_shipped() -> dict[str, Any]:
    return _load_cache(shipped_index_path())


def _shipped_card(shipped: dict[str, Any], path: Path, size: int) -> ScenarioCard | None:
    """The shipped card of a bundled file, if it is one and has the size it was indexed with."""
    entry = shipped.get(path.name)
    if not isinstance(entry, dict) or entry.get("size") != size or path.parent != shipped_index_path().parent:
        return None
    return _card_from_cache({"card": {**entry.get("card", {}), "path": str(path)}})


def _cache_path() -> Path:
    return data_dir() / "cache" / "scenario-headers.json"


def _load_cache(path: Path) -> dict[str, Any]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict) or raw.get("version") != CACHE_VERSION or not isinstance(raw.get("files"), dict):
        return {}
    files: dict[str, Any] = raw["files"]
    return files


def _card_from_cache(entry: Any) -> ScenarioCard | None:
    try:
        card = dict(entry["card"])
        card["blocks"] = tuple(card.get("blocks", ()))
        return ScenarioCard(**card)
    except (KeyError, TypeError, ValueError):
        return None


def scan_library(extra_dirs: list[Path] | None = None, use_cache: bool = True) -> LibraryListing:
    """Cards for the bundled scenarios, the user's folder and any extra folders, in that order."""
    from ..content.library import scenario_files, scenario_folders

    cache_file = _cache_path()
    cache = _load_cache(cache_file) if use_cache else {}
    shipped = _load_shipped() if use_cache else {}
    fresh: dict[str, Any] = {}
    cards: list[ScenarioCard] = []
    changed = False
    for path in scenario_files(extra_dirs):
        key = str(path.resolve())
        try:
            st = path.stat()
        except OSError:
            continue
        stamp = [st.st_mtime_ns, st.st_size]
        entry = cache.get(key)
        card = _card_from_cache(entry) if isinstance(entry, dict) and entry.get("stamp") == stamp else None
        if card is None or card.path != str(path):
            card = _shipped_card(shipped, path, st.st_size)
        if card is None:
            card = read_card(path)
            changed = True
        fresh[key] = {"stamp": stamp, "card": card._asdict()}
        cards.append(card)
    if changed or set(fresh) != set(cache):
        _save_cache(cache_file, fresh)
    return LibraryListing(cards, scenario_folders(extra_dirs))


def _save_cache(path: Path, files: dict[str, Any]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"version": CACHE_VERSION, "files": files}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # the cache only saves time; a read-only data dir still shows the library


def write_shipped_index() -> Path:
    """Regenerate ``scenarios/headers.json`` after changing a bundled scenario."""
    path = shipped_index_path()
    path.write_text(render_shipped_index(build_shipped_index()), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_shipped_index())
