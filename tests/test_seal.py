"""Seal, verify and the jury key: every way a record can go wrong is named, with its line."""

from __future__ import annotations

import hashlib
import json
import os
import stat

import pytest
from exam_support import KEY, OTHER_KEY, begin, exam_scenario

from simulator.engine.session import ChoiceInput
from simulator.exam.annotate import AnnotationError, add_annotation, annotations_path, read_annotations
from simulator.exam.keys import JuryKeyError, generate_key, load_key, parse_secret
from simulator.exam.seal import canonical, compute_mac
from simulator.exam.verify import INVALID, UNVERIFIABLE, VALID, verify_record
from simulator.store.journal import _encode


@pytest.fixture
def record(tmp_path):
    scenario = exam_scenario(tmp_path)
    run, clock = begin(scenario, tmp_path / "r", preparation=0)
    for _ in range(3):
        clock.advance(20)
        run.step(ChoiceInput(run.session.choices()[0].id))
    if not run.ended:
        run.abandon()
    return run.path


def lines_of(path):
    return path.read_bytes().split(b"\n")[:-1]


def write_lines(path, lines):
    path.write_bytes(b"\n".join(lines) + b"\n")


def codes(v):
    return [p.code for p in v.problems]


def test_canonical_is_the_journal_encoding():
    sample = {"b": "é « x »", "a": [1, 2], "prev": None}
    assert canonical(sample) == _encode(sample)


def test_a_fresh_record_verifies_with_its_key_only(record):
    assert verify_record(record, KEY).status == VALID
    wrong = verify_record(record, OTHER_KEY)
    assert wrong.status == INVALID and codes(wrong) == ["wrong_key"] and "mauvaise clé" in wrong.problems[0].message
    none = verify_record(record, None)
    assert none.status == UNVERIFIABLE and codes(none) == ["no_key"]


def test_changed_line_is_named(record):
    lines = lines_of(record)
    data = json.loads(lines[3])
    data["input"] = {"choice": "partir"}  # someone rewrites the candidate's move
    lines[3] = canonical(data)
    write_lines(record, lines)
    v = verify_record(record, KEY)
    assert v.status == INVALID and codes(v) == ["broken_chain"]
    assert v.problems[0].line == 5 and "ligne 4 a été modifiée" in v.problems[0].message


def test_recomputed_chain_is_caught_by_the_signature(record):
    """Whoever edits a line and rebuilds every ``prev`` still cannot forge the MAC without the key."""
    lines = [json.loads(x) for x in lines_of(record)]
    lines[3]["input"] = {"choice": "partir"}
    prev = None
    out = []
    for data in lines:
        data["prev"] = prev
        raw = canonical(data)
        out.append(raw)
        prev = hashlib.sha256(raw).hexdigest()
    write_lines(record, out)
    v = verify_record(record, KEY)
    assert v.status == INVALID and codes(v) == ["seal_mismatch"] and "chaîne recalculée" in v.problems[0].message


def test_unsigned_seal_detects_corruption_but_not_a_rebuilt_chain(tmp_path):
    scenario = exam_scenario(tmp_path)
    run, clock = begin(scenario, tmp_path / "r", key=None, preparation=0)
    run.abandon()
    raw = run.path.read_bytes()
    run.path.write_bytes(raw.replace(b'"abandoned"', b'"success!!"', 1))
    assert verify_record(run.path).status == INVALID
    # what the unsigned seal does NOT prove: a careful forger recomputes it (documented in docs/exam.md)
    lines = [json.loads(x) for x in raw.split(b"\n")[:-1]]
    assert compute_mac(lines[-1], None) == lines[-1]["mac"]


def test_deleted_inserted_and_moved_lines(record):
    lines = lines_of(record)
    write_lines(record, lines[:3] + lines[4:])
    v = verify_record(record, KEY)
    assert "broken_chain" in codes(v) and v.problems[0].line == 4
    write_lines(record, lines[:4] + [lines[2]] + lines[4:])
    v = verify_record(record, KEY)
    assert v.status == INVALID and any("insérées ou déplacées" in p.message or "modifiée" in p.message for p in v.problems)
    swapped = lines[:3] + [lines[4], lines[3]] + lines[5:]
    write_lines(record, swapped)
    assert "broken_chain" in codes(verify_record(record, KEY))


def test_truncated_and_missing_seal(record):
    raw = record.read_bytes()
    record.write_bytes(raw[:-1])  # only the final newline is gone
    v = verify_record(record, KEY)
    assert codes(v)[0] == "truncated" and "tronqué" in v.problems[0].message
    record.write_bytes(raw[: raw.rindex(b"\n", 0, len(raw) - 1) + 1])  # the seal line is cut off
    v = verify_record(record, KEY)
    assert codes(v) == ["not_sealed"] and "tronqué" in v.problems[0].message
    record.write_bytes(b"")
    assert codes(verify_record(record, KEY)) == ["empty"]
    record.unlink()
    assert codes(verify_record(record, KEY)) == ["unreadable"]


