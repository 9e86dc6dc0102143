"""The jury report of one exam record (simulator/exam/report.py), checked directly: its data is the record as
read (every field, every piece of evidence grouped by rule with its turns), its Markdown and HTML show the same
figures, in French or in English, and a record that does not verify shows no grading (issue 21's mutation pass:
what test_exam_report.py checked by a few words)."""

from __future__ import annotations

import json
import os
import random
import time
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest
from exam_support import KEY, PUBLIC, begin, exam_scenario, play_randomly
from test_exam_writing import written_exam

from simulator.content.library import resolve_scenario
from simulator.content.loader import load_scenario
from simulator.content.typography import localise
from simulator.engine.price import format_money
from simulator.exam.annotate import add_annotation
from simulator.exam.clock import format_duration
from simulator.exam.reason import Reason
from simulator.exam.record import load_exam, outcome_label
from simulator.exam.report import (
    KIND_MARK,
    _duration_label,
    _grouped,
    _negotiation,
    french_datetime,
    jury_data,
    mark_label,
    render,
    render_html,
    render_json,
    render_markdown,
    seal_status,
)
from simulator.exam.verify import INVALID, LATE, UNVERIFIABLE, VALID, Problem, Verification
from simulator.i18n import t


@pytest.fixture(autouse=True)
def paris_time():
    """Local time in Paris (a POSIX rule: no time-zone database needed): the dates the jury reads."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "CET-1CEST,M3.5.0,M10.5.0/3"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


def plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


# ---------------------------------------------------------------- words, dates, marks

def test_dates_as_a_french_or_english_jury_reads_them():
    assert french_datetime("2025-06-02T08:05:00+00:00") == "2\u00a0juin\u00a02025 à 10\u00a0h\u00a005"
    assert french_datetime("2025-12-31T23:30:00+00:00") == "1\u00a0janvier\u00a02026 à 00\u00a0h\u00a030"
    assert french_datetime("2025-06-02T08:05:00+00:00", "en") == "02 June 2025, 10:05"
    assert french_datetime(datetime(2025, 11, 3, 17, 0, tzinfo=timezone.utc)) == "3\u00a0novembre\u00a02025 à 18\u00a0h\u00a000"
    assert [french_datetime(f"2025-{m:02d}-15T12:00:00+00:00").split("\u00a0")[1] for m in range(1, 13)] == [
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
        "décembre"]
    assert (french_datetime(None), french_datetime(None, "en"), french_datetime(42), french_datetime("hier")) == (
        "—", "—", "42", "hier")


def test_marks_and_durations_as_the_jury_reads_them():
    assert (mark_label(12.35), mark_label(12.35, "en"), mark_label(0.0), mark_label(None)) == (
        "12,3\u00a0/\u00a020", "12.3\u00a0/\u00a020", "0,0\u00a0/\u00a020", "—")
    assert _duration_label(1032.0, 30, "fr") == format_duration(1032.0, "fr") + " / 30\u00a0min"
    assert _duration_label(65.0, 7.5, "en") == format_duration(65.0, "en") + " / 7.5\u00a0min"
    assert _duration_label(None, 20, "fr") == "— / 20\u00a0min"
    assert _duration_label(None, None, "fr") == "— / —" and _duration_label(12.0, "vingt", "fr").endswith(" / —")


def evidence(turn: int, kind: str, rule: str | None, points: int = 0, text: str = "") -> SimpleNamespace:
    words = text or f"{kind} {rule}"
    return SimpleNamespace(turn=turn, kind=kind, rule=rule, points=points,
                           explain=lambda lang, w=words: w if lang == "fr" else "EN " + w)


def test_observations_group_a_rule_with_every_turn_it_fired_at():
    found = _grouped([evidence(1, "weakness", "w1", -1), evidence(2, "strength", "s1", 2), evidence(5, "weakness", "w1", -2),
                      evidence(3, "missed", None), evidence(3, "missed", None), evidence(1, "missed", None),
                      evidence(4, "strength", "s1", 1), evidence(2, "strength", "s0", 1),
                      evidence(6, "missed", "technique", 0, "Technique incomplète"),
                      evidence(6, "weakness", None, -1, "sans règle"), evidence(7, "weakness", None, -1, "sans règle"),
                      evidence(8, "neutral", "n1")], "fr")
    assert [(g["kind"], g["sign"], g["rule"], g["text"], g["turns"], g["points"], g["turns_label"]) for g in found] == [
        ("strength", "+", "s1", "strength s1", [2, 4], 3, "T2, T4"),  # strengths first, by the first turn
        ("strength", "+", "s0", "strength s0", [2], 1, "T2"),
        ("weakness", "−", "w1", "weakness w1", [1, 5], -3, "T1, T5"),
        ("missed", "○", "technique", "Technique incomplète", [6], 0, "T6"),  # then the others by first turn
        ("weakness", "−", None, "sans règle", [6, 7], -2, "T6, T7"),  # no rule: grouped by its words
        ("neutral", "·", "n1", "neutral n1", [8], 0, "T8"),
        ("missed", "○", None, "3 occasions manquées", [1, 3], 0, "T1, T3")]  # missed moves: one line, last
    english = _grouped([evidence(2, "strength", "s1"), evidence(1, "missed", None)], "en")
    assert [g["text"] for g in english] == ["EN strength s1", "1 missed opportunity"]
    assert _grouped([], "fr") == []


def test_the_price_negotiation_in_the_currency_and_language_of_the_report():
    n = SimpleNamespace(unit="HT", currency="€", list_price=9600, target=8900, floor=8400, deal=True, final=9100.5,
                        walked_away=False, concessions=2, with_counterpart=1, without_counterpart=1,
                        counterparts=["paiement : comptant"], discount_pct=5.2,
                        offers=[{"amount": 9200, "counter": 9400, "counterpart": "x", "response": "counter", "kind": "offer",
                                 "extra": 1}, {"amount": 9100.5, "response": "accept"}])
    got = _negotiation(SimpleNamespace(negotiation=n), "fr")
    money = lambda v: format_money(v, "€", "fr")  # noqa: E731
    assert got == {"unit": "HT", "list": money(9600), "target": money(8900), "floor": money(8400), "deal": True,
                   "final": money(9100.5), "walked_away": False, "concessions": 2, "with_counterpart": 1,
                   "without_counterpart": 1, "counterparts": [localise("paiement : comptant", "fr")], "discount_pct": 5.2,
                   "offers": [{"amount": 9200, "counter": 9400, "counterpart": "x", "response": "counter", "kind": "offer",
                               "amount_label": money(9200), "counter_label": money(9400)},
                              {"amount": 9100.5, "counter": None, "counterpart": None, "response": "accept", "kind": None,
                               "amount_label": money(9100.5), "counter_label": "—"}]}
    assert _negotiation(SimpleNamespace(negotiation=n), "en")["list"] == format_money(9600, "€", "en") != money(9600)
    none = SimpleNamespace(**{**vars(n), "final": None, "deal": False})
    assert _negotiation(SimpleNamespace(negotiation=none), "fr")["final"] == "—"
    assert _negotiation(SimpleNamespace(negotiation=None), "fr") is None


def verdict(status: str, signed: bool = True, late: bool = False, problems: tuple = ()) -> SimpleNamespace:
    v = Verification(Path("r.jsonl"), status, list(problems),
                     seal={"sealed_at": "2025-06-02T08:20:00+00:00", "key_id": KEY.key_id,
                           **({"alg": "ed25519"} if signed else {}), **({"late": True} if late else {})},
                     certificate={"key_id": KEY.key_id} if signed else None)
    return SimpleNamespace(verification=v)


@pytest.mark.parametrize(("status", "signed", "late", "which", "level"), [
    (VALID, True, False, "signed", "ok"), (VALID, False, False, "unsigned", "warn"), (LATE, True, True, "late", "bad"),
    (UNVERIFIABLE, True, False, "unverifiable", "warn"), (INVALID, True, False, "invalid", "bad")])
def test_the_seal_status_says_what_the_verification_found(status, signed, late, which, level):
    wrong = Problem("bad_seal", Reason("verify.bad_seal"), 7)
    rec = verdict(status, signed, late, (wrong, Problem("no_key", Reason("verify.no_key"))))
    for lang in ("fr", "en"):
        s = seal_status(rec, lang)
        assert s == {"status": status, "signed": signed, "late": late, "key_id": KEY.key_id, "level": level,
                     "label": t("jury.seal." + which, lang, key_id=KEY.key_id),
                     "sealed_at": "2025-06-02T08:20:00+00:00",
                     "sealed_at_label": french_datetime("2025-06-02T08:20:00+00:00", lang),
                     "problems": [wrong.data(lang)]}  # "no key" is what the status already says
    bare = SimpleNamespace(verification=Verification(Path("r.jsonl"), INVALID))
    assert seal_status(bare)["sealed_at"] is None and seal_status(bare)["sealed_at_label"] is None
