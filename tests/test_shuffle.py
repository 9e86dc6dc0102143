"""Options in a fair order: shuffled per session from the seed, pinned where the author says, journaled.

The menu used to be an answer key (the best option first). These tests pin what a learner and a jury rely
on: the order changes from one session to another, never within a replay; it changes nothing but the
order; what the learner saw is on record and replays exactly.
"""

from __future__ import annotations

import dataclasses
import random
from functools import cache

from factories import generated
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.content.loader import load_scenario_text
from simulator.engine.session import ChoiceInput, Session
from simulator.simulate import POLICIES, candidate_moves
from simulator.store.journal import read_journal
from simulator.store.recorder import RecordedSession


@cache
def scenario(n: int, branching: int, price: bool):
    return load_scenario_text(generated(n, branching, price))


PINNED = """
format: 1
id: pinned
title: "Épinglées"
blocks: [prospection]
sector: autre
sector_label: "Hôtellerie"
difficulty: 1
duration_minutes: 5
summary: "Une option épinglée en tête, une en queue."
briefing:
  learner: {context: "Contexte.", objective: "Objectif."}
  jury: {expectations: "E."}
persona:
  client: {name: "Mme Client", role: "Gérante", company: "Hôtel"}
start: debut
states:
  debut:
    say: "Allô ?"
    choices:
      - {id: a, text: "Bonjour, option a.", acts: [salutation_presentation], next: fin}
      - {id: b, text: "Bonjour, option b.", acts: [salutation_presentation], next: fin}
      - {id: c, text: "Bonjour, option c.", acts: [salutation_presentation], next: fin}
      - {id: d, text: "Bonjour, option d.", acts: [salutation_presentation], next: fin}
      - {id: raccrocher, text: "Je raccroche, au revoir.", acts: [abandon], next: fin, order: last}
      - {id: presenter, text: "Je me présente d'abord.", acts: [salutation_presentation], next: fin, order: first}
  fin:
    say: "Au revoir."
    end: {outcome: success, summary: "Fin."}
"""


def walk(sc, seed: int, moves: int, rng: random.Random) -> tuple[Session, list[list[str]]]:
    """A random walk by id; returns the session and the order shown before each move."""
    s = Session.start(sc, seed)
    shown = []
    for _ in range(moves):
        if s.ended:
            break
        options = candidate_moves(s)
        if not options:
            break
        shown.append(s.offered_ids())
        s.step(options[rng.randrange(len(options))])
    return s, shown


@settings(max_examples=40, deadline=None)
@given(n=st.integers(3, 30), branching=st.integers(2, 4), seed=st.integers(0, 10**6), walk_seed=st.integers(0, 999))
def test_the_order_is_a_permutation_that_changes_nothing_but_the_order(n, branching, seed, walk_seed):
    sc = scenario(n, branching, False)
    played, shown = walk(sc, seed, 25, random.Random(walk_seed))
    # a plain replay by id, never asking for the order, gives the same session turn by turn
    twin = Session.replay(sc, seed, played.inputs)
    assert [(t.learner_text, t.replies, t.next_state, t.after) for t in twin.turns] == \
           [(t.learner_text, t.replies, t.next_state, t.after) for t in played.turns]
    # and the same order at every turn (same seed, same inputs)
    again = Session.start(sc, seed)
    for inp, order in zip(played.inputs, shown):
        assert again.offered_ids() == order
        assert sorted(order) == sorted(c.id for c in again.choices())
        again.step(inp)


def test_seeds_show_different_orders_and_every_option_comes_first_sometimes():
    sc = load_scenario_text(PINNED)
    firsts_after_pin = {Session.start(sc, seed).offered_ids()[1] for seed in range(60)}
    assert firsts_after_pin == {"a", "b", "c", "d"}


def test_pinned_options_keep_their_place():
    sc = load_scenario_text(PINNED)
    for seed in range(30):
        order = Session.start(sc, seed).offered_ids()
        assert order[0] == "presenter" and order[-1] == "raccrocher"


def test_first_and_last_policies_follow_the_shown_order():
    sc = load_scenario_text(PINNED)
    s = Session.start(sc, 3)
    moves = candidate_moves(s)
    assert [m.choice for m in moves] == s.offered_ids()
    rng = random.Random(0)
    assert POLICIES["first"](s, moves, rng, None).choice == "presenter"
    assert POLICIES["last"](s, moves, rng, None).choice == "raccrocher"
    assert POLICIES["longest"](s, moves, rng, None).choice == "raccrocher"  # 24 characters, the longest
    assert POLICIES["shortest"](s, moves, rng, None).choice in {"a", "b", "c", "d"}


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10**6), walk_seed=st.integers(0, 999))
def test_the_journal_records_the_order_shown_and_it_replays_exactly(tmp_path_factory, seed, walk_seed):
    sc = scenario(12, 3, True)
    rec = RecordedSession.start(sc, seed=seed, learner="test", folder=tmp_path_factory.mktemp("journals"))
    rng = random.Random(walk_seed)
    seen = []
    while not rec.session.ended and len(rec.session.turns) < 15:
        options = candidate_moves(rec.session)
        seen.append(rec.session.offered_ids())
        rec.step(options[rng.randrange(len(options))])
    record = read_journal(rec.path)
    recorded = [r["shown"] for r in record.records if r.get("type") == "input"]
    assert recorded == seen
    # replaying the journal's inputs shows, before each move, exactly the order on record
    replay = Session.start(sc, record.header["seed"])
    for inp, order in zip(record.inputs, recorded, strict=True):
        assert replay.offered_ids() == order
        replay.step(inp)


def test_an_option_quoting_a_value_is_shown_filled_and_capitalised():
    sc = load_scenario_text(generated(6, 2, True))
    s = Session.start(sc, 0)
    quoted = dataclasses.replace(s.current.choices[0], text="{last_offer} : c'est mon prix.", templated=True)
    assert s.option_text(quoted) == "Ma dernière proposition : c'est mon prix."
    s.env["last_offer"] = 8900
    assert s.negotiation is not None
    assert s.option_text(quoted) == "8\u202f900\u00a0€ HT : c'est mon prix."


def test_choice_input_by_id_is_unaffected_by_the_order():
    sc = load_scenario_text(PINNED)
    a = Session.start(sc, 1)
    b = Session.start(sc, 2)
    assert a.offered_ids() != b.offered_ids() or a.offered_ids()[1:-1] == b.offered_ids()[1:-1]
    assert a.step(ChoiceInput("c")).learner_text == b.step(ChoiceInput("c")).learner_text
