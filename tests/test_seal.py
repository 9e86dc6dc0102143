"""Seal, verify and the jury keys: the forgeries of issue 15 fail, and every way a record can go wrong is named."""

from __future__ import annotations

import hashlib
import json
import os
import stat

import pytest
from exam_support import KEY, OTHER_KEY, PASSPHRASE, begin, exam_scenario, key_files, short_record

from simulator.engine.session import ChoiceInput
from simulator.exam.annotate import AnnotationError, add_annotation, annotations_path, read_annotations
from simulator.exam.keys import (
    JuryKeyError,
    PublicKey,
    SigningKey,
    as_public,
    generate_key,
    key_id_of,
    load_public_key,
    private_key_path,
    read_public_key,
    unlock_key,
)
from simulator.exam.reason import Reason
from simulator.exam.seal import (
    DOMAINS,
    LATE_DOMAIN,
    LINE_DOMAIN,
    SEAL_DOMAIN,
    SESSION_DOMAIN,
    canonical,
    late_seal,
    message,
    plain_digest,
)
from simulator.exam.verify import INVALID, LATE, UNVERIFIABLE, VALID, Problem, verify_record
from simulator.store.journal import Journal, _encode

PUBLIC = KEY.public


@pytest.fixture
def record(tmp_path):
    return short_record(tmp_path)


def lines_of(path):
    return path.read_bytes().split(b"\n")[:-1]


def write_lines(path, lines):
    path.write_bytes(b"\n".join(lines) + b"\n")


def codes(v):
    return [p.code for p in v.problems]


def rechain(records):
    """What a forger with the file and negosim's code does: re-encode every line and recompute every ``prev``."""
    prev, out = None, []
    for data in records:
        data = {**data, "prev": prev}
        raw = canonical(data)
        out.append(raw)
        prev = hashlib.sha256(raw).hexdigest()
    return out


def test_canonical_is_the_journal_encoding():
    sample = {"b": "é « x »", "a": [1, 2], "prev": None}
    assert canonical(sample) == _encode(sample)


def test_a_fresh_record_verifies_with_the_public_key_only(record):
    v = verify_record(record, PUBLIC)
    assert v.status == VALID and v.signed and v.key_id == KEY.key_id and "valide — signé" in v.summary()
    wrong = verify_record(record, OTHER_KEY.public)
    assert wrong.status == INVALID and codes(wrong) == ["wrong_key"] and "mauvaise clé" in wrong.problems[0].message
    none = verify_record(record, None)
    assert none.status == UNVERIFIABLE and codes(none) == ["no_key"] and "non vérifiable" in none.summary()


def test_every_line_after_the_certificate_is_signed_by_a_session_key_the_jury_certified(record):
    rows = [json.loads(x) for x in lines_of(record)]
    cert = rows[1]
    assert cert["type"] == "exam_key" and cert["key_id"] == KEY.key_id and "sig" not in rows[0]
    assert PUBLIC.verify(cert["sig"], message(cert, SESSION_DOMAIN))
    session = PublicKey(bytes.fromhex(cert["session_key"]))
    for data in rows[2:]:
        domain = SEAL_DOMAIN if data["type"] == "seal" else LINE_DOMAIN
        assert session.verify(data["sig"], message(data, domain))
        assert not PUBLIC.verify(data["sig"], message(data, domain))  # the jury key signed the certificate only


def test_forgery_rebuild_a_record_with_a_better_mark_and_rechain_it(record):
    """Issue 15: a candidate rebuilt a 6.3/20 record as 20/20 (moves changed, chain recomputed, re-sealed)."""
    rows = [json.loads(x) for x in lines_of(record)]
    moves = [i for i, d in enumerate(rows) if d["type"] == "input"]
    rows[moves[0]]["input"] = {"choice": "partir"}
    rows[-1]["outcome"] = "success"
    write_lines(record, rechain(rows))
    v = verify_record(record, PUBLIC)
    assert v.status == INVALID and codes(v) == ["bad_signature"]
    assert v.problems[0].line == moves[0] + 1 and "rechaînées sans la clé de l'épreuve" in v.problems[0].message
    assert verify_record(record, None).status == INVALID  # the session key refuses it even without the jury's


