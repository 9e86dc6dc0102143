"""Grading the written work around an interview (issue 18): the preparation sheet, the plan against the
interview, the CRM note and the email against the session's record, the self-assessment beside the grid, and
the written criteria in the debrief's marks."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import pytest
from written_support import bakery, bakery_turns, machine, machine_debrief, machine_turns, saved

from simulator.scoring import default_rubric
from simulator.scoring.scorer import score
from simulator.written.followup_grading import grade_crm, grade_email
from simulator.written.grading import grade_works, is_written
from simulator.written.model import CrmNote, FollowUpEmail, PreparationSheet, SelfAssessment
from simulator.written.preparation_grading import grade_preparation, plan_vs_actual
from simulator.written.records import work_record, works_of

GOOD_SHEET = PreparationSheet(
    decision_maker="dubreuil", actors=("roux", "kevin"), motives=("securite", "argent", "confort"),
    questions=("Comment se passe aujourd'hui la maintenance de votre parc, quand une machine tombe en panne ?",
               "Comment s'organise le calendrier de ce projet, entre la commande et vos premières pièces ?",
               "Comment vos régleurs envisagent-ils l'arrivée d'une machine 5 axes ?",
               "De quelle façon envisagez-vous de financer cet investissement ?",
               "Qu'est-ce qui vous amène à investir dans un centre 5 axes cette année ?"),
    lead_argument="Une machine en stock, en production avant la fermeture d'août, avec une intervention SAV sous 24 h",
    price_opening=385000, price_target=370000, price_walk_away=355000,
    counterparts=("commande_fin_mois", "maintenance_3_ans", "site_reference"))
GOOD_CRM = CrmNote(
    outcome="vente", needs="Capacité : +30 % de charge sans équipe de nuit. Production avant août. Intervention SAV "
    "sous 24 h. Formation des régleurs au 5 axes. Loyer de crédit-bail sous 7 000 € par mois.",
    objections="Magasin de 40 outils jugé trop petit : levée (extension à 60 en novembre). Technicien attendu huit "
    "jours chez l'ancien fournisseur : levée (pénalité écrite). Constructeur allemand à 340 000 € : levée. Loyer "
    "au-dessus du plafond du président : levée.", price=362000,
    counterparts=("commande_fin_mois", "maintenance_3_ans", "site_reference"),
    next_step="Envoyer l'offre ce soir ; bon de commande signé vendredi", next_date="2026-06-05")
GOOD_EMAIL = FollowUpEmail(
    subject="Centre d'usinage VX-500 : récapitulatif de notre accord",
    body="Bonjour Madame Dubreuil,\n\nMerci pour notre entretien. Comme convenu : 362 000 € HT clés en main, la "
         "signature du bon de commande avant le 30 juin, un contrat de maintenance Sérénité sur trois ans et deux "
         "visites de prospects par an comme site de référence.\nJe vous envoie l'offre ce soir ; le bon de commande "
         "signé vendredi.\n\nBien cordialement,\nDominique Perrin")


def interview_only():
    return machine_debrief()


@cache
def with_all():
    return score(machine(), default_rubric(), machine_turns(), works=saved(GOOD_SHEET, GOOD_CRM, GOOD_EMAIL))


def share(graded, check):
    return graded[check].share


# ---------------------------------------------------------------- the debrief without and with written work

def test_without_written_work_the_debrief_is_exactly_what_it_was():
    before = interview_only()
    assert before.written is None
    assert "n_preparation" not in before.criteria and "n_suivi" not in before.criteria
    empty = saved(PreparationSheet(), CrmNote(), FollowUpEmail(subject="  "), final=False)
    for works in (None, {}, empty):
        assert score(machine(), default_rubric(), machine_turns(), works=works) == before


def test_written_criteria_count_in_the_block_beside_the_interview_criteria():
    before, after = interview_only(), with_all()
    # the interview's criteria are untouched
    assert {k: v for k, v in after.criteria.items() if k in before.criteria} == before.criteria
    prep, follow = after.criteria["n_preparation"], after.criteria["n_suivi"]
    assert prep.evaluated and follow.evaluated and prep.block == follow.block == "negociation"
    block = next(b for b in after.block_results if b.id == "negociation")
    assert block.criteria[-2:] == ("n_preparation", "n_suivi")
    # the block's mark is the weighted mean of the interview's criteria, the objective and the written ones
    rubric = default_rubric()
    pairs = [(c.weight, c.ratio) for c in after.criteria.values() if c.ratio is not None and c.block == "negociation"]
    pairs.append((before.objective.block_weights["negociation"], before.objective.ratio))
    mean = sum(w * r for w, r in pairs) / sum(w for w, _ in pairs)
    flaws = sum(e.kind != "strength" for c in before.criteria.values() if c.ratio is not None for e in c.evidence)
    from simulator.scoring.judgement import interview_ceiling

    assert after.blocks["negociation"] == round(20 * min(mean, interview_ceiling(rubric, flaws)), 1)
    # strengths and priorities still quote turns of the interview
    assert after.strengths == before.strengths and after.priorities == before.priorities
    assert prep.notes_fr[0].startswith("Noté sur les écrits : Décideur identifié ")


def test_a_criterion_whose_work_was_not_written_is_not_evaluated_and_does_not_count():
    d = score(machine(), default_rubric(), machine_turns(), works=saved(GOOD_SHEET))
    assert d.criteria["n_preparation"].evaluated and not d.criteria["n_suivi"].evaluated
    assert d.criteria["n_suivi"].max == 0 and d.written.mark("n_suivi").ratio is None
    assert d.criteria["n_suivi"].notes("fr") == ()  # nothing graded: no « Noté sur les écrits » line either
    # the CRM note without the email: the email's checks keep nothing, and the learner is told
    d2 = score(machine(), default_rubric(), machine_turns(), works=saved(GOOD_CRM))
    mark = d2.written.mark("n_suivi")
    assert {c.check: (c.points, c.max) for c in mark.checks if c.work == "email"} == {"email_forme": (0, 2),
                                                                                    "email_contenu": (0, 3)}
    assert any(f.work == "email" and f.text_fr == "Pas de courriel de suivi : ses points sont perdus."
               for f in d2.written.findings)


def test_good_work_is_graded_acquired_and_every_check_is_explained():
    d = with_all()
    assert d.criteria["n_preparation"].level == "acquis" and d.criteria["n_suivi"].level == "acquis"
    assert d.criteria["n_suivi"].ratio == 1.0
    checks = {c.check for m in d.written.marks for c in m.checks}
    assert checks == {"decideur", "acteurs", "mobiles", "questions", "besoins", "argument", "plan_prix", "contreparties",
                      "crm_issue", "crm_conditions", "crm_objections", "crm_besoins", "crm_suite", "email_forme",
                      "email_contenu"}
    assert {f.check for f in d.written.findings if f.check} == checks
    assert d.written.works == ("preparation", "crm_note", "email") and d.written.drafts == ()


def test_works_read_back_from_the_journal_grade_the_same():
    records = [work_record(GOOD_SHEET.__class__(decision_maker="roux"), final=False, at="2026-06-02T09:00:00+00:00"),
               work_record(GOOD_SHEET, final=True, at="2026-06-02T09:30:00+00:00"),
               work_record(GOOD_CRM, final=True, at="2026-06-02T10:00:00+00:00"),
               work_record(GOOD_EMAIL, final=False, at="2026-06-02T10:05:00+00:00")]
    works = works_of(records)
    d = score(machine(), default_rubric(), machine_turns(), works=works)
    assert d.criteria["n_preparation"] == with_all().criteria["n_preparation"]
    assert d.written.drafts == ("email",)
    assert any(f.work == "email" and "dernier brouillon enregistré" in f.text_fr for f in d.written.findings)
    exam = grade_works(machine(), default_rubric(), machine_turns(), works, mode="exam")
    assert any("le temps s'est arrêté avant la validation" in f.text_fr for f in exam.findings)


def test_is_written_ignores_blank_forms():
    assert not is_written(PreparationSheet(questions=("", "  ")))
    assert is_written(PreparationSheet(price_opening=0))
    assert not is_written(SelfAssessment()) and is_written(SelfAssessment(best_turn=3))


# ---------------------------------------------------------------- the preparation sheet

def test_decision_maker_right_wrong_or_missing():
    assert share(grade_preparation(machine(), GOOD_SHEET), "decideur") == 1.0
    wrong = grade_preparation(machine(), replace(GOOD_SHEET, decision_maker="comptable"))["decideur"]
    assert wrong.share == 0.0 and wrong.findings[0].severity == "fault"
    assert "Vous pensiez que le comptable décide ; le décideur est Claire Dubreuil" in wrong.findings[0].text_fr
    assert grade_preparation(machine(), replace(GOOD_SHEET, decision_maker=""))["decideur"].share == 0.0


def test_actors_worth_meeting_against_distractors():
    assert share(grade_preparation(machine(), GOOD_SHEET), "acteurs") == 1.0
    half = grade_preparation(machine(), replace(GOOD_SHEET, actors=("roux",)))["acteurs"]
    assert half.share == 0.5 and any("Kevin" in f.text_fr for f in half.findings)
    # a distractor cancels a good choice
    assert share(grade_preparation(machine(), replace(GOOD_SHEET, actors=("roux", "comptable"))), "acteurs") == 0.0
    # unknown ids (an old journal, a hand edit) are ignored, never an error
    assert share(grade_preparation(machine(), replace(GOOD_SHEET, actors=("nobody",))), "acteurs") == 0.0


def test_soncas_hypotheses_against_the_hidden_motives():
    assert share(grade_preparation(machine(), GOOD_SHEET), "mobiles") == 1.0
    g = grade_preparation(machine(), replace(GOOD_SHEET, motives=("securite", "argent", "nouveaute")))["mobiles"]
    assert g.share == 0.5  # 2 right out of {securite, argent, confort, nouveaute}
    assert [f.severity for f in g.findings] == ["strength", "warning", "warning"]
    assert share(grade_preparation(machine(), replace(GOOD_SHEET, motives=())), "mobiles") == 0.0


def test_planned_questions_open_closed_and_how_many():
    assert share(grade_preparation(machine(), GOOD_SHEET), "questions") == 1.0
    closed = replace(GOOD_SHEET, questions=("Avez-vous un budget ?", "Est-ce que vous êtes satisfaite de votre SAV ?",
                                            "Comment se passe la maintenance aujourd'hui ?"))
    g = grade_preparation(machine(), closed)["questions"]
    assert g.share == pytest.approx(1 / 3)
    assert sum("question fermée" in f.text_fr for f in g.findings) == 2
    two = grade_preparation(machine(), replace(GOOD_SHEET, questions=("Comment faites-vous ?", "Pourquoi ?")))
    assert two["questions"].share == pytest.approx(2 / 3)  # fewer than three planned: counted out of three
    assert any("au moins trois" in f.text_fr for f in two["questions"].findings)
    double = grade_preparation(machine(), replace(GOOD_SHEET, questions=("Comment ça va ? Et votre budget ?",)))
    assert double["questions"].share == 0.0 and "deux questions à la fois" in double["questions"].findings[0].text_fr


def test_needs_worth_probing_covered_by_the_questions():
    assert share(grade_preparation(machine(), GOOD_SHEET), "besoins") == 1.0
    g = grade_preparation(machine(), replace(GOOD_SHEET, questions=GOOD_SHEET.questions[:2]))["besoins"]
    assert g.share == pytest.approx(2 / 5)
    missed = [f.text_fr for f in g.findings if f.severity == "warning"]
    assert len(missed) == 3 and all("Par exemple : « " in t for t in missed)
    # in the learner's own words: a key word of the need's label
    own = replace(GOOD_SHEET, questions=("Quel loyer de crédit-bail visez-vous ?",))
    assert share(grade_preparation(machine(), own), "besoins") == pytest.approx(1 / 5)


def test_lead_argument_answers_a_lead_need():
    assert share(grade_preparation(machine(), GOOD_SHEET), "argument") == 1.0
    other = replace(GOOD_SHEET, lead_argument="Un loyer de crédit-bail sous votre plafond de 7 000 € par mois")
    assert share(grade_preparation(machine(), other), "argument") == 0.5
    off = replace(GOOD_SHEET, lead_argument="Notre société existe depuis 1987")
    assert share(grade_preparation(machine(), off), "argument") == 0.0
    assert share(grade_preparation(machine(), replace(GOOD_SHEET, lead_argument="")), "argument") == 0.0


@pytest.mark.parametrize(("opening", "target", "walk", "kept", "says"), [
    (385000, 370000, 355000, 1.0, "Plan de prix cohérent"),
    (360000, 370000, 355000, 0.5, "commencer sous votre objectif"),  # not ordered, and under the sound opening
    (385000, 370000, 340000, 0.0, "sous le plancher"),  # planning to sell beyond the mandate voids the plan
    (400000, 370000, 355000, 0.75, "au-dessus du prix catalogue"),
    (None, 370000, 355000, 0.25, "Plan de prix incomplet"),  # only the walk-away rule can hold
])
def test_price_plan(opening, target, walk, kept, says):
    sheet = replace(GOOD_SHEET, price_opening=opening, price_target=target, price_walk_away=walk)
    g = grade_preparation(machine(), sheet)["plan_prix"]
    assert g.share == kept and any(says in f.text_fr for f in g.findings)


def test_counterparts_planned_their_order_and_refusals():
    assert share(grade_preparation(machine(), GOOD_SHEET), "contreparties") == 1.0
    reordered = replace(GOOD_SHEET, counterparts=("site_reference", "maintenance_3_ans", "commande_fin_mois"))
    g = grade_preparation(machine(), reordered)["contreparties"]
    assert g.share == pytest.approx(0.7) and any("Ordre conseillé" in f.text_fr for f in g.findings)
    assert share(grade_preparation(machine(), replace(GOOD_SHEET, counterparts=())), "contreparties") == 0.0
    refused = replace(GOOD_SHEET, counterparts=("commande_fin_mois", "maintenance_3_ans", "site_reference", "acompte_40"))
    g = grade_preparation(machine(), refused)["contreparties"]
    assert g.share == pytest.approx(0.85) and any("n'accordera pas" in f.text_fr for f in g.findings)


def test_price_checks_do_not_apply_to_a_prospecting_call():
    g = grade_preparation(bakery(), PreparationSheet(decision_maker="martin", price_opening=100))
    assert g["plan_prix"].share is None and g["contreparties"].share is None
    d = score(bakery(), default_rubric(), bakery_turns(), works=saved(PreparationSheet(decision_maker="martin")))
    assert {c.check for c in d.written.mark("p_preparation").checks} == {"decideur", "acteurs", "mobiles", "questions",
                                                                          "besoins", "argument"}
    assert "n_preparation" not in d.criteria  # the scenario grades Bloc 2 only


# ---------------------------------------------------------------- the plan against the interview

def texts(findings):
    return [f.text_fr for f in findings]


def test_plan_vs_actual_walk_away_price_and_counterparts():
    found = plan_vs_actual(machine(), GOOD_SHEET, machine_turns())
    assert "Vous aviez prévu d'annoncer 385\u202f000\u00a0€ : vous avez annoncé 362\u202f000\u00a0€ au tour 27." in texts(found)
    assert "Accord à 362\u202f000\u00a0€, au-dessus de votre prix de rupture (355\u202f000\u00a0€)." in texts(found)
    assert ("Vous aviez prévu de demander la signature du bon de commande avant le 30 juin : demandé au tour 27 "
            "(accepté).") in texts(found)
    # a walk-away price above the deal: the learner went below their own limit
    strict = replace(GOOD_SHEET, price_walk_away=365000, counterparts=("acompte_40",))
    found = plan_vs_actual(machine(), strict, machine_turns())
    fault = next(f for f in found if f.severity == "fault")
    assert fault.text_fr == ("Vous aviez fixé votre prix de rupture à 365\u202f000\u00a0€ : vous avez accepté "
                             "362\u202f000\u00a0€ (tour 36).") and fault.turn == 36
    assert "Vous aviez prévu de demander un acompte de 40 % à la commande : vous ne l'avez pas fait." in texts(found)


def test_plan_vs_actual_questions_asked_or_not():
    sheet = replace(GOOD_SHEET, questions=(GOOD_SHEET.questions[3], "Quelle est la couleur de vos murs ?"))
    found = [f for f in plan_vs_actual(machine(), sheet, machine_turns()) if f.field == "questions"]
    assert [(f.severity, f.turn) for f in found] == [("strength", 4), ("warning", None)]
    assert found[1].text_fr == "Vous aviez prévu de demander « Quelle est la couleur de vos murs ? » : vous ne l'avez pas fait."
    assert plan_vs_actual(machine(), sheet, ()) == []


def test_plan_vs_actual_when_the_price_was_never_reached():
    found = plan_vs_actual(machine(), GOOD_SHEET, machine_turns()[:10])
    assert "l'entretien n'est pas allé jusqu'à la négociation du prix" in " ".join(texts(found))


# ---------------------------------------------------------------- the CRM note

def test_crm_note_faithful_to_the_record():
    g = grade_crm(machine(), GOOD_CRM, machine_turns())
    assert {k: v.share for k, v in g.items()} == {"crm_issue": 1.0, "crm_conditions": 1.0, "crm_objections": 1.0,
                                                  "crm_besoins": 1.0, "crm_suite": 1.0}
    assert [f.text_fr for f in g["crm_objections"].findings][-1] == ("Objection consignée : « C'est trop cher : le loyer "
                                                                   "dépasse le plafond fixé par mon président » (levée "
                                                                   "au tour 29).")
    quiet = grade_crm(machine(), replace(GOOD_CRM, objections="Aucune", needs=""), machine_turns())["crm_objections"]
    assert quiet.share == 0.0 and len(quiet.findings) == 4


def test_crm_note_contradicting_the_record_is_flagged():
    bad = replace(GOOD_CRM, price=355000, counterparts=("commande_fin_mois", "acompte_40"))
    g = grade_crm(machine(), bad, machine_turns())["crm_conditions"]
    faults = [f.text_fr for f in g.findings if f.severity == "fault"]
    assert "Le prix noté (355\u202f000\u00a0€) n'est pas celui convenu (362\u202f000\u00a0€)." in faults
    assert "Contrepartie notée mais jamais obtenue : un acompte de 40 % à la commande." in faults
    # price 0/1, counterparts: 1 invented and 2 missing among 4
    assert g.share == pytest.approx((0 + (1 - 3 / 4)) / 2)
    sale = grade_crm(machine(), replace(GOOD_CRM, outcome="vente"), machine_turns()[:20])["crm_issue"]
    assert sale.share == 0.0 and "aucun accord n'a été conclu" in sale.findings[0].text_fr


def test_crm_next_step_and_its_date():
    turns = machine_turns()
    assert grade_crm(machine(), replace(GOOD_CRM, next_step="", next_date=""), turns)["crm_suite"].share == 0.0
    odd = grade_crm(machine(), replace(GOOD_CRM, next_date="vendredi"), turns)["crm_suite"]
    assert odd.share == 0.5 and "AAAA-MM-JJ" in odd.findings[0].text_fr
    past = grade_crm(machine(), GOOD_CRM, turns, written_on=__import__("datetime").date(2026, 6, 10))["crm_suite"]
    assert past.share == 0.5 and past.findings[0].severity == "fault"
    # a meeting recorded on a day the call never mentioned (Thursday was agreed)
    rdv = CrmNote(outcome="rendez_vous", needs="frais de carte, trésorerie", next_step="RDV à la boutique",
                  next_date="2026-06-02")  # a Tuesday... which was offered: fine
    assert grade_crm(bakery(), rdv, bakery_turns())["crm_suite"].share == 1.0
    monday = grade_crm(bakery(), replace(rdv, next_date="2026-06-01"), bakery_turns())["crm_suite"]
    assert monday.share == 0.5 and "jamais été évoqué" in monday.findings[0].text_fr


# ---------------------------------------------------------------- the email

def test_a_well_written_email():
    g = grade_email(machine(), GOOD_EMAIL, machine_turns())
    assert g["email_forme"].share == 1.0 and g["email_contenu"].share == 1.0


@pytest.mark.parametrize(("body", "subject", "kept", "says"), [
    ("Salut Claire,\n\nje t'envoie l'offre. Merci !", "Offre", 2 / 5, "Tutoiement"),
    ("Bonjour Madame,\n\nCi-joint l'offre, a-t-elle bien été reçue ?\n\nCordialement", "", 4 / 5, "Pas d'objet"),
    ("Bonjour Madame,\n\nbjr, ci-joint l'offre stp :)\n\nCordialement", "Offre", 4 / 5, "Style SMS"),
    ("Madame,\n\nCi-joint l'offre.", "Offre", 4 / 5, "formule de politesse"),
])
def test_email_form_rules(body, subject, kept, says):
    g = grade_email(machine(), FollowUpEmail(subject=subject, body=body), machine_turns())["email_forme"]
    assert g.share == pytest.approx(kept) and any(says in f.text_fr for f in g.findings)


def test_email_quoting_what_was_never_agreed():
    wrong = replace(GOOD_EMAIL, body=GOOD_EMAIL.body.replace("362 000 €", "358 000 €"))
    g = grade_email(machine(), wrong, machine_turns())["email_contenu"]
    assert g.share == pytest.approx(1 / 3)  # an amount never said, and no recap of the agreed price
    assert any(f.severity == "fault" and "358\u202f000\u00a0€" in f.text_fr for f in g.findings)
    call = FollowUpEmail(subject="Notre rendez-vous", body="Bonjour Madame Martin,\n\nJe vous confirme notre rendez-vous "
                         "lundi à 15 h 30 à la boutique.\n\nBien cordialement,\nJulien Morel")
    g = grade_email(bakery(), call, bakery_turns())["email_contenu"]
    assert any("jamais évoqué" in f.text_fr for f in g.findings)
    assert grade_email(bakery(), replace(call, body=call.body.replace("lundi", "jeudi")),
                       bakery_turns())["email_contenu"].share == 1.0


def test_the_date_of_a_weekday_said_in_the_call_is_not_a_date_never_said():
    """« Jeudi » agreed on the phone, « jeudi 10 décembre » in the email written that Sunday: the same day."""
    from datetime import date

    call = FollowUpEmail(subject="Confirmation de notre rendez-vous du jeudi 10 décembre à 15 h 30",
                         body="Bonjour Madame Martin,\n\nJe vous confirme notre rendez-vous du 10/12 à 15 h 30 à la "
                              "boutique.\n\nBien cordialement,\nJulien Morel")
    sunday = date(2026, 12, 6)
    g = grade_email(bakery(), call, bakery_turns(), written_on=sunday)["email_contenu"]
    assert g.share == 1.0 and not any(f.severity == "fault" for f in g.findings)
    friday = replace(call, subject="Confirmation de notre rendez-vous", body=call.body.replace("10/12", "11/12"))
    g = grade_email(bakery(), friday, bakery_turns(), written_on=sunday)["email_contenu"]
    assert any("jamais évoqué" in f.text_fr for f in g.findings)


# ---------------------------------------------------------------- the worked example of docs/scoring.md § 13.3

def test_worked_example_in_the_docs_is_what_grading_computes():
    from pathlib import Path

    from written_support import BAKERY_PATH, play

    from simulator.content.library import resolve_scenario
    from simulator.content.loader import load_scenario

    bakery_bundled = load_scenario(resolve_scenario("banque-boulangerie"))
    turns = play(bakery_bundled, BAKERY_PATH).turns
    sheet = PreparationSheet(
        decision_maker="sophie_martin", actors=("karim", "expert_comptable"), motives=("argent", "securite", "nouveaute"),
        questions=("Comment ont évolué vos frais de carte depuis le sans-contact ?",
                   "Qu'attendez-vous d'un banquier au quotidien ?", "Êtes-vous satisfaite de votre banque ?"),
        lead_argument="32 % de commissions carte en moins, comme la boulangerie Dumas")
    crm = CrmNote(outcome="rendez_vous", needs="Frais de carte doublés avec le sans-contact ; trésorerie tendue cet été "
                  "après les travaux ; veut un interlocuteur stable.", objections="« J'ai déjà une banque » : levée, "
                  "elle garderait sa banque actuelle.",
                  next_step="Rendez-vous à la boutique de la rue Nationale, relevés de frais à l'appui", next_date="2026-06-04")
    email = FollowUpEmail(subject="Notre rendez-vous de jeudi", body="Merci pour votre accueil au téléphone. Je vous "
                          "confirme notre rendez-vous jeudi à 15 h 30 à la boutique de la rue Nationale, pour parler de "
                          "vos frais de carte.\n\nJulien Morel")
    alone = score(bakery_bundled, default_rubric(), turns)
    d = score(bakery_bundled, default_rubric(), turns, works=saved(sheet, crm, email, at="2026-06-01T10:00:00+00:00"))
    assert alone.blocks["prospection"] == 20.0 and d.blocks["prospection"] == 19.2
    marks = {m.criterion: (m.points, m.max, {c.check: (c.points, c.max) for c in m.checks}) for m in d.written.marks}
    assert marks == {
        "p_preparation": (10, 15, {"decideur": (3, 3), "acteurs": (0, 2), "mobiles": (1, 2), "questions": (2, 3),
                                   "besoins": (2, 3), "argument": (2, 2)}),
        "p_suivi": (12, 13, {"crm_issue": (2, 2), "crm_objections": (1, 1), "crm_besoins": (2, 2), "crm_suite": (3, 3),
                             "email_forme": (1, 2), "email_contenu": (3, 3)})}
    prep, follow = d.criteria["p_preparation"], d.criteria["p_suivi"]
    assert (prep.level, prep.mark, follow.level, follow.mark) == ("en_cours", 13.3, "acquis", 18.5)
    doc = (Path(__file__).resolve().parent.parent / "docs" / "scoring.md").read_text(encoding="utf-8")
    for figure in ("10 points sur 15, ratio 0,667, **en cours d'acquisition, 13,3/20**",
                   "12 points sur 13, ratio 0,923, **acquis, 18,5/20**", "soit **19,2/20** au lieu de 20/20"):
        assert figure in doc


def test_an_english_scenario_reads_an_english_email():
    from simulator.content.library import resolve_scenario
    from simulator.content.loader import load_scenario

    english = load_scenario(resolve_scenario("software-subscription-en"))
    good = FollowUpEmail(subject="Our call today", body="Dear Ms de Vries,\n\nThank you for your time. As agreed, I will "
                         "send the pilot plan by Friday.\n\nKind regards,\nAlex Martin")
    assert grade_email(english, good, ())["email_forme"].share == 1.0  # « tu » is a French rule: not read here
    sloppy = grade_email(english, FollowUpEmail(subject="", body="hey u, thx!! :)"), ())["email_forme"]
    assert sloppy.share == pytest.approx(1 / 5)
    assert "Text-message style" in sloppy.findings[-1].text_en


def test_after_a_failure_the_email_needs_no_next_step():
    from simulator.written.followup_grading import Record, check_email_contenu

    thanks = FollowUpEmail(subject="Merci", body="Bonjour Madame Martin,\n\nMerci pour votre temps et pour ce que vous "
                           "m'avez dit de vos frais de carte.\n\nBien cordialement,\nJulien Morel")
    ended_well = Record.of(bakery(), bakery_turns())
    # a meeting was set: the email recalls neither its day nor a next step
    assert check_email_contenu(thanks, bakery(), ended_well).share == pytest.approx(1 / 3)
    refused = replace(ended_well, outcome="failure", weekdays=frozenset(), dates=frozenset())
    g = check_email_contenu(thanks, bakery(), refused)
    assert g.share == 1.0 and not any("prochaine étape" in f.text_fr for f in g.findings)


def test_a_question_covers_a_need_by_its_subject_not_by_its_wording():
    from simulator.content.library import resolve_scenario
    from simulator.content.loader import load_scenario
    from simulator.written.preparation_grading import covers

    shop = load_scenario(resolve_scenario("banque-boulangerie"))
    needs = [n.id for n in shop.spec.persona.client.needs]

    def covered(question):
        return [n for n in needs if covers(question, n, shop)]

    assert covered("Quels sont vos frais bancaires ?") == ["frais_encaissement"]  # « frais » is in its lines only
    assert covered("Comment gérez-vous votre trésorerie ?") == ["tresorerie"]
    assert covered("Qu'attendez-vous de votre conseiller ?") == ["interlocuteur"]
    for bare in ("Comment ?", "Comment ça se passe ?", "Et vous ?", ""):
        assert covered(bare) == [], bare


def test_every_bundled_scenario_grades_its_written_work():
    """Each bundled scenario, a path to its end (the last option each time) and a plausible set of works: the
    written criteria of its blocks are graded, within bounds, with findings in both languages."""
    from simulator.content.bundled import scenarios_dir
    from simulator.content.loader import load_scenario
    from simulator.engine.session import ChoiceInput, PriceInput, Session

    rubric = default_rubric()
    for path in sorted(scenarios_dir().glob("*.yaml")):
        sc = load_scenario(path)
        session = Session.start(sc, 0)
        while session.outcome is None and len(session.turns) < 40:
            options = session.choices()
            session.step(ChoiceInput(options[-1].id) if options else PriceInput(sc.spec.price.target))
        prep, price = sc.spec.preparation, sc.spec.price
        sheet = PreparationSheet(
            decision_maker=prep.actors[0].id, actors=tuple(a.id for a in prep.actors[1:3]), motives=("argent",),
            questions=("Comment faites-vous aujourd'hui ?",), lead_argument="Vous gagnerez du temps",
            price_opening=price.list_price if price else None, price_target=price.target if price else None,
            counterparts=tuple(c.id for c in price.counterparts[:2]) if price else ())
        works = saved(sheet, CrmNote(outcome="a_relancer", next_step="Rappeler", next_date="2030-01-10"),
                      FollowUpEmail(subject="Suite", body="Bonjour,\n\nMerci.\n\nCordialement"))
        graded = grade_works(sc, rubric, session.turns, works)
        assert [m.criterion for m in graded.marks] == [c.id for c in rubric.written.values()
                                                       if c.block in sc.spec.blocks], sc.id
        for m in graded.marks:
            assert m.ratio is not None and 0 <= m.points <= m.max, (sc.id, m)
        assert all(f.text_fr and f.text_en for f in graded.findings)


def test_self_assessment_or_jury_answers_alone_leave_every_mark_as_it_was():
    from simulator.written.model import JuryAnswer, JuryAnswers

    before = interview_only()
    works = saved(SelfAssessment(levels={"n_prix": "acquis"}), JuryAnswers(answers=(JuryAnswer("bloctel", "?", "x"),)))
    d = score(machine(), default_rubric(), machine_turns(), works=works, mode="exam")
    assert (d.mark, d.blocks) == (before.mark, before.blocks)
    assert d.criteria["n_preparation"].level == d.criteria["n_suivi"].level == "non_evalue"
    assert d.written.works == ("self_assessment", "jury_answers") and d.written.self_vs_grid and d.written.jury


def test_a_lead_given_as_a_motive_is_answered_by_its_words():
    from written_support import MACHINE_PREPARATION, with_section

    secure = with_section("equipement-machine", MACHINE_PREPARATION.replace("lead: [delai, disponibilite]",
                                                                            "lead: [securite]"))
    safe = replace(GOOD_SHEET, lead_argument="Une intervention garantie sous 24 h : plus de risque d'arrêt")
    g = grade_preparation(secure, safe)["argument"]
    assert g.share == 1.0 and "« sécurité »" in g.findings[0].text_fr
    assert share(grade_preparation(secure, replace(GOOD_SHEET, lead_argument="Une belle machine")), "argument") == 0.0


def test_a_price_agreed_under_the_floor_is_not_a_sale_in_the_customer_file():
    """Played as a weak learner: the client signed at 330 000 €, under the 345 000 € floor, and the interview ends
    in failure (the management will refuse the deal). « Vente conclue » in the CRM note is then not faithful."""
    from simulator.written.followup_grading import Record, check_crm_issue

    signed = Record.of(machine(), machine_turns())
    assert signed.deal is not None
    assert check_crm_issue(CrmNote(outcome="vente"), machine(), signed).share == 1.0
    under_floor = replace(signed, outcome="failure", deal=330000)
    assert check_crm_issue(CrmNote(outcome="vente"), machine(), under_floor).share == 0.0
    assert check_crm_issue(CrmNote(outcome="a_relancer"), machine(), under_floor).share == 1.0
