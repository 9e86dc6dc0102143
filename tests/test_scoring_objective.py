"""The objective of the interview: graded from how the session ended, beside the criteria (docs/scoring.md § 5)."""

from __future__ import annotations

import textwrap

import pytest
from test_rubric import MINI, errors_of, line_col
from test_scoring_scenarios import NEGO, NEGO_EXPERT, PROSPECT, PROSPECT_EXPERT, nego, play, prospect

from simulator.content.loader import load_scenario_text
from simulator.scoring import default_rubric, score
from simulator.scoring.rubric import load_rubric_text

PARTIAL_END = 'end: {outcome: partial, summary: "Rendez-vous flou."}'
SUCCESS_END = 'end: {outcome: success, summary: "Contrat signé."}'
MOVES = ("presenter", "pitch", "croc", "seul-choix", "vague")  # the worked example: ends on « fin-vague »


def prospect_ending(outcome: str):
    """The test call where « fin-vague » has the given outcome: the same moves, another ending."""
    text = PROSPECT.replace(PARTIAL_END, f'end: {{outcome: {outcome}, summary: "Rendez-vous flou."}}')
    return load_scenario_text(text, f"prospect-{outcome}.yaml")


def nego_ending(outcome: str):
    """The test negotiation where the recap leads to an ending with the given outcome (« merci » still reaches
    the signed contract: a scenario must keep a way to succeed)."""
    recap = "acts: [recapitulatif_engagements, remerciement]\n        next: gagne"
    assert NEGO.count(recap) == 1 and NEGO.count(SUCCESS_END) == 1
    text = NEGO.replace(recap, recap.replace("next: gagne", "next: fin-variante")).replace(
        SUCCESS_END, SUCCESS_END + f'\n  fin-variante:\n    phase: fin\n    say: "Bien."\n'
                                   f'    end: {{outcome: {outcome}, summary: "Contrat signé."}}')
    return load_scenario_text(text, f"nego-{outcome}.yaml")


def criteria_mean(d) -> float:
    evaluated = [c for c in d.criteria.values() if c.evaluated]
    return sum(c.weight * c.ratio for c in evaluated) / sum(c.weight for c in evaluated)


# ---------------------------------------------------------------- only ended sessions count

def test_an_unfinished_session_leaves_the_objective_not_assessed_and_the_mark_on_the_criteria():
    d = score(prospect(), default_rubric(), play(prospect(), *MOVES[:4]).turns)
    o = d.objective
    assert o.status is None and o.ratio is None and o.mark is None and o.level == "non_evalue" and not o.evaluated
    assert o.ending is None and o.summary is None
    assert d.mark == round(20 * criteria_mean(d), 1)
    assert d.blocks["prospection"] == d.mark


def test_an_ended_session_weighs_the_objective_beside_the_criteria():
    d = score(prospect(), default_rubric(), play(prospect(), *MOVES).turns)
    o = d.objective
    assert (o.status, o.ending, o.summary, o.turn) == ("partial", "fin-vague", "Rendez-vous flou.", 5)
    assert (o.ratio, o.mark, o.level) == (0.4, 8.0, "en_cours")
    assert o.block_weights == {"prospection": 5.5} and o.weight == 5.5
    evaluated = [c for c in d.criteria.values() if c.evaluated]
    weighted = sum(c.weight * c.ratio for c in evaluated) + o.weight * o.ratio
    assert d.mark == round(20 * weighted / (sum(c.weight for c in evaluated) + o.weight), 1)
    assert d.blocks["prospection"] == d.mark and d.blocks["negociation"] is None
    assert o.descriptor_fr.startswith("Obtenir l'engagement") and o.fiche  # the Bloc 2 objective, quoting the fiche


def test_the_objective_does_not_touch_the_criteria():
    ended = score(prospect(), default_rubric(), play(prospect(), *MOVES).turns)
    unfinished = score(prospect(), default_rubric(), play(prospect(), *MOVES[:4]).turns)
    for cid in ("p_interlocuteur", "p_structure", "p_interet"):
        assert unfinished.criteria[cid] == score(prospect(), default_rubric(),
                                                 play(prospect(), *MOVES[:4]).turns, ending="time_up").criteria[cid]
    assert all(e.criterion in ended.criteria for e in ended.evidence)  # no evidence for the objective in the criteria
    assert "objective" not in ended.criteria


# ---------------------------------------------------------------- success > partial > failure

@pytest.mark.parametrize("variant, moves", [(prospect_ending, MOVES), (nego_ending, NEGO_EXPERT)],
                         ids=["prospection", "negociation"])