def test_forgery_a_whole_new_session_key_with_a_home_made_certificate(record):
    """With negosim's code a forger can sign every line with a key of their own; the certificate then fails."""
    rows = [json.loads(x) for x in lines_of(record)]
    mine = SigningKey.generate()
    rows[1]["session_key"] = mine.public.raw.hex()
    rows[1]["sig"] = mine.sign(message(rows[1], SESSION_DOMAIN))
    prev, out = None, []
    for i, data in enumerate(rows):
        data = {**data, "prev": prev}
        if i >= 2:
            data["sig"] = mine.sign(message(data, SEAL_DOMAIN if data["type"] == "seal" else LINE_DOMAIN))
        raw = canonical(data)
        out.append(raw)
        prev = hashlib.sha256(raw).hexdigest()
    write_lines(record, out)
    v = verify_record(record, PUBLIC)
    assert v.status == INVALID and codes(v) == ["bad_cert"] and "clé de session fabriquée" in v.problems[0].message
    assert verify_record(record, None).status == UNVERIFIABLE  # only the jury's public key can tell


def test_forgery_downgrade_to_unsigned(record):
    """Issue 15: a signed record rewritten as unsigned passed verify and was counted by cohort."""
    rows = [json.loads(x) for x in lines_of(record)]
    rows = [{k: v for k, v in d.items() if k != "sig"} for d in rows if d["type"] != "exam_key"]
    rows[-1].update(alg="sha256", key_id=None, lines=len(rows) - 1)
    rows[-1]["prev"] = None
    chained = rechain(rows)
    seal = json.loads(chained[-1])
    seal["mac"] = plain_digest(seal, SEAL_DOMAIN)
    chained[-1] = canonical(seal)
    write_lines(record, chained)
    v = verify_record(record, PUBLIC)
    assert v.status == INVALID and codes(v) == ["unsigned"] and "rétrogradation" in v.problems[0].message
    assert verify_record(record, None).status == VALID  # with no key anywhere, nothing tells it from an honest one


def test_unsigned_seal_detects_corruption_and_says_what_it_does_not_prove(tmp_path):
    scenario = exam_scenario(tmp_path)
    run, clock = begin(scenario, tmp_path / "r", key=None, preparation=0)
    run.abandon()
    raw = run.path.read_bytes()
    v = verify_record(run.path)
    assert v.status == VALID and not v.signed and "pas une falsification" in v.summary()
    run.path.write_bytes(raw.replace(b'"abandoned"', b'"success!!"', 1))
    assert verify_record(run.path).status == INVALID
    seal = json.loads(raw.split(b"\n")[-2])
    assert plain_digest(seal, SEAL_DOMAIN) == seal["mac"]  # anyone can recompute it (docs/exam.md)
    assert plain_digest(seal, LATE_DOMAIN) != seal["mac"]


def test_deleted_inserted_and_moved_lines(record):
    """Each way of breaking the chain gets its own reason, at the line where the link is wrong."""
    lines = lines_of(record)

    def found(new_lines):
        write_lines(record, new_lines)
        return [(p.code, p.line, p.message) for p in verify_record(record, PUBLIC).problems]

    assert found(lines[:3] + lines[4:]) == [
        ("broken_chain", 4, "chaîne rompue : la ligne 3 a été modifiée, ou des lignes ont été retirées entre les "
                            "lignes 3 et 4"),
        ("seal_count", 9, "le sceau couvre 9 lignes mais en suit 8")]
    assert found(lines[:5] + [lines[2]] + lines[5:])[:2] == [
        ("broken_chain", 6, "chaîne rompue : la ligne 6 suivait la ligne 2 ; les lignes 3 à 5 ont été insérées ou "
                            "déplacées"),
        ("broken_chain", 7, "chaîne rompue : la ligne 7 suivait la ligne 5 ; la ligne 6 a été insérée ou déplacée")]
    assert found(lines[:3] + [lines[4], lines[3]] + lines[5:])[0] == (
        "broken_chain", 4, "chaîne rompue : la ligne 4 devrait suivre la ligne 5 (lignes déplacées)")


