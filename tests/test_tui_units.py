"""The UI's non-visual parts: mood cues, hints, the library's header cache, settings, typography, index writes."""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from test_tui_support import NEGO, write_scenario

from simulator.scoring.cues import cues, hint_for


def spec_with(**variables):
    return SimpleNamespace(variables=variables)


def int_var(lo, hi, initial, cue=True, label=None):
    return SimpleNamespace(type="int", min=lo, max=hi, initial=initial, cue=cue, label=label)


@pytest.mark.parametrize(("value", "step", "word"), [(0, 0, "cue.level.0"), (1, 0, "cue.level.0"), (3, 1, "cue.level.1"),
                                                     (5, 2, "cue.level.2"), (7, 3, "cue.level.3"), (10, 4, "cue.level.4")])
def test_cues_are_words_and_gauges_never_numbers(value, step, word):
    [cue] = cues(spec_with(patience=int_var(0, 10, 6, label="Patience")), {"patience": value})
    assert (cue.step, cue.level_key, cue.label) == (step, word, "Patience")
    assert cue.gauge == "▰" * (step + 1) + "▱" * (4 - step)
    assert not any(ch.isdigit() for ch in cue.gauge)


def test_only_int_variables_marked_cue_are_shown_with_their_trend():
    spec = spec_with(patience=int_var(0, 10, 6), secret=int_var(0, 10, 2, cue=False),
                     flag=SimpleNamespace(type="bool", cue=True))
    shown = cues(spec, {"patience": 4, "secret": 9, "flag": True}, before={"patience": 6})
    assert [c.name for c in shown] == ["patience"] and shown[0].trend == -1
    assert cues(spec, {"patience": 8}, before={"patience": 6})[0].trend == 1


def test_hint_names_a_criterion_by_phase_and_block():
    assert hint_for(["prospection"], "barrage", frozenset(), False).criterion == "p_interlocuteur"
    assert hint_for(["prospection"], "contact", frozenset(), False).criterion == "p_structure"
    assert hint_for(["negociation"], "decouverte", frozenset(), False).criterion == "n_questionnement"
    assert hint_for(["negociation"], "argumentation", frozenset({"cher"}), False).objection_open
    assert hint_for(["negociation"], "objection", frozenset({"cher"}), False).criterion == "n_objections"
    assert not hint_for(["negociation"], "objection", frozenset({"cher"}), False).objection_open
    assert hint_for(["negociation"], "decouverte", frozenset(), True).criterion == "n_prix"  # a price is expected
    assert hint_for(["prospection", "negociation"], "contact", frozenset(), False).criterion == "p_structure"
    assert hint_for(["prospection", "negociation"], "conclusion", frozenset(), False).criterion == "n_conclusion"
    assert hint_for(["negociation"], "fin", frozenset(), False) is None


