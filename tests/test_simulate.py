"""Batch simulation: outcome distributions, coverage, loops and reproducible failures."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from factories import MINIMAL, MINIMAL_PRICE

from simulator.cli.main import cli
from simulator.content.loader import load_scenario_text
from simulator.engine.session import ChoiceInput, Session
from simulator.simulate import explore, run_policy

LOOPING = MINIMAL.replace("        acts: [abandon]\n        next: perdu", "        acts: [abandon]\n        next: accueil")


def test_random_runs_cover_the_scenario_and_count_outcomes():
    scenario = load_scenario_text(MINIMAL)
    report = run_policy(scenario, "random", n=60, seed=3)
    assert sum(report.outcomes.values()) == 60
    assert set(report.outcomes) <= {"success", "failure"}
    data = report.as_dict()
    assert data["states_never_reached"] == [] and data["choices_never_taken"] == []
    assert data["turns"]["min"] >= 2


def test_least_used_first_reaches_rare_branches_with_few_runs():
    # with 4 runs, uniform choice could miss one branch; least-used-first takes each choice once
    scenario = load_scenario_text(MINIMAL)
    report = run_policy(scenario, "random", n=4, seed=0)
    assert {"accueil/question", "accueil/insister"} <= report.choices_taken


def test_loop_limit_flags_cycles_with_a_reproducing_seed():
    scenario = load_scenario_text(LOOPING)
    report = run_policy(scenario, "uniform", n=40, seed=0, loop_limit=4)
    assert report.loops, "a scenario where one can go round forever must be flagged"
    seed = report.loops[0]
    # the seed reproduces it: replaying the same policy on that seed loops again
    again = run_policy(scenario, "uniform", n=1, seed=seed, loop_limit=4)
    assert again.loops == [seed]


def test_explore_visits_every_state_and_every_ending():
    scenario = load_scenario_text(MINIMAL_PRICE)
    report = explore(scenario)
    data = report.as_dict()
    assert data["states_never_reached"] == [] and not data["truncated"]
    assert set(report.endings) == {"gagne", "perdu"}
    assert not data["errors"]


def test_explore_reports_unreachable_content():
    text = MINIMAL.replace("  gagne:", "  orphelin:\n    phase: fin\n    end: {outcome: partial, summary: x}\n  gagne:")
    report = explore(load_scenario_text(text)).as_dict()
    assert report["states_never_reached"] == ["orphelin"]


def test_fork_is_independent():
    scenario = load_scenario_text(MINIMAL)
    s = Session.start(scenario, 0)
    twin = s.fork()
    twin.step(ChoiceInput("insister"))
    assert s.state == "accueil" and s.turns == [] and twin.state == "objection"


def test_cli_json_and_exit_codes(tmp_path: Path):
    path = tmp_path / "mini.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    result = CliRunner().invoke(cli, ["simulate", str(path), "-n", "20", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["runs"] == 20 and sum(data["outcomes"].values()) == 20
    text = CliRunner().invoke(cli, ["simulate", str(path), "-n", "20"]).output.replace("\u00a0", " ")
    issues = next(line for line in text.splitlines() if line.startswith("Issues :"))
    assert not {"success", "partial", "failure"} & set(issues.replace(",", " ").split()), issues  # French words
    marks = next(line for line in text.splitlines() if line.startswith("Tours par partie"))
    assert "." not in marks  # a decimal comma, as a French reader writes it
    explored = CliRunner().invoke(cli, ["simulate", str(path), "--policy", "explore"])
    assert explored.exit_code == 0 and "États atteints : 5/5" in explored.output.replace("\u00a0", " ")
    bad = CliRunner().invoke(cli, ["simulate", str(path), "--policy", "nimporte"])
    assert bad.exit_code == 2
    looping = tmp_path / "boucle.yaml"
    looping.write_text(LOOPING, encoding="utf-8")
    result = CliRunner().invoke(cli, ["simulate", str(looping), "--policy", "uniform", "-n", "30",
                                      "--loop-limit", "4"])
    assert result.exit_code == 1 and "Boucles" in result.output
