"""The scorer's and the written work's sentences come from the catalogs (areas ``scoring`` and ``writing``), in the
reader's language: a debrief read in English holds no French sentence of the program's, and one read in French no
English one (the scenario's own lines and the authors' labels aside, which are content). Plurals agree with
their count as each language counts."""

from __future__ import annotations

import re
import string
from functools import cache
from pathlib import Path

import pytest

from simulator.content.loader import load_scenario
from simulator.engine.session import Session
from simulator.i18n import entries
from simulator.i18n.phrase import Authored, Joined, Num, phrase, phrase_n, render
from simulator.playtest import load_playtest, step_input
from simulator.scoring import default_rubric
from simulator.scoring.debrief import Debrief
from simulator.scoring.scorer import score
from simulator.written.model import CrmNote, FollowUpEmail, PreparationSheet, SelfAssessment
from simulator.written.records import Saved

ROOT = Path(__file__).resolve().parent.parent / "scenarios"
AREAS = ("scoring.", "writing.")
FORMS = ("writing.form.", "writing.problem.", "writing.motive.", "writing.outcome.", "writing.level.")  # the forms' words


def test_a_phrase_renders_its_fields_in_the_reader_s_language():
    missed = phrase("scoring.missed", line="Quel délai ?", why=Joined((Authored("Question ouverte.", "Open question."),
                                                                       Authored("Reformule.", "Rephrases.")),
                                                                      "scoring.sep.semicolon", inline=True))
    assert render(missed, "fr") == "Vous pouviez dire « Quel délai ? » (question ouverte ; reformule)."
    assert render(missed, "en") == "You could have said \"Quel délai ?\" (open question; rephrases)."
    assert render(missed, "de") == render(missed, "fr")  # an unknown language reads French
    floor = phrase("scoring.note.floor", mark=Num(2.5))
    assert (render(floor, "fr"), render(floor, "en")) == (
        "Échelle du jury : une compétence non acquise garde au moins 2,5/20.",
        "The jury's scale: a competency not acquired keeps at least 2.5/20.")
    assert Num(17.0, 1)("fr") == "17" and Num(16.5, 1)("fr") == "16,5" and Num(10.0, 0)("en") == "10"
    assert render(Joined(()), "fr") == "" and render(Joined(("a",)), "en") == "a"


@pytest.mark.parametrize(("n", "fr", "en"), [
    (0, "0 faiblesse relevée", "0 weaknesses found"),
    (1, "1 faiblesse relevée", "1 weakness found"),
    (2, "2 faiblesses relevées", "2 weaknesses found"),
])
def test_counts_agree_as_each_language_counts(n, fr, en):
    ceiling = phrase_n("scoring.note.ceiling", n, mark=Num(17.0, 1))
    assert render(ceiling, "fr").startswith(fr + " : 17/20 au plus")
    assert render(ceiling, "en").startswith(en + ": 17/20 at most")
    steps = phrase_n("scoring.technique.incomplete", n, steps=3, label="CROC", explain="")
    assert ("étapes sur 3" in render(steps, "fr")) is (n > 1)


def fragments(lang: str) -> set[str]:
    """The fixed words of the scorer's and the written work's sentences in ``lang``: each template cut at its
    fields, the pieces of three words or more not shared with the other language (a short label such as
    « Rendez-vous obtenu » may also be a scenario's own words)."""
    def pieces(code: str) -> set[str]:
        out = set()
        for key, entry in entries(code).items():
            if key.startswith(AREAS) and not key.startswith(FORMS):
                for text in (entry,) if isinstance(entry, str) else entry:
                    out |= {literal.strip() for literal, *_ in string.Formatter().parse(text)}
        return {p for p in out if len(p.split()) >= 3 and re.search(r"[a-zà-ÿ]{4}", p)}

    other = pieces("en" if lang == "fr" else "fr")
    return pieces(lang) - other


def generated(d: Debrief, lang: str) -> list[str]:
    """Every text the scorer and the written work's grading wrote in ``d``, read in ``lang``."""
    texts = [e.explain(lang) for c in d.criteria.values() for e in c.evidence]
    texts += [n for c in d.criteria.values() for n in c.notes(lang)]
    texts += [p.text(lang) for p in (*d.strengths, *d.priorities)]
    texts += [d.headline(lang) or "", d.objective.label(lang) if d.objective else ""]
    if d.written is not None:
        texts += [f.text(lang) for f in (*d.written.findings, *d.written.plan_vs_actual)]
        texts += [c.label(lang) for m in d.written.marks for c in m.checks]
    return texts


