"""The self-assessment beside the grid, the jury answers' automatic pre-grade, and the rubric's written
criteria (issue 18)."""

from __future__ import annotations

import textwrap

import pytest
from factories import MINI_RUBRIC_HEAD
from written_support import machine, machine_debrief, machine_turns, saved

from simulator.content.diagnostics import ContentError
from simulator.scoring import default_rubric
from simulator.scoring.rubric import load_rubric_text
from simulator.written.grading import grade_written
from simulator.written.jury_grading import AutoSpec, auto_grade, pre_grade
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
    assert findings[0].text_fr == f"Votre auto-évaluation rejoint la grille sur {same} critère(s) sur {len(compared)}."
    under = next(f for f in findings if "Négocier le prix" in f.text_fr)
    assert under.severity == "strength" and "sous-estimé" in under.text_fr  # n_prix is acquired on this path


def test_best_and_weakest_moments_against_the_graded_turns():
    d = machine_debrief()
    graded = [t for t in d.turns if t.evidence]
    best = max(graded, key=lambda t: (t.points, -t.number))
    _, found = compare(SelfAssessment(best_turn=best.number), d)
    assert found[0].severity == "strength" and f"(tour {best.number})" in found[0].text_fr
    flat = next(t for t in d.turns if not t.evidence or t.points == 0)
    _, found = compare(SelfAssessment(best_turn=flat.number), d)
    assert found[0].severity == "warning" and f"la grille retient plutôt le tour {best.number}" in found[0].text_fr
    assert found[0].turn == best.number
    _, found = compare(SelfAssessment(weakest_turn=99), d)
    assert "n'existe pas" in found[0].text_fr


def test_self_assessment_and_jury_answers_in_the_written_grading():
    d = machine_debrief()
    works = saved(SelfAssessment(levels={"n_prix": "acquis"}, best_turn=18),
                  JuryAnswers(answers=(JuryAnswer("delai", "Délai de paiement ?", "Soixante jours"),
                                       JuryAnswer("pourquoi", "Pourquoi au tour 3 ?", "Pour creuser."))))
    questions = {"delai": {"auto": {"groups": [["60"]]}, "expected_fr": "60 jours", "expected_en": "60 days"}}
    w = grade_written(machine(), default_rubric(), machine_turns(), works, d, questions=questions)
    assert [(r.criterion, r.self_level) for r in w.self_vs_grid if r.self_level] == [("n_prix", "acquis")]
    assert [(j.question_id, j.auto) for j in w.jury] == [("delai", "correct"), ("pourquoi", None)]
    assert w.jury[0].expected_fr == "60 jours" and w.marks and all(m.ratio is None for m in w.marks)
    assert [f.work for f in w.findings] == ["self_assessment"] * len(w.findings)


# ---------------------------------------------------------------- jury pre-grades

BLOCTEL = AutoSpec((("bloctel",), ("opposition", "liste")), None)


@pytest.mark.parametrize(("answer", "grade"), [
    ("Il faut consulter Bloctel, la liste d'opposition au démarchage.", "correct"),
    ("BLOCTEL", "partial"),
    ("Je ne sais pas", "wrong"),
    ("", "wrong"),
])
def test_auto_grade_by_groups_of_alternatives(answer, grade):
    assert auto_grade(answer, BLOCTEL)[0] == grade


def test_auto_grade_reads_figures_in_words_and_needs_the_whole_number():
    spec = AutoSpec((("60",), ("facture", "émission")), None)
    assert auto_grade("soixante jours à compter de la date d'émission de la facture", spec)[0] == "correct"
    assert auto_grade("600 jours après la facture", spec) == ("partial", ("facture",), ("60",))
    hours = AutoSpec((("10",), ("13",), ("14",), ("20",)), 3)
    assert auto_grade("de 10 h à 13 h et de 14 h à 20 h", hours)[0] == "correct"
    assert auto_grade("de 10 h à 13 h et de 14 h", hours)[0] == "partial"
    assert auto_grade("de 10 h à 13 h", hours)[0] == "wrong"


def test_pre_grade_reads_the_bank_as_it_comes():
    class Question:
        auto = {"groups": ["bloctel"], "partial": 1}
        expected_fr, expected_en = "Bloctel", "Bloctel"

    answers = JuryAnswers(answers=(JuryAnswer("q", "Q ?", "bloctel"), JuryAnswer("inconnue", "?", "x")))
    grades = pre_grade(answers, {"q": Question()})
    assert [(g.auto, g.expected_fr) for g in grades] == [("correct", "Bloctel"), (None, "")]
    assert AutoSpec.read({"groups": []}) is None and AutoSpec.read({"groups": "bloctel"}) is None


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
