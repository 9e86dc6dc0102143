"""What the annotation tests left alive under mutation (simulator/exam/annotate.py, tools/mutate.py).

Each test is something a jury relies on: an annotation file next to its record, comments refused with the
reason, every damaged, foreign or re-signed line reported with its number, the chain kept across appends.
"""

from __future__ import annotations

import json
import os
import stat

import pytest
from exam_support import KEY, OTHER_KEY, begin, exam_scenario, short_record
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.engine.session import ChoiceInput
from simulator.exam.annotate import MAX_COMMENT, AnnotationError, add_annotation, annotations_path, read_annotations
from simulator.exam.seal import ANNOTATION_DOMAIN, PLAIN_ALG, canonical, message, plain_digest

PUBLIC = KEY.public


@pytest.fixture(scope="module")
def sealed(tmp_path_factory):
    """One valid signed record, copied fresh for each test (building one takes a while)."""
    return short_record(tmp_path_factory.mktemp("sealed")).read_bytes()


@pytest.fixture
def record(tmp_path, sealed):
    path = tmp_path / "RECORD.jsonl"
    path.write_bytes(sealed)
    return path


def codes(check):
    return [p.code for p in check.problems]


def lines(path):
    return annotations_path(path).read_bytes().split(b"\n")[:-1]


def test_the_annotation_file_sits_next_to_the_record():
    assert annotations_path("d/RECORD.jsonl") == annotations_path("d/RECORD.jsonl").parent / "RECORD.jury.jsonl"
    assert str(annotations_path("d/RECORD.jsonl")) == os.path.join("d", "RECORD.jury.jsonl")
    assert annotations_path("d/RECORD") .name == "RECORD.jury.jsonl"  # no .jsonl suffix: nothing cut off
    assert annotations_path("d/x.jsonl.bak").name == "x.jsonl.bak.jury.jsonl"
    assert annotations_path("d/examen-2025-06-02.jsonl").name == "examen-2025-06-02.jury.jsonl"  # any length of name


def test_refusals_name_the_reason_and_its_fields(record):
    with pytest.raises(AnnotationError) as err:
        add_annotation(record, KEY, "A", "t", "x" * (MAX_COMMENT + 1))
    assert err.value.key == "verify.annotate.too_long"
    assert err.value.message("fr") == f"commentaire trop long ({MAX_COMMENT + 1} caractères, au plus {MAX_COMMENT})"
    with pytest.raises(AnnotationError) as err:
        add_annotation(record, KEY, "A", "t", "", {"b": "x", "a": "y"}, known_criteria={"n_prix", "m"})
    assert err.value.message("fr") == "critères inconnus\u00a0: a, b (connus\u00a0: m, n_prix)"
    assert str(err.value) == "critères inconnus : a, b (connus : m, n_prix)"  # the written form: plain spaces
    with pytest.raises(AnnotationError) as err:
        add_annotation(record, KEY, "A", "t", "", {"z": "x", "m": "y"}, known_criteria={"n_prix", "m"})
    assert err.value.message("en") == "unknown criterion: z (known: m, n_prix)"
    with pytest.raises(AnnotationError) as err:
        add_annotation(record, OTHER_KEY, "A", "t", "x")
    assert err.value.message("fr").startswith("enregistrement non valide, annotation refusée\u00a0: invalide — ")
    assert err.value.message("en").startswith("record not valid, annotation refused: invalid — ")
    assert str(err.value).startswith("enregistrement non valide, annotation refusée : invalide — ")
    assert not annotations_path(record).exists()  # nothing written on a refusal


def test_a_comment_at_the_limit_is_kept_and_blank_criteria_are_dropped(record):
    data = add_annotation(record, KEY, "  Mme \t Durand ", "t", "x" * MAX_COMMENT,
                          {"n_prix": "  ", "m": " vu "}, known_criteria={"n_prix", "m"})
    assert data["author"] == "Mme Durand" and data["criteria"] == {"m": "vu"}
    assert read_annotations(record, PUBLIC).annotations[0].comment == "x" * MAX_COMMENT
    with pytest.raises(AnnotationError, match="rien à ajouter"):
        add_annotation(record, KEY, "A", "t", " ", {"m": "   "})


def test_a_decision_alone_is_an_annotation_and_is_read_back(record):
    add_annotation(record, KEY, "A", "2025-06-02", decision="admis")
    add_annotation(record, KEY, "B", "2025-06-03", "  Vu.  ", {"m": "ok"})
    check = read_annotations(record, PUBLIC)
    assert check.ok, codes(check)
    first, second = check.annotations
    assert (first.author, first.at, first.comment, first.criteria, first.decision, first.signed) == (
        "A", "2025-06-02", "", {}, "admis", True)
    assert (second.comment, second.criteria, second.decision) == ("Vu.", {"m": "ok"}, None)