def works(scenario) -> dict[str, Saved]:
    """A middling written work: some right, some wrong, so that most kinds of finding appear."""
    prep = scenario.spec.preparation
    actors = [a.id for a in prep.actors] if prep else []
    price = scenario.spec.price
    sheet = PreparationSheet(decision_maker=actors[-1] if actors else "", actors=tuple(actors[:2]),
                             motives=("securite", "orgueil"), questions=("Quels sont vos besoins ?", "Vous êtes pressé ?"),
                             lead_argument="délai de livraison", price_opening=price.list_price if price else None,
                             price_target=price.target if price else None, price_walk_away=price.floor - 1 if price else None,
                             counterparts=tuple(c.id for c in price.counterparts[:2]) if price else ())
    note = CrmNote(outcome="vente", needs="délai", objections="prix", price=price.target if price else None,
                   next_step="Rappeler", next_date="2026-06-11")
    email = FollowUpEmail(subject="", body="bjr, merci pour ce rdv :) a jeudi")
    self_ = SelfAssessment(levels={"n_prix": "acquis", "n_questionnement": "non_acquis", "p_structure": "acquis"},
                           best_turn=2, weakest_turn=99)
    return {w.kind: Saved(w, w.kind != "email", "2026-06-02T10:00:00+00:00") for w in (sheet, note, email, self_)}


@cache
def debriefs() -> tuple[Debrief, ...]:
    """Each bundled scenario's strong and weak paths from its playtest (« expert », then « debutant » or
    « echec »), with written work."""
    out = []
    for test_file in sorted((ROOT / "tests").glob("*.yaml")):
        spec = load_playtest(test_file)
        scenario = load_scenario(ROOT / f"{spec.scenario}.yaml")
        paths = {p.name: p for p in spec.paths}
        for p in (paths["expert"], paths.get("debutant") or paths["echec"]):
            session = Session.replay(scenario, p.seed, [step_input(x) for x in p.inputs])
            out.append(score(scenario, default_rubric(), session.turns, works=works(scenario)))
    return tuple(out)


@pytest.mark.parametrize(("lang", "other"), [("en", "fr"), ("fr", "en")])
def test_a_debrief_read_in_one_language_holds_none_of_the_other_s_sentences(lang, other):
    foreign, own = fragments(other), fragments(lang)
    seen: set[str] = set()
    for d in debriefs():
        for text in generated(d, lang):
            leaks = [f for f in foreign if f in text]
            assert not leaks, (d.scenario_id, lang, text, leaks)
            seen |= {f for f in own if f in text}
    assert len(debriefs()) >= 18 and len(seen) >= 40  # the sessions did produce many kinds of sentence


def form_fragments(lang: str) -> set[str]:
    """The fixed words of the forms' labels and corrections in ``lang``, not shared with the other language."""
    def pieces(code: str) -> set[str]:
        return {literal.strip() for key, entry in entries(code).items() if key.startswith(FORMS)
                for text in ((entry,) if isinstance(entry, str) else entry)
                for literal, *_ in string.Formatter().parse(text) if literal.strip()}

    return pieces(lang) - pieces("en" if lang == "fr" else "fr")


@pytest.mark.parametrize(("lang", "other"), [("en", "fr"), ("fr", "en")])
def test_a_form_shown_in_one_language_holds_none_of_the_other_s_words(lang, other):
    from simulator.written.forms import crm_form, email_form, jury_form, preparation_form, self_assessment_form

    foreign = form_fragments(other)
    for path in sorted(ROOT.glob("*.yaml")):
        scenario = load_scenario(path)
        for form in (preparation_form(scenario), crm_form(scenario), email_form(scenario),
                     self_assessment_form([("n_prix", "Prix", "Price")], 5), jury_form([("q", "?")])):
            _, problems = form.read({f.name: "zz" for f in form.fields}, lang)
            words = [form.title(lang), form.intro(lang), *problems]
            for f in form.fields:
                words += [f.label(lang), f.help(lang), *(o.label(lang) for o in f.options)]
            # a label is foreign when it is the other language's word, or holds one of its phrases
            leaks = {(w, f) for w in words for f in foreign if f == w or (len(f.split()) >= 2 and f in w)}
            assert not leaks, (scenario.id, lang, leaks)
