"""What the scorer's mutation run (tools/mutate.py) found unguarded in the mark-only path and the debrief's lists.
The mark-only path (``scorer.marks``, ``write=False``: evidence counted, not written) gives the debrief's marks
(a fast subset of tests/test_perf_marks.py's comparison, on seeded sessions, with and without a memo): every
piece of a move's evidence counts, a fault is narrowed to the criteria its turns were graded on. The strengths
come strongest first, a criterion's penalties add up, a priority quotes a better move from another turn when its
weakness's turn had none, a block lists its written criteria after the interview's.
"""

from __future__ import annotations

import pytest
from factories import generated
from test_engine import edit
from test_mutants_scorer import RUBRIC, SCENARIO, rubric, scenario
from test_mutants_scorer_evidence import FAULT_RUBRIC, THANKFUL
from test_perf_marks import _sessions, marks_of
from test_scoring_scenarios import nego, play
from test_written_grading import GOOD_CRM, GOOD_EMAIL, GOOD_SHEET
from written_support import machine, machine_turns, saved

from simulator.content.bundled import scenarios_dir
from simulator.content.loader import load_scenario, load_scenario_text
from simulator.scoring import default_rubric, score
from simulator.scoring.rubric import load_rubric_text
from simulator.scoring.scorer import ScoringMemo, marks


@pytest.mark.parametrize("make", [nego, lambda: load_scenario_text(generated(40, price=True))],
                         ids=["nego", "generated-price"])
def test_marks_are_the_debriefs_marks_with_and_without_a_memo(make):
    scenario, rubric = make(), default_rubric()
    memo = ScoringMemo(scenario, rubric)
    flaws = strengths = 0
    for i, session in enumerate(_sessions(scenario, 12, seed=3)):
        full = score(scenario, rubric, session.turns, memo=memo)
        assert marks(scenario, rubric, session.turns, memo=memo) == marks_of(full), f"seed {session.seed}"
        if i % 3 == 0:  # each move on offer tried afresh: slower
            assert marks(scenario, rubric, session.turns) == marks_of(full), f"seed {session.seed} (no memo)"
        kinds = [e.kind for c in full.criteria.values() for e in c.evidence]
        strengths += kinds.count("strength")
        flaws += len(kinds) - kinds.count("strength")
    assert strengths and flaws  # both kinds of evidence were counted on the way


def _debriefs(scenario, n: int, seed: int = 3):
    rubric = default_rubric()
    memo = ScoringMemo(scenario, rubric)
    return [score(scenario, rubric, s.turns, memo=memo) for s in _sessions(scenario, n, seed=seed)]


def test_the_strengths_shown_are_the_strongest_criteria_first():
    """At most three, strongest first: the higher ratio, then the heavier criterion, then the rubric's order;
    none left out above the last one shown. Sessions where a weaker ratio weighs more are among them."""
    rubric = default_rubric()
    order = list(rubric.criteria)
    floor = rubric.spec.levels.en_cours.min
    reordered = 0
    scenarios = [load_scenario_text(generated(40, price=True)), load_scenario(scenarios_dir() / "banque-boulangerie.yaml")]
    for debrief in (d for sc in scenarios for d in _debriefs(sc, 12)):
        def rank(cid: str, criteria=debrief.criteria) -> tuple:
            return (-criteria[cid].ratio, -criteria[cid].weight, order.index(cid))
        shown = [p.criterion for p in debrief.strengths]
        assert shown == sorted(shown, key=rank) and len(shown) <= 3
        eligible = [c.id for c in debrief.criteria.values() if c.id in order and c.ratio is not None
                    and c.ratio >= floor and any(e.kind == "strength" for e in c.evidence)]
        assert shown == sorted(eligible, key=rank)[:3]
        reordered += shown != sorted(shown, key=lambda cid: rank(cid)[1:])
    assert reordered  # the ratio decided the order somewhere, not the weight or the rubric's order


# thanking is graded before insisting, and a weakness caps a criterion at 17/20: the double question that thanks
# and insists gives attitude a strength, then a weakness, in one move
INSIST = "- {id: r_insiste, acts: [insistance], points: -1, missable: false, explain_fr: Insistance., explain_en: Pushy.}"
THANK = "- {id: r_merci, acts: [remerciement], points: 1, explain_fr: Merci., explain_en: Thanks.}"
CAPPED = (RUBRIC.replace(INSIST, "@").replace(THANK, INSIST).replace("@", THANK)
          .replace("flawless_ceiling: 1", "flawless_ceiling: 0.85"))


