"""Any change to a sealed record — one byte anywhere, a line added, removed, moved, spliced from another
record, re-chained, re-signed with another key or stripped of its signatures — fails verification with a
reason; a genuine record always verifies (property-based)."""

from __future__ import annotations

import hashlib
import json
import random

import pytest
from exam_support import KEY, OTHER_KEY, begin, exam_scenario, play_randomly, short_record
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.exam.keys import SigningKey
from simulator.exam.seal import DOMAINS, LINE_DOMAIN, SEAL_DOMAIN, canonical, message, plain_digest
from simulator.exam.verify import INVALID, UNVERIFIABLE, VALID, verify_record

# 150 examples locally, many more in CI (tests/conftest.py): these properties guard a jury's trust.
SETTINGS = settings(settings.get_profile("thorough"), suppress_health_check=[HealthCheck.function_scoped_fixture])
# Forgeries that re-sign every line cost a few Ed25519 operations per example: a third as many examples.
FORGERY = settings(SETTINGS, max_examples=max(20, SETTINGS.max_examples // 3))


@pytest.fixture(scope="module")
def sealed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sealed")
    path = short_record(folder, step_seconds=15)
    blob = path.read_bytes()
    assert verify_record(path, KEY).status == VALID
    return blob, folder / "mutated.jsonl"


@pytest.fixture(scope="module")
def other_record(tmp_path_factory):
    """Another genuine exam signed by the same jury key: the source of spliced lines."""
    folder = tmp_path_factory.mktemp("other")
    run, clock = begin(exam_scenario(folder), folder / "r", preparation=0, seed=7, candidate="Tom Durand")
    play_randomly(run, clock, random.Random(7))
    assert verify_record(run.path, KEY).status == VALID
    return run.path.read_bytes()


def check(path, blob):
    path.write_bytes(blob)
    v = verify_record(path, KEY)
    assert v.status == INVALID, f"not detected: {blob!r}"
    assert v.problems and all(p.message for p in v.problems)
    assert verify_record(path, None).status != VALID  # without the key it is never "valid" either
    return v


@SETTINGS
@given(data=st.data())
def test_any_flipped_byte_is_detected(sealed, data):
    blob, path = sealed
    i = data.draw(st.integers(0, len(blob) - 1))
    mask = data.draw(st.integers(1, 255))
    check(path, blob[:i] + bytes([blob[i] ^ mask]) + blob[i + 1:])


@SETTINGS
@given(data=st.data())
def test_inserted_or_deleted_bytes_are_detected(sealed, data):
    blob, path = sealed
    i = data.draw(st.integers(0, len(blob)))
    if data.draw(st.booleans()):
        extra = data.draw(st.binary(min_size=1, max_size=40))
        mutated = blob[:i] + extra + blob[i:]
    else:
        i = min(i, len(blob) - 1)
        n = data.draw(st.integers(1, len(blob) - i))
        mutated = blob[:i] + blob[i + n:]
    check(path, mutated)


@SETTINGS
@given(data=st.data())
def test_line_edits_are_detected_with_a_line_number_or_a_missing_seal(sealed, data):
    blob, path = sealed
    lines = blob.split(b"\n")[:-1]
    op = data.draw(st.sampled_from(["delete", "duplicate", "insert", "swap", "replace"]))
    i = data.draw(st.integers(0, len(lines) - 1))
    if op == "delete":
        lines = lines[:i] + lines[i + 1:]
    elif op == "duplicate":
        j = data.draw(st.integers(0, len(lines)))
        lines = lines[:j] + [lines[i]] + lines[j:]
    elif op == "insert":
        j = data.draw(st.integers(0, len(lines)))
        lines = lines[:j] + [data.draw(st.binary(max_size=60).filter(lambda b: b"\n" not in b))] + lines[j:]
    elif op == "swap":
        j = data.draw(st.integers(0, len(lines) - 1).filter(lambda j: lines[j] != lines[i]))
        lines[i], lines[j] = lines[j], lines[i]
    else:
        j = data.draw(st.integers(0, len(lines) - 1).filter(lambda j: lines[j] != lines[i]))
        lines[i] = lines[j]
    v = check(path, b"\n".join(lines) + (b"\n" if lines else b""))
    # the reason points at a line, or says the seal is missing / the file is empty
    assert any(p.line for p in v.problems) or {p.code for p in v.problems} & {"not_sealed", "empty", "no_header"}


@pytest.mark.parametrize("edit", ["insert", "replace"])
def test_non_ascii_bytes_in_a_signature_are_invalid_not_a_crash(sealed, edit):
    """What test_inserted_or_deleted_bytes_are_detected found in about one run out of 25 (issue 22): UTF-8
    bytes inside the seal's MAC made verify crash (TypeError, exit 70) instead of saying "invalide".
    (Its examples are drawn with st.data(), which @example cannot replay: the case is pinned here.)"""
    blob, path = sealed
    i = blob.rindex(b'"sig":"') + len(b'"sig":"') + 10
    v = check(path, blob[:i] + "é".encode() + blob[i + (edit == "replace"):])
    assert any(p.code == "bad_signature" and "signature incorrecte" in p.message for p in v.problems)


def rows_of(blob):
    return [json.loads(x) for x in blob.split(b"\n")[:-1]]


def rechain(rows, resign: SigningKey | None = None):
    """A forger's re-chaining: every ``prev`` recomputed, each line re-signed with a key the forger holds (if any)."""
    prev, out = None, []
    for i, data in enumerate(rows):
        data = {**data, "prev": prev}
        if resign is not None and i >= 2 and "sig" in data:
            data["sig"] = resign.sign(message(data, SEAL_DOMAIN if data.get("type") == "seal" else LINE_DOMAIN))
        if "mac" in data:
            data["mac"] = plain_digest(data, SEAL_DOMAIN)
        raw = canonical(data)
        out.append(raw)
        prev = hashlib.sha256(raw).hexdigest()
    return b"\n".join(out) + b"\n"


json_scalars = st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=12)


@FORGERY
@given(data=st.data(), resign=st.sampled_from([None, "session-like", "jury"]))
def test_any_content_edit_rechained_and_resigned_fails(sealed, data, resign):
    """The forgery of issue 15: change any field of any line, recompute the chain, re-sign with any key one holds."""
    blob, path = sealed
    rows = rows_of(blob)
    i = data.draw(st.integers(0, len(rows) - 1), label="line")
    field = data.draw(st.sampled_from(sorted(k for k in rows[i] if k not in ("prev", "sig", "mac"))), label="field")
    value = data.draw(json_scalars.filter(lambda v: v != rows[i][field]), label="value")
    rows[i][field] = value
    forger = {None: None, "session-like": SigningKey.generate(), "jury": OTHER_KEY}[resign]
    check(path, rechain(rows, forger))


@FORGERY
@given(data=st.data())
def test_splicing_reordering_or_truncating_then_rechaining_fails(sealed, other_record, data):
    blob, path = sealed
    rows, theirs = rows_of(blob), rows_of(other_record)
    op = data.draw(st.sampled_from(["splice", "replace", "reorder", "truncate", "drop"]), label="op")
    n = len(rows)
    if op == "splice":  # a genuine line of another exam, signed by the same jury's other session
        rows.insert(data.draw(st.integers(1, n - 1)), data.draw(st.sampled_from(theirs[1:])))
    elif op == "replace":
        rows[data.draw(st.integers(1, n - 1))] = data.draw(st.sampled_from(theirs[1:]))
    elif op == "reorder":
        i, j = data.draw(st.lists(st.integers(1, n - 1), min_size=2, max_size=2, unique=True))
        rows[i], rows[j] = rows[j], rows[i]
    elif op == "truncate":  # keep the first k lines, re-seal with the last line's count fixed
        k = data.draw(st.integers(1, n - 2))
        rows = rows[:k] + [{**rows[-1], "lines": k}]
    else:
        del rows[data.draw(st.integers(1, n - 2))]
        rows[-1]["lines"] = len(rows) - 1
    check(path, rechain(rows))


@FORGERY
@given(data=st.data())
def test_stripping_signatures_is_a_downgrade_that_fails(sealed, data):
    """Remove the certificate and/or any signatures, make it look unsigned: invalid once a key is configured."""
    blob, path = sealed
    rows = rows_of(blob)
    drop = data.draw(st.sets(st.integers(1, len(rows) - 1), min_size=1), label="lines stripped")
    keep = [r for i, r in enumerate(rows) if not (i == 1 and 1 in drop)]
    stripped = [{k: v for k, v in r.items() if not (k == "sig" and i in drop)} for i, r in enumerate(keep)]
    if 1 in drop:  # fully unsigned: a plain seal that matches, as negosim writes them without a key
        stripped = [{k: v for k, v in r.items() if k != "sig"} for r in stripped]
        stripped[-1] = {**stripped[-1], "alg": "sha256", "key_id": None, "lines": len(stripped) - 1, "mac": ""}
    path.write_bytes(rechain(stripped))
    v = verify_record(path, KEY)
    assert v.status == INVALID and v.problems
    if 1 in drop:
        assert [p.code for p in v.problems] == ["unsigned"]  # a well-made downgrade: only the configured key tells


@settings(settings.get_profile("thorough"), max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**31 - 1), moves=st.integers(0, 2**31 - 1), signer=st.sampled_from(["jury", "other", "none"]))
def test_a_genuine_record_always_verifies_and_only_with_its_key(tmp_path_factory, seed, moves, signer):
    folder = tmp_path_factory.mktemp("genuine")
    key = {"jury": KEY, "other": OTHER_KEY, "none": None}[signer]
    run, clock = begin(exam_scenario(folder), folder / "r", seed=seed, key=key, preparation=0)
    play_randomly(run, clock, random.Random(moves))
    mine, other = verify_record(run.path, KEY), verify_record(run.path, OTHER_KEY)
    if signer == "jury":
        assert mine.status == VALID and mine.signed and [p.code for p in other.problems] == ["wrong_key"]
    elif signer == "other":  # a seal made with another key never verifies
        assert mine.status == INVALID and [p.code for p in mine.problems] == ["wrong_key"] and other.status == VALID
    else:  # a seal made with no key never verifies once a key is configured
        assert mine.status == other.status == INVALID and [p.code for p in mine.problems] == ["unsigned"]
    assert verify_record(run.path, None).status == (VALID if signer == "none" else UNVERIFIABLE)


@SETTINGS
@given(record=st.dictionaries(st.text(max_size=6), json_scalars, max_size=5),
       signed_as=st.sampled_from(DOMAINS), checked_as=st.sampled_from(DOMAINS))
def test_a_signature_or_digest_holds_in_its_own_domain_only(sealed, record, signed_as, checked_as):
    """Domain separation: what was signed as one kind of line (or seal, certificate, annotation) is never
    accepted as another, by a signature or by the unsigned digest."""
    sig = KEY.sign(message(record, signed_as))
    assert KEY.public.verify(sig, message(record, checked_as)) == (signed_as == checked_as)
    assert (plain_digest(record, signed_as) == plain_digest(record, checked_as)) == (signed_as == checked_as)
    assert not OTHER_KEY.public.verify(sig, message(record, signed_as))  # and never under another key
