"""Records and key files written by this version of the seal (tests/fixtures/exam/) keep verifying.

They pin the on-disk format a jury relies on: a record sealed today must verify with tomorrow's negosim.
Any change to a signing domain, an algorithm name, the canonical encoding, the key id or the key file's
encryption makes these fail (regenerate them only with a new seal format, and keep reading the old one).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from exam_support import KEY, OTHER_KEY, PASSPHRASE

from simulator.exam.annotate import read_annotations
from simulator.exam.keys import JuryKeyError, read_public_key, unlock_key
from simulator.exam.verify import INVALID, LATE, UNVERIFIABLE, VALID, verify_record

GOLDEN = Path(__file__).parent / "fixtures" / "exam"
KEY_ID = "8d4399f9c9923f8c"  # the test jury key's public name: sha256("negosim jury key id v2\n" + public key)[:16]


def rows(name):
    return [json.loads(x) for x in (GOLDEN / name).read_bytes().split(b"\n")[:-1]]


def test_the_key_files_unlock_to_the_test_jury_key():
    assert KEY.key_id == KEY_ID and OTHER_KEY.key_id != KEY_ID
    assert read_public_key(GOLDEN / "jury.pub").key_id == KEY_ID == read_public_key(GOLDEN / "jury.key").key_id
    unlocked = unlock_key(GOLDEN / "jury.key", PASSPHRASE)
    assert unlocked.public.raw == KEY.public.raw
    with pytest.raises(JuryKeyError, match="phrase de passe incorrecte"):
        unlock_key(GOLDEN / "jury.key", PASSPHRASE.upper())


def test_a_signed_record_of_this_format_verifies_with_the_public_key():
    public = read_public_key(GOLDEN / "jury.pub")
    v = verify_record(GOLDEN / "signed.jsonl", public)
    assert v.status == VALID and v.signed and v.key_id == KEY_ID and not v.late, v.problems
    seal, cert = rows("signed.jsonl")[-1], rows("signed.jsonl")[1]
    assert (seal["type"], seal["seal_format"], seal["alg"], seal["key_id"]) == ("seal", 2, "ed25519", KEY_ID)
    assert (cert["type"], cert["alg"], cert["key_id"]) == ("exam_key", "ed25519", KEY_ID)
    assert seal["lines"] == len(rows("signed.jsonl")) - 1
    assert v.header == rows("signed.jsonl")[0] and v.records == rows("signed.jsonl") and v.line_count == len(v.records)
    assert v.certificate == cert and v.seal == seal
    assert verify_record(GOLDEN / "signed.jsonl", None).status == UNVERIFIABLE
    assert verify_record(GOLDEN / "signed.jsonl", OTHER_KEY).status == INVALID
    notes = read_annotations(GOLDEN / "signed.jsonl", public)
    assert notes.ok and [(a.author, a.signed) for a in notes.annotations] == [("Mme Durand", True)]


def test_an_unsigned_and_a_late_record_of_this_format():
    assert verify_record(GOLDEN / "unsigned.jsonl", None).status == VALID
    assert [p.code for p in verify_record(GOLDEN / "unsigned.jsonl", KEY).problems] == ["unsigned"]
    assert rows("unsigned.jsonl")[-1]["alg"] == "sha256" and "sig" not in rows("unsigned.jsonl")[-1]
    late = verify_record(GOLDEN / "late.jsonl", KEY)
    assert late.status == LATE and late.late and late.signed
    assert rows("late.jsonl")[-1]["late"] is True
