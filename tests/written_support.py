"""Shared by the written-work grading tests: a bundled negotiation and a bundled prospecting call with a
``preparation:`` section of their own (the tests do not depend on the bundled ones' wording), a played path
through each, and the works as the journal would give them back."""

from __future__ import annotations

import textwrap
from functools import cache
from pathlib import Path

from factories import play_moves

from simulator.content.loader import load_scenario_text
from simulator.engine.session import Session
from simulator.written.model import Work
from simulator.written.records import Saved

ROOT = Path(__file__).resolve().parent.parent

MACHINE_PREPARATION = textwrap.dedent("""\
    preparation:
      actors:
        - id: dubreuil
          label: "Claire Dubreuil, directrice de site"
          role: decideur
          why: "Elle signe, dans le plafond de loyer fixé par son président."
        - id: roux
          label: "Patrick Roux, responsable maintenance"
          role: prescripteur
          why: "Il vit les pannes du parc : son avis pèse."
        - {id: kevin, label: "Kevin, programmeur", role: utilisateur, meet: true, why: "Le futur utilisateur du 5 axes."}
        - id: comptable
          label: "le comptable"
          role: autre
          meet: false
          why: "Il exécute le crédit-bail, il ne choisit pas la machine."
      motives: [securite, argent, confort]
      needs: [capacite, delai, disponibilite, formation, financement]
      lead: [delai, disponibilite]
      price: {opening_min: 370000, walk_away_min: 350000}
      counterparts: [commande_fin_mois, maintenance_3_ans, site_reference]
      advice: "Préparez le loyer mensuel autant que le prix : c'est ainsi que raisonne le président."
    """)
# the path a best player takes (scoring/policies.py), reached in one go here: 37 turns, a deal at 362 000 €
MACHINE_PATH = ("se-presenter-patrick", "reflet-patrick", "cadrer", "q-financement", "echo-loyer", "q-equipe",
                "reflet-equipe", "q-projet", "clarif-pieces", "q-planning", "clarif-planning", "resume", "vers-solution",
                "cap-financement", "cap-capacite", "cap-delai", "creuser-delai", "argu-delai", "cap-sav", "creuser-sav",
                "argu-sav", "cap-formation", "vers-prix", "valeur-puis-prix", "creuser-concurrent", "argu-concurrent",
                (362000, "commande_fin_mois"), "creuser-prix", "argu-prix-sous", "rappel-valeur", 362000, 362000, 362000,
                (362000, "maintenance_3_ans"), "fractionner", (362000, "site_reference"), "recap")


def with_section(name: str, section: str):
    """A bundled scenario with a section of the test's own appended (a top-level key)."""
    text = (ROOT / "scenarios" / f"{name}.yaml").read_text(encoding="utf-8")
    if "\npreparation:" in text:  # the bundled one has its own: the test's replaces it
        head, _, rest = text.partition("\npreparation:")
        tail = [line for line in rest.splitlines() if not line.startswith(" ") and line.strip()]
        text = head + ("\n" + rest[rest.index(tail[0]):] if tail else "\n")
    return load_scenario_text(text.rstrip("\n") + "\n" + section, f"{name}.yaml")


@cache
def machine():
    return with_section("equipement-machine", MACHINE_PREPARATION)


def play(scenario, moves, seed: int = 0) -> Session:
    return play_moves(scenario, *moves, seed=seed)


@cache
def machine_turns():
    return tuple(play(machine(), MACHINE_PATH).turns)


def saved(*works: Work, final: bool = True, at: str = "2026-06-02T10:00:00+00:00") -> dict[str, Saved]:
    return {w.kind: Saved(w, final, at) for w in works}


BAKERY_PREPARATION = textwrap.dedent("""\
    preparation:
      actors:
        - {id: martin, label: "Mme Martin, la gérante", role: decideur, why: "Elle gère tout, banque comprise."}
        - {id: karim, label: "Karim, le vendeur", role: barrage, meet: false, why: "Il passe les appels, il ne décide pas."}
        - {id: comptable, label: "l'expert-comptable", role: prescripteur, meet: true, why: "Il voit les frais et la trésorerie."}
      needs: [frais_encaissement, tresorerie, interlocuteur]
      lead: [frais_encaissement]
    """)
BAKERY_PATH = ("se-presenter-verifier", "motif-clair", "croc-contact", "question-ouverte-frais", "crac-creuser",
               "crac-reformuler-argumenter", "crac-controler", "question-tresorerie", "resumer-complet", "cap-complet",
               "deux-creneaux", "recapituler")  # a meeting on Thursday at 15:30


@cache
def bakery():
    return with_section("banque-boulangerie", BAKERY_PREPARATION)


@cache
def bakery_turns():
    return tuple(play(bakery(), BAKERY_PATH).turns)


@cache
def machine_debrief():
    """The interview's debrief alone (no written work)."""
    from simulator.scoring import default_rubric
    from simulator.scoring.scorer import score

    return score(machine(), default_rubric(), machine_turns())
