"""What the mutation run of exam/verify.py (issue 21) showed no test checked: why an unsealed record has no seal (the
exam stopped during the written work, after the end, or before), and which line signatures the report names when the
seal does not vouch for the lines (a late seal, a seal whose signature is wrong)."""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path

import pytest
from exam_support import KEY, begin, exam_scenario
from golden_forgeries import lines, rows
from hypothesis import example, given, settings
from hypothesis import strategies as st

from simulator.exam.clock import iso
from simulator.exam.keys import SigningKey
from simulator.exam.seal import (
    LATE_DOMAIN,
    LINE_DOMAIN,
    PLAIN_ALG,
    SEAL_DOMAIN,
    SESSION_DOMAIN,
    canonical,
    message,
    plain_digest,
)
from simulator.exam.verify import INVALID, LATE, VALID, verify_record

SESSION = SigningKey.generate()  # the exam's session key, kept here so that a test can sign like the exam did
SIGNED = rows("signed.jsonl")  # header, certificate, six lines, seal


def verified(raw_lines: list[bytes], key=None):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "record.jsonl"
        path.write_bytes(b"\n".join(raw_lines) + b"\n")
        return verify_record(path, key)


def chained(records: list[dict], sign=None) -> list[bytes]:
    """The records as negosim writes them, each linked to the one before; ``sign(i, data)`` adds a signature."""
    prev, out = None, []
    for i, data in enumerate(records):
        data = {k: v for k, v in data.items() if k not in ("sig", "mac")} | {"prev": prev}
        if sign is not None:
            sign(i, data)
        raw = canonical(data)
        out.append(raw)
        prev = hashlib.sha256(raw).hexdigest()
    return out


# -- why there is no seal

def exam(event: str) -> dict:
    return {"type": "exam", "event": event, "at": "2025-06-02T08:00:00+00:00"}


EVENTS = ["writing_started", "writing_ended", "interview_started", "interview_ended", "pause"]
LINE = st.one_of(
    st.builds(exam, st.sampled_from(EVENTS)),
    st.builds(lambda e: {"type": "note", "event": e}, st.sampled_from(EVENTS)),  # not an exam event: not read
    st.just({"type": "input", "n": 1}),
    st.just({"type": "end", "outcome": "failure"}),
)


@settings(max_examples=60)
@given(body=st.lists(LINE, max_size=8))
@example(body=[exam("writing_started")])
@example(body=[exam("writing_started"), exam("writing_ended"), {"type": "end", "outcome": "failure"}])
@example(body=[exam("writing_started"), exam("pause")])
@example(body=[exam("writing_started"), {"type": "note", "event": "writing_ended"}])
@example(body=[exam("writing_ended"), {"type": "note", "event": "writing_started"}])
def test_an_unsealed_record_says_whether_the_exam_stopped_during_the_written_work(body):
    """The written work follows the interview: a record whose last writing event is its start stopped during it
    (« negosim exam seal » can seal it); otherwise it ended unsealed (an end line) or stopped before the end."""
    v = verified(chained([SIGNED[0], *body]))
    writing = [d["event"] for d in body if d["type"] == "exam" and d["event"] in ("writing_started", "writing_ended")]
    why = "writing" if writing and writing[-1] == "writing_started" else \
        "ended" if any(d["type"] == "end" for d in body) else "unfinished"
    assert [(p.code, p.reason.key, p.line) for p in v.problems] == [("not_sealed", f"verify.not_sealed.{why}", None)]
    assert v.status == INVALID and v.seal is None


# -- which line signatures are named

def signer(spoiled: set[int], seal: str):
    """Signs like the exam (the certificate by the jury, the lines by the session key), except the ``spoiled`` lines
    (a signature of other bytes: well formed, wrong) and the seal as ``seal`` says."""
    def sign(i: int, data: dict) -> None:
        if i == 1:
            data["session_key"] = SESSION.public.raw.hex()
            data["sig"] = KEY.sign(message(data, SESSION_DOMAIN))
        elif data["type"] != "seal":
            data["sig"] = SESSION.sign(b"other bytes" if i in spoiled else message(data, LINE_DOMAIN))
        elif seal == "late by the jury":
            data["sig"] = KEY.sign(message(data, LATE_DOMAIN))
        else:  # the session key: the exam's own seal, a late seal it cannot have made, or a wrong signature
            data["sig"] = SESSION.sign(b"other bytes" if seal == "wrong signature" else message(data, SEAL_DOMAIN))
    return sign


@settings(max_examples=40)
@given(spoiled=st.sets(st.integers(2, 6)),
       seal=st.sampled_from(["by the exam", "wrong signature", "late by the jury", "late by the session key"]))