def test_the_seal_counts_the_lines_it_follows(tmp_path):
    """Without a key, whoever drops a line and fixes the chain and the digest is caught by the count only."""
    run, clock = begin(exam_scenario(tmp_path), tmp_path / "r", key=None, preparation=0)
    clock.advance(10)
    run.step(ChoiceInput("presenter"))
    run.abandon()
    rows = [json.loads(x) for x in lines_of(run.path)]
    del rows[3]
    chained = rechain(rows)
    seal = json.loads(chained[-1])
    seal["mac"] = plain_digest(seal, SEAL_DOMAIN)  # the count left as it was
    write_lines(run.path, chained[:-1] + [canonical(seal)])
    v = verify_record(run.path)
    assert [(p.code, p.line) for p in v.problems] == [("seal_count", len(rows))]
    assert v.problems[0].message == f"le sceau couvre {len(rows)} lignes mais en suit {len(rows) - 1}"


def test_truncated_and_missing_seal(record):
    raw = record.read_bytes()
    record.write_bytes(raw[:-1])  # only the final newline is gone
    v = verify_record(record, PUBLIC)
    assert codes(v)[0] == "truncated" and "tronqué" in v.problems[0].message
    record.write_bytes(raw[: raw.rindex(b"\n", 0, len(raw) - 1) + 1])  # the seal line is cut off
    v = verify_record(record, PUBLIC)
    assert codes(v) == ["not_sealed"] and "terminée mais" in v.problems[0].message
    record.write_bytes(b"")
    assert codes(verify_record(record, PUBLIC)) == ["empty"]
    record.unlink()
    assert codes(verify_record(record, PUBLIC)) == ["unreadable"]


def test_lines_after_the_seal_rewritten_bytes_and_a_wrong_count(record):
    raw = record.read_bytes()
    lines = lines_of(record)
    extra = canonical({"type": "annotation", "comment": "ajout", "prev": hashlib.sha256(lines[-1]).hexdigest()})
    record.write_bytes(raw + extra + b"\n")
    v = verify_record(record, PUBLIC)
    assert "after_seal" in codes(v) and f"ligne {len(lines)}" in v.problems[codes(v).index("after_seal")].message
    # the same seal, written with different spacing: same JSON, different bytes
    seal = json.loads(lines[-1])
    spaced = json.dumps(seal, ensure_ascii=False, sort_keys=True).encode("utf-8")
    write_lines(record, lines[:-1] + [spaced])
    v = verify_record(record, PUBLIC)
    assert codes(v) == ["rewritten"] and v.problems[0].line == len(lines)
    # a header whose prev is not null, a seal that counts another number of lines
    head = json.loads(lines[0])
    write_lines(record, [canonical({**head, "prev": "0" * 64})] + lines[1:])
    assert "no_header" in codes(verify_record(record, PUBLIC))
    signer = SigningKey.generate()
    seal_count = {**seal, "lines": True}  # True == 1 in Python: a count must be an int
    write_lines(record, lines[:-1] + [canonical({**seal_count, "sig": signer.sign(b"x")})])
    assert "seal_count" in codes(verify_record(record, PUBLIC))


def test_unfinished_practice_journal_is_not_sealed(tmp_path):
    from simulator.store.recorder import RecordedSession

    rec = RecordedSession.start(exam_scenario(tmp_path), seed=1, folder=tmp_path / "p")
    rec.step(ChoiceInput("presenter"))
    v = verify_record(rec.path, PUBLIC)
    assert codes(v) == ["not_sealed"] and "inachevée" in v.problems[0].message


def test_an_old_format_record_is_reported_not_a_crash(record):
    """Records sealed before seal v2 (HMAC with a shared secret) say "ancien format" and never verify."""
    rows = [json.loads(x) for x in lines_of(record)]
    rows = [{k: v for k, v in d.items() if k != "sig"} for d in rows if d["type"] != "exam_key"]
    rows[-1].update(seal_format=1, alg="hmac-sha256", key_id="0123456789abcdef", mac="0" * 64, lines=len(rows) - 1)
    write_lines(record, rechain(rows))
    for key in (PUBLIC, None):
        v = verify_record(record, key)
        assert v.status == INVALID and "legacy_format" in codes(v) and v.summary().startswith("ancien format")


# ---------------------------------------------------------------- late seals (negosim exam seal)

