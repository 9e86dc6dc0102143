"""What an interview can still become after a move: the best ending the scenario still offers.

The debrief's "Mieux" must be really better. A move that ends the call on a mere call-back or a sent
brochure when the learner's own move kept a signed deal within reach is not better, however well the
rubric grades its line: suggesting documentation after a full discovery is premature, not good advice.
So every move on offer is played by the engine (the scorer already does it on a copy of the session) and
valued by the best ending still reachable after it: the outcome it reached if it ended the interview,
otherwise the best outcome of the end states the scenario's graph still leads to from where the engine
left the client (objections, interrupts and negotiation outcomes included, see ``content.checks``).
A move whose prospect is below the best one on offer at that turn is a dead end: the scorer never quotes
it as "Mieux" and never counts it as a missed opportunity.

The graph reading is an upper bound (a condition may still close a door later); it is exact for what
matters here, a move that closes the interview or walks into a branch with no way back to the deal.
"""

from __future__ import annotations

from functools import lru_cache

from ..content.checks import successors
from ..content.scenario import Scenario
from ..engine.session import Turn

RANK = {"failure": 0, "partial": 1, "success": 2}
NO_ENDING = -1  # a state from which no ending is reachable (a loop the author left): worse than any ending


def best_endings(scenario: Scenario) -> dict[str, int]:
    """For every state, the rank of the best outcome reachable from it (an end state: its own outcome)."""
    edges = successors(scenario)
    best = {sid: RANK.get(st.outcome or "", NO_ENDING) if st.is_end else NO_ENDING
            for sid, st in scenario.states.items()}
    reverse: dict[str, set[str]] = {}
    for a, bs in edges.items():
        for b in bs:
            reverse.setdefault(b, set()).add(a)
    # Propagate from the endings backwards, best first: a state's value is the best of its successors'.
    for rank in sorted(set(RANK.values()), reverse=True):
        frontier = [sid for sid, st in scenario.states.items() if st.is_end and best[sid] == rank]
        while frontier:
            nxt = []
            for node in frontier:
                for prev in reverse.get(node, ()):
                    if not scenario.states[prev].is_end and best[prev] < rank:
                        best[prev] = rank
                        nxt.append(prev)
            frontier = nxt
    return best


class Prospects:
    """The best reachable ending after a move, for one scenario (computed once, read per move)."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.best = best_endings(scenario)

    def after(self, turn: Turn) -> int:
        if turn.outcome is not None:
            return RANK.get(turn.outcome, NO_ENDING)
        return self.best.get(turn.next_state, NO_ENDING)


@lru_cache(maxsize=64)  # scenarios hash by identity: one graph reading per scenario, not one per debrief
def prospects_for(scenario: Scenario) -> Prospects:
    return Prospects(scenario)
