"""Cohorts and verification at school scale: one scenario load per content hash, records read as a stream,
``verify DIR`` recursive. The timings are benchmarks/bench_cohort.py's."""

from __future__ import annotations

import random

from click.testing import CliRunner
from exam_support import KEY, begin, exam_scenario, play_randomly, use_key_files
from xapi_support import play

from simulator.cli.main import cli
from simulator.exam.cohort import build_cohort, collect_paths
from simulator.exam.graded import Grader
from simulator.exam.record import load_exam


def test_each_scenario_is_loaded_once_whatever_the_number_of_records(tmp_path):
    for n in range(5):
        play(200 + n, scenario=("banque-boulangerie", "assurance-artisan")[n % 2], folder=tmp_path / "s", max_turns=2)
    paths, _ = collect_paths([tmp_path / "s"])
    grader = Grader()
    c = build_cohort(iter(paths), None, grader=grader)  # any iterable: records are read one at a time
    assert c.counted == 5 and grader.loads == 2
    # what the cache gives is what loading the record's scenario again gives
    rows = {r.path: r for r in c.rows}
    assert rows[paths[0]].mark == Grader().grade(paths[0]).debrief.mark


def test_exam_rows_match_the_jury_report_reading(tmp_path):
    scenario = exam_scenario(tmp_path)
    for seed in range(4):
        run, clock = begin(scenario, tmp_path / "r", candidate=f"Candidat {seed}", seed=seed, interview=2)
        play_randomly(run, clock, random.Random(seed))
    paths, _ = collect_paths([tmp_path / "r"])
    c = build_cohort(paths, KEY)
    assert c.counted == 4
    for row in c.rows:
        rec = load_exam(row.path, KEY)  # the per-record path the jury report takes
        assert (row.candidate, row.outcome, row.mark, row.levels, row.turns, row.interview_seconds) == \
            (rec.candidate, rec.outcome, rec.debrief.mark, {k: v.level for k, v in rec.debrief.criteria.items()},
             len(rec.session.turns), rec.interview_seconds)


def test_verify_walks_folders_recursively(tmp_path, monkeypatch):
    scenario = exam_scenario(tmp_path)
    paths = []
    for n, sub in enumerate(["classe-a", "classe-a/jour-2", "classe-b"]):
        run, clock = begin(scenario, tmp_path / "epreuves" / sub, candidate=f"C{n}", seed=n, interview=2)
        play_randomly(run, clock, random.Random(n))
        paths.append(run.path)
    (paths[0].parent / (paths[0].stem + ".jury.jsonl")).write_text("")  # annotations: not a record to verify
    use_key_files(monkeypatch, tmp_path / "jury")  # trainers verify with the jury's public key
    runner = CliRunner()
    ok = runner.invoke(cli, ["verify", str(tmp_path / "epreuves")])
    assert ok.exit_code == 0, ok.output
    assert ok.output.count("✓") == 3 and all(p.name in ok.output for p in paths) and ".jury.jsonl :" not in ok.output
    blob = paths[1].read_bytes()
    paths[1].write_bytes(blob[:-20])
    bad = runner.invoke(cli, ["verify", str(tmp_path / "epreuves"), str(tmp_path / "absent")])
    assert bad.exit_code == 1 and bad.output.count("✓") == 2 and f"✗ {paths[1]}" in bad.output
    assert "absent\u00a0: introuvable" in bad.output
    # a record named directly keeps the name the user gave
    named = runner.invoke(cli, ["verify", str(paths[2])])
    assert named.exit_code == 0 and f"✓ {paths[2]}\u00a0:" in named.output