def _interrupted(tmp_path, key=KEY):
    """An exam whose session ended (end line written) and whose process died before the seal."""
    tmp_path.mkdir(exist_ok=True)
    run, clock = begin(exam_scenario(tmp_path), tmp_path / "i", preparation=0, key=key)
    clock.advance(20)
    run.rec.step(ChoiceInput("partir"))
    return run.path


def test_a_late_seal_is_reported_as_such_and_never_valid(tmp_path):
    path = _interrupted(tmp_path)
    assert codes(verify_record(path, PUBLIC)) == ["not_sealed"]
    written = late_seal(Journal.reopen(path), KEY, "2025-06-02T09:00:00+00:00", {"outcome": "failure"})
    v = verify_record(path, PUBLIC)
    assert v.status == LATE and v.late and not v.ok and "scellé après coup" in v.summary()
    assert v.seal == written and (written["sealed_at"], written["outcome"], written["lines"]) == (
        "2025-06-02T09:00:00+00:00", "failure", v.line_count - 1)
    assert verify_record(path, None).status == UNVERIFIABLE and "après coup" in verify_record(path, None).summary()
    # the late flag cannot be dropped to pass it off as the exam's own seal: the session key never signed it
    lines = lines_of(path)
    seal = json.loads(lines[-1])
    del seal["late"]
    write_lines(path, lines[:-1] + [canonical(seal)])
    assert verify_record(path, PUBLIC).status == INVALID


def test_a_late_seal_needs_the_jury_key_of_the_certificate(tmp_path):
    path = _interrupted(tmp_path)
    late_seal(Journal.reopen(path), OTHER_KEY, "2025-06-02T09:00:00+00:00")
    v = verify_record(path, PUBLIC)
    assert v.status == INVALID and "bad_seal" in codes(v)
    path = _interrupted(tmp_path / "b")
    journal = Journal.reopen(path)
    forged = {"type": "seal", "seal_format": 2, "late": True, "alg": "ed25519", "key_id": KEY.key_id,
              "sealed_at": "x", "lines": 6, "prev": journal.last_hash}
    forged["sig"] = OTHER_KEY.sign(message(forged, LATE_DOMAIN))  # right key id, wrong signer
    journal.append_record(forged)
    v = verify_record(path, PUBLIC)
    assert v.status == INVALID and codes(v) == ["seal_mismatch"] and "après coup" in v.problems[0].message


def test_an_unsigned_late_seal_is_late_without_a_key_and_invalid_with_one(tmp_path):
    path = _interrupted(tmp_path, key=None)
    late_seal(Journal.reopen(path), None, "2025-06-02T09:00:00+00:00")
    assert verify_record(path, None).status == LATE
    assert codes(verify_record(path, PUBLIC)) == ["unsigned"]


# ---------------------------------------------------------------- keys

def test_keygen_encrypts_the_private_key_and_never_overwrites(tmp_path):
    path, pub, key = generate_key(tmp_path / "k" / "jury.key", PASSPHRASE, scrypt_n=2**10)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600 and pub == tmp_path / "k" / "jury.pub"
    text = path.read_text(encoding="utf-8")
    assert key.private.private_bytes_raw().hex() not in text  # never in clear
    assert read_public_key(pub).key_id == read_public_key(path).key_id == key.key_id == key_id_of(key.public.raw)
    assert unlock_key(path, PASSPHRASE).key_id == key.key_id
    with pytest.raises(JuryKeyError, match="phrase de passe incorrecte"):
        unlock_key(path, PASSPHRASE + "!")
    with pytest.raises(JuryKeyError, match="clé publique ; elle vérifie mais ne signe pas"):
        unlock_key(pub, PASSPHRASE)
    with pytest.raises(JuryKeyError, match="existe déjà"):
        generate_key(path, PASSPHRASE, scrypt_n=2**10)
    with pytest.raises(JuryKeyError, match="trop courte"):
        generate_key(tmp_path / "court.key", "court", scrypt_n=2**10)
    _, _, other = generate_key(path, PASSPHRASE, force=True, scrypt_n=2**10)
    assert other.key_id != key.key_id and stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_a_key_file_edited_by_hand_gives_a_message(tmp_path):
    path, _ = key_files(tmp_path)
    doc = json.loads(path.read_text(encoding="utf-8").splitlines()[-1])
    for field, value in [("ciphertext", "zz"), ("nonce", "00"), ("public", OTHER_KEY.public.raw.hex())]:
        path.write_text(json.dumps({**doc, field: value}), encoding="utf-8")
        with pytest.raises(JuryKeyError):
            unlock_key(path, PASSPHRASE)
    path.write_text(json.dumps({**doc, "kdf": {**doc["kdf"], "n": 1000}}), encoding="utf-8")
    with pytest.raises(JuryKeyError, match="scrypt"):
        unlock_key(path, PASSPHRASE)
    path.write_text("ab" * 32 + "\n", encoding="utf-8")  # a key of the first seal format
    with pytest.raises(JuryKeyError, match="ancienne clé secrète"):
        read_public_key(path)
    path.write_text("# rien\n", encoding="utf-8")
    with pytest.raises(JuryKeyError, match="vide"):
        read_public_key(path)
    with pytest.raises(JuryKeyError, match="introuvable"):
        read_public_key(tmp_path / "absent.pub")