def test_with_the_same_moves_success_beats_partial_beats_failure(variant, moves):
    marks, criteria = {}, {}
    for outcome in ("success", "partial", "failure"):
        scenario = variant(outcome)
        d = score(scenario, default_rubric(), play(scenario, *moves).turns)
        assert d.objective.status == outcome
        marks[outcome] = d.mark
        criteria[outcome] = {c.id: (c.points, c.max, c.level) for c in d.criteria.values()}
    assert criteria["success"] == criteria["partial"] == criteria["failure"]  # only the ending differs
    assert marks["success"] > marks["partial"] > marks["failure"]


def test_a_flawless_technique_without_the_objective_is_never_acquired():
    """The expert negotiation, had the client not signed: the mark stays under « Acquis »; a partial result
    with the same excellent technique stays at least « En cours d'acquisition »."""
    rubric = default_rubric()
    expert = score(nego(), rubric, play(nego(), *NEGO_EXPERT).turns)
    assert all(c.level == "acquis" for c in expert.criteria.values() if c.evaluated) and expert.mark >= 16
    failed = score(nego_ending("failure"), rubric, play(nego_ending("failure"), *NEGO_EXPERT).turns)
    assert failed.mark < 20 * rubric.spec.levels.acquis.min
    assert failed.block_results[1].level != "acquis"
    partial = score(nego_ending("partial"), rubric, play(nego_ending("partial"), *NEGO_EXPERT).turns)
    assert partial.mark >= 20 * rubric.spec.levels.en_cours.min and failed.mark < partial.mark < expert.mark


def test_every_block_of_the_rubric_keeps_a_flawless_failure_under_acquired():
    """For each block, a complete interview with every criterion at 100 % that ends in failure stays under the
    « Acquis » threshold: the objective's weight is large enough (fewer criteria assessed: lower still)."""
    rubric = default_rubric()
    for block in rubric.blocks:
        total = sum(c.weight for c in rubric.criteria_of(block.id))
        assert total / (total + rubric.objective_weight(block.id)) < rubric.spec.levels.acquis.min, block.id


# ---------------------------------------------------------------- stopped from outside

def test_time_up_counts_as_failure_and_abandoned_too():
    turns = play(prospect(), *MOVES[:4]).turns
    unfinished = score(prospect(), default_rubric(), turns)
    for ending in ("time_up", "abandoned"):
        d = score(prospect(), default_rubric(), turns, ending=ending)
        o = d.objective
        assert (o.status, o.ratio, o.mark, o.level, o.ending, o.turn) == (ending, 0.0, 0.0, "non_acquis", None, 4)
        assert d.mark < unfinished.mark
        weights = sum(c.weight for c in d.criteria.values() if c.evaluated)
        assert d.mark == round(20 * criteria_mean(d) * weights / (weights + 5.5), 1)  # the objective: 0 x 5.5


def test_the_scenario_ending_wins_over_the_recorded_one_and_unknown_endings_are_ignored():
    ended = play(prospect(), *PROSPECT_EXPERT).turns
    d = score(prospect(), default_rubric(), ended, ending="time_up")  # the last move reached the end anyway
    assert d.objective.status == "success" and d.objective.summary == "Rendez-vous pris."
    unfinished = play(prospect(), *MOVES[:4]).turns
    for ending in ("success", "n'importe quoi", None):
        assert score(prospect(), default_rubric(), unfinished, ending=ending).objective.status is None


def test_a_timed_out_exam_counts_the_objective_as_failed(tmp_path):
    from exam_support import KEY, begin

    from simulator.engine.session import ChoiceInput
    from simulator.exam.flow import TIME_UP
    from simulator.exam.record import load_exam

    # not exam_support's scenario, which offers no good move: a prospecting call shows the drop better
    path = tmp_path / "test-prospect.yaml"
    path.write_text(PROSPECT, encoding="utf-8")
    from simulator.content.loader import load_scenario

    scenario = load_scenario(path)
    run, clock = begin(scenario, tmp_path / "r", preparation=0)
    for move in MOVES[:4]:
        run.step(ChoiceInput(move))
    assert not run.ended and run.session.outcome is None  # still talking when the time runs out
    clock.advance(10_000)
    assert run.tick() and run.result.outcome == TIME_UP
    rec = load_exam(run.path, KEY)
    o = rec.debrief.objective
    assert (o.status, o.ratio, o.level, o.turn) == (TIME_UP, 0.0, "non_acquis", 4)
    assert rec.debrief.mark == score(scenario, default_rubric(), run.session.turns, ending=TIME_UP).mark
    assert rec.debrief.mark < score(scenario, default_rubric(), run.session.turns).mark  # than without the objective


