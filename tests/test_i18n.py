"""Every word negosim shows: the French and English catalogs are complete and agree, every key the code asks
for exists, plurals agree with their count, French typography is applied, and no English screen speaks French."""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import get_args

from simulator.i18n import AREAS, entries, nt, t

FR = entries("fr")
EN = entries("en")
SIMULATOR = Path(__file__).resolve().parent.parent / "simulator"


def fields(entry: str | tuple[str, str]) -> set[str]:
    texts = (entry,) if isinstance(entry, str) else entry
    return {name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys_kinds_and_fields():
    assert set(FR) == set(EN), f"missing in en: {sorted(set(FR) - set(EN))}; missing in fr: {sorted(set(EN) - set(FR))}"
    for key in FR:
        assert type(FR[key]) is type(EN[key]), key  # a plural in one language is a plural in the other
        assert fields(FR[key]) == fields(EN[key]), key
        texts = (FR[key], EN[key]) if isinstance(FR[key], str) else (*FR[key], *EN[key])
        assert all(text.strip() for text in texts), key


def test_every_area_keeps_to_its_own_prefixes():
    """A key's prefix says which module holds it, so two areas can never define the same key."""
    from importlib import import_module

    owners = {"player": ("player.", "free."), "exam": ("exam.",), "report": ("report.", "record.", "phase."), "jury": ("jury.",),
              "errors": ("err.",), "cli": ("cli.",), "help": ("cli.help.",), "verify": ("verify.",), "scoring": ("scoring.",),
              "writing": ("writing.",)}
    for area in AREAS:
        for lang in ("fr", "en"):
            keys = import_module(f"simulator.i18n.{area}_{lang}").STRINGS
            prefixes = owners.get(area)
            if prefixes is None:  # the terminal UI's catalog: any prefix but the others'
                taken = tuple(p for ps in owners.values() for p in ps)
                assert not [k for k in keys if k.startswith(taken)], (area, lang)
            else:
                assert all(k.startswith(prefixes) for k in keys), (area, lang)


def literal_keys() -> set[str]:
    """Every key written literally in a t("...") or nt("...") call (or the commands' say / say_n, the scorer's and the
    written work's phrase / phrase_n) anywhere in the program."""
    keys: set[str] = set()
    for path in SIMULATOR.rglob("*.py"):
        if path.parent.name == "i18n":
            continue
        keys |= set(re.findall(r"""\b(?:n?t|say(?:_n)?|phrase(?:_n)?)\(\s*["']([a-z_][a-z0-9_.]*)["']""",
                               path.read_text(encoding="utf-8")))
    return keys


def test_every_key_the_code_uses_exists():
    keys = literal_keys()
    assert len(keys) > 200
    missing = sorted(k for k in keys if not k.endswith(".") and k not in FR)  # "prefix." + x: see below
    assert not missing


def test_computed_keys_exist():
    from simulator.content.spec import Sector
    from simulator.scoring import default_rubric
    from simulator.scoring.cues import LEVEL_KEYS, PHASE_CRITERIA
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
    from simulator.content.spec import PHASES

    wanted |= {f"phase.{p}" for p in PHASES}
    outcomes = ("success", "partial", "failure", "time_up", "abandoned", "unfinished")
    wanted |= {f"record.{o}" for o in outcomes} | {f"report.{o}" for o in outcomes}
    assert not sorted(wanted - set(FR))


def test_exam_bindings_have_labels():
    from simulator.tui.screens import exam

    ids = {b.id for cls in (exam.ExamSetupScreen, exam.ExamPreparationScreen, exam.ExamPlayScreen, exam.ExamEndScreen,
                            exam.ConfirmScreen) for b in cls.BINDINGS if (b.id or "").startswith("exam.")}
    assert len(ids) >= 8
    assert not sorted(f"exam.key.{b.removeprefix('exam.')}" for b in ids if f"exam.key.{b.removeprefix('exam.')}" not in FR)


def test_every_binding_has_a_label_in_both_languages():
    from simulator.i18n import set_lang
    from simulator.tui.app import NegosimApp
    from simulator.tui.bindings import binding_label
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


def test_french_strings_get_french_typography():
    from simulator.i18n import shown

    texts = {(key, text) for key, entry in shown("fr").items() if not key.startswith("raw.")
             for text in ((entry,) if isinstance(entry, str) else entry)}
    # no ordinary space before ; : ! ? » nor after «, once the catalog is loaded
    assert len(texts) > 450
    assert not {(k, v) for k, v in texts if re.search(r" [;:!?»]", v) or "« " in v}


def test_plurals_agree_with_their_count_as_each_language_counts():
    """French puts 0 and 1 in the singular, English only 1 (gettext's plural rules for both)."""
    for n, fr, en in ((0, "0 scénario trouvé.", "0 scenarios found."), (1, "1 scénario trouvé.", "1 scenario found."),
                      (2, "2 scénarios trouvés.", "2 scenarios found.")):
        assert nt("library.rescanned", n, "fr") == fr
        assert nt("library.rescanned", n, "en") == en
    assert nt("live.replayed", 3, "en", version=2, replayed=3) == "Scenario reloaded (version 2): 3 turns replayed."
    assert not [k for k in FR if any(mark in str(FR[k]) + str(EN[k]) for mark in ("(s)", "(ies)", "(aux)"))], \
        "a count written « tour(s) »: make it a plural entry and use nt()"


def test_a_missing_english_word_falls_back_to_french_and_a_missing_key_shows_itself():
    assert t("no.such.key", "en") == "no.such.key"
    assert t("report.debrief", "en") == "Debrief" and t("report.debrief", "fr") == "Débriefing"
    assert t("report.debrief", "de") == "Débriefing"  # an unknown language is French