def test_key_sources(tmp_path, monkeypatch, home):
    for env in ("NEGOSIM_JURY_KEY", "NEGOSIM_JURY_KEY_FILE", "NEGOSIM_JURY_PUBLIC_KEY"):
        monkeypatch.delenv(env, raising=False)
    assert load_public_key() is None and private_key_path() is None  # no key anywhere: unsigned seals
    private, public = key_files(home)  # the default place: the data dir
    assert private_key_path() == private and load_public_key().key_id == KEY.key_id
    private.unlink()
    assert load_public_key().source == str(public) and private_key_path() is None  # a trainer's machine
    _, other_public = key_files(tmp_path / "o", OTHER_KEY)
    monkeypatch.setenv("NEGOSIM_JURY_PUBLIC_KEY", str(other_public))
    assert load_public_key().key_id == OTHER_KEY.key_id
    assert load_public_key(public).key_id == KEY.key_id  # --key wins
    monkeypatch.delenv("NEGOSIM_JURY_PUBLIC_KEY")
    public.unlink()
    key_files(home)
    (home / "jury.pub").unlink()  # only the private key file: its public part, in clear, verifies
    assert load_public_key().key_id == KEY.key_id and load_public_key().source == str(home / "jury.key")
    monkeypatch.setenv("NEGOSIM_JURY_KEY_FILE", str(tmp_path / "o" / "jury.key"))
    assert private_key_path() == tmp_path / "o" / "jury.key" and load_public_key().key_id == OTHER_KEY.key_id
    monkeypatch.delenv("NEGOSIM_JURY_KEY_FILE")
    (home / "jury.key").unlink()
    monkeypatch.setenv("NEGOSIM_JURY_KEY", "une ancienne phrase secrète partagée")
    with pytest.raises(JuryKeyError) as caught:
        load_public_key()
    assert str(caught.value) == ("variable NEGOSIM_JURY_KEY : les clés secrètes partagées ne servent plus ; créez une "
                                 "paire de clés avec « negosim exam keygen » et indiquez la clé publique (--key jury.pub)")
    assert as_public(KEY) == KEY.public and as_public(None) is None


def test_signatures_are_separated_by_domain():
    """A signature made for one kind of line is never accepted for another (seal v1 had no such separation)."""
    assert len(set(DOMAINS)) == len(DOMAINS) and all(d.endswith(b"\n") for d in DOMAINS)
    record = {"type": "seal", "lines": 3, "prev": "0" * 64}
    for signed_as in DOMAINS:
        sig = KEY.sign(message(record, signed_as))
        for checked_as in DOMAINS:
            assert PUBLIC.verify(sig, message(record, checked_as)) == (signed_as == checked_as)
    assert message({**record, "sig": "x", "mac": "y"}, LINE_DOMAIN) == message(record, LINE_DOMAIN)
    assert PUBLIC.verify(None, b"") is False and PUBLIC.verify("é" * 128, b"") is False


# ---------------------------------------------------------------- annotations

