"""The jury keys' errors, ``exam seal``, ``index rebuild`` and a cohort read from the LRS speak the user's language:
under ``--lang en`` none of their French words shows, and in French every count agrees with its noun (no « (s) »)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli_support import invoke, without_own
from exam_support import FAST_SCRYPT, PASSPHRASE, begin, exam_scenario, key_files, use_key_files
from factories import MINIMAL

from simulator.content.loader import load_scenario
from simulator.engine.session import ChoiceInput
from simulator.exam.keys import JuryKeyError, check_passphrase, generate_key, read_public_key, unlock_key
from simulator.store.index import SessionIndex
from simulator.store.paths import journals_dir
from simulator.store.recorder import RecordedSession

FRENCH = re.compile(r"\(s\)|clé|fichier|introuvable|illisible|endommagé|phrase de passe|existe|déjà|scellé|"
                    r"session retrouvée|terminée|journal illisible|ancien|sceau|déclaration|aucune|choisissez|"
                    r"indiquez|inachevée|\bou\b|\bavec\b|\bdans\b")


def english(text: str, *own: object) -> str:
    """``text`` without the user's own paths, checked to hold no French word of negosim's."""
    text = without_own(text, *own)
    assert not FRENCH.search(text), text
    return text


def bad_key_files(folder: Path) -> dict[str, Path]:
    """One broken key file per way a key file can be wrong, named by what is wrong with it."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {"missing": folder / "absent.key", "empty": folder / "empty.key", "not a key": folder / "other.key",
             "format": folder / "old.key", "field": folder / "field.key"}
    files["empty"].write_text("# nothing\n", encoding="utf-8")
    files["not a key"].write_text('{"kind": "something else"}\n', encoding="utf-8")
    files["format"].write_text('{"kind": "negosim-jury-public-key", "format": 1}\n', encoding="utf-8")
    files["field"].write_text('{"kind": "negosim-jury-public-key", "format": 2, "public": "zz"}\n', encoding="utf-8")
    return files


def test_every_broken_key_file_is_explained_in_both_languages(tmp_path: Path):
    for why, path in bad_key_files(tmp_path).items():
        with pytest.raises(JuryKeyError) as caught:
            read_public_key(path)
        err = caught.value
        assert str(path) in err.message("en") and str(path) in err.message("fr"), why
        english(err.message("en"), path)
        assert err.message("fr") != err.message("en"), why
    private, public = key_files(tmp_path / "good")
    for action, expected in ((lambda: unlock_key(public, PASSPHRASE), "this is a public key; it verifies but does not sign"),
                             (lambda: unlock_key(private, "not the passphrase"), "wrong passphrase")):
        with pytest.raises(JuryKeyError) as caught:
            action()
        assert expected in english(caught.value.message("en"), tmp_path)
        assert "clé" in caught.value.message("fr")


def test_a_short_passphrase_and_an_existing_key_in_english_and_in_french(tmp_path: Path):
    with pytest.raises(JuryKeyError) as short:
        check_passphrase("x")  # one character: French and English would each say « 1 caractères » if counted
    assert short.value.message("en") == "passphrase too short: at least 12 characters (it has 1)"
    assert short.value.message("fr").replace("\u00a0", " ") == ("phrase de passe trop courte : au moins 12 caractères "
                                                                "(elle en a 1)")
    generate_key(tmp_path / "jury.key", PASSPHRASE, scrypt_n=FAST_SCRYPT)
    with pytest.raises(JuryKeyError) as exists:
        generate_key(tmp_path / "jury.key", PASSPHRASE, scrypt_n=FAST_SCRYPT)
    assert "already exists" in english(exists.value.message("en"), tmp_path)
    assert "existe déjà" in exists.value.message("fr")


def test_keygen_and_verify_say_a_key_problem_in_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NEGOSIM_JURY_PASSPHRASE", "short")
    made = invoke("--lang", "en", "exam", "keygen", "--out", tmp_path / "jury.key")
    assert made.exit_code == 1 and "passphrase too short" in english(made.output, tmp_path), made.output
    missing = tmp_path / "absent.pub"
    record = tmp_path / "x.jsonl"
    record.write_text("{}\n", encoding="utf-8")
    verified = invoke("--lang", "en", "verify", "--key", missing, record)
    assert verified.exit_code != 0 and "key file not found" in english(verified.output, tmp_path), verified.output
    french = invoke("--lang", "fr", "verify", "--key", missing, record)
    assert "fichier de clé introuvable" in french.output


