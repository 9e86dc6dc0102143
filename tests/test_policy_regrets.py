"""The ``best``/``worst`` policies' regret (``policies.regrets``) is the definition its docstring gives.

The fast version decides rivals in one pass over the moves; this property checks it against the definition
written plainly (a rival of move i on criterion c is no worse than i on every other criterion), on random
grades with penalties, non-missable rules and ties."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.scoring.policies import regrets
from simulator.scoring.scorer import offer_value, total


@dataclass(frozen=True)
class _Criterion:
    id: str
    weight: int


@dataclass(frozen=True)
class _Rule:
    missable: bool


@dataclass(frozen=True)
class _Grader:
    criteria: tuple[_Criterion, ...]


def _by_definition(grader, grades):
    ids = [c.id for c in grader.criteria]
    weight = {c.id: c.weight for c in grader.criteria}
    full = [{c: total(g, c) for c in ids} for g in grades]
    value = [{c: offer_value(g, c) for c in ids} for g in grades]
    out = []
    for i in range(len(grades)):
        regret = 0
        for c in ids:
            if len({f[c] for f in full}) <= 1:
                continue
            rivals = [v[c] for v in value if all(v[d] >= value[i][d] for d in ids if d != c)]
            regret += weight[c] * min(0, full[i][c] - max([0, *rivals]))
        out.append(regret)
    return out


_fired = st.lists(st.tuples(st.booleans(), st.integers(-3, 4)), max_size=3)


@st.composite
def _situations(draw):
    n = draw(st.integers(1, 5))
    criteria = tuple(_Criterion(f"c{k}", draw(st.integers(1, 3))) for k in range(n))
    grades = draw(st.lists(st.fixed_dictionaries({}, optional={
        c.id: _fired.map(lambda fs: tuple((_Rule(m), p) for m, p in fs)) for c in criteria}), min_size=1, max_size=7))
    return _Grader(criteria), grades


@settings(max_examples=300)
@given(_situations())
def test_regret_is_what_the_best_rival_leaves_on_the_table(situation):
    grader, grades = situation
    assert regrets(grader, grades) == _by_definition(grader, grades)


def test_a_move_beaten_on_one_criterion_by_an_otherwise_equal_rival_regrets_that_criterion_only():
    grader = _Grader((_Criterion("questionner", 2), _Criterion("argumenter", 1)))
    rule = _Rule(True)
    asks = {"questionner": ((rule, 3),)}
    argues = {"argumenter": ((rule, 2),)}
    both = {"questionner": ((rule, 3),), "argumenter": ((rule, 2),)}
    # ``both`` is no worse anywhere: it is everybody's rival; each single move misses the other's points
    assert regrets(grader, [asks, argues, both]) == [-2, -6, 0]