def test_annotations_are_signed_chained_and_bound_to_the_seal(record):
    raw = record.read_bytes()
    add_annotation(record, KEY, "Mme Durand", "2025-06-02T10:00:00+00:00", "Bonne découverte.",
                   {"n_prix": "Concession sans contrepartie."}, "admissible", known_criteria={"n_prix"})
    add_annotation(record, KEY, "M. Bernard", "2025-06-02T10:05:00+00:00", "D'accord.")
    assert record.read_bytes() == raw  # the record itself is never touched
    check = read_annotations(record, PUBLIC)
    assert check.ok and [a.author for a in check.annotations] == ["Mme Durand", "M. Bernard"]
    assert check.annotations[0].criteria == {"n_prix": "Concession sans contrepartie."} and check.annotations[0].signed
    assert {p.code for p in read_annotations(record, OTHER_KEY.public).problems} == {"annotation_wrong_key"}
    assert {p.code for p in read_annotations(record, None).problems} == {"no_key"}
    # tamper with the first annotation
    path = annotations_path(record)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Bonne découverte.", "Excellente découverte."), encoding="utf-8")
    assert {p.code for p in read_annotations(record, PUBLIC).problems} >= {"annotation_mismatch", "annotation_chain"}


def test_annotation_refused_on_a_bad_record_or_bad_input(record):
    with pytest.raises(AnnotationError, match="qui annote"):
        add_annotation(record, KEY, " ", "t", "x")
    with pytest.raises(AnnotationError, match="rien à ajouter"):
        add_annotation(record, KEY, "A", "t", "  ")
    with pytest.raises(AnnotationError, match="inconnu"):
        add_annotation(record, KEY, "A", "t", "", {"n_inconnu": "x"}, known_criteria={"n_prix"})
    with pytest.raises(AnnotationError, match="non valide"):
        add_annotation(record, OTHER_KEY, "A", "t", "x")
    with pytest.raises(AnnotationError, match="non valide"):
        add_annotation(record, None, "A", "t", "x")  # unverifiable without a key: nothing to bind to
    record.write_bytes(record.read_bytes()[:-1])
    with pytest.raises(AnnotationError, match="non valide"):
        add_annotation(record, KEY, "A", "t", "x")


def test_unsigned_annotations_on_an_unsigned_record(tmp_path):
    run, _ = begin(exam_scenario(tmp_path), tmp_path / "r", key=None, preparation=0)
    run.abandon()
    add_annotation(run.path, None, "A", "t", "commentaire")
    check = read_annotations(run.path, None)
    assert check.ok and not check.annotations[0].signed
    assert "annotation_unsigned" in {p.code for p in read_annotations(run.path, PUBLIC).problems}


def test_annotation_of_another_record_is_detected(tmp_path, record):
    add_annotation(record, KEY, "A", "t", "commentaire")
    scenario = exam_scenario(tmp_path)
    run, clock = begin(scenario, tmp_path / "other", preparation=0, seed=9)
    run.abandon()
    annotations_path(run.path).write_bytes(annotations_path(record).read_bytes())  # copied next to another record
    assert "annotation_record" in {p.code for p in read_annotations(run.path, PUBLIC).problems}


# ---------------------------------------------------------------- what verify says about odd records

def test_a_long_forgery_names_the_first_lines_and_counts_the_rest(tmp_path):
    run, clock = begin(exam_scenario(tmp_path), tmp_path / "r", preparation=0)
    for _ in range(3):
        clock.advance(10)
        run.step(ChoiceInput(run.session.choices()[0].id))
    if not run.ended:
        run.abandon()
    rows = [json.loads(x) for x in lines_of(run.path)]
    rows.insert(2, {"type": "exam", "event": "pause", "at": "2025-06-02T07:00:00.000+00:00"})  # all re-chained after
    rows[-1]["lines"] += 1
    write_lines(run.path, rechain(rows))
    v = verify_record(run.path, PUBLIC)
    bad = list(range(3, len(rows) + 1))
    assert len(bad) > 8 and codes(v) == ["bad_signature"]
    assert v.problems[0].message.startswith(f"signature incorrecte lignes {', '.join(map(str, bad[:8]))} … "
                                            f"({len(bad)} en tout)")
    assert v.headline() == "INVALIDE (1 problème)" and not v.ok


