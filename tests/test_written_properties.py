"""Invariants of the written work's grading (issue 18), over any work a learner or a damaged journal can give:
never a traceback, shares and marks within bounds, the interview's grading untouched, better work never
graded lower."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from written_support import machine, machine_debrief, machine_turns, saved

from simulator.scoring import default_rubric
from simulator.scoring.scorer import ScoringMemo, score
from simulator.written.followup_grading import grade_crm, grade_email
from simulator.written.model import CRM_OUTCOMES, LEVELS, CrmNote, FollowUpEmail, PreparationSheet, SelfAssessment
from simulator.written.preparation_grading import grade_preparation
from simulator.written.records import work_record, works_of
from simulator.written.results import SEVERITIES

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ACTORS = ["dubreuil", "roux", "kevin", "comptable", "inconnu", ""]
MOTIVES = ["securite", "orgueil", "nouveaute", "confort", "argent", "sympathie", "autre"]
COUNTERPARTS = ["commande_fin_mois", "maintenance_3_ans", "site_reference", "acompte_40", "cadeau"]
WORDS = ["Comment", "Pourquoi", "Est-ce que", "vous", "votre", "maintenance", "loyer", "5 axes", "?", "€", "362 000 €",
         "tu", "jeudi", "le 30 juin", "Bonjour Madame,", "Cordialement", "bjr", ":)", "a-t-il", "\n", "août", "œuvre"]
text = st.one_of(st.text(max_size=60), st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join))
amount = st.one_of(st.none(), st.integers(0, 500_000))

sheets = st.builds(
    PreparationSheet, decision_maker=st.sampled_from(ACTORS), actors=st.lists(st.sampled_from(ACTORS), max_size=5).map(tuple),
    motives=st.lists(st.sampled_from(MOTIVES), max_size=6).map(tuple), questions=st.lists(text, max_size=6).map(tuple),
    lead_argument=text, price_opening=amount, price_target=amount, price_walk_away=amount,
    counterparts=st.lists(st.sampled_from(COUNTERPARTS), max_size=5).map(tuple), notes=text)
notes = st.builds(
    CrmNote, outcome=st.sampled_from([*CRM_OUTCOMES, "", "autre"]), needs=text, objections=text, price=amount,
    counterparts=st.lists(st.sampled_from(COUNTERPARTS), max_size=4).map(tuple), next_step=text,
    next_date=st.one_of(st.sampled_from(["", "2026-06-05", "2026-02-30", "demain"]), st.dates().map(str)), notes=text)
emails = st.builds(FollowUpEmail, subject=text, body=text)
selves = st.builds(SelfAssessment, levels=st.dictionaries(st.sampled_from(["n_prix", "n_questionnement", "zz"]),
                                                          st.sampled_from(LEVELS), max_size=3),
                   best_turn=st.one_of(st.none(), st.integers(1, 60)), weakest_turn=st.one_of(st.none(), st.integers(1, 60)))


@cache
def memo():
    return ScoringMemo(machine(), default_rubric())


def grade(**works):
    return score(machine(), default_rubric(), machine_turns(), memo=memo(), works=saved(*works.values()) if works else None)


def well_formed(graded):
    for check in graded.values():
        assert check.share is None or 0.0 <= check.share <= 1.0
        for f in check.findings:
            assert f.severity in SEVERITIES and f.text_fr.strip() and f.text_en.strip()


@SETTINGS
@given(sheets)
def test_any_sheet_is_graded_within_bounds(sheet):
    well_formed(grade_preparation(machine(), sheet))


@SETTINGS
@given(notes, emails)
def test_any_crm_note_and_email_are_graded_within_bounds(note, email):
    well_formed(grade_crm(machine(), note, machine_turns()))
    well_formed(grade_email(machine(), email, machine_turns()))


@SETTINGS
@given(sheets, notes, emails, selves)
def test_written_work_never_touches_the_interview_and_keeps_marks_in_bounds(sheet, note, email, self_):
    before = machine_debrief()
    d = grade(sheet=sheet, note=note, email=email, self_=self_)
    assert {k: v for k, v in d.criteria.items() if k in before.criteria} == before.criteria
    assert d.turns == before.turns and d.objective == before.objective and d.faults == before.faults
    for m in d.written.marks if d.written else ():
        c = d.criteria[m.criterion]
        assert 0 <= m.points <= m.max and sum(x.points for x in m.checks) == m.points
        if m.ratio is None:
            assert c.level == "non_evalue" and c.mark is None
        else:
            assert m.ratio == round(m.points / m.max, 4) and c.level == default_rubric().level_for(m.ratio)
    assert 0 <= d.mark <= 20 and all(v is None or 0 <= v <= 20 for v in d.blocks.values())


@SETTINGS
@given(st.lists(st.sampled_from(["", " ", "\n\t"]), min_size=1, max_size=4))
def test_blank_forms_are_no_written_work(blanks):
    empty = [PreparationSheet(questions=tuple(blanks), lead_argument=blanks[0]), CrmNote(next_step=blanks[-1]),
             FollowUpEmail(subject=blanks[0], body=blanks[-1])]
    assert grade(**{str(i): w for i, w in enumerate(empty)}) == machine_debrief()


@SETTINGS
@given(sheets)
def test_the_journal_round_trip_grades_the_same(sheet):
    works = works_of([work_record(sheet, final=True, at="2026-06-02T09:00:00+00:00")])
    assert score(machine(), default_rubric(), machine_turns(), memo=memo(), works=works) == grade(sheet=sheet)


@SETTINGS
@given(sheets)
def test_a_better_sheet_is_never_graded_lower(sheet):
    """Naming the real decision maker, adding an actor worth meeting or a hidden motive keeps every check at least
    where it was."""
    base = grade_preparation(machine(), sheet)
    for better in (replace(sheet, decision_maker="dubreuil"), replace(sheet, actors=(*sheet.actors, "roux")),
                   replace(sheet, motives=tuple(dict.fromkeys((*sheet.motives, "confort"))))):
        after = grade_preparation(machine(), better)
        for check, g in base.items():
            assert (after[check].share or 0) >= (g.share or 0), check


@cache
def bank_questions():
    from simulator.written.jury_grading import questions_for

    return questions_for(machine())


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["bloctel", "delais_paiement", "demarchage_horaires", "inconnue", ""]), text),
                max_size=5))
def test_any_jury_answer_gets_a_pre_grade_that_accounts_for_every_group(pairs):
    from simulator.written.jury_grading import grade_answers
    from simulator.written.model import JuryAnswer, JuryAnswers

    questions = bank_questions()
    graded = grade_answers(JuryAnswers(answers=tuple(JuryAnswer(q, "?", a) for q, a in pairs)), questions)
    assert [g.question_id for g in graded] == [q for q, _ in pairs]
    for g in graded:
        q = questions.get(g.question_id)
        if q is None or q.auto is None:
            assert g.auto is None and not g.found and not g.missing
        else:
            assert g.auto in ("correct", "partial", "wrong") and len(g.found) + len(g.missing) == len(q.auto.groups)
            assert (g.auto == "correct") == (not g.missing)