@pytest.mark.parametrize("moves", [("double", "merci"), ("double", "double", "merci"), ("ouverte", "double", "merci")])
def test_every_piece_of_evidence_of_a_move_is_counted_by_the_marks(moves):
    grid, sc = load_rubric_text(CAPPED, "plafond.yaml"), scenario(THANKFUL)
    turns = play(sc, *moves).turns
    full = score(sc, grid, turns)
    assert [e.rule for e in full.criteria["c_attitude"].evidence][:2] == ["r_merci", "r_insiste"]
    assert full.criteria["c_attitude"].mark <= 17.0  # the weakness caps it
    assert marks(sc, grid, turns) == marks_of(full)


# a greeting first, where an open question was on offer: listening's opportunity missed, attitude not in play
HELLO = edit(SCENARIO, "start: accueil\nstates:\n", """start: debut
states:
  debut:
    phase: decouverte
    say: "Bonjour."
    choices:
      - {id: rien, text: "Bonjour, je passais vous voir.", acts: [salutation_presentation], next: accueil}
      - {id: ouverte, text: "Qu'attendez-vous de nous ?", acts: [question_ouverte], next: accueil}
""")


@pytest.mark.parametrize("text, acts, moves", [
    (SCENARIO, "question_fermee", ("fermee", "merci")),  # graded on listening by a strength
    (HELLO, "salutation_presentation", ("rien", "merci")),  # graded on listening by a missed opportunity only
], ids=["strength", "missed"])
def test_the_marks_narrow_a_fault_to_the_criteria_its_turns_were_graded_on(text, acts, moves):
    # the fault names both listening and attitude; its turn was graded on listening only: attitude stays
    # acquired in the debrief, and in the marks (which know the turns by their numbers, not by their evidence)
    grid = load_rubric_text(FAULT_RUBRIC.replace("acts: [question_fermee]\n    criteria: [c_attitude]",
                                                 f"acts: [{acts}]\n    criteria: [c_attitude, c_ecoute]"),
                            "faute.yaml")
    turns = play(scenario(text), *moves).turns
    full = score(scenario(text), grid, turns)
    assert [(f.id, f.criteria) for f in full.faults] == [("ferme", ("c_ecoute",))]
    mine = marks(scenario(text), grid, turns)
    assert mine == marks_of(full)
    assert (mine.levels["c_attitude"], mine.levels["c_ecoute"]) == ("acquis", "non_acquis")


# thanking while pushing is the best a first turn offers on attitude: a weakness with no better move on its turn
PUSHY = edit(SCENARIO, "start: accueil\nstates:\n", """start: debut
states:
  debut:
    phase: decouverte
    say: "Bonjour."
    choices:
      - {id: merci-presse, text: "Merci ! Vite.", acts: [remerciement, insistance], next: accueil}
      - {id: presse, text: "Vite.", acts: [insistance], next: accueil}
""")


def test_a_priority_whose_weakness_had_no_better_move_quotes_the_criterions_better_move():
    sc = scenario(PUSHY)
    d = score(sc, rubric(), play(sc, "merci-presse", "rien", "merci").turns)
    [point] = [p for p in d.priorities if p.criterion == "c_attitude"]
    assert (point.turn, point.text_fr) == (1, "Insistance. (tour 1)")  # the weakness, on the first turn
    assert [b.turn for b in d.criteria["c_attitude"].better] == [2]
    assert point.better is not None and (point.better.turn, point.better.text) == (2, "Merci, au revoir.")


def test_a_block_lists_its_written_criteria_after_the_interviews():
    # scored here, not read from a cached debrief: mutmut forks each mutant from a process whose caches the
    # clean run filled, so a cached debrief would be the unmutated one
    d = score(machine(), default_rubric(), machine_turns(), works=saved(GOOD_SHEET, GOOD_CRM, GOOD_EMAIL))
    rubric = default_rubric()
    for block in d.block_results:
        interview = tuple(c.id for c in rubric.criteria.values() if c.block == block.id)
        written = tuple(c.id for c in rubric.written_of(block.id) if c.id in d.criteria)  # graded here
        assert block.criteria == interview + written, block.id
    assert next(b for b in d.block_results if b.id == "negociation").criteria[-2:] == ("n_preparation", "n_suivi")