def test_a_summary_shows_three_reasons_at_most(record):
    lines = lines_of(record)
    write_lines(record, [lines[0], lines[2], lines[1], lines[4], lines[3]] + lines[5:])
    v = verify_record(record, PUBLIC)
    assert len(v.problems) > 3 and v.summary().endswith(" …")
    assert v.summary() == "invalide — " + "; ".join(p.text("fr") for p in v.problems[:3]) + " …"
    assert v.problems[0].render("x.jsonl") == f"x.jsonl:{v.problems[0].line}\u00a0: {v.problems[0].text('fr')}"
    empty = Problem("empty", Reason("verify.empty"))
    assert (empty.render("x.jsonl"), empty.render("x.jsonl", "en")) == ("x.jsonl\u00a0: enregistrement vide",
                                                                         "x.jsonl: empty record")


@pytest.mark.parametrize("field, value", [("session_key", "zz"), ("session_key", "ab" * 31), ("session_key", None),
                                          ("alg", "rsa")])
def test_an_unreadable_certificate_is_named(record, field, value):
    rows = [json.loads(x) for x in lines_of(record)]
    rows[1][field] = value
    write_lines(record, rechain(rows))
    for key in (PUBLIC, None):
        v = verify_record(record, key)
        assert v.status == INVALID and [(p.code, p.line) for p in v.problems] == [("bad_cert", 2)]
        assert "certificat d'épreuve illisible" in v.problems[0].message


def test_a_second_certificate_or_a_missing_one(record):
    rows = [json.loads(x) for x in lines_of(record)]
    write_lines(record, rechain(rows[:4] + [rows[1]] + rows[4:]))
    v = verify_record(record, PUBLIC)
    assert "misplaced_cert" in codes(v) and v.problems[codes(v).index("misplaced_cert")].line == 5
    without = rechain(rows[:1] + rows[2:])  # the certificate cut out: every line still carries its signature
    write_lines(record, without)
    v = verify_record(record, PUBLIC)
    assert {"unsigned", "bad_seal"} <= set(codes(v))
    assert any("sans certificat d'épreuve" in p.message for p in v.problems)


@pytest.mark.parametrize("seal_format, alg", [(1, "sha256"), (2, "hmac-sha256"), (None, "ed25519")])
def test_every_old_seal_form_is_old_format(record, seal_format, alg):
    rows = [json.loads(x) for x in lines_of(record)]
    rows[-1].update(seal_format=seal_format, alg=alg)
    write_lines(record, rechain(rows))
    assert "legacy_format" in codes(verify_record(record, PUBLIC))


def test_an_unknown_or_malformed_unsigned_seal(tmp_path):
    run, _ = begin(exam_scenario(tmp_path), tmp_path / "r", key=None, preparation=0)
    run.abandon()
    rows = [json.loads(x) for x in lines_of(run.path)]
    for change, reason in [({"alg": "md5"}, "algorithme « md5 » inconnu"), ({"mac": "abc"}, "empreinte mal formée")]:
        write_lines(run.path, rechain(rows[:-1] + [{**rows[-1], **change}]))
        v = verify_record(run.path)
        assert codes(v) == ["bad_seal"] and reason in v.problems[0].message and v.problems[0].line == len(rows)
    write_lines(run.path, rechain(rows[:-1] + [{**rows[-1], "outcome": "success"}]))  # digest left as it was
    assert codes(verify_record(run.path)) == ["seal_mismatch"]


