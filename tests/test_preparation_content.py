"""The scenario's hidden ``preparation`` section: present in every bundled scenario and in the scaffold, and
checked (NS113, NS115 to NS117) with located messages."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml
from factories import MINIMAL
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.authoring.scaffold import create
from simulator.content.bundled import bundled_scenario_files
from simulator.content.diagnostics import ContentError
from simulator.content.loader import load_scenario, load_scenario_text
from simulator.written.bank import default_bank, scenario_questions
from simulator.written.pre_grade import pre_grade

BUNDLED = [load_scenario(p) for p in bundled_scenario_files()]

PRICE = textwrap.dedent("""\
    price:
      unit: "HT"
      list: 1000
      target: 900
      floor: 800
      counterparts:
        - {id: duree, label: "un engagement de deux ans"}
        - {id: comptant, label: "un paiement comptant", client_accepts: false}
      client: {opening: 700, reservation: 950}
      lines: {counter: "Plutôt {contre}.", accept: "D'accord.", walkaway: "Non."}
    """)

GOOD = textwrap.dedent("""\
    preparation:
      actors:
        - {id: acheteur, label: "L'acheteur", role: decideur}
        - {id: comptable, label: "Le comptable", role: autre, meet: false}
      motives: [argent]
      needs: [delai]
      lead: [delai]
      price: {opening_min: 950, walk_away_min: 850}
      counterparts: [duree]
    """)


def _load(preparation: str, price: bool = True) -> object:
    text = MINIMAL.replace("start: accueil", (PRICE if price else "") + preparation + "start: accueil", 1)
    text = text.replace("    role: Acheteur\n", "    role: Acheteur\n    motives: [argent]\n", 1)
    return load_scenario_text(text, "s.yaml")


def _diagnostics(preparation: str, price: bool = True) -> list:
    with pytest.raises(ContentError) as exc:
        _load(preparation, price)
    return [d for d in exc.value.diagnostics if d.severity == "error"]


@pytest.mark.parametrize("scenario", BUNDLED, ids=lambda s: s.spec.id)
def test_every_bundled_scenario_has_a_trainers_preparation(scenario):
    prep = scenario.spec.preparation
    assert prep is not None, "every bundled scenario declares what a good preparation sheet holds"
    roles = [a.role for a in prep.actors]
    assert roles.count("decideur") == 1 and len(prep.actors) >= 4
    assert any(not a.meet for a in prep.actors), "distractors: someone not worth meeting"
    assert all(a.why for a in prep.actors) and prep.advice and prep.lead
    if scenario.spec.price is not None:
        accepted = {c.id for c in scenario.spec.price.counterparts if c.client_accepts}
        assert prep.counterparts and set(prep.counterparts) <= accepted, "advise only counterparts the client gives"


@pytest.mark.parametrize("scenario", [s for s in BUNDLED if s.spec.jury_questions], ids=lambda s: s.spec.id)
def test_a_scenarios_own_questions_are_answered_by_their_expected_answer(scenario):
    for q in scenario_questions(scenario.spec):
        assert default_bank().get(q.id) is None and q.id.startswith(scenario.spec.id + "/")
        if q.auto is not None:
            assert pre_grade(q.auto, q.expected_fr) == "correct", q.id
            assert pre_grade(q.auto, q.expected_en, "en") == "correct", q.id


@pytest.mark.parametrize(("kind", "lang"), [("prospection", "fr"), ("negociation", "fr"), ("prospection", "en"),
                                            ("negociation", "en")])
def test_the_scaffold_writes_a_preparation_that_validates(tmp_path: Path, kind, lang):
    made = create(kind, f"essai-{kind}", lang, tmp_path)
    scenario = load_scenario(made.scenario)
    assert scenario.spec.preparation is not None and scenario.warnings == []


def test_a_sound_preparation_loads():
    prep = _load(GOOD).spec.preparation
    assert prep.counterparts == ["duree"] and prep.price.opening_min == 950


def test_exactly_one_decision_maker():
    none = _diagnostics(GOOD.replace("role: decideur", "role: prescripteur"))
    assert [(d.code, d.where) for d in none] == [("NS115", "preparation.actors")]
    two = _diagnostics(GOOD.replace("role: autre, meet: false", "role: decideur"))
    assert [(d.code, d.where) for d in two] == [("NS115", "preparation.actors[1].role")]
    hidden = _diagnostics(GOOD.replace("role: decideur}", "role: decideur, meet: false}"))
    assert [(d.code, d.where) for d in hidden] == [("NS115", "preparation.actors[0].meet")]


def test_unknown_references_are_located_with_a_suggestion():
    diags = _diagnostics(GOOD.replace("needs: [delai]", "needs: [delais]").replace("lead: [delai]", "lead: [prix]")
                         .replace("counterparts: [duree]", "counterparts: [duree, dureee]")
                         .replace("motives: [argent]", "motives: [argent, orgueil]"))
    found = {(d.code, d.where) for d in diags}
    assert found == {("NS116", "preparation.needs[0]"), ("NS116", "preparation.lead[0]"),
                     ("NS116", "preparation.counterparts[1]"), ("NS116", "preparation.motives[1]")}
    by_where = {d.where: d for d in diags}
    assert "delai" in by_where["preparation.needs[0]"].hint and "duree" in by_where["preparation.counterparts[1]"].hint
    assert all(d.line > 1 for d in diags)


@pytest.mark.parametrize(("plan", "where"), [
    ("{opening_min: 850}", "preparation.price.opening_min"),      # below the target
    ("{opening_min: 1200}", "preparation.price.opening_min"),     # above the list price
    ("{walk_away_min: 700}", "preparation.price.walk_away_min"),  # below the floor
    ("{walk_away_min: 920}", "preparation.price.walk_away_min"),  # above the target
])
def test_a_price_plan_outside_the_scenarios_prices_is_refused(plan, where):
    diags = _diagnostics(GOOD.replace("{opening_min: 950, walk_away_min: 850}", plan))
    assert [(d.code, d.where) for d in diags] == [("NS117", where)]


def test_a_price_plan_needs_a_price_block():
    diags = _diagnostics(GOOD, price=False)
    assert {(d.code, d.where) for d in diags} == {("NS117", "preparation.price"), ("NS117", "preparation.counterparts")}


def test_duplicates_are_refused():
    text = GOOD.replace("    - {id: comptable", "    - {id: acheteur, label: \"Le même\", role: autre}\n"
                        "    - {id: comptable").replace("counterparts: [duree]", "counterparts: [duree, duree]")
    found = {(d.code, d.where) for d in _diagnostics(text)}
    assert found == {("NS113", "preparation.actors[1].id"), ("NS113", "preparation.counterparts[1]")}


_values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(-5, 2000), st.text(max_size=8),
                                 st.sampled_from(["decideur", "delai", "duree", "argent", "comptant"])),
                       lambda inner: st.one_of(st.lists(inner, max_size=3),
                                               st.dictionaries(st.text(max_size=6), inner, max_size=2)),
                       max_leaves=5)


@st.composite
def _damaged_preparations(draw):
    data = yaml.safe_load(GOOD)
    prep = data["preparation"]
    for _ in range(draw(st.integers(1, 3))):
        actors = prep.get("actors") if isinstance(prep.get("actors"), list) else []
        targets = [t for t in (prep, prep.get("price"), *actors) if isinstance(t, dict)]
        target = draw(st.sampled_from(targets))
        key = draw(st.sampled_from(sorted(target) + ["extra"]))
        if draw(st.booleans()) and key in target:
            del target[key]
        else:
            target[key] = draw(_values)
    return json.dumps(data, ensure_ascii=False) + "\n"


@settings(max_examples=40, deadline=None)
@given(_damaged_preparations())
def test_a_damaged_preparation_loads_or_says_where(preparation):
    try:
        _load(preparation)
    except ContentError as exc:
        assert exc.diagnostics and all(d.file == "s.yaml" and d.line >= 1 for d in exc.diagnostics)
