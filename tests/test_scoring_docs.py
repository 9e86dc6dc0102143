"""docs/scoring.md stays true: its tables and its worked example are checked against the code."""

from __future__ import annotations

import re
from pathlib import Path

from test_scoring_scenarios import play, prospect

from simulator.report.json_report import DebriefDocument
from simulator.scoring import default_rubric, score
from simulator.scoring.context import CONTEXT_DOC

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "scoring.md").read_text(encoding="utf-8")


def test_criteria_table_matches_the_rubric():
    rows = dict(re.findall(r"^\| `([a-z_]+)` \| .+? \| (\d+) \|$", DOC, re.M))
    assert rows == {cid: str(c.weight) for cid, c in default_rubric().criteria.items()}


def test_every_context_name_and_code_is_documented():
    for name in CONTEXT_DOC:
        assert f"`{name}`" in DOC, name
    sources = "".join((ROOT / "simulator" / "scoring" / f).read_text(encoding="utf-8")
                      for f in ("rubric.py", "crosscheck.py"))
    for code in sorted(set(re.findall(r'"(NS\d{3})"', sources))):
        assert f"| {code} |" in DOC, code


def test_json_fields_are_documented():
    for name, field in DebriefDocument.model_fields.items():
        assert f"`{field.alias or name}`" in DOC, name


def test_worked_example_is_what_the_scorer_computes():
    d = score(prospect(), default_rubric(), play(prospect(), "presenter", "pitch", "croc", "seul-choix", "vague").turns)
    figures = {c.id: (c.points, c.max, c.level) for c in d.criteria.values() if c.block == "prospection"}
    assert figures == {"p_interlocuteur": (0, 4, "non_acquis"), "p_structure": (3, 7, "en_cours"),
                       "p_interet": (2, 2, "acquis"), "p_engagement": (0, 3, "non_acquis"),
                       "p_objections": (0, 0, "non_evalue")}
    # the jury's reading, as the doc's table gives it
    marks = {c.id: c.mark for c in d.criteria.values() if c.block == "prospection" and c.evaluated}
    assert marks == {"p_interlocuteur": 3.0, "p_structure": 8.6, "p_interet": 15.5, "p_engagement": 3.0}
    assert [(t.id, t.complete, t.steps_done, t.turns) for t in d.techniques] == [("croc", False, 3, (5,))]
    o = d.objective
    assert (o.status, o.ending, o.summary, o.turn, o.ratio, o.mark, o.level, o.weight) == (
        "partial", "fin-vague", "Rendez-vous flou.", 5, 0.4, 8.0, "en_cours", 5.5)
    assert d.mark == 7.4 and "**7,4/20**" in DOC and "5,36 ÷ 14,5 × 20" in DOC
    assert d.blocks["negociation"] is None
    assert [p.criterion for p in d.priorities] == ["p_engagement", "p_interlocuteur", "p_structure"]
    missed = {(e.turn, e.criterion) for e in d.evidence if e.kind == "missed"}
    assert missed == {(2, "p_interlocuteur"), (5, "p_structure"), (5, "p_engagement")}  # CROC unfinished: turn 5
    assert not any(e.turn == 4 for e in d.evidence)  # the only move of its state: no opportunity


def _variant(outcome: str):
    from test_scoring_scenarios import PROSPECT

    from simulator.content.loader import load_scenario_text

    text = PROSPECT.replace('end: {outcome: partial, summary: "Rendez-vous flou."}',
                            f'end: {{outcome: {outcome}, summary: "Rendez-vous flou."}}')
    assert text != PROSPECT or outcome == "partial"
    return load_scenario_text(text, f"test-prospect-{outcome}.yaml")


def test_worked_example_with_every_ending_is_what_the_scorer_computes():
    """The table « Même parcours, fin… » of the worked example."""
    moves = ("presenter", "pitch", "croc", "seul-choix", "vague")
    marks = {o: score(_variant(o), default_rubric(), play(_variant(o), *moves).turns).mark
             for o in ("success", "partial", "failure")}
    assert marks == {"success": 11.9, "partial": 7.4, "failure": 4.4}
    assert "**11,9/20**" in DOC and "**4,4/20**" in DOC
    cut = play(prospect(), *moves[:4]).turns
    assert score(prospect(), default_rubric(), cut).mark == 9.5 and "**9,5/20**" in DOC
    assert score(prospect(), default_rubric(), cut, ending="time_up").mark == 5.0 and "**5/20**" in DOC


def test_objective_weights_and_bounds_in_the_doc_follow_the_rubric():
    """§ 5: the weights (5,5 and 10) and the table of bounds are what the rubric's numbers give."""
    rubric = default_rubric()
    spec = rubric.spec.objective
    assert spec.weight == 0.5 and "`weight: 0.5`" in DOC
    assert rubric.objective_weight("prospection") == 5.5 and "**5,5** dans le Bloc 2" in DOC
    assert rubric.objective_weight("negociation") == 10 and "**10** dans le Bloc 4" in DOC
    ratios = {k: getattr(spec.outcomes, k).ratio for k in ("success", "partial", "failure", "time_up", "abandoned")}
    assert ratios == {"success": 1, "partial": 0.4, "failure": 0, "time_up": 0, "abandoned": 0}

    def complete(technique: float, outcome: str) -> float:  # a complete interview: every criterion evaluated
        return round(20 * (technique + spec.weight * ratios[outcome]) / (1 + spec.weight), 1)

    w, barrage = rubric.objective_weight("prospection"), 2 + 2  # p_interlocuteur and p_structure at the gatekeeper
    rows = {"échec, chaque critère réussi à 100 %": complete(1, "failure"),
            "fin au barrage (message laissé, résultat partiel), technique parfaite":
                round(20 * (barrage + w * ratios["partial"]) / (barrage + w), 1),
            "échec au barrage": round(20 * barrage / (barrage + w), 1),
            "résultat partiel, technique parfaite": complete(1, "partial"),
            "résultat partiel, technique à 50 %": complete(0.5, "partial"),
            "succès, technique à 50 %": complete(0.5, "success"),
            "succès, chaque critère à 0": complete(0, "success")}
    for start, value in rows.items():
        line = next(x for x in DOC.splitlines() if x.startswith(f"| {start}"))
        shown = f"{value:g}".replace(".", ",") + "/20"
        assert f"| {shown} |" in line, (start, value, line)
    acquis = 20 * rubric.spec.levels.acquis.min
    assert rows["échec, chaque critère réussi à 100 %"] < acquis  # a failure is never « Acquis »
    assert rows["fin au barrage (message laissé, résultat partiel), technique parfaite"] < acquis
    assert rows["résultat partiel, technique parfaite"] >= 20 * rubric.spec.levels.en_cours.min