def test_key_files_that_are_no_key_files(tmp_path):
    path, _ = key_files(tmp_path)
    doc = json.loads(path.read_text(encoding="utf-8").splitlines()[-1])
    for text, reason in [(json.dumps({**doc, "format": 3}), "format de clé 3 inconnu"),
                         (json.dumps({**doc, "kind": "autre"}), "pas une clé de jury"),
                         (json.dumps([1, 2]), "pas une clé de jury"),
                         (json.dumps({**doc, "public": 12}), "champ « public » illisible")]:
        path.write_text("# commentaire\n\n" + text + "\n", encoding="utf-8")
        with pytest.raises(JuryKeyError, match=reason):
            read_public_key(path)
    for kdf in ({**doc["kdf"], "r": 0}, {**doc["kdf"], "p": True}, {**doc["kdf"], "n": 1}):
        path.write_text(json.dumps({**doc, "kdf": kdf}), encoding="utf-8")
        with pytest.raises(JuryKeyError, match="paramètres scrypt illisibles"):
            unlock_key(path, PASSPHRASE)
    for changed in ({"kdf": "scrypt"}, {"kdf": {**doc["kdf"], "name": "pbkdf2"}}, {"cipher": "aes-cbc"}):
        path.write_text(json.dumps({**doc, **changed}), encoding="utf-8")
        with pytest.raises(JuryKeyError, match="chiffrement de la clé inconnu"):
            unlock_key(path, PASSPHRASE)
    for field, value in [("nonce", "00" * 11), ("salt", 5), ("ciphertext", None)]:
        bad = {**doc, "kdf": {**doc["kdf"], "salt": value}} if field == "salt" else {**doc, field: value}
        path.write_text(json.dumps(bad), encoding="utf-8")
        with pytest.raises(JuryKeyError) as caught:
            unlock_key(path, PASSPHRASE)
        assert str(caught.value) == f"{path} : fichier de clé endommagé (champ « {field} » illisible)"
    path.write_text(json.dumps({**doc, "public": "ab" * 31}), encoding="utf-8")
    with pytest.raises(JuryKeyError) as caught:
        read_public_key(path)
    assert str(caught.value) == f"{path} : fichier de clé endommagé (champ « public » illisible)"
    path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(JuryKeyError, match="illisible"):
        read_public_key(path)
    with pytest.raises(JuryKeyError) as caught:
        read_public_key(tmp_path)  # a folder
    assert str(caught.value) == f"{tmp_path} : fichier de clé illisible (Is a directory)"


def test_key_files_as_written(tmp_path):
    private, public, key = generate_key(tmp_path / "a" / "b" / "jury.key", PASSPHRASE, scrypt_n=2**10)  # folders made
    assert stat.S_IMODE(os.stat(public).st_mode) == 0o644 and stat.S_IMODE(os.stat(private).st_mode) == 0o600
    pub_text, key_text = public.read_text(encoding="utf-8"), private.read_text(encoding="utf-8")
    assert pub_text.startswith("# negosim : clé publique de jury (Ed25519). Elle vérifie les sceaux et ne signe rien :\n"
                               "# donnez-la aux formateurs (negosim verify --key jury.pub).\n")
    assert key_text.startswith("# negosim : clé privée de jury (Ed25519), chiffrée par votre phrase de passe.\n"
                               "# Sauvegardez-la avec soin : sans elle et sans la phrase de passe, plus aucun sceau signé.\n")
    doc = json.loads(key_text.splitlines()[-1])
    assert json.loads(pub_text.splitlines()[-1]) == {"kind": "negosim-jury-public-key", "format": 2,
                                                     "public": key.public.raw.hex()}
    assert (doc["kind"], doc["format"], doc["cipher"], doc["kdf"]["name"], doc["kdf"]["n"], doc["kdf"]["r"],
            doc["kdf"]["p"]) == ("negosim-jury-private-key", 2, "chacha20-poly1305", "scrypt", 2**10, 8, 1)
    assert len(bytes.fromhex(doc["kdf"]["salt"])) == 16 and len(bytes.fromhex(doc["nonce"])) == 12
    assert len(bytes.fromhex(doc["ciphertext"])) == 32 + 16  # the private key and the cipher's tag


def test_passphrase_length_and_where_key_files_go(tmp_path):
    generate_key(tmp_path / "a.key", "x" * 12, scrypt_n=2**10)  # 12 characters: enough
    with pytest.raises(JuryKeyError, match=r"au moins 12 caractères \(elle en a 11\)"):
        generate_key(tmp_path / "b.key", "x" * 11, scrypt_n=2**10)
    with pytest.raises(JuryKeyError, match="ne finit pas par .pub"):
        generate_key(tmp_path / "jury.pub", PASSPHRASE, scrypt_n=2**10)
    (tmp_path / "dossier.key").mkdir()
    with pytest.raises(JuryKeyError, match="impossible de créer la clé"):
        generate_key(tmp_path / "dossier.key", PASSPHRASE, force=True, scrypt_n=2**10)
    assert SigningKey.generate().key_id != SigningKey.generate().key_id
