"""The self-assessment beside the grid, the jury answers' automatic pre-grade, and the rubric's written
criteria (issue 18)."""

from __future__ import annotations

import textwrap
from dataclasses import replace

import pytest
from factories import MINI_RUBRIC_HEAD
from written_support import machine, machine_debrief, machine_turns, saved

from simulator.content.diagnostics import ContentError
from simulator.scoring import default_rubric
from simulator.scoring.rubric import load_rubric_text
from simulator.written.grading import grade_written
from simulator.written.jury_grading import grade_answers, questions_for
from simulator.written.model import JuryAnswer, JuryAnswers, SelfAssessment
from simulator.written.results import SelfComparison
from simulator.written.self_assessment import compare

# ---------------------------------------------------------------- self vs grid

def test_gap_between_the_learner_and_the_grid():
    assert SelfComparison("c", "", "", "acquis", "non_acquis").gap == 2
    assert SelfComparison("c", "", "", "non_acquis", "en_cours").gap == -1
    assert SelfComparison("c", "", "", "en_cours", "en_cours").gap == 0
    assert SelfComparison("c", "", "", None, "acquis").gap is None
    assert SelfComparison("c", "", "", "acquis", "non_evalue").gap is None


def test_self_assessment_rows_follow_the_grid_and_say_where_the_learner_misjudged():
    d = machine_debrief()
    levels = {"n_questionnement": "acquis", "n_prix": "non_acquis", "n_objections": "acquis", "n_reclamation": "acquis"}
    rows, findings = compare(SelfAssessment(levels=levels), d)
    grid = {c.id: c.level for c in d.criteria.values()}
    # every criterion the grid evaluated, and the one rated although not evaluated, in the grid's order
    assert [r.criterion for r in rows] == [c for c in d.criteria if d.criteria[c].evaluated or c in levels]
    assert {r.criterion: r.grid_level for r in rows} == {r.criterion: grid[r.criterion] for r in rows}
    assert {r.criterion: r.self_level for r in rows if r.self_level} == levels
    compared = [r for r in rows if r.gap is not None]
    same = sum(r.gap == 0 for r in compared)
    criteria = f"{same} critère{'s' * (same > 1)}"
    assert findings[0].text_fr == f"Votre auto-évaluation rejoint la grille sur {criteria} sur {len(compared)}."
    under = next(f for f in findings if "Négocier le prix" in f.text_fr)
    assert under.severity == "strength" and "plus haut que vous" in under.text_fr  # n_prix is acquired on this path


def test_best_and_weakest_moments_against_the_graded_turns():
    d = machine_debrief()
    graded = [t for t in d.turns if t.evidence]
    best = max(graded, key=lambda t: (t.points, -t.number))
    worst = min(graded, key=lambda t: (t.points, t.number))
    _, found = compare(SelfAssessment(best_turn=best.number), d)
    assert (found[0].severity, found[0].text_fr) == (
        "strength", f"Votre meilleur moment (tour {best.number}, {best.points:+d} point{'s' * (abs(best.points) > 1)}) est "
        "aussi celui de la grille.")
    close = next(t for t in graded if t.number != best.number and t.points >= 0.75 * best.points)
    _, found = compare(SelfAssessment(best_turn=close.number), d)
    assert found[0].severity == "strength" and "parmi les mieux notés" in found[0].text_fr
    low = next(t for t in graded if 0 < t.points < 0.75 * best.points)
    _, found = compare(SelfAssessment(best_turn=low.number, weakest_turn=best.number), d)
    assert [f.severity for f in found] == ["warning", "warning"] and [f.turn for f in found] == [best.number, worst.number]
    assert f"la grille retient plutôt le tour {best.number}" in found[0].text_fr
    _, found = compare(SelfAssessment(weakest_turn=worst.number), d)
    assert found[0].severity == "strength"
    _, found = compare(SelfAssessment(weakest_turn=99), d)
    assert "n'existe pas" in found[0].text_fr


def test_self_assessment_and_jury_answers_in_the_written_grading():
    d = machine_debrief()
    works = saved(SelfAssessment(levels={"n_prix": "acquis"}, best_turn=18),
                  JuryAnswers(answers=(JuryAnswer("delai", "Délai de paiement ?", "Soixante jours"),
                                       JuryAnswer("pourquoi", "Pourquoi au tour 3 ?", "Pour creuser."))))
    delai = replace(questions_for(machine())["delais_paiement"], id="delai")
    w = grade_written(machine(), default_rubric(), machine_turns(), works, d, questions={"delai": delai})
    assert [(r.criterion, r.self_level) for r in w.self_vs_grid if r.self_level] == [("n_prix", "acquis")]
    assert [(j.question_id, j.auto) for j in w.jury] == [("delai", "partial"), ("pourquoi", None)]
    assert w.jury[0].expected_fr == delai.expected_fr and w.marks and all(m.ratio is None for m in w.marks)
    # without questions given, the bundled bank's and the scenario's are read
    assert grade_written(machine(), default_rubric(), machine_turns(), works, d).jury[0].auto is None
    assert [f.work for f in w.findings] == ["self_assessment"] * len(w.findings)


