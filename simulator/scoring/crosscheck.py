"""Static cross-checks between scenarios and the rubric, for ``negosim validate``.

- on a scenario: acts its choices use that no criterion of its blocks grades (the move would count
  for nothing);
- on a rubric: criteria that no bundled scenario can exercise (no scenario of the block carries
  any of the criterion's acts).
A criterion is *exercisable* by a scenario when the scenario assesses the criterion's block and
some choice (or, for price acts, a negotiation state) carries one of the acts its rules read.
"""

from __future__ import annotations

from ..content.acts import ENGINE_ACTS
from ..content.diagnostics import ContentError, Diagnostic
from ..content.scenario import Scenario
from ..content.yaml_source import Document
from .rubric import Rubric


def scenario_acts(scenario: Scenario) -> dict[str, tuple[str, int, int]]:
    """Every act a scenario can produce -> where it first appears (state, choice index, act index)."""
    out: dict[str, tuple[str, int, int]] = {}
    for sid, st in scenario.states.items():
        for i, ch in enumerate(st.choices):
            for j, act in enumerate(ch.spec.acts):
                out.setdefault(act, (sid, i, j))
        if st.spec.negotiation is not None:
            for act in ENGINE_ACTS:
                out.setdefault(act, (sid, -1, -1))
    return out


def exercisable(rubric: Rubric, scenario: Scenario) -> dict[str, bool]:
    acts = set(scenario_acts(scenario))
    blocks = set(scenario.spec.blocks)
    return {cid: crit.block in blocks and bool(crit.acts & acts) for cid, crit in rubric.criteria.items()}


def scenario_crosscheck(scenario: Scenario) -> list[Diagnostic]:
    from .rubric import default_rubric

    try:
        rubric = default_rubric()
    except ContentError:
        return []  # the rubric's own errors are reported when it is validated
    graded = frozenset().union(*(c.acts for c in rubric.criteria.values() if c.block in scenario.spec.blocks))
    out = []
    for act, (sid, i, j) in sorted(scenario_acts(scenario).items(), key=lambda kv: kv[1]):
        if act in graded or i < 0:
            continue
        blocks = ", ".join(scenario.spec.blocks)
        out.append(scenario.source.diagnostic(
            "NS209", ("states", sid, "choices", i, "acts", j),
            f"l'acte « {act} » n'est noté par aucun critère de la grille pour ce scénario ({blocks})",
            "ce coup ne comptera pas dans la note : choisissez un acte que la grille évalue", severity="warning"))
    return out


def rubric_crosscheck(rubric: Rubric, doc: Document) -> list[Diagnostic]:
    from ..content.bundled import bundled_scenario_files
    from ..content.loader import load_scenario

    scenarios = []
    for path in bundled_scenario_files():
        try:
            scenarios.append(load_scenario(path))
        except ContentError:
            continue  # reported when that scenario is validated
    if not scenarios:
        return []
    reached = {cid for sc in scenarios for cid, ok in exercisable(rubric, sc).items() if ok}
    out = []
    for b, block in enumerate(rubric.spec.blocks):
        for c, crit in enumerate(block.criteria):
            if crit.id not in reached:
                out.append(doc.source.diagnostic(
                    "NS251", ("blocks", b, "criteria", c, "id"),
                    f"aucun scénario fourni ne permet d'évaluer le critère « {crit.id} »",
                    f"ajoutez un scénario du bloc « {block.id} » dont un choix porte l'un de ses actes",
                    severity="warning"))
    return out
