"""Counted words agree with their count instead of « tag(s) », « lien(s) », « clé(s) », « Bloc(s) »: the Twine
import's warnings, the acts table of the authoring guide, the xAPI settings' problems (which also speak English)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.authoring.docgen import acts_table
from simulator.authoring.twee import import_twee
from simulator.xapi.config import load_config


def warning(story: str, code: str) -> str:
    found = [d.message.replace("\u00a0", " ") for d in import_twee(story, "t.twee").warnings if d.code == code]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("tags", "expected"), [
    ("zorglub", "tag sans équivalent negosim, ignoré : zorglub"),
    ("zorglub bidule", "tags sans équivalent negosim, ignorés : zorglub, bidule")])
def test_unknown_twine_tags_are_counted(tags: str, expected: str):
    message = warning(f":: Start\n[[Go->Fin]]\n:: Fin [success {tags}]\nOk.\n", "NS616")
    assert message == expected and "(s)" not in message


@pytest.mark.parametrize(("links", "expected"), [
    ("[[Recommencer->Start]]", "passage de fin : lien « Recommencer » vers le départ non repris comme choix"),
    ("[[Recommencer->Start]]\n[[Encore->Start]]",
     "passage de fin : liens « Recommencer », « Encore » vers le départ non repris comme choix")])
def test_links_back_to_the_start_from_an_ending_are_counted(links: str, expected: str):
    message = warning(f":: Start\nBonjour.\n[[Go->Fin]]\n:: Fin [success]\nBravo.\n{links}\n", "NS621")
    assert message == expected.replace("\u00a0", " ")


def test_the_acts_table_heads_its_blocks_column_without_a_bracketed_plural():
    table = acts_table()
    assert "| Identifiant | Libellé | Blocs | Qualité |" in table and "(s)" not in table


@pytest.mark.parametrize(("keys", "french", "english"), [
    (["endpont"], "clé inconnue dans « xapi » : endpont (attendues :", 'unknown key in "xapi": endpont (expected:'),
    (["endpont", "grop"], "clés inconnues dans « xapi » : endpont, grop (attendues :",
     'unknown keys in "xapi": endpont, grop (expected:')])
def test_unknown_xapi_settings_are_counted_and_said_in_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                keys: list[str], french: str, english: str):
    monkeypatch.delenv("NEGOSIM_LRS_ENDPOINT", raising=False)
    (tmp_path / "settings.json").write_text(json.dumps({"xapi": dict.fromkeys(keys, "x")}), encoding="utf-8")
    [problem] = load_config(tmp_path).problems
    assert french in str(problem).replace("\u00a0", " ").replace("\u202f", " ")
    assert english in problem.message("en") and "(s)" not in str(problem)


def test_a_bad_lrs_address_is_said_in_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NEGOSIM_LRS_ENDPOINT", "lrs.example")
    [problem] = load_config(tmp_path).problems
    assert problem.message("en") == 'LRS address "lrs.example": http:// or https:// expected; nothing will be sent'
