"""Cohort on 200 generated records (tampered ones included): exact counts, CSV a spreadsheet reads, HTML."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import random
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from exam_support import KEY, OTHER_KEY, NullIndex, key_files, play_randomly

from simulator.cli.main import cli
from simulator.content.library import resolve_scenario
from simulator.content.loader import load_scenario
from simulator.engine.session import ChoiceInput
from simulator.exam.clock import ManualClock
from simulator.exam.cohort import build_cohort, collect_paths, number, render_html, to_csv, write_csv
from simulator.exam.flow import ExamRun, ExamSetup
from simulator.scoring import default_rubric, score

SCENARIOS = ["banque-boulangerie", "assurance-artisan", "immobilier-mandat", "distribution-referencement"]
# what record n becomes, by n % 20
PLAN = {0: "unsigned", 3: "flipped", 5: "duplicate", 7: "line_deleted", 11: "truncated", 13: "appended",
        17: "wrong_key", 19: "unsealed"}


def digest(path):
    """Records are known by their bytes: a copy is the same record, wherever it lies."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def signed_only(expected):
    """With the jury key configured, unsigned records are invalid (issue 15: a downgrade must not count)."""
    return {k: e for k, e in expected.items() if e["kind"] == "signed"}


@pytest.fixture(scope="module")
def keyed(group):
    """The group's cohort read with the jury key (built once: reading 200 records is the costly part)."""
    return build_cohort(group[1], KEY)


@pytest.fixture(scope="module")
def group(tmp_path_factory):
    """200 record files and what the generator knows about each (its own live grading)."""
    folder = tmp_path_factory.mktemp("groupe")
    scenarios = [load_scenario(resolve_scenario(s)) for s in SCENARIOS]
    rubric = default_rubric()
    expected: dict[str, dict] = {}
    kinds: Counter[str] = Counter()
    last_valid = None
    with pytest.MonkeyPatch.context() as mp:
        # 200 records: speed matters here; durability is test_journal.py::test_every_write_is_on_disk_before_the_call_returns
        mp.setattr(os, "fsync", lambda fd: None)
        for n in range(200):
            kind = PLAN.get(n % 20, "signed")
            kinds[kind] += 1
            if kind == "duplicate":
                copy = folder / "copies" / f"copie-{n}.jsonl"
                copy.parent.mkdir(exist_ok=True)
                shutil.copyfile(last_valid, copy)
                continue
            rng = random.Random(n)
            sc = scenarios[n % len(scenarios)]
            clock = ManualClock()
            key = None if kind == "unsigned" else OTHER_KEY if kind == "wrong_key" else KEY
            setup = ExamSetup.create(sc, f"Candidat {n:03d}", seed=n, interview=rng.choice([3, 6, 20]), after=0)
            run = ExamRun.begin(setup, clock, key, folder=folder / "r", index=NullIndex())
            if kind == "unsealed":  # the machine died during the interview
                run.start_interview()
                run.step(ChoiceInput(run.session.choices()[0].id))
                continue
            play_randomly(run, clock, rng)
            path = run.path
            blob = path.read_bytes()
            if kind == "flipped":
                # before the seal line: without the key a flipped MAC digit cannot be told from a good one
                # (that case is in test_seal_properties); here the count without the key must be exact
                i = rng.randrange(blob.rindex(b"\n", 0, len(blob) - 1))
                path.write_bytes(blob[:i] + bytes([blob[i] ^ (1 << rng.randrange(8))]) + blob[i + 1:])
            elif kind == "line_deleted":
                lines = blob.split(b"\n")[:-1]
                del lines[rng.randrange(1, len(lines) - 1)]
                path.write_bytes(b"\n".join(lines) + b"\n")
            elif kind == "truncated":
                path.write_bytes(blob[: len(blob) - rng.randint(1, 40)])
            elif kind == "appended":
                path.write_bytes(blob + b'{"type":"annotation","comment":"ajout"}\n')
            elif kind in ("signed", "unsigned"):
                debrief = score(sc, rubric, run.session.turns, ending=run.result.outcome)  # time_up counts as failure
                expected[digest(path)] = {"kind": kind, "outcome": run.result.outcome, "mark": debrief.mark,
                                                 "levels": {c.id: c.level for c in debrief.criteria.values()},
                                                 "candidate": setup.candidate, "debrief": debrief}
                last_valid = path
    files, missing = collect_paths([folder])
    assert len(files) == 200 and not missing
    return folder, files, expected, kinds


def test_generated_group_has_the_planned_mix(group):
    _, _, expected, kinds = group
    assert kinds == {"signed": 120, "unsigned": 10, "flipped": 10, "duplicate": 10, "line_deleted": 10, "truncated": 10,
                     "appended": 10, "wrong_key": 10, "unsealed": 10}
    assert len(expected) == 130


