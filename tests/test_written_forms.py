"""The written-work forms (simulator/written/forms.py): what a renderer hands back becomes the learner's work,
or a message saying what to correct; a draft read back shows the same values again."""

from __future__ import annotations

import datetime as dt
import functools

from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.content.library import resolve_scenario
from simulator.content.loader import load_scenario
from simulator.written.forms import (
    crm_form,
    email_form,
    jury_form,
    parse_date,
    preparation_form,
    self_assessment_form,
)
from simulator.written.model import CrmNote, JuryAnswers, PreparationSheet, SelfAssessment
from simulator.written.records import work_record, works_of

NEGOTIATION = "equipement-machine"


@functools.cache  # loading is the slow part of the properties below; a Scenario is never changed
def _scenario(sid: str = NEGOTIATION):
    return load_scenario(resolve_scenario(sid))


def _sheet_values(form) -> dict:
    decider = form.fields[0].options[0].value
    values = {"decision_maker": decider, "questions": ["Comment travaillez-vous ?", "Qu'attendez-vous ?",
                                                       "Qui d'autre est concerné ?"],
              "lead_argument": "La fiabilité pour vos délais", "motives": ["securite", "argent"]}
    names = {f.name for f in form.fields}
    if "price_opening" in names:
        values |= {"price_opening": "12 500 €", "price_target": "11 800", "price_walk_away": "11 000"}
    return values


def test_a_complete_sheet_reads_into_the_learners_work_with_amounts_as_numbers():
    form = preparation_form(_scenario())
    work, problems = form.read(_sheet_values(form))
    assert problems == []
    assert isinstance(work, PreparationSheet)
    assert (work.price_opening, work.price_target, work.price_walk_away) == (12500, 11800, 11000)
    assert work.motives == ("securite", "argent")
    assert len(work.questions) == 3


def test_missing_and_wrong_values_are_named_in_the_learners_language_and_the_rest_is_kept():
    form = preparation_form(_scenario())
    values = _sheet_values(form) | {"questions": ["Une seule ?"], "price_target": "douze mille",
                                    "motives": ["argent", "cupidite"]}
    work, problems = form.read(values)
    text = " ".join(problems)
    assert "au moins 3" in text and "Prix visé" in text and "cupidite" in text
    assert work.questions == ("Une seule ?",) and work.price_target is None and work.motives == ("argent",)
    _, problems_en = form.read(values, "en")
    assert "at least 3" in " ".join(problems_en)


def test_actors_are_not_listed_in_the_authors_order():
    scenario = _scenario()
    labels = [o.label() for o in preparation_form(scenario).fields[0].options]
    assert labels == sorted(labels, key=str.casefold)


def test_a_draft_read_back_shows_the_same_values_and_rebuilds_the_same_work():
    form = preparation_form(_scenario())
    work, _ = form.read(_sheet_values(form))
    again, _ = form.read(form.values_of(work))
    assert again == work


def test_crm_note_reads_a_french_date_and_the_agreed_price():
    form = crm_form(_scenario())
    work, problems = form.read({"outcome": "vente", "needs": "Cadence", "price": "11 900 €",
                                "next_step": "Livraison", "next_date": "14/01/2027"})
    assert problems == []
    assert isinstance(work, CrmNote) and work.price == 11900 and work.next_date == "2027-01-14"
    _, problems = form.read({"outcome": "vente", "needs": "x", "next_step": "y", "next_date": "demain"})
    assert any("JJ/MM/AAAA" in p for p in problems)


def test_short_dates_are_the_next_such_day():
    today = dt.date(2026, 12, 6)
    assert parse_date("14/01", today) == "2027-01-14"
    assert parse_date("20/12", today) == "2026-12-20"
    assert parse_date("31/02/2027", today) is None


def test_self_assessment_and_jury_answers_fill_their_entries():
    form = self_assessment_form([("n_prix", "Négocier le prix", "Negotiating the price")], turns=6)
    work, problems = form.read({"levels.n_prix": "en_cours", "best_turn": "3", "weakest_turn": "9"})
    assert isinstance(work, SelfAssessment) and work.levels == {"n_prix": "en_cours"} and work.best_turn == 3
    assert any("entre 1 et 6" in p for p in problems) and work.weakest_turn is None
    jury = jury_form([("q1", "Pourquoi ce prix ?"), ("q2", "Quelles heures d'appel ?")])
    work, _ = jury.read({"answers.q1": "Parce que…"})
    assert isinstance(work, JuryAnswers)
    assert [(a.question_id, a.question, a.answer) for a in work.answers] == [
        ("q1", "Pourquoi ce prix ?", "Parce que…"), ("q2", "Quelles heures d'appel ?", "")]


def test_every_bundled_scenario_has_its_forms():
    from simulator.content.bundled import scenarios_dir  # noqa: PLC0415 - only this test needs the list

    for path in sorted(scenarios_dir().glob("*.yaml")):
        scenario = load_scenario(path)
        for form in (preparation_form(scenario), crm_form(scenario), email_form(scenario)):
            assert form.fields and all(f.label("fr") and f.label("en") for f in form.fields)
        sheet = {f.name for f in preparation_form(scenario).fields}
        assert ("price_opening" in sheet) == (scenario.spec.price is not None), path.name


_raw = st.one_of(st.none(), st.text(max_size=30), st.lists(st.text(max_size=12), max_size=6),
                 st.integers(), st.booleans())


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(["decision_maker", "actors", "motives", "questions", "lead_argument",
                                        "price_opening", "price_target", "price_walk_away", "counterparts",
                                        "notes", "bogus"]), _raw))
def test_any_values_give_a_work_that_survives_the_journal(values):
    form = preparation_form(_scenario())
    work, problems = form.read(values)
    assert all(isinstance(p, str) and p for p in problems)
    saved = works_of([work_record(work, final=False, at="t")])
    assert saved["preparation"].work == work