def test_library_reads_headers_once_then_from_the_cache(home, tmp_path, monkeypatch):
    import simulator.store.scenario_index as index

    folder = tmp_path / "sc"
    path = write_scenario(folder)
    reads = []
    real = index.read_card
    monkeypatch.setattr(index, "read_card", lambda p: reads.append(p.name) or real(p))
    first = {c.id: c for c in index.scan_library([folder]).cards}
    assert "tui-nego" in first and "tui-nego.yaml" in reads
    card = first["tui-nego"]
    assert (card.title, card.blocks, card.sector, card.difficulty, card.duration, card.client_name, card.has_price) == (
        "Négociation : le contrat d'entretien", ("negociation",), "services", 2, 10, "Marc Lenoir", True)
    reads.clear()
    assert {c.id: c for c in index.scan_library([folder]).cards} == first
    assert reads == []  # nothing parsed: size and mtime unchanged
    path.write_text(NEGO.replace("difficulty: 2", "difficulty: 3"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    again = {c.id: c for c in index.scan_library([folder]).cards}
    assert reads == ["tui-nego.yaml"] and again["tui-nego"].difficulty == 3


def test_an_unreadable_scenario_is_a_card_with_its_error(home, tmp_path):
    from simulator.store.scenario_index import scan_library

    folder = tmp_path / "sc"
    write_scenario(folder, "id: [oups\n", name="oups.yaml")
    [card] = [c for c in scan_library([folder]).cards if c.id == "oups"]
    assert card.error and "oups.yaml" in card.error and "NS004" in card.error


def test_a_damaged_cache_or_settings_file_is_ignored(home, tmp_path):
    from simulator.store.scenario_index import scan_library
    from simulator.store.settings import Settings

    (home / "cache").mkdir(exist_ok=True)
    (home / "cache" / "scenario-headers.json").write_text("{pas du json", encoding="utf-8")
    folder = tmp_path / "sc"
    write_scenario(folder)
    assert any(c.id == "tui-nego" for c in scan_library([folder]).cards)
    (home / "settings.json").write_text("[1, 2", encoding="utf-8")
    settings = Settings.load()
    assert settings.lang is None and settings.problems and "settings.json" in settings.problems[0]
    settings.lang = "en"
    settings.save()
    assert json.loads((home / "settings.json").read_text(encoding="utf-8"))["lang"] == "en"


def test_language_comes_from_the_flag_then_the_setting_then_the_locale(monkeypatch):
    from simulator.i18n import detect_lang

    monkeypatch.setenv("NEGOSIM_LANG", "en_GB.UTF-8")
    assert detect_lang("fr", "en") == "fr"
    assert detect_lang(None, "fr") == "fr"
    assert detect_lang(None, None) == "en"
    monkeypatch.delenv("NEGOSIM_LANG")
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    assert detect_lang(None, "xx") == "fr"


def test_marks_and_numbers_follow_the_language():
    from simulator.i18n import set_lang
    from simulator.i18n.labels import format_mark

    try:
        set_lang("fr")
        assert format_mark(14.5) == "14,5/20" and format_mark(12.0) == "12/20"
        set_lang("en")
        assert format_mark(14.5) == "14.5/20"
    finally:
        set_lang("fr")


def test_no_break_spaces_hold_when_lines_wrap():
    """A French line never starts with « : » or « ? » once wrapped by Textual or Rich."""
    import io

    from rich.console import Console
    from rich.text import Text

    import simulator.tui.app  # noqa: F401 - installs the wrap rule
    from simulator.content.typography import localise

    text = localise("Je vous appelle pour vos frais de carte : ils ont doublé, non ? Et alors ; on fait quoi !", "fr")
    for width in range(20, 60):
        console = Console(width=width, file=io.StringIO(), record=True)
        console.print(Text(text))
        lines = [line.strip() for line in console.export_text().splitlines() if line.strip()]
        assert not any(line[0] in ":?;!" for line in lines), (width, lines)
    from textual._wrap import compute_wrap_offsets

    for width in range(20, 60):
        offsets = compute_wrap_offsets(text, width, 4)
        pieces = [text[a:b].strip() for a, b in zip([0, *offsets], [*offsets, len(text)])]
        assert not any(p and p[0] in ":?;!" for p in pieces), (width, pieces)


def test_background_index_writes_in_order_and_reads_after_them(home):
    from simulator.store.index_writer import BackgroundIndex

    index = BackgroundIndex()
    journal = Path(home) / "sessions" / "x.jsonl"
    index.record_start(journal, "test", "sc", "Titre", "practice", "2026-01-01T00:00:00+00:00")
    for n in range(1, 6):
        index.record_progress(journal, n, f"2026-01-01T00:00:0{n}+00:00")
    index.record_end(journal, "success", 15.5, json.dumps({"n_prix": "acquis"}), "2026-01-01T00:01:00+00:00")
    [row] = index.sessions("test")  # waits for the queue
    assert (row.turns, row.outcome, row.mark) == (5, "success", 15.5)
    assert index.best_marks("test") == {"sc": 15.5} and index.errors == []


def test_folding_whitespace_keeps_no_break_spaces():
    from simulator.content.typography import squash

    assert squash("Je vous propose 700\u00a0€.\n  Et  alors\u202f?") == "Je vous propose 700\u00a0€. Et alors\u202f?"


def test_scenarios_option_reaches_the_library(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from simulator.cli.main import cli
    from simulator.tui.app import scenario_dirs_from_env

    monkeypatch.delenv("NEGOSIM_SCENARIOS", raising=False)
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    result = CliRunner().invoke(cli, ["--scenarios", str(a), "--scenarios", str(b), "list"])
    assert result.exit_code == 0, result.output
    assert scenario_dirs_from_env() == [a, b]
    monkeypatch.delenv("NEGOSIM_SCENARIOS")
    assert scenario_dirs_from_env() == []


def test_best_marks_come_from_the_index_and_follow_its_changes(home):
    from simulator.store.index import SessionIndex
    from simulator.store.marks_cache import best_marks

    assert best_marks("test") == {}
    assert not (home / "index.sqlite3").exists()  # not created just to read marks
    index = SessionIndex()
    index.record_start(home / "a.jsonl", "test", "sc", "T", "practice", "2026-01-01T00:00:00+00:00")
    index.record_end(home / "a.jsonl", "success", 12.0, None, "2026-01-01T00:01:00+00:00")
    assert best_marks("test") == {"sc": 12.0}
    assert best_marks("test") == {"sc": 12.0}  # from the cache file
    index.record_start(home / "b.jsonl", "test", "sc", "T", "practice", "2026-01-02T00:00:00+00:00")
    index.record_end(home / "b.jsonl", "success", 15.5, None, "2026-01-02T00:01:00+00:00")
    assert best_marks("test") == {"sc": 15.5}
    assert best_marks("someone-else") == {}