def test_the_report_command_reads_how_the_journal_ended(tmp_path):
    """``negosim report`` on a journal closed before its end (here: abandoned) counts the objective as missed."""
    import json

    from click.testing import CliRunner

    from simulator.cli.main import cli
    from simulator.content.loader import load_scenario
    from simulator.engine.session import ChoiceInput
    from simulator.store.index import SessionIndex
    from simulator.store.recorder import RecordedSession

    path = tmp_path / "test-prospect.yaml"
    path.write_text(PROSPECT, encoding="utf-8")
    rec = RecordedSession.start(load_scenario(path), seed=1, folder=tmp_path / "s", index=SessionIndex(tmp_path / "i.db"))
    for move in MOVES[:4]:
        rec.step(ChoiceInput(move))
    rec.finish()  # closed before an ending: recorded as abandoned
    doc = json.loads(CliRunner().invoke(cli, ["report", str(rec.path), "--format", "json"]).output)
    assert doc["objective"]["status"] == "abandoned" and doc["objective"]["ratio"] == 0


# ---------------------------------------------------------------- the rubric section

def test_a_rubric_without_objective_grades_the_criteria_only():
    rubric = load_rubric_text(MINI, "grille.yaml")
    assert rubric.spec.objective is None and rubric.objective_weight("negociation") == 0
    d = score(nego(), rubric, play(nego(), *NEGO_EXPERT).turns)
    assert d.objective is None and d.mark == round(20 * criteria_mean(d), 1)


OBJECTIVE = textwrap.dedent("""\
    objective:
      title_fr: Objectif
      title_en: Objective
      descriptor_fr: Conclure.
      descriptor_en: Close.
      weight: 0.5
      blocks:
        negociation: {descriptor_fr: Vendre., descriptor_en: Sell., fiche: ["citation"]}
      outcomes:
        success: {ratio: 1, label_fr: Atteint, label_en: Reached}
        partial: {ratio: 0.4, label_fr: En partie, label_en: Partly}
        failure: {ratio: 0, label_fr: Manqué, label_en: Missed}
        time_up: {ratio: 0, label_fr: Temps écoulé, label_en: Time up}
        abandoned: {ratio: 0, label_fr: Arrêt, label_en: Stopped}
    """)


def with_objective(section: str = OBJECTIVE) -> str:
    return MINI.replace("blocks:\n", section + "blocks:\n", 1)


def test_an_objective_section_loads_and_weighs_relative_to_the_block():
    rubric = load_rubric_text(with_objective(), "grille.yaml")
    assert rubric.objective_weight("negociation") == 0.5 * 1  # MINI has one criterion of weight 1
    d = score(nego(), rubric, play(nego(), *NEGO_EXPERT).turns)
    assert d.objective.status == "success" and d.objective.descriptor_fr == "Vendre." and d.objective.fiche == ("citation",)


def test_incoherent_objective_ratios_are_located_errors():
    [d] = errors_of(with_objective(OBJECTIVE.replace("partial: {ratio: 0.4", "partial: {ratio: 1.5")))
    assert d.code == "NS050" and d.where == "objective.outcomes.partial.ratio"  # a share lies between 0 and 1
    text = with_objective(OBJECTIVE.replace("failure: {ratio: 0,", "failure: {ratio: 0.6,"))
    [d] = errors_of(text)
    assert d.code == "NS056" and d.where == "objective.outcomes" and "partial (0.4) ≥ failure (0.6)" in d.message
    assert d.line == line_col(text, "success: {ratio: 1")[0]
    text = with_objective(OBJECTIVE.replace("time_up: {ratio: 0,", "time_up: {ratio: 0.9,"))
    [d] = errors_of(text)
    assert d.code == "NS056" and "time_up" in d.message and d.where == "objective.outcomes.time_up.ratio"
    assert (d.line, d.column) == line_col(text, "0.9")


def test_a_misspelt_block_in_the_objective_is_an_unknown_key_with_a_suggestion():
    text = with_objective(OBJECTIVE.replace("    negociation: {", "    negotiation: {"))
    [d] = errors_of(text)
    assert d.code == "NS050" and "negotiation" in d.message and "negociation" in d.hint
    assert (d.line, d.column) == line_col(text, "negotiation")


def test_the_objective_has_one_entry_per_block_of_the_format():
    from typing import get_args

    from simulator.content.spec import Block
    from simulator.scoring.rubric import ObjectiveBlocks

    assert set(ObjectiveBlocks.model_fields) == set(get_args(Block))
    spec = default_rubric().spec.objective
    assert all(spec.blocks.get(b) is not None and spec.blocks.get(b).fiche for b in get_args(Block))
