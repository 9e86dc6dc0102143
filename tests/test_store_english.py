"""The session store speaks the user's language: the English UI never shows the store's French.

A damaged journal resumed under ``--lang en``, ``negosim --lang en index rebuild`` over unreadable journals and a
journal that cannot be opened all say what happened in English; the same notices keep their French text (what
journals, JSON debriefs and older callers read), with proper plurals instead of « ligne(s) écartée(s) »."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import MINIMAL
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.cli.main import cli
from simulator.content.loader import load_scenario
from simulator.engine.session import ChoiceInput
from simulator.i18n import entries
from simulator.store.index import SessionIndex
from simulator.store.journal import Journal, JournalError, read_journal
from simulator.store.notice import Notice, shown
from simulator.store.recorder import RecordedSession

pytest_plugins = ["test_tui_support"]  # fixtures: anyio_backend, only_test_scenarios

# words only the French texts of the store use: one of them in an English screen is a leak
FRENCH = re.compile(r"journal endommagé|écartée|ligne|reprise|copie du journal|illisible|introuvable|index des sessions|"
                    r"[éèàùç«»]")


@pytest.fixture
def played(tmp_path: Path) -> RecordedSession:
    scenario = tmp_path / "mini.yaml"
    scenario.write_text(MINIMAL, encoding="utf-8")
    rec = RecordedSession.start(load_scenario(scenario), seed=5, index=SessionIndex())
    rec.step(ChoiceInput("insister"))
    rec.journal.close()
    assert rec.index is not None
    rec.index.close()
    return rec


def flat(text: str) -> str:
    return " ".join(text.split())  # the plain player wraps its lines


def test_a_damaged_journal_resumed_with_the_english_plain_player_says_so_in_english(played):
    played.path.write_bytes(played.path.read_bytes() + b"{oops\n")
    result = CliRunner().invoke(cli, ["--lang", "en", "play", "--plain", "--resume", str(played.path)], input="")
    out = flat(result.output)
    assert result.exit_code == 0, result.output
    assert ("⚠ damaged journal (line 3: unreadable line, journal damaged): 1 line set aside, resuming at turn 1, "
            "the last intact one") in out
    assert "⚠ copy of the journal as it was: " in out
    notices = out[:out.index("Session resumed")]  # what follows is the scenario's own (French) lines
    assert not FRENCH.search(notices), notices


@pytest.mark.anyio
async def test_a_damaged_journal_resumed_in_the_english_terminal_ui_is_announced_in_english(home, tmp_path,
                                                                                          only_test_scenarios):
    from test_tui_support import NEGO, make_app, until, write_scenario

    folder = tmp_path / "s"
    rec = RecordedSession.start(load_scenario(write_scenario(folder, NEGO)), seed=5, index=SessionIndex())
    rec.step(ChoiceInput("pitch"))
    rec.journal.close()
    rec.path.write_bytes(rec.path.read_bytes() + b"{oops\n")
    app = make_app(extra_dirs=[folder], lang="en")
    damaged = ("damaged journal (line 3: unreadable line, journal damaged): 1 line set aside, resuming at turn 1, the "
               "last intact one")

    def notes() -> list[str]:
        return [str(n.message) for n in app._notifications]

    def copy_noticed() -> bool:
        return any(n.startswith("copy of the journal as it was: ") for n in notes())

    async with app.run_test(size=(100, 30)) as pilot:
        app.resume_session(rec.path)
        # the notices are messages to the app: on a loaded machine one pause may come before they are handled
        await until(pilot, lambda: damaged in notes() and copy_noticed(), "the damaged journal's two notices")
        shown = notes()
    assert damaged in shown, shown
    assert any(n.startswith("copy of the journal as it was: ") for n in shown), shown
    assert not [n for n in shown if FRENCH.search(n)], shown


def test_the_same_damage_resumed_in_french_keeps_its_french_text_with_a_proper_plural(played):
    played.path.write_bytes(played.path.read_bytes() + b"{oops\n{again\n")
    result = CliRunner().invoke(cli, ["--lang", "fr", "play", "--plain", "--resume", str(played.path)], input="")
    assert result.exit_code == 0, result.output
    assert ("journal endommagé (ligne 3 : ligne illisible, journal endommagé ; ligne 4 : ligne illisible, journal "
            "endommagé) : 2 lignes écartées, reprise au tour 1, le dernier intact") in flat(result.output)


def test_negosim_lang_en_index_rebuild_gives_english_reasons(played):
    folder = played.path.parent
    (folder / "broken.jsonl").write_bytes(b"\x00\x01 not json\n")
    (folder / "empty.jsonl").write_bytes(b"")
    result = CliRunner().invoke(cli, ["--lang", "en", "index", "rebuild"])
    assert result.exit_code == 0, result.output
    assert f"{folder / 'broken.jsonl'}: journal header cannot be read" in result.output
    assert f"{folder / 'empty.jsonl'}: empty journal" in result.output
    assert not FRENCH.search(result.output), result.output


def test_a_journal_that_cannot_be_opened_is_explained_in_english_with_the_system_reason(tmp_path):
    missing = tmp_path / "gone.jsonl"
    result = CliRunner().invoke(cli, ["--lang", "en", "play", "--plain", "--resume", str(missing)])
    assert result.exit_code == 1
    assert f"{missing}: journal cannot be read (file or folder not found)" in result.output
    with pytest.raises(JournalError) as caught:
        read_journal(missing)
    # the nested reason follows the message's language; str() stays the French written in the catalog
    assert caught.value.message("en") == f"{missing}: journal cannot be read (file or folder not found)"
    assert str(caught.value) == f"{missing} : journal illisible (fichier ou dossier introuvable)"


@settings(max_examples=25)
@given(bad=st.integers(1, 7))
def test_a_damage_notice_agrees_with_its_count_in_both_languages(bad):
    """However many lines are set aside: three named, the rest counted, each noun agreeing, no « (s) »."""
    with tempfile.TemporaryDirectory() as folder:
        journal = Journal.create(Path(folder), {"scenario_id": "mini"})
        journal.close()
        header = journal.path.read_bytes().split(b"\n")[0]
        journal.path.write_bytes(b"\n".join([header, *[b"?"] * bad]) + b"\n")
        [notice] = read_journal(journal.path, salvage=True).notices
    assert isinstance(notice, Notice) and str(notice) == notice("fr") == shown(notice, "fr")
    fr, en = notice("fr"), shown(notice, "en")
    assert "(s)" not in fr and "(s)" not in en
    assert (f"{bad} ligne écartée" if bad == 1 else f"{bad} lignes écartées") in fr
    assert (f"{bad} line set aside" if bad == 1 else f"{bad} lines set aside") in en
    assert len(re.findall(r"line \d+: ", en)) == len(re.findall(r"ligne \d+ : ", fr)) == min(bad, 3)
    if bad > 3:
        assert (" ; et 1 autre)" if bad == 4 else f" ; et {bad - 3} autres)") in fr
        assert f"; and {bad - 3} more)" in en
    assert not FRENCH.search(en), en


def test_every_store_text_has_an_english_text_without_french_in_it():
    english = entries("en")
    keys = [k for k in entries("fr") if k.startswith(("err.journal.", "err.index.", "err.os."))]
    assert len(keys) > 35
    for key in keys:
        texts = english[key] if isinstance(english[key], tuple) else (english[key],)
        assert all(not re.search(r"[éèàùç«»]| : ", text) for text in texts), key


def test_a_text_the_store_did_not_write_is_shown_as_it_is():
    assert shown("disk says no", "en") == "disk says no"


def test_disk_and_index_failures_are_explained_in_english_and_keep_their_french_text():
    import errno
    import sqlite3

    from simulator.store.errors import describe_storage_error
    from simulator.store.index import describe_sqlite_error

    full = describe_storage_error(OSError(errno.ENOSPC, "No space left on device", "/data/sessions/x.jsonl"))
    assert full == "écriture impossible (/data/sessions/x.jsonl) : disque plein : libérez de la place"
    assert shown(full, "en") == "cannot write (/data/sessions/x.jsonl): disk full: free some space"
    damaged = describe_storage_error(sqlite3.DatabaseError("file is not a database"))
    assert shown(damaged, "en") == "session index unusable: index file damaged"
    busy = describe_sqlite_error(sqlite3.OperationalError("database is locked"))
    assert (busy, shown(busy, "en")) == ("index occupé par un autre processus", "index busy in another process")


def test_the_jury_report_shows_the_stores_notices_in_its_language(tmp_path):
    import random

    from exam_support import KEY, begin, play_randomly

    from simulator.content.library import resolve_scenario
    from simulator.exam.record import load_exam
    from simulator.exam.report import jury_data
    from simulator.i18n.phrase import phrase

    run, clock = begin(load_scenario(resolve_scenario("assurance-artisan")), tmp_path, candidate="C", seed=7)
    play_randomly(run, clock, random.Random(3), price_bias=0.8)
    rec = load_exam(run.path, KEY)
    rec.notices.append(Notice(phrase("err.journal.scenario_changed")))  # what a replay says when the scenario moved
    assert jury_data(rec, "en")["notices"][-1] == "the scenario has changed since this session: resuming by choice ids"
    assert jury_data(rec, "fr")["notices"][-1].replace("\u00a0", " ").replace("\u202f", " ") == (
        "le scénario a été modifié depuis cette session : reprise par identifiants de choix")