def test_each_line_is_chained_to_the_one_before_and_written_privately(record):
    import hashlib
    add_annotation(record, KEY, "A", "t", "un")
    add_annotation(record, KEY, "B", "t", "deux")
    add_annotation(record, KEY, "C", "t", "trois")
    raw = lines(record)
    assert [json.loads(r)["prev"] for r in raw] == [None] + [hashlib.sha256(r).hexdigest() for r in raw[:-1]]
    assert stat.S_IMODE(os.stat(annotations_path(record)).st_mode) == 0o600
    assert KEY.public.verify(json.loads(raw[2])["sig"], message(json.loads(raw[2]), ANNOTATION_DOMAIN))


def test_an_annotation_is_refused_after_existing_ones_are_damaged(record):
    add_annotation(record, KEY, "A", "t", "un")
    path = annotations_path(record)
    path.write_bytes(path.read_bytes().replace(b"un", b"UN"))
    with pytest.raises(AnnotationError) as err:
        add_annotation(record, KEY, "B", "t", "deux")
    assert err.value.key == "verify.annotate.invalid_annotations"
    assert str(err.value) == "annotations existantes invalides : annotation 1 : signature incorrecte (annotation modifiée)"
    assert len(lines(record)) == 1


def test_a_truncated_or_unreadable_file_is_one_problem_and_no_annotation(record):
    add_annotation(record, KEY, "A", "t", "un")
    path = annotations_path(record)
    path.write_bytes(path.read_bytes()[:-1])
    check = read_annotations(record, PUBLIC)
    assert codes(check) == ["annotation_truncated"] and check.annotations == [] and not check.ok
    path.unlink()
    path.mkdir()  # a folder where the file should be: read_bytes fails
    check = read_annotations(record, PUBLIC)
    assert codes(check) == ["annotation_unreadable"] and check.annotations == []
    assert "annotations illisibles (" in check.problems[0].message


def test_no_file_is_no_annotation_and_no_problem(record):
    check = read_annotations(record, PUBLIC)
    assert check.ok and check.annotations == [] and check.path == annotations_path(record)


def test_a_garbled_line_is_named_and_the_next_one_still_checks(record):
    add_annotation(record, KEY, "A", "t", "un")
    add_annotation(record, KEY, "B", "t", "deux")
    raw = lines(record)
    garbled = b"{pas du json"
    # the second line's prev is the hash of the first: keep it, so only the garbled line is wrong
    annotations_path(record).write_bytes(garbled + b"\n" + raw[1] + b"\n")
    check = read_annotations(record, PUBLIC)
    assert codes(check) == ["annotation_bad_line", "annotation_chain"]
    assert [p.message for p in check.problems][0] == "annotation 1 illisible"
    assert [a.author for a in check.annotations] == ["B"]


def test_a_rewritten_line_an_unknown_algorithm_and_odd_fields(record):
    add_annotation(record, KEY, "A", "t", "un")
    data = json.loads(lines(record)[0])
    spaced = json.dumps(data).encode()  # same content, not the canonical bytes
    annotations_path(record).write_bytes(spaced + b"\n")
    assert codes(read_annotations(record, PUBLIC)) == ["annotation_rewritten"]
    odd = {**data, "alg": "rot13"}
    annotations_path(record).write_bytes(canonical(odd) + b"\n")
    check = read_annotations(record, PUBLIC)
    assert codes(check) == ["annotation_bad_seal"] and check.annotations == []
    assert check.problems[0].message == "annotation 1 : signature illisible (algorithme « rot13 » inconnu)"


def _unsigned(record, **changes):
    data = {"type": "annotation", "record_seal": None, "author": "A", "at": "t", "comment": "c", "criteria": {},
            "decision": None, "alg": PLAIN_ALG, "key_id": None, "prev": None, **changes}
    from simulator.exam.verify import verify_record
    data["record_seal"] = verify_record(record, PUBLIC).seal_hash
    data["mac"] = plain_digest(data, ANNOTATION_DOMAIN)
    annotations_path(record).write_bytes(canonical(data) + b"\n")
    return data