def test_the_report_names_every_wrongly_signed_line_unless_the_exams_seal_vouches_for_them(spoiled, seal):
    """The exam's own seal, signed by the session key, vouches for every line chained before it (only that key could
    have signed them); any other seal leaves each line's signature to be checked and named (issue 21)."""
    records = [dict(r) for r in SIGNED]
    late = seal.startswith("late")
    if late:
        records[-1]["late"] = True
    v = verified(chained(records, signer(spoiled, seal)), KEY.public)
    sealed_at = len(records)  # the seal's 1-based line
    if seal == "by the exam":
        assert (v.status, v.problems) == (VALID, [])
        return
    bad = sorted(i + 1 for i in spoiled) + ([sealed_at] if seal == "wrong signature" else [])
    named = [p.reason.fields["lines"] for p in v.problems if p.code == "bad_signature"]
    assert named == ([bad] if bad else [])
    mismatch = [p.line for p in v.problems if p.code == "seal_mismatch"]
    assert mismatch == ([sealed_at] if seal == "late by the session key" else [])
    assert v.status == (LATE if seal == "late by the jury" and not spoiled else INVALID)


# -- the verdict's one line

def late_unsigned() -> list[bytes]:
    """The unsigned golden record sealed after the fact without a key (``negosim exam seal`` with no jury key)."""
    records = [dict(r) for r in rows("unsigned.jsonl")]
    seal = records[-1]
    records[-1] = {"type": "seal", "seal_format": seal["seal_format"], "late": True, "alg": PLAIN_ALG, "key_id": None,
                   "sealed_at": "2025-06-02T09:00:00+00:00", "lines": len(records) - 1}

    def sign(i: int, data: dict) -> None:
        if data["type"] == "seal":
            data["mac"] = plain_digest(data, LATE_DOMAIN)
    return chained(records, sign)


def test_each_verdict_says_which_key_signed_in_each_language():
    signed = verified(lines("signed.jsonl"), KEY.public)
    assert (signed.status, signed.summary("fr"), signed.summary("en"), signed.headline("en")) == (
        VALID, "valide — signé avec la clé de jury 8d4399f9c9923f8c", "valid — signed with jury key 8d4399f9c9923f8c",
        "valid — signed with jury key 8d4399f9c9923f8c")
    late = verified(late_unsigned())
    assert (late.status, late.signed, late.problems) == (LATE, False, [])
    assert late.summary("en") == "sealed after the fact (unsigned): record intact up to the interruption, not valid as an exam"
    assert late.summary("fr").replace("\u00a0", " ") == ("scellé après coup (non signé) : enregistrement intact jusqu'à "
                                                         "l'interruption, ne vaut pas épreuve")


@pytest.mark.parametrize("change, key", [({"alg": "ed25519"}, "verify.bad_seal.no_cert"),
                                         ({"alg": "rsa"}, "verify.bad_seal.alg"),
                                         ({"mac": "abc"}, "verify.bad_seal.mac"),
                                         ({"outcome": "success"}, "verify.seal_mismatch")])
def test_an_unsigned_seal_that_cannot_be_trusted_is_named_on_its_own_line(change, key):
    records = [dict(r) for r in rows("unsigned.jsonl")]
    mac = records[-1]["mac"]
    records[-1].update(change)

    def keep_mac(i: int, data: dict) -> None:  # the seal keeps the digest it had, or the one the change gives
        if data["type"] == "seal":
            data["mac"] = change.get("mac", mac)
    v = verified(chained(records, keep_mac))
    assert [(p.code, p.reason.key, p.line) for p in v.problems] == [
        ("seal_mismatch" if key == "verify.seal_mismatch" else "bad_seal", key, len(records))]


def test_certificates_out_of_place_are_named_together_with_their_count():
    records = [dict(r) for r in SIGNED]
    records[3:3] = [dict(SIGNED[1])]
    records[6:6] = [dict(SIGNED[1])]
    records[-1]["lines"] = len(records) - 1
    found = [p for p in verified(chained(records), KEY.public).problems if p.code == "misplaced_cert"]
    assert [(p.line, p.reason.fields, p.text("en")) for p in found] == [
        (4, {"lines": [4, 7]}, "unexpected exam certificate on lines 4, 7 (there is only one, on line 2)")]
    assert found[0].message == "certificat d'épreuve inattendu lignes 4, 7 (il n'y en a qu'un, en ligne 2)"


def test_lines_rewritten_are_named_together_with_their_count():
    spaced = [b'{"type": "note"}', b'{"type":  "note"}']  # valid JSON, but not the bytes negosim writes
    v = verified(lines("signed.jsonl") + spaced)
    found = [p for p in v.problems if p.code == "rewritten"]
    assert [(p.line, p.reason.fields, p.text("en")) for p in found] == [
        (9, {"lines": [9, 10]}, "lines 9, 10 rewritten: their bytes are no longer those negosim wrote")]
    assert found[0].message == "lignes 9, 10 réécrites : leurs octets ne sont plus ceux que négosim a écrits"


# -- the seal an exam writes (exam/seal.py)

@pytest.mark.parametrize("key", [KEY, None])
def test_the_seal_returned_is_the_line_written_with_its_time_and_summary(tmp_path, key):
    run, clock = begin(exam_scenario(tmp_path), tmp_path / "r", key=key, preparation=0)
    clock.advance(42)
    run.abandon()
    written = json.loads(run.path.read_bytes().split(b"\n")[-2])
    assert run.result.seal == written and written["type"] == "seal"
    assert written["sealed_at"] == iso(clock.now()) and written["outcome"] == run.result.outcome
    assert written["inputs"] == 0 and ("sig" in written) == (key is not None) and ("mac" in written) == (key is None)
