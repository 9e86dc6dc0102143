"""verify's reasons in the reader's language (issue 20): English under ``--lang en``, in the English jury report and
in ``--json``, with counts that agree with their noun in both languages, and the same codes and fields either way."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from exam_support import KEY
from golden_forgeries import FORGERIES, GOLDEN, rechain

from simulator.cli.main import cli
from simulator.exam.annotate import AnnotationError, add_annotation, read_annotations
from simulator.exam.mac import mac_form
from simulator.exam.reason import Reason
from simulator.exam.record import load_exam
from simulator.exam.report import jury_data, render_markdown
from simulator.exam.verify import verify_record

# what only French says: accents and guillemets, and the words of verify's French reasons
FRENCH = re.compile(r"[éèêàâçùîô«»]|\(s\)|\b(?:ligne|lignes|la|le|les|clé|sceau|aucun|chaîne|rompue|enregistrement|"
                    r"signé|signée|tout|mauvaise|empreinte|annotations?\s*:)\b", re.IGNORECASE)


def plain(text):
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def forged(tmp_path, name):
    blob, key = FORGERIES[name]()
    path = tmp_path / "record.jsonl"
    if blob is not None:
        path.write_bytes(blob)
    return path, key


@pytest.mark.parametrize("name", list(FORGERIES))
def test_no_reason_speaks_french_in_english_and_both_languages_say_the_same_thing(tmp_path, name):
    v = verify_record(*forged(tmp_path, name))
    for p in v.problems:
        english = p.text("en")
        assert not FRENCH.search(english), english
        assert english != plain(p.text("fr")) and p.text("fr") == p.reason.text("fr")
        assert p.data("en")["code"] == p.data("fr")["code"] == p.code and p.data("en")["fields"] == p.data("fr")["fields"]
        assert str(p.line) in english or p.line is None or p.code not in ("rewritten", "bad_signature", "misplaced_cert")
    assert not FRENCH.search(v.summary("en")) and not FRENCH.search(v.headline("en"))


ENGLISH = {
    "garbage line": ["unreadable line (no longer a JSON record)",
                     "chain broken: line 4 was changed, or lines were removed between lines 4 and 5"],
    "spaced line": ["line 4 rewritten: its bytes are no longer those negosim wrote",
                    "chain broken: line 4 was changed, or lines were removed between lines 4 and 5"],
    "line after the seal": ["chain broken: line 8 was changed, or lines were removed between lines 8 and 9",
                            "1 line added after the seal (line 8)",
                            "wrong signature on line 9: line changed, added or re-chained without the exam's key"],
    "three lines inserted": ["wrong signature on lines 3, 4, 5, 6, 7, 8, 9, 10 … (9 in all): lines changed, added or "
                             "re-chained without the exam's key"],
    "prev is a list": ["chain broken: line 4 was changed, or lines were removed between lines 4 and 5",
                       "chain broken: line 6 followed line 4; line 5 was inserted or moved",
                       "the seal covers 7 lines but follows 8",
                       "wrong signature on line 5: line changed, added or re-chained without the exam's key"],
    "another key": ["wrong key: signed with key 8d4399f9c9923f8c, the key given is 17d2aa267b444618 (or the key id "
                    "was changed)"],
    "cut mid-interview": ["no seal: unfinished session (interrupted?) or truncated record"],
}


@pytest.mark.parametrize("name", list(ENGLISH))
def test_what_verify_says_in_english(tmp_path, name):
    v = verify_record(*forged(tmp_path, name))
    assert [p.text("en") for p in v.problems] == ENGLISH[name]


def test_counts_agree_with_their_noun_in_each_language():
    """French puts 0 and 1 in the singular, English 1 only; the lines named are cut at eight in both."""
    def said(key, count, lang, **fields):
        return plain(Reason("verify." + key, fields, count).text(lang))

    assert said("rewritten", 1, "fr", lines=[4]) == "ligne 4 réécrite : ses octets ne sont plus ceux que négosim a écrits"
    assert said("rewritten", 2, "fr", lines=[4, 6]) == \
        "lignes 4, 6 réécrites : leurs octets ne sont plus ceux que négosim a écrits"
    assert said("rewritten", 2, "en", lines=[4, 6]) == "lines 4, 6 rewritten: their bytes are no longer those negosim wrote"
    assert said("seal_count", 0, "fr", follows=3) == "le sceau couvre 0 ligne mais en suit 3"
    assert said("seal_count", 0, "en", follows=3) == "the seal covers 0 lines but follows 3"
    assert said("after_seal", 2, "fr", seal=8) == "2 lignes ajoutées après le sceau (ligne 8)"
    assert said("misplaced_cert", 9, "fr", lines=list(range(3, 12))) == \
        "certificat d'épreuve inattendu lignes 3, 4, 5, 6, 7, 8, 9, 10 … (9 en tout) (il n'y en a qu'un, en ligne 2)"
    assert said("misplaced_cert", 8, "en", lines=list(range(3, 11))) == \
        "unexpected exam certificate on lines 3, 4, 5, 6, 7, 8, 9, 10 (there is only one, on line 2)"
    assert plain(mac_form("").text("fr")) == "empreinte mal formée : 0 chiffre hexadécimal au lieu de 64"
    assert mac_form("a").text("en") == "malformed digest: 1 hexadecimal digit instead of 64 ('a')"
    assert mac_form("ab").text("en") == "malformed digest: 2 hexadecimal digits instead of 64 ('ab')"
    assert mac_form("é" * 64).text("en") == ("malformed digest: character 'é' (U+00E9) at position 1, only the "
                                            "hexadecimal digits 0-9 and a-f are possible")


def test_the_seal_count_of_a_seal_that_gives_no_number(tmp_path):
    path, key = forged(tmp_path, "seal says sha256")
    rows = [json.loads(x) for x in path.read_bytes().split(b"\n")[:-1]]
    for covers, shown in ((None, "null"), (True, "true"), ("7", '"7"'), ("sept é", '"sept é"')):
        rows[-1]["lines"] = covers
        path.write_bytes(rechain(rows))
        counts = [p for p in verify_record(path, key).problems if p.code == "seal_count"]
        assert [p.text("en") for p in counts] == [f"the seal does not say how many lines it covers ({shown}) but "
                                                  f"follows {len(rows) - 1}"]
        assert counts[0].data()["fields"] == {"covers": shown, "follows": len(rows) - 1} and counts[0].line == len(rows)


def test_negosim_verify_in_english_names_each_reason_in_english(tmp_path):
    path, _ = forged(tmp_path, "prev is a list")
    out = CliRunner().invoke(cli, ["--lang", "en", "verify", str(path), "--key", str(GOLDEN / "jury.pub")]).output
    assert f"{path}:6: chain broken: line 6 followed line 4; line 5 was inserted or moved" in out
    assert "INVALID (4 problems)" in out and not FRENCH.search(out), out
    french = plain(CliRunner().invoke(cli, ["--lang", "fr", "verify", str(path), "--key", str(GOLDEN / "jury.pub")]).output)
    assert f"{path}:6 : chaîne rompue : la ligne 6 suivait la ligne 4 ; la ligne 5 a été insérée ou déplacée" in french


def test_verify_json_keeps_codes_and_fields_and_words_them_in_the_language_asked(tmp_path):
    path, _ = forged(tmp_path, "three lines inserted")
    args = ["verify", str(path), "--key", str(GOLDEN / "jury.pub"), "--json"]
    english = json.loads(CliRunner().invoke(cli, ["--lang", "en", *args]).output)[0]["problems"]
    french = json.loads(CliRunner().invoke(cli, ["--lang", "fr", *args]).output)[0]["problems"]
    assert [(p["code"], p["line"], p["fields"]) for p in english] == [(p["code"], p["line"], p["fields"]) for p in french]
    assert english[0]["fields"] == {"n": 9, "lines": list(range(3, 12))} and english[0]["code"] == "bad_signature"
    assert english[0]["message"].startswith("wrong signature on lines 3, 4") and "(9 in all)" in english[0]["message"]
    assert plain(french[0]["message"]).startswith("signature incorrecte lignes 3, 4")


def test_an_english_jury_report_gives_the_seal_problems_in_english(tmp_path):
    path, key = forged(tmp_path, "garbage line")
    rec = load_exam(path, key, grade=False)
    problems = jury_data(rec, "en")["seal"]["problems"]
    assert [p["message"] for p in problems] == ENGLISH["garbage line"]
    md = render_markdown(rec, "en")
    assert "chain broken: line 4 was changed" in md and "chaîne" not in md
    assert "chaîne rompue" in plain(render_markdown(rec, "fr"))


def test_annotate_refusals_in_each_language(tmp_path):
    path, _ = forged(tmp_path, "garbage line")
    with pytest.raises(AnnotationError) as refused:
        add_annotation(path, KEY, "Mme Durand", "2025-06-02T10:00:00+00:00", "Bien.")
    assert plain(str(refused.value)).startswith("enregistrement non valide, annotation refusée : invalide — ligne illisible")
    assert refused.value.message("en").startswith("record not valid, annotation refused: invalid — unreadable line")
    valid = tmp_path / "valid.jsonl"
    valid.write_bytes(FORGERIES["no key"]()[0])
    for unknown, fr, en in ((["x"], "critère inconnu : x (connus : a, b)", "unknown criterion: x (known: a, b)"),
                            (["x", "y"], "critères inconnus : x, y (connus : a, b)", "unknown criteria: x, y (known: a, b)")):
        with pytest.raises(AnnotationError) as unknown_criteria:
            add_annotation(valid, KEY, "Mme Durand", "2025-06-02T10:00:00+00:00", "", {c: "bien" for c in unknown},
                           known_criteria={"a", "b"})
        assert (plain(unknown_criteria.value.message("fr")), unknown_criteria.value.message("en")) == (fr, en)


def test_an_annotation_changed_or_of_another_key_is_named_in_each_language(tmp_path):
    record = tmp_path / "signed.jsonl"
    record.write_bytes((GOLDEN / "signed.jsonl").read_bytes())
    notes = (GOLDEN / "signed.jury.jsonl").read_bytes()
    (tmp_path / "signed.jury.jsonl").write_bytes(notes.replace(b"Bonne", b"Petite"))
    check = read_annotations(record, KEY.public)
    assert [(p.code, plain(p.text("fr")), p.text("en")) for p in check.problems] == [
        ("annotation_mismatch", "annotation 1 : signature incorrecte (annotation modifiée)",
         "annotation 1: wrong signature (annotation changed)")]
    unsigned = json.loads(notes)
    unsigned.update(alg="sha256", mac="0" * 12)
    (tmp_path / "signed.jury.jsonl").write_bytes(json.dumps(unsigned).encode() + b"\n")
    check = read_annotations(record, KEY.public)
    assert [p.text("en") for p in check.problems] == [
        "annotation 1: line rewritten",
        "annotation 1: wrong digest (malformed digest: 12 hexadecimal digits instead of 64 ('000000000000'))",
        "annotation 1: unsigned although a jury key is configured"]


def test_every_reason_the_code_names_is_in_both_catalogs():
    """A reason's key is written as a literal (``_problem("bad_seal", "bad_seal.alg", ...)``, ``Reason("verify.…")``);
    a key missing from the catalogs would show itself to the jury instead of a sentence."""
    from pathlib import Path

    from simulator.i18n import entries

    exam = Path(__file__).resolve().parent.parent / "simulator"
    keys = set()
    for module, prefix in (("exam/verify.py", "verify."), ("exam/annotate.py", "verify.annotation.")):
        text = (exam / module).read_text(encoding="utf-8")
        keys |= {prefix + k for k in re.findall(r"""_problem\(\s*"[a-z_]+",\s*"([a-z_.]+)""", text)}
    for path in exam.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r"""Reason\(\s*"([a-z_.]+)""", text)) | set(re.findall(r"""key="(verify\.[a-z_.]+)""", text))
    keys |= {f"verify.not_sealed.{why}" for why in ("writing", "ended", "unfinished")}  # computed in _find_seal
    keys |= {f"verify.annotate.unknown_{n}" for n in ("criterion", "criteria")}  # computed in add_annotation
    keys = {k for k in keys if not k.endswith((".", "_"))}  # ("verify." + key: a prefix, its keys are found above)
    assert len(keys) > 40
    assert not sorted(k for k in keys if k not in entries("fr") or k not in entries("en"))
