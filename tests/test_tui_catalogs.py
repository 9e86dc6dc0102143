"""The UI's words: French and English catalogs are complete and agree; every key the code asks for exists."""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import get_args

import pytest

from simulator.tui.catalog_en import STRINGS as EN
from simulator.tui.catalog_fr import STRINGS as FR

TUI = Path(__file__).resolve().parent.parent / "simulator" / "tui"


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys_and_fields():
    assert set(FR) == set(EN), f"missing in en: {sorted(set(FR) - set(EN))}; missing in fr: {sorted(set(EN) - set(FR))}"
    for key in FR:
        assert fields(FR[key]) == fields(EN[key]), key
        assert FR[key].strip() and EN[key].strip(), key


def literal_keys() -> set[str]:
    keys: set[str] = set()
    for path in TUI.rglob("*.py"):
        if path.name.startswith("catalog_") or path.name == "exam.py":
            continue  # the exam screens (another module's work) keep their own words
        keys |= set(re.findall(r"""\bt\(\s*["']([a-z_][a-z0-9_.]*)["']""", path.read_text(encoding="utf-8")))
    return keys


def test_every_key_the_code_uses_exists():
    keys = literal_keys()
    assert len(keys) > 100
    missing = sorted(k for k in keys if not k.endswith(".") and k not in FR)  # "prefix." + x: see below
    assert not missing


def test_computed_keys_exist():
    from simulator.content.spec import Sector
    from simulator.scoring import default_rubric
    from simulator.tui.cues import LEVEL_KEYS, PHASE_CRITERIA
    from simulator.tui.screens.history import CRITERIA_ORDER

    rubric_criteria = set(default_rubric().criteria)
    assert set(CRITERIA_ORDER) == rubric_criteria  # the hint and history name the rubric's criteria
    assert {c for by_block in PHASE_CRITERIA.values() for c in by_block.values()} <= rubric_criteria
    wanted = {f"criterion.{c}" for c in rubric_criteria} | {f"technique.{c}" for c in rubric_criteria}
    wanted |= {f"sector.{s}" for s in get_args(Sector)} | set(LEVEL_KEYS)
    wanted |= {f"block.{b}{suffix}" for b in ("prospection", "negociation") for suffix in ("", ".short")}
    wanted |= {f"level.{lv}" for lv in ("acquis", "en_cours", "non_acquis", "non_evalue")}
    wanted |= {f"outcome.{o}" for o in ("success", "partial", "failure", "time_up", "abandoned", "unfinished")}
    wanted |= {f"debrief.kind.{k}" for k in ("strength", "weakness", "missed")}
    wanted |= {f"lang.{code}" for code in ("fr", "en")}
    wanted |= {f"col.{c}" for c in ("title", "persona", "block", "level", "duration", "best")}
    wanted |= {f"filter.{f}{suffix}" for f in ("block", "sector", "level", "lang") for suffix in ("", ".all")}
    wanted |= {f"help.screen.{name}" for name in ("library", "briefing", "play", "debrief", "history")}
    assert not sorted(wanted - set(FR))


def test_every_binding_has_a_label_in_both_languages():
    from simulator.tui.app import NegosimApp
    from simulator.tui.bindings import binding_label
    from simulator.tui.i18n import set_lang
    from simulator.tui.screens import briefing, debrief, help, history, library, message, play
    from simulator.tui.widgets import filters, tables

    classes = [NegosimApp, briefing.BriefingScreen, briefing.BriefingOverlay, debrief.DebriefScreen, help.HelpScreen,
               history.HistoryScreen, library.LibraryScreen, library.ScenarioTable, message.MessageScreen,
               play.PlayScreen, play.ChoiceList, filters.FilterChip, tables.OpenTable]
    ids = {b.id for cls in classes for b in cls.BINDINGS if getattr(b, "id", None)}
    assert len(ids) > 20
    try:
        for lang in ("fr", "en"):
            set_lang(lang)
            for binding_id in ids:
                assert binding_id.startswith("negosim."), binding_id
                label = binding_label(binding_id)
                assert label and not label.startswith("key."), (lang, binding_id)
    finally:
        set_lang("fr")


@pytest.mark.parametrize("key", sorted(k for k in FR if not k.startswith("raw.")))
def test_french_strings_get_french_typography(key):
    from simulator.tui.i18n import catalog

    text = catalog("fr")[key]
    # no ordinary space before ; : ! ? » nor after «, once the catalog is loaded
    assert not re.search(r" [;:!?»]", text), text
    assert "« " not in text, text
