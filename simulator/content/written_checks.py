"""Checks of a scenario's sections for the written work (issue 18): ``preparation`` and ``jury_questions``.

What the models cannot see: the preparation names needs, motives and counterparts the scenario declares,
exactly one decision maker, a price plan within the scenario's prices; the jury questions are well formed.
Codes NS115 to NS118 (docs/authoring.md, « La préparation »).
"""

from __future__ import annotations

from typing import get_args

from .diagnostics import Diagnostic, did_you_mean
from .questions import Report, check_questions
from .spec import Motive, Preparation, ScenarioSpec
from .yaml_source import PathKey, SourceMap

MOTIVES: tuple[str, ...] = get_args(Motive)


def written_checks(spec: ScenarioSpec, src: SourceMap) -> list[Diagnostic]:
    out: list[Diagnostic] = []

    def report(code: str, path: PathKey, message: str, hint: str = "") -> None:
        out.append(src.diagnostic(code, path, message, hint))

    if spec.preparation is not None:
        _preparation(spec, spec.preparation, report)
    check_questions(spec.jury_questions, ("jury_questions",), report, "NS118")
    return out


def _preparation(spec: ScenarioSpec, prep: Preparation, report: Report) -> None:
    path: PathKey = ("preparation",)
    _actors(prep, path, report)
    client = spec.persona.client
    needs = {n.id for n in client.needs}
    felt = set(client.motives) | {n.motive for n in client.needs if n.motive}
    for i, motive in enumerate(prep.motives or ()):
        if motive not in felt:
            report("NS116", path + ("motives", i), f"le mobile « {motive} » n'est ni un mobile du client ni celui d'un "
                   "de ses besoins", "ajoutez-le à persona.client.motives, ou retirez-le de la préparation")
    for i, nid in enumerate(prep.needs or ()):
        if nid not in needs:
            report("NS116", path + ("needs", i), f"besoin inconnu « {nid} »",
                   did_you_mean(nid, needs) + " (déclarez-le dans persona.client.needs)")
    for i, item in enumerate(prep.lead):
        if item not in needs and item not in MOTIVES:
            report("NS116", path + ("lead", i), f"« {item} » n'est ni un besoin du client ni un mobile SONCAS",
                   did_you_mean(item, needs | set(MOTIVES)))
    _price_plan(spec, prep, path, report)


def _actors(prep: Preparation, path: PathKey, report: Report) -> None:
    seen: set[str] = set()
    for i, actor in enumerate(prep.actors):
        if actor.id in seen:
            report("NS113", path + ("actors", i, "id"), f"acteur « {actor.id} » déclaré deux fois", "retirez le doublon")
        seen.add(actor.id)
    deciders = [i for i, a in enumerate(prep.actors) if a.role == "decideur"]
    if not deciders:
        report("NS115", path + ("actors",), "aucun acteur n'a le rôle « decideur »",
               "la fiche demande qui décide : donnez « role: decideur » à un acteur, un seul")
    for i in deciders[1:]:
        report("NS115", path + ("actors", i, "role"), f"second « decideur » (le premier est « {prep.actors[deciders[0]].id} »)",
               "un seul acteur décide : donnez à l'autre le rôle prescripteur, influenceur ou utilisateur")
    for i in deciders[:1]:
        if not prep.actors[i].meet:
            report("NS115", path + ("actors", i, "meet"), "le décideur ne peut pas être un acteur à ne pas rencontrer",
                   "retirez « meet: false » : c'est lui que la préparation doit viser")


def _price_plan(spec: ScenarioSpec, prep: Preparation, path: PathKey, report: Report) -> None:
    price = spec.price
    if price is None:
        if prep.price is not None:
            report("NS117", path + ("price",), "plan de prix sans bloc « price » dans le scénario",
                   "retirez preparation.price, ou déclarez le bloc price")
        if prep.counterparts:
            report("NS117", path + ("counterparts",), "contreparties prévues sans bloc « price » dans le scénario",
                   "retirez preparation.counterparts, ou déclarez le bloc price")
        return
    known = {c.id for c in price.counterparts}
    seen: set[str] = set()
    for i, cid in enumerate(prep.counterparts or ()):
        if cid not in known:
            report("NS116", path + ("counterparts", i), f"contrepartie inconnue « {cid} »",
                   did_you_mean(cid, known) + " (déclarez-la dans price.counterparts)")
        elif cid in seen:
            report("NS113", path + ("counterparts", i), f"contrepartie « {cid} » prévue deux fois", "retirez le doublon")
        seen.add(cid)
    plan = prep.price
    if plan is None:
        return
    if plan.opening_min is not None and not price.target <= plan.opening_min <= price.list_price:
        report("NS117", path + ("price", "opening_min"), f"prix d'annonce minimal ({plan.opening_min}) hors de "
               f"[objectif {price.target}, catalogue {price.list_price}]",
               "on annonce au moins l'objectif, au plus le prix catalogue")
    if plan.walk_away_min is not None and not price.floor <= plan.walk_away_min <= price.target:
        report("NS117", path + ("price", "walk_away_min"), f"prix de rupture minimal ({plan.walk_away_min}) hors de "
               f"[plancher {price.floor}, objectif {price.target}]",
               "le prix de rupture ne descend pas sous le plancher et ne dépasse pas l'objectif")


__all__ = ["written_checks"]
