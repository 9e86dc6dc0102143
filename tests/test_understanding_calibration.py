"""Confidence calibration of the act model (issue 14): temperature scaling and its figures, as invariants."""

from __future__ import annotations

import math
import random
from functools import cache

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from simulator.understanding.calibrate import (
    Scored,
    expected_calibration_error,
    family_readings,
    fit_temperature,
    negative_log_likelihood,
    reliability,
    softmax,
    threshold_table,
)
from simulator.understanding.explain import MIN_KNOWN_WORDS, SURE_CONFIDENCE, Reader
from simulator.understanding.model import default_model
from simulator.understanding.normalize import normalize

CLASSES = ("a1", "a2", "b1", "c1")
FAMILIES = {"a1": "a", "a2": "a", "b1": "b", "c1": "c"}

scores = st.lists(st.floats(-30, 30, allow_nan=False), min_size=len(CLASSES), max_size=len(CLASSES))
readings = st.lists(st.builds(lambda s, g: Scored(tuple(s), g), scores, st.sampled_from("abc")), min_size=1,
                    max_size=40)
rows = st.lists(st.tuples(st.floats(0, 1), st.booleans()), max_size=60)


@given(scores, st.floats(0.25, 20))
def test_a_temperature_keeps_the_order_of_the_acts_and_sums_to_one(values, t):
    probs = softmax(values, t)
    assert abs(sum(probs) - 1) < 1e-9
    raw = softmax(values)
    assert max(range(len(raw)), key=raw.__getitem__) == max(range(len(probs)), key=probs.__getitem__) or \
        math.isclose(max(raw), sorted(raw)[-2])


@given(scores, st.floats(1, 20))
def test_a_higher_temperature_is_never_surer(values, t):
    assert max(softmax(values, t)) <= max(softmax(values)) + 1e-12


@settings(max_examples=40, deadline=None)
@given(readings)
def test_the_fitted_temperature_is_never_worse_than_none(data):
    t = fit_temperature(CLASSES, data, FAMILIES)
    assert 0.25 <= t <= 20
    # rounded to 3 decimals: a hair of likelihood may be lost to the rounding, never more
    assert negative_log_likelihood(CLASSES, data, FAMILIES, t) <= \
        negative_log_likelihood(CLASSES, data, FAMILIES, 1.0) + 1e-3


def test_an_over_confident_model_is_cooled_until_its_confidence_matches_its_accuracy():
    """Readings drawn from a calibrated model then multiplied by 4 (what an over-fitted logistic model does):
    the temperature found is close to 4 and the calibration error falls to almost nothing."""
    rng = random.Random(3)
    data = []
    for _ in range(800):
        true = [rng.gauss(0, 1.5) for _ in CLASSES]
        probs = softmax(true)
        gold_act = rng.choices(CLASSES, probs)[0]
        data.append(Scored(tuple(4 * s for s in true), FAMILIES[gold_act]))
    before = [(c, r) for c, r, _ in family_readings(CLASSES, data, FAMILIES, 1.0)]
    t = fit_temperature(CLASSES, data, FAMILIES)
    after = [(c, r) for c, r, _ in family_readings(CLASSES, data, FAMILIES, t)]
    assert 3.3 < t < 4.8
    assert expected_calibration_error(before) > 0.1
    assert expected_calibration_error(after) < 0.04


@given(rows)
def test_the_calibration_error_is_a_share_and_zero_when_confidence_is_accuracy(data):
    ece = expected_calibration_error(data)
    assert 0.0 <= ece <= 1.0
    assert sum(b.count for b in reliability(data)) == len(data)
    certain = [(1.0, True)] * len(data)
    assert expected_calibration_error(certain) == 0.0


@given(st.floats(0, 1), st.integers(1, 30))
def test_sure_and_always_wrong_costs_all_its_confidence(confidence, n):
    assert math.isclose(expected_calibration_error([(confidence, False)] * n), confidence, abs_tol=1e-9)


