"""Any change to a sealed record — one byte anywhere, a line added, removed or moved — fails verification
with a reason (property-based)."""

from __future__ import annotations

import pytest
from exam_support import KEY, begin, exam_scenario
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.engine.session import ChoiceInput
from simulator.exam.verify import INVALID, VALID, verify_record

# 150 examples locally, many more in CI (tests/conftest.py): these properties guard a jury's trust.
SETTINGS = settings(settings.get_profile("thorough"), suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def sealed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sealed")
    run, clock = begin(exam_scenario(folder), folder / "r", preparation=0)
    for _ in range(3):
        clock.advance(15)
        run.step(ChoiceInput(run.session.choices()[0].id))
    if not run.ended:
        run.abandon()
    blob = run.path.read_bytes()
    assert verify_record(run.path, KEY).status == VALID
    return blob, folder / "mutated.jsonl"


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
def test_non_ascii_bytes_in_the_seal_mac_are_invalid_not_a_crash(sealed, edit):
    """What test_inserted_or_deleted_bytes_are_detected found in about one run out of 25 (issue 22): UTF-8
    bytes inside the seal's MAC made verify crash (TypeError, exit 70) instead of saying "invalide".
    (Its examples are drawn with st.data(), which @example cannot replay: the case is pinned here.)"""
    blob, path = sealed
    i = blob.rindex(b'"mac":"') + len(b'"mac":"') + 10
    v = check(path, blob[:i] + "é".encode() + blob[i + (edit == "replace"):])
    assert any(p.code == "bad_seal" and "empreinte mal formée" in p.message and "é" in p.message for p in v.problems)
