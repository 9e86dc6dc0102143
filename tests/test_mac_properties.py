"""A seal's or an annotation's MAC or signature is untrusted text: whatever it holds, verify and annotate say
"invalide" with a reason, and never crash (issue 22: a non-ASCII MAC made ``hmac.compare_digest`` raise
TypeError)."""

from __future__ import annotations

import json
import re

import pytest
from exam_support import KEY, begin, exam_scenario
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from simulator.exam.annotate import AnnotationError, add_annotation, annotations_path, read_annotations
from simulator.exam.mac import MAC_LENGTH, mac_form_problem, same_mac
from simulator.exam.seal import canonical
from simulator.exam.verify import INVALID, VALID, verify_record

SETTINGS = settings(settings.get_profile("thorough"), suppress_health_check=[HealthCheck.function_scoped_fixture])
AT = "2026-01-01T10:00:00+00:00"

# Any text JSON can carry: lone surrogates included (written as "\ud800" escapes), which UTF-8 cannot encode.
texts = st.text(st.characters() | st.characters(categories=["Cs"]), max_size=80)
hexish = (st.text("0123456789abcdefABCDEF \u00e9\u0660", min_size=MAC_LENGTH - 2, max_size=MAC_LENGTH + 2)
          | st.text("0123456789abcdefABCDEF \u00e9\u0660", min_size=2 * MAC_LENGTH - 2, max_size=2 * MAC_LENGTH + 2))
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | texts,
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
                           max_leaves=6)
macs = texts | hexish | json_values


def encode_line(data):
    """The line as a tamperer would write it: negosim's encoding, or escaped JSON when UTF-8 cannot hold it."""
    try:
        return canonical(data)
    except UnicodeEncodeError:
        return json.dumps(data, sort_keys=True, separators=(",", ":")).encode("ascii")


def replace_last_line(path, blob, field, value):
    lines = blob.split(b"\n")[:-1]
    data = json.loads(lines[-1])
    data[field] = value
    path.write_bytes(b"\n".join([*lines[:-1], encode_line(data)]) + b"\n")


def sealed_record(folder, key):
    run, _ = begin(exam_scenario(folder), folder / "r", key=key, preparation=0)
    run.abandon()
    assert verify_record(run.path, key).status == VALID
    return run.path


@pytest.fixture(scope="module", params=["signed", "unsigned"])
def record(request, tmp_path_factory):
    key = KEY if request.param == "signed" else None
    path = sealed_record(tmp_path_factory.mktemp(request.param), key)
    field = "sig" if key else "mac"  # a signed seal carries an Ed25519 signature, an unsigned one a SHA-256
    return path, path.read_bytes(), field, json.loads(path.read_bytes().split(b"\n")[-2])[field]


@pytest.fixture(scope="module")
def annotated(tmp_path_factory):
    path = sealed_record(tmp_path_factory.mktemp("annotated"), KEY)
    add_annotation(path, KEY, "Mme Durand", AT, "Découverte solide.")
    notes = annotations_path(path)
    assert read_annotations(path, KEY).ok
    return path, notes, notes.read_bytes(), json.loads(notes.read_bytes().split(b"\n")[-2])["sig"]


@SETTINGS
@given(mac=macs)
@example(mac="é" * MAC_LENGTH)  # found by test_seal_properties in one run out of 25: verify crashed (exit 70)
@example(mac="\ud800")  # a lone surrogate: canonical() cannot re-encode the seal line
@example(mac="")
@example(mac=None)
@example(mac=["0" * MAC_LENGTH])
@example(mac="0" * MAC_LENGTH)
@example(mac="0" * (MAC_LENGTH - 1) + "\u0660")  # ARABIC-INDIC DIGIT ZERO: a digit, not a hex digit
def test_a_seal_with_any_other_mac_is_invalid_and_never_crashes(record, mac):
    path, blob, field, true_value = record
    if mac == true_value:
        mac = None
    replace_last_line(path, blob, field, mac)
    for key in (KEY, None):
        v = verify_record(path, key)
        # with or without the jury's key: the session key (signed) or the digest (unsigned) refuses it
        assert v.status == INVALID and v.problems and all(p.message for p in v.problems)
        codes = {p.code for p in v.problems}
        if field == "sig":
            assert "bad_signature" in codes or "bad_line" in codes
        elif mac_form_problem(mac) is not None and v.seal is not None:
            assert any(p.code == "bad_seal" and "empreinte" in p.message for p in v.problems)
    with pytest.raises(AnnotationError, match="non valide"):
        add_annotation(path, KEY, "Mme Durand", AT, "Commentaire.")
    assert read_annotations(path, KEY).ok  # no annotation file, nothing written