def test_lines_after_the_seal_and_rewritten_seal(record):
    raw = record.read_bytes()
    seal = json.loads(raw.split(b"\n")[-2])
    extra = canonical({"type": "annotation", "comment": "ajout", "prev": "x"})
    record.write_bytes(raw + extra + b"\n")
    v = verify_record(record, KEY)
    assert "after_seal" in codes(v)
    # the same seal, written with different spacing: same JSON, different bytes
    spaced = json.dumps(seal, ensure_ascii=False, sort_keys=True).encode("utf-8")
    head = raw[: raw.rindex(b"\n", 0, len(raw) - 1) + 1]
    record.write_bytes(head + spaced + b"\n")
    assert codes(verify_record(record, KEY)) == ["seal_rewritten"]


def test_unfinished_practice_journal_is_not_sealed(tmp_path):
    from simulator.store.recorder import RecordedSession

    rec = RecordedSession.start(exam_scenario(tmp_path), seed=1, folder=tmp_path / "p")
    rec.step(ChoiceInput("presenter"))
    v = verify_record(rec.path, KEY)
    assert codes(v) == ["not_sealed"] and "inachevée" in v.problems[0].message


# ---------------------------------------------------------------- keys

def test_keygen_creates_a_private_key_and_never_overwrites(tmp_path, monkeypatch):
    monkeypatch.delenv("NEGOSIM_JURY_KEY", raising=False)
    path, key = generate_key(tmp_path / "k" / "jury.key")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_key(path).key_id == key.key_id
    with pytest.raises(JuryKeyError, match="existe déjà"):
        generate_key(path)
    _, other = generate_key(path, force=True)
    assert other.key_id != key.key_id and stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_key_sources_and_bad_keys(tmp_path, monkeypatch, home):
    monkeypatch.delenv("NEGOSIM_JURY_KEY", raising=False)
    monkeypatch.delenv("NEGOSIM_JURY_KEY_FILE", raising=False)
    assert load_key() is None  # no key anywhere: unsigned seals
    path, key = generate_key()  # default place: the data dir
    assert path == home / "jury.key" and load_key().key_id == key.key_id
    monkeypatch.setenv("NEGOSIM_JURY_KEY", "une phrase de passe assez longue")
    assert load_key().source == "variable NEGOSIM_JURY_KEY"
    monkeypatch.setenv("NEGOSIM_JURY_KEY", "court")
    with pytest.raises(JuryKeyError, match="trop courte"):
        load_key()
    with pytest.raises(JuryKeyError, match="introuvable"):
        load_key(tmp_path / "absent.key")
    assert parse_secret("# commentaire\n" + "ab" * 32 + "\n", "x") == bytes.fromhex("ab" * 32)
    loose = tmp_path / "loose.key"
    loose.write_text("ab" * 32)
    loose.chmod(0o644)
    assert load_key(loose).warnings and "chmod 600" in load_key(loose).warnings[0]


# ---------------------------------------------------------------- annotations

def test_annotations_are_signed_chained_and_bound_to_the_seal(record):
    raw = record.read_bytes()
    add_annotation(record, KEY, "Mme Durand", "2025-06-02T10:00:00+00:00", "Bonne découverte.",
                   {"n_prix": "Concession sans contrepartie."}, "admissible", known_criteria={"n_prix"})
    add_annotation(record, KEY, "M. Bernard", "2025-06-02T10:05:00+00:00", "D'accord.")
    assert record.read_bytes() == raw  # the record itself is never touched
    check = read_annotations(record, KEY)
    assert check.ok and [a.author for a in check.annotations] == ["Mme Durand", "M. Bernard"]
    assert check.annotations[0].criteria == {"n_prix": "Concession sans contrepartie."} and check.annotations[0].signed
    # tamper with the first annotation
    path = annotations_path(record)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Bonne découverte.", "Excellente découverte."), encoding="utf-8")
    assert {p.code for p in read_annotations(record, KEY).problems} >= {"annotation_mismatch", "annotation_chain"}


def test_annotation_refused_on_a_bad_record_or_bad_input(record):
    with pytest.raises(AnnotationError, match="qui annote"):
        add_annotation(record, KEY, " ", "t", "x")
    with pytest.raises(AnnotationError, match="rien à ajouter"):
        add_annotation(record, KEY, "A", "t", "  ")
    with pytest.raises(AnnotationError, match="inconnu"):
        add_annotation(record, KEY, "A", "t", "", {"n_inconnu": "x"}, known_criteria={"n_prix"})
    with pytest.raises(AnnotationError, match="non valide"):
        add_annotation(record, OTHER_KEY, "A", "t", "x")
    record.write_bytes(record.read_bytes()[:-1])
    with pytest.raises(AnnotationError, match="non valide"):
        add_annotation(record, KEY, "A", "t", "x")


def test_annotation_of_another_record_is_detected(tmp_path, record):
    add_annotation(record, KEY, "A", "t", "commentaire")
    scenario = exam_scenario(tmp_path)
    run, clock = begin(scenario, tmp_path / "other", preparation=0, seed=9)
    run.abandon()
    annotations_path(run.path).write_bytes(annotations_path(record).read_bytes())  # copied next to another record
    assert "annotation_record" in {p.code for p in read_annotations(run.path, KEY).problems}