@given(rows)
def test_a_higher_threshold_catches_more_wrong_readings_and_questions_more_right_ones(data):
    table = threshold_table(data, [i / 10 for i in range(11)])
    for (_, c0, q0), (_, c1, q1) in zip(table, table[1:]):
        assert c0 <= c1 and q0 <= q1
    assert all(0.0 <= c <= 1.0 and 0.0 <= q <= 1.0 for _, c, q in table)


# --- the calibrated model in use: when the client asks what the learner means -------------------------------


CONSONANTS = "bcdfghjklmnpqrstvwxz"
VOCABULARY = sorted(k[2:] for k in default_model().index if k.startswith("w:") and k[2:].isalpha())


@cache
def reader(state: str | None = None) -> Reader:
    return Reader.open("banque-boulangerie", state, "fr")


def test_the_committed_model_carries_its_calibration():
    """The weights come with the temperature fitted on out-of-fold readings and what it did to the calibration
    error: the stored figures say the confidence shown is closer to the accuracy than the raw model's."""
    calibration = default_model().meta["calibration"]
    assert default_model().temperature == calibration["temperature"] > 0
    assert calibration["ece_after"] < calibration["ece_before"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(CONSONANTS, min_size=3, max_size=9), min_size=1, max_size=4),
       st.sampled_from([None, "decouverte", "standard"]))
def test_keyboard_mash_is_never_taken_as_sure(words, state):
    """Words the model never learnt anything from give it nothing to go on: the client asks, state or not."""
    model = default_model()
    words = [w for w in words if not any(model.knows_word(n) for n in normalize(w, "fr").split())]  # « dsl » is known
    assume(words)
    assert not reader(state).read(" ".join(words)).sure


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(VOCABULARY), st.sampled_from([None, "decouverte", "accroche"]))
def test_a_single_word_is_never_taken_as_sure(word, state):
    """« oui », « bof », « pourquoi » alone could mean anything at this point of an interview."""
    assert MIN_KNOWN_WORDS >= 2
    reading = reader(state).read(word)
    assume("echo" not in {c.id for c in reading.understanding.cues})  # « délais ? » after « nos délais… » is clear
    assert not reading.sure


def test_an_echo_of_the_clients_words_is_understood_even_short():
    r = Reader("fr").read("Délais ?", "Le vrai problème, ce sont les délais.")
    assert r.understanding.acts[0].act == "reformulation_echo" and r.sure


CLEAR = [("Comment gérez-vous votre trésorerie entre les deux boutiques ?", "questionnement"),
         ("Je vous rappelle jeudi à 10 h pour faire le point.", "conclusion"),
         ("Je comprends, ça ne doit pas être simple avec la saison.", "attitude"),
         ("Nos clients boulangers ont réduit leurs frais de carte d'un tiers en six mois, je peux vous mettre en "
          "relation.", "argumentation"),
         ("What matters most to you in a new supplier?", "questionnement")]


def test_without_a_state_clear_lines_are_sure_and_a_line_doing_several_things_is_not():
    """`negosim understand` without --state: the calibrated family confidence against SURE_CONFIDENCE."""
    for text, family in CLEAR:
        reading = Reader("en" if text.startswith("What") else "fr").read(text)
        assert reading.understanding.family == family and reading.sure, text
    mixed = Reader("fr").read("je comprends, vous avez combien de boutiques ? de toute façon je vous fais 10 % si "
                              "vous signez")
    assert mixed.understanding.confidence < SURE_CONFIDENCE and not mixed.sure


def test_the_explanation_says_why_a_short_line_is_unsure():
    assert "trop peu de mots connus" in Reader("fr").read("oui").render()
    assert "too few known words" in Reader("en").read("yes").render()
    assert "trop peu" not in Reader("fr").read("Comment gérez-vous vos encaissements ?").render()