def test_exact_counts_with_the_jury_key(group, keyed):
    _, files, expected, _ = group
    c = keyed
    expected = signed_only(expected)
    assert c.files == 200 and c.counted == 120
    assert all(r.signed for r in c.rows)
    cats = Counter(f.category for f in c.flagged)
    assert cats == {"invalid": 70, "duplicate": 10}
    # every flagged record is listed with a reason; no tampered record is counted
    assert all(f.reason for f in c.flagged)
    assert {digest(r.path) for r in c.rows} == set(expected)
    reasons = " ".join(f.reason for f in c.flagged)
    for word in ("chaîne rompue", "tronqué", "après le sceau", "mauvaise clé", "aucun sceau", "non signé alors que"):
        assert word in reasons
    # what the cohort read back from the files is what was graded live
    for r in c.rows:
        e = expected[digest(r.path)]
        assert (r.candidate, r.outcome, r.mark, r.levels) == (e["candidate"], e["outcome"], e["mark"], e["levels"])
    assert c.outcomes == Counter(e["outcome"] for e in expected.values())
    assert "time_up" in c.outcomes  # the short interviews ran out of time for some
    for stats in c.criteria:  # distribution per criterion, over the records whose scenario assesses its block
        assessed = [e for e in expected.values()
                    if any(b.id == stats.block and b.assessed for b in e["debrief"].block_results)]
        want = Counter(e["levels"][stats.id] for e in assessed)
        assert {k: v for k, v in stats.counts.items() if v} == dict(want)
        assert stats.evaluated == sum(v for k, v in want.items() if k != "non_evalue")


def test_weakest_criteria_and_their_most_frequent_mistakes(group, keyed):
    _, files, expected, _ = group
    expected = signed_only(expected)
    c = keyed
    weak = c.weakest(3)
    assert len(weak) == 3 and weak[0].mean_mark <= weak[1].mean_mark <= weak[2].mean_mark
    for stats in weak:
        made = Counter(e.rule for x in expected.values() for e in x["debrief"].criteria[stats.id].evidence
                       if e.kind == "weakness" and e.rule)
        assert [(m.rule, m.count) for m in stats.mistakes] == sorted(made.items(), key=lambda kv: (-kv[1], kv[0]))


def test_without_the_key_signed_records_are_listed_as_unverified_not_counted(group):
    _, files, _, _ = group
    c = build_cohort(files, None)
    assert c.counted == 10 and all(not r.signed for r in c.rows)
    assert Counter(f.category for f in c.flagged) == {"unverifiable": 140, "invalid": 50}


def test_require_signature_sets_unsigned_records_aside(group):
    _, files, _, _ = group
    c = build_cohort(files, None, require_signature=True)
    assert c.counted == 0 and Counter(f.category for f in c.flagged) == {"unverifiable": 140, "invalid": 50,
                                                                         "unsigned": 10}


def test_csv_reads_back_in_a_french_spreadsheet_dialect(group, keyed, tmp_path):
    _, files, expected, _ = group
    expected = signed_only(expected)
    c = keyed
    out = tmp_path / "groupe.csv"
    write_csv(c, out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: accents right when the file is double-clicked
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header[:5] == ["candidat", "scénario", "date", "issue", "note /20"] and len(body) == 120
    assert all(len(r) == len(header) for r in body)
    marks = {digest(Path(r[-1])): float(r[4].replace(",", ".")) for r in body}
    assert marks == {k: e["mark"] for k, e in expected.items()}
    assert any("," in r[4] for r in body) and not any("." in r[4] for r in body)
    point = to_csv(c, decimal=".")
    rows = list(csv.reader(io.StringIO(point, newline=""), delimiter=","))
    assert len(rows) == 121 and all("," not in r[4] for r in rows[1:])
    assert number(12.0) == "12" and number(7.35) == "7,35" and number(None) == ""


def test_html_lists_flagged_records_and_the_distribution(keyed):
    c = keyed
    html = render_html(c, "Groupe A")
    assert "Groupe A" in html and "Enregistrements écartés" in html and html.count('class="flag">invalide') == 70
    assert html.count("doublon") >= 10 and "Répartition par critère" in html and "Critères les plus faibles" in html
    assert "<script" not in html


def test_cli_cohort_writes_csv_and_html_and_exits_1_when_records_are_set_aside(group, tmp_path, monkeypatch):
    folder, _, _, _ = group
    monkeypatch.setenv("NEGOSIM_JURY_PUBLIC_KEY", str(key_files(tmp_path / "keys")[1]))
    result = CliRunner().invoke(cli, ["cohort", str(folder), "--csv", str(tmp_path / "g.csv"), "--html",
                                      str(tmp_path / "g.html"), "--decimal", "point"])
    assert result.exit_code == 1, result.output
    assert "200 enregistrements lus" in result.output and "120 comptés" in result.output
    assert "80 écartés" in result.output and result.output.count("✗") == 80
    assert (tmp_path / "g.csv").read_bytes().startswith(b"\xef\xbb\xbf") and (tmp_path / "g.html").is_file()
    missing = CliRunner().invoke(cli, ["cohort", str(tmp_path / "rien")])
    assert missing.exit_code == 1 and "introuvable" in missing.output


def test_reading_in_several_processes_gives_the_same_cohort(group):
    _, files, _, _ = group
    some = files[:40]  # the copies (duplicates of later records) come first, then records of every kind
    one, two = build_cohort(some, KEY), build_cohort(some, KEY, workers=2)
    assert one.rows == two.rows and one.flagged == two.flagged and one.criteria == two.criteria
    assert {f.category for f in one.flagged} >= {"duplicate", "invalid"} and one.counted > 10