def test_exam_seal_refuses_a_sealed_record_in_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    use_key_files(monkeypatch, tmp_path / "keys")
    run, _ = begin(exam_scenario(tmp_path), tmp_path / "records")
    run.abandon()  # an abandoned exam is sealed at once
    refused = invoke("--lang", "en", "exam", "seal", run.path)
    assert refused.exit_code == 1 and "is already sealed: valid" in refused.output, refused.output
    english(refused.output, run.path)
    assert "est déjà scellé" in invoke("--lang", "fr", "exam", "seal", run.path).output


def test_index_rebuild_counts_agree_and_speak_english(tmp_path: Path):
    scenario = tmp_path / "mini.yaml"
    scenario.write_text(MINIMAL, encoding="utf-8")
    for moves in (["insister", "traiter", "conclure"], ["insister", "traiter", "conclure"], []):
        rec = RecordedSession.start(load_scenario(scenario), seed=5, learner="léa", index=SessionIndex())
        for move in moves:
            rec.step(ChoiceInput(move))
        rec.journal.close()
    (journals_dir() / "broken.jsonl").write_bytes(b"\x00\x01 not json\n")
    (journals_dir() / "broken2.jsonl").write_bytes(b"\x00\x02 not json either\n")
    result = invoke("--lang", "en", "index", "rebuild")
    assert result.exit_code == 0, result.output
    summary, *skipped = result.output.splitlines()
    assert "3 sessions found, 2 finished, 2 unreadable journals skipped; old index kept in " in summary
    english(summary, journals_dir().parent)
    # each skipped journal is named (why it is unreadable is the journal's own message, simulator/store/journal.py)
    assert [line.split(": ", 1)[0] for line in skipped] == ["  unreadable"] * 2
    french = invoke("--lang", "fr", "index", "rebuild").output.replace("\u00a0", " ").replace("\u202f", " ")
    assert "3 sessions retrouvées dont 2 terminées, 2 journaux illisibles ignorés ; ancien index gardé" in french


def test_a_cohort_from_the_lrs_gives_its_reasons_in_the_readers_language():
    from simulator.exam.cohort import Flagged
    from simulator.xapi import vocabulary as v
    from simulator.xapi.lrs_cohort import row_of

    sealed_badly = {"id": "s1", "context": {"registration": "r1", "extensions": {v.ext("exam"): {"seal": "invalid"}}}}
    no_mark = {"id": "s2", "context": {"registration": "r2"}, "result": {"extensions": {}}}
    for statement, en, fr in ((sealed_badly, 'seal "invalid" when the session was sent to the LRS',
                               "sceau « invalid » quand la session a été envoyée au LRS"),
                              (no_mark, "statement without a mark", "déclaration sans note")):
        flagged = row_of(statement)
        assert isinstance(flagged, Flagged)
        assert flagged.said("en") == en and english(flagged.said("en"))
        assert flagged.said("fr").replace("\u00a0", " ").replace("\u202f", " ") == fr


def test_playtest_import_and_schema_say_their_own_messages_in_english(tmp_path: Path):
    missing = invoke("--lang", "en", "playtest", "no-such-scenario")
    assert missing.exit_code == 2 and 'no playtest found for "no-such-scenario"' in missing.output, missing.output
    assert "aucun test de jeu trouvé" in invoke("--lang", "fr", "playtest", "no-such-scenario").output
    criteria = invoke("--lang", "en", "playtest", "--criteria")
    assert criteria.output.startswith('Criteria usable in "levels:"'), criteria.output
    story = tmp_path / "absent.twee"
    imported = invoke("--lang", "en", "import", "twee", story)
    assert imported.exit_code == 1 and "file not found" in imported.output
    kind = invoke("--lang", "en", "schema")
    assert kind.exit_code == 2 and "give the kind of file, one of: " in kind.output
    for result in (missing, imported, kind):
        english(result.output, story, "no-such-scenario")


def test_serve_refuses_an_open_classroom_in_english():
    refused = invoke("--lang", "en", "serve", "--host", "0.0.0.0")
    assert refused.exit_code == 2 and "On 0.0.0.0, anyone could play and read the history" in refused.output
    english(refused.output)
    header = invoke("--lang", "en", "serve", "--host", "0.0.0.0", "--user-header", "X-User")
    assert "(--public-url http://name-or-ip:8000)" in header.output.replace("\n", " "), header.output
    french = invoke("--lang", "fr", "serve", "--host", "0.0.0.0", "--user-header", "X-User").output
    assert "(--public-url http://nom-ou-ip:8000)" in french.replace("\n", " "), french