def test_fields_of_the_wrong_type_are_read_as_nothing_not_a_crash(record):
    _unsigned(record, criteria=["pas", "un", "dict"], decision=3, author=None)
    check = read_annotations(record, None, None)
    first = check.annotations[0]
    assert (first.criteria, first.decision, first.author, first.signed) == ({}, None, "None", False)
    _unsigned(record, criteria={"n": 1}, decision="admis")
    del_author = json.loads(lines(record)[0])
    del del_author["author"]
    del_author["mac"] = plain_digest({k: v for k, v in del_author.items() if k != "mac"}, ANNOTATION_DOMAIN)
    annotations_path(record).write_bytes(canonical(del_author) + b"\n")
    first = read_annotations(record, None).annotations[0]
    assert (first.author, first.criteria, first.decision) == ("", {"n": "1"}, "admis")


def test_an_unsigned_annotation_with_a_wrong_mac_says_it_changed(record):
    data = _unsigned(record)
    data["comment"] = "autre"
    annotations_path(record).write_bytes(canonical(data) + b"\n")
    check = read_annotations(record, None)
    assert codes(check) == ["annotation_mismatch"]
    assert check.problems[0].message == "annotation 1 : empreinte incorrecte (annotation modifiée)"
    data["mac"] = "zz"
    annotations_path(record).write_bytes(canonical(data) + b"\n")
    assert "empreinte mal formée" in read_annotations(record, None).problems[0].message
    _unsigned(record)
    assert codes(read_annotations(record, PUBLIC)) == ["annotation_unsigned"]
    assert codes(read_annotations(record, None)) == []


@settings(max_examples=6, deadline=None)
@given(comment=st.text(min_size=1, max_size=40).filter(str.strip), other=st.text(min_size=1, max_size=40))
def test_a_signed_annotation_changed_in_any_way_never_verifies(tmp_path_factory, sealed, comment, other):
    folder = tmp_path_factory.mktemp("a")
    record = folder / "RECORD.jsonl"
    record.write_bytes(sealed)
    data = add_annotation(record, KEY, "A", "t", comment)
    assert read_annotations(record, PUBLIC).ok
    if other.strip() == data["comment"]:
        return
    forged = {**data, "comment": other}
    annotations_path(record).write_bytes(canonical(forged) + b"\n")
    check = read_annotations(record, PUBLIC)
    assert codes(check) == ["annotation_mismatch"]
    assert check.problems[0].message == "annotation 1 : signature incorrecte (annotation modifiée)"
    # and signed by another key, re-labelled as the jury's: still refused
    resigned = {k: v for k, v in forged.items() if k != "sig"}
    resigned["sig"] = OTHER_KEY.sign(message(resigned, ANNOTATION_DOMAIN))
    annotations_path(record).write_bytes(canonical(resigned) + b"\n")
    assert codes(read_annotations(record, PUBLIC)) == ["annotation_mismatch"]


def test_each_problem_names_its_line_and_what_it_read(record):
    add_annotation(record, KEY, "A", "t", "un")
    data = json.loads(lines(record)[0])
    foreign = {**data, "alg": "rot13"}
    second = {**data, "record_seal": "0" * 64, "prev": "f" * 64}
    annotations_path(record).write_bytes(canonical(foreign) + b"\n" + canonical(second) + b"\n")
    found = [p.message for p in read_annotations(record, PUBLIC).problems]
    assert found[1:3] == ["annotation 2 : chaîne rompue (annotation modifiée, retirée ou déplacée avant elle)",
                          "annotation 2 : porte sur un autre enregistrement (ou sur cet enregistrement avant modification)"]
    annotations_path(record).write_bytes(canonical(data) + b"\n")
    assert [p.message for p in read_annotations(record, None).problems] == [
        f"annotation 1 : signée avec la clé {KEY.key_id}, aucune clé publique pour la vérifier"]
    assert [p.message for p in read_annotations(record, OTHER_KEY.public).problems] == [
        f"annotation 1 : signée avec une autre clé ({KEY.key_id})"]
    annotations_path(record).write_bytes(canonical(data))
    assert [p.message for p in read_annotations(record, PUBLIC).problems] == [
        "annotations : dernière ligne incomplète (fichier tronqué)"]


def test_no_author_at_all_is_refused_like_a_blank_one(record):
    for nobody in (None, "", " \t "):
        with pytest.raises(AnnotationError) as err:
            add_annotation(record, KEY, nobody, "t", "un")
        assert err.value.key == "verify.annotate.author"
    assert not annotations_path(record).exists()