# ---------------------------------------------------------------- jury answers

def test_jury_answers_get_the_expected_answer_and_a_pre_grade_from_the_bank_and_the_scenario():
    from simulator.content.library import resolve_scenario
    from simulator.content.loader import load_scenario

    house = load_scenario(resolve_scenario("immobilier-mandat"))
    questions = questions_for(house)
    answers = JuryAnswers(answers=(
        JuryAnswer("demarchage_horaires", "Quels jours et à quelles heures… ?",
                   "Du lundi au vendredi, de dix heures à treize heures et de 14 h à 20 h."),
        JuryAnswer("demarchage_horaires", "Quels jours… ?", "En semaine, de 10 h à 13 h"),
        JuryAnswer("immobilier-mandat/honoraires_telephone", "Pourquoi ne rien promettre ?",
                   "Seul le directeur peut déroger au barème affiché."),
        JuryAnswer("question_retiree", "Une question que la banque n'a plus", "Ma réponse"),
    ))
    graded = grade_answers(answers, questions)
    assert [g.auto for g in graded] == ["correct", "partial", "partial", None]
    assert graded[0].expected_fr.startswith("Du lundi au vendredi seulement")
    assert graded[1].found == ("lundi au vendredi", "10", "13") and graded[1].missing == ("14", "20")
    assert graded[2].missing == ("mandat*",)
    assert (graded[3].question, graded[3].answer, graded[3].expected_fr) == ("Une question que la banque n'a plus",
                                                                            "Ma réponse", "")
    assert not any(q.auto for q in questions.values() if q.kind == "reflection")


# ---------------------------------------------------------------- the rubric's written criteria

def test_bundled_rubric_written_criteria():
    r = default_rubric()
    assert [(c.id, c.block, c.works) for c in r.written.values()] == [
        ("p_preparation", "prospection", ("preparation",)), ("p_suivi", "prospection", ("crm_note", "email")),
        ("n_preparation", "negociation", ("preparation",)), ("n_suivi", "negociation", ("crm_note", "email"))]
    assert not set(r.written) & set(r.criteria)  # graded apart: the interview's criteria are what they were


RUBRIC = "format: 1\nid: mini\n" + MINI_RUBRIC_HEAD + textwrap.dedent("""\
    blocks:
      - id: negociation
        number: 4
        title_fr: Négocier
        title_en: Negotiate
        references: ["Bloc 4"]
        criteria:
          - id: n_questionnement
            title_fr: Questionner
            title_en: Question
            descriptor_fr: D
            descriptor_en: D
            fiche: ["F"]
            indicators_fr: ["I"]
            indicators_en: ["I"]
            weight: 1
            rules:
              - {id: r1, acts: [question_ouverte], points: 1, explain_fr: E, explain_en: E}
        written:
          - id: n_preparation
            title_fr: Préparer
            title_en: Prepare
            descriptor_fr: D
            descriptor_en: D
            fiche: ["F"]
            indicators_fr: ["I"]
            indicators_en: ["I"]
            weight: 2
            checks:
              - {id: decideur, points: 2}
              - {id: CHECK, points: 1}
    """)


def test_a_written_criterion_names_known_checks_once():
    rubric = load_rubric_text(RUBRIC.replace("CHECK", "mobiles"))
    assert list(rubric.written) == ["n_preparation"] and rubric.written["n_preparation"].weight == 2
    with pytest.raises(ContentError) as err:
        load_rubric_text(RUBRIC.replace("CHECK", "mobile"), "grille.yaml")
    d = next(d for d in err.value.diagnostics if d.code == "NS058")
    line = RUBRIC.splitlines().index("          - {id: CHECK, points: 1}") + 1
    assert "vérification inconnue « mobile »" in d.message and "mobiles" in d.hint and (d.line, d.column) == (line, 18)
    with pytest.raises(ContentError) as err:
        load_rubric_text(RUBRIC.replace("CHECK", "decideur"))
    assert any(d.code == "NS058" and "deux fois" in d.message for d in err.value.diagnostics)
    with pytest.raises(ContentError) as err:
        load_rubric_text(RUBRIC.replace("id: n_preparation", "id: n_questionnement").replace("CHECK", "mobiles"))
    assert any(d.code == "NS051" for d in err.value.diagnostics)


def test_every_check_is_documented_and_used_by_the_bundled_rubric():
    from pathlib import Path

    from simulator.written.checks import CHECKS

    doc = (Path(__file__).resolve().parent.parent / "docs" / "scoring.md").read_text(encoding="utf-8")
    used = {c.id for w in default_rubric().written.values() for c in w.spec.checks}
    for check in CHECKS:
        assert f"| `{check}` |" in doc, check
    assert used == set(CHECKS)