@SETTINGS
@given(mac=macs)
@example(mac="é" * MAC_LENGTH)  # the same crash in annotate (hmac.compare_digest on a non-ASCII str)
@example(mac="\ud800")
@example(mac=None)
@example(mac="0" * MAC_LENGTH)
def test_an_annotation_with_any_other_mac_is_reported_and_never_crashes(annotated, mac):
    path, notes, blob, true_mac = annotated
    if mac == true_mac:
        mac = None
    replace_last_line(notes, blob, "sig", mac)
    check = read_annotations(path, KEY)
    assert check.problems and all(p.message for p in check.problems)
    assert {p.code for p in check.problems} & {"annotation_bad_seal", "annotation_mismatch", "annotation_bad_line"}
    with pytest.raises(AnnotationError, match="annotations existantes invalides"):
        add_annotation(path, KEY, "M. Petit", AT, "Autre commentaire.")
    assert notes.read_bytes().count(b"\n") == blob.count(b"\n")  # nothing appended


HEX64 = re.compile(r"[0-9a-f]{64}")


@settings(settings.get_profile("thorough"))
@given(found=macs | st.binary(max_size=70) | st.text("0123456789abcdef", min_size=64, max_size=64),
       computed=st.text("0123456789abcdef", min_size=64, max_size=64))
@example(found="é" * MAC_LENGTH, computed="0" * MAC_LENGTH)
@example(found="0" * MAC_LENGTH, computed="0" * MAC_LENGTH)
@example(found=("0" * MAC_LENGTH).encode(), computed="0" * MAC_LENGTH)
def test_the_mac_helper_accepts_only_the_computed_hex_and_says_why_not(found, computed):
    problem = mac_form_problem(found)
    well_formed = isinstance(found, str) and HEX64.fullmatch(found) is not None
    assert (problem is None) == well_formed
    assert problem is None or problem.startswith("empreinte")
    assert same_mac(computed, found) == (found == computed)


@pytest.mark.parametrize("found, said", [
    (None, "empreinte absente"),
    (5, "empreinte mal formée : un texte de 64 chiffres hexadécimaux est attendu, pas int"),
    ("", "empreinte mal formée : 0 chiffre hexadécimal au lieu de 64"),
    ("abc", "empreinte mal formée : 3 chiffres hexadécimaux au lieu de 64 (« abc »)"),
    ("0" * 12, "empreinte mal formée : 12 chiffres hexadécimaux au lieu de 64 (« 000000000000 »)"),
    ("0" * 13, "empreinte mal formée : 13 chiffres hexadécimaux au lieu de 64 (« 000000000000… »)"),
    ("0" * 63 + "g", "empreinte mal formée : caractère « g » (U+0067) en position 64, seuls les chiffres "
                     "hexadécimaux 0-9 et a-f sont possibles"),
    (" " + "0" * 63, "empreinte mal formée : caractère U+0020 en position 1, seuls les chiffres hexadécimaux 0-9 et "
                     "a-f sont possibles"),
    ("\u200b" + "0" * 63, "empreinte mal formée : caractère U+200B en position 1, seuls les chiffres hexadécimaux "
                          "0-9 et a-f sont possibles"),
])
def test_what_a_malformed_mac_is_told(found, said):
    """The reason a jury reads: where the bad character is, which one (quoted when it can be seen), how long."""
    assert mac_form_problem(found) == said
    assert mac_form_problem("0" * 128, length=128) is None and "au lieu de 128" in mac_form_problem("0" * 64, length=128)