def test_a_refusal_is_worded_in_one_language_the_record_s_verdict_included(record):
    from simulator.exam.annotate import _Verdict
    from simulator.exam.verify import verify_record
    from simulator.i18n import get_lang, set_lang

    with pytest.raises(AnnotationError) as err:
        add_annotation(record, OTHER_KEY, "A", "t", "x")
    verdict = err.value.fields["summary"]
    verification = verify_record(record, OTHER_KEY.public)
    assert str(verdict) == verification.summary("fr") == verdict.text("fr") != verdict.text("en")
    before = get_lang()
    try:
        set_lang("en")  # no language asked: the current one, for the sentence and the verdict in it
        assert err.value.message() == err.value.message("en") == \
            "record not valid, annotation refused: " + verification.summary("en")
        assert verdict.text() == verification.summary("en") and verdict.text("de") == verification.summary("fr")
        assert str(verdict) == verification.summary("fr")  # str() is French, as a reason's and an error's
        set_lang("fr")
        assert err.value.message() == err.value.message("fr") and verdict.text() == verification.summary("fr")
    finally:
        set_lang(before)
    assert isinstance(verdict, _Verdict)


@pytest.fixture(scope="module")
def unsigned_sealed(tmp_path_factory):
    """A valid record of an exam passed without a jury key (sealed with a plain digest)."""
    folder = tmp_path_factory.mktemp("unsigned")
    run, clock = begin(exam_scenario(folder), folder / "r", preparation=0, key=None)
    clock.advance(20)
    run.step(ChoiceInput(run.session.choices()[0].id))
    if not run.ended:
        run.abandon()
    return run.path.read_bytes()


def test_the_line_written_is_the_annotation_its_readers_expect(record, tmp_path, unsigned_sealed):
    from simulator.exam.seal import SIGNED_ALG
    from simulator.exam.verify import verify_record

    data = add_annotation(record, KEY, "A", "2025-06-02T10:00:00.000+00:00", "Bien.", {"m": "ok"}, "admis")
    line = json.loads(lines(record)[0])
    assert line == data and lines(record)[0] == canonical(data)
    seal = verify_record(record, PUBLIC).seal_hash
    assert {k: v for k, v in line.items() if k != "sig"} == {
        "type": "annotation", "record_seal": seal, "author": "A", "at": "2025-06-02T10:00:00.000+00:00",
        "comment": "Bien.", "criteria": {"m": "ok"}, "decision": "admis", "alg": SIGNED_ALG, "key_id": KEY.key_id,
        "prev": None}
    unsigned_record = tmp_path / "u" / "RECORD.jsonl"
    unsigned_record.parent.mkdir()
    unsigned_record.write_bytes(unsigned_sealed)
    plain = add_annotation(unsigned_record, None, "B", "t", "Vu.")
    assert json.loads(lines(unsigned_record)[0]) == plain
    assert (plain["type"], plain["alg"], plain["key_id"], "sig" in plain) == ("annotation", PLAIN_ALG, None, False)
    assert plain["mac"] == plain_digest({k: v for k, v in plain.items() if k != "mac"}, ANNOTATION_DOMAIN)


def test_an_unreadable_file_says_what_the_system_said(record):
    import errno

    annotations_path(record).mkdir()  # a folder where the file should be
    check = read_annotations(record, PUBLIC)
    assert check.problems[0].message == f"annotations illisibles ({os.strerror(errno.EISDIR)})"


def test_a_garbled_line_breaks_only_itself_the_next_chained_to_its_bytes_is_sound(record):
    import hashlib

    add_annotation(record, KEY, "A", "t", "un")
    second = {**json.loads(lines(record)[0]), "author": "B", "prev": hashlib.sha256(b"{pas du json").hexdigest()}
    del second["sig"]
    second["sig"] = KEY.sign(message(second, ANNOTATION_DOMAIN))
    annotations_path(record).write_bytes(b"{pas du json\n" + canonical(second) + b"\n")
    check = read_annotations(record, PUBLIC)
    assert codes(check) == ["annotation_bad_line"] and [a.author for a in check.annotations] == ["B"]


def test_a_line_without_its_date_or_comment_reads_them_as_empty(record):
    _unsigned(record, decision="admis")
    bare = {k: v for k, v in json.loads(lines(record)[0]).items() if k not in ("at", "comment", "mac")}
    bare["mac"] = plain_digest(bare, ANNOTATION_DOMAIN)
    annotations_path(record).write_bytes(canonical(bare) + b"\n")
    check = read_annotations(record, None)
    assert check.ok and [(a.at, a.comment, a.decision) for a in check.annotations] == [("", "", "admis")]
