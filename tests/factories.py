"""Small scenarios written for the tests, and a generator of large ones (benchmarks, properties)."""

from __future__ import annotations

import textwrap

# The metadata, briefing and persona of the minimal scenario (after its id): shared by the tests that write
# their own minimal scenario (tests/test_mutants_scorer.py).
MINI_HEAD = textwrap.dedent("""\
    title: "Mini"
    blocks: [negociation]
    sector: autre
    difficulty: 1
    duration_minutes: 5
    summary: "Un scénario minimal."
    briefing:
      learner: {context: "Contexte.", objective: "Conclure."}
      jury: {expectations: "Conclure proprement."}
    persona:
      client:
        name: Client
        role: Acheteur
        needs:
          - {id: delai, label: "Être livré vite."}
""")

# The title, certification and levels of a minimal rubric (after its id): tests/test_rubric.py and
# tests/test_mutants_scorer.py write their rubrics on it.
MINI_RUBRIC_HEAD = textwrap.dedent("""\
    title_fr: Mini
    title_en: Mini
    certification: {code: X, title: Y}
    levels:
      acquis: {min: 0.7, label_fr: Acquis, label_en: Acquired}
      en_cours: {min: 0.4, label_fr: En cours, label_en: In progress}
      non_acquis: {min: 0, label_fr: Non acquis, label_en: Not acquired}
      non_evalue: {label_fr: Non évalué, label_en: Not assessed}
""")

MINIMAL = "format: 1\nid: mini\n" + MINI_HEAD + textwrap.dedent("""\
    variables:
      patience: {type: int, min: 0, max: 5, initial: 3}
    interrupts:
      - if: "patience <= 0"
        next: perdu
    objections:
      cher:
        type: tactique
        label: "C'est cher."
        state: objection
    start: accueil
    states:
      accueil:
        phase: contact
        say: "Bonjour."
        choices:
          - id: question
            text: "Qu'attendez-vous de nous ?"
            acts: [question_ouverte]
            discovers: [delai]
            next: conclusion
          - id: insister
            text: "Signez aujourd'hui, c'est vraiment une affaire."
            acts: [insistance]
            effects: ["patience -= 2"]
            raises: [cher]
            next: conclusion
      objection:
        phase: objection
        say: "C'est cher."
        choices:
          - id: traiter
            text: "Qu'est-ce qui vous paraît cher ?"
            acts: [objection_creuser]
            handles: [cher]
            next: conclusion
          - id: nier
            text: "Non, ce n'est pas cher du tout, je vous assure."
            acts: [deni_objection]
            effects: ["patience -= 3"]
            next: conclusion
      conclusion:
        phase: conclusion
        say: "Bon. Et maintenant ?"
        choices:
          - id: conclure
            text: "Je vous propose de valider aujourd'hui."
            acts: [proposition_conclusion]
            next: gagne
          - id: partir
            text: "Je vous laisse réfléchir et vous me rappelez."
            acts: [abandon]
            next: perdu
      gagne:
        phase: fin
        end: {outcome: success, summary: "Accord."}
      perdu:
        phase: fin
        end: {outcome: failure, summary: "Pas d'accord."}
    """)


def generated(n_states: int, branching: int = 3, price: bool = False) -> str:
    """A layered scenario of ``n_states`` states: every state leads a few steps further, so a
    random playthrough ends in about 20 moves whatever the size."""
    lines = [
        "format: 1", "id: genere", 'title: "Généré"', "blocks: [negociation]", "sector: autre", "difficulty: 2",
        "duration_minutes: 20", 'summary: "Scénario généré pour les mesures."',
        "briefing:", '  learner: {context: "C.", objective: "O."}', '  jury: {expectations: "E."}',
        "persona:", "  client: {name: Client, role: Acheteur, needs: [{id: besoin, label: Besoin}]}",
        "variables:", "  patience: {type: int, min: 0, max: 50, initial: 40, cue: true}",
        "  confiance: {type: int, min: 0, max: 10, initial: 5}",
        "  vus: {type: set, items: [a, b, c]}",
        "reactions:", '  insistance: ["patience -= 1"]',
        "interrupts:", '  - {if: "patience <= 0", next: fin-echec}',
        "objections:", "  doute: {type: sincere_non_fondee, label: Doute, state: s1, raise_when: \"confiance <= 1\"}",
    ]
    if price:
        lines += [
            "price:", "  unit: HT", "  list: 1000", "  target: 900", "  floor: 800",
            "  counterparts: [{id: duree, label: Durée}]",
            "  client: {opening: 700, reservation: 880, concession_rate: 0.5, max_rounds: 4}",
            "  lines: {counter: \"{contre} ?\", accept: \"D'accord.\", walkaway: \"Non.\"}",
        ]
    lines += ["start: s0", "states:"]
    stride = max(1, n_states // 20)
    for i in range(n_states):
        lines.append(f"  s{i}:")
        lines.append("    phase: decouverte")
        lines.append(f'    say: ["Réplique {i}.", {{text: "Variante {i}.", if: "confiance >= 6"}}]')
        if price and i == n_states - 1:
            lines.append("    negotiation: {accept: fin-ok, walkaway: fin-echec}")
        lines.append("    choices:")
        for c in range(branching):
            target = i + 1 + c * stride + (i % 7)
            nxt = f"s{target}" if target < n_states else ("fin-ok" if c == 0 else "fin-partiel")
            acts = ["question_ouverte", "insistance", "argument_cap"][c % 3]
            cond = '\n        if: "patience > 2"' if c == 2 else ""
            effects = '\n        effects: ["confiance += 1", "vus += a"]' if c == 0 else ""
            lines.append(f"      - id: c{c}\n        text: \"Choix {c} de l'état {i}.\"\n        acts: [{acts}]"
                         f"{cond}{effects}\n        discovers: [besoin]\n        next: {nxt}")
    lines += [
        "  fin-ok: {phase: fin, end: {outcome: success, summary: Succès.}}",
        "  fin-partiel: {phase: fin, end: {outcome: partial, summary: Partiel.}}",
        "  fin-echec: {phase: fin, end: {outcome: failure, summary: Échec.}}",
    ]
    return "\n".join(lines) + "\n"


# A small negotiation: a state where the learner states prices, with counterparts.
PRICE_BLOCK = textwrap.dedent("""\
    price:
      unit: "HT par an"
      list: 1000
      target: 900
      floor: 800
      counterparts:
        - {id: duree, label: "Engagement 24 mois"}
        - {id: comptant, label: "Paiement comptant", client_accepts: false}
      client: {opening: 700, reservation: 880, concession_rate: 0.5, max_rounds: 4}
      lines:
        counter: "{offre} ? Je peux aller jusqu'à {contre}."
        accept: "Entendu pour {offre}."
        walkaway: "Non, on s'arrête là."
        counterpart_accepted: "{contrepartie} : d'accord."
        counterpart_refused: "{contrepartie} : non."
    """)

MINIMAL_PRICE = MINIMAL.replace("start: accueil", PRICE_BLOCK + "start: accueil").replace(
    "  conclusion:\n    phase: conclusion\n    say: \"Bon. Et maintenant ?\"\n",
    "  conclusion:\n    phase: prix\n    say: \"Bon. Et votre prix ?\"\n"
    "    negotiation: {accept: gagne, walkaway: perdu}\n")


def play_moves(scenario, *moves, seed: int = 0):
    """A session of ``scenario`` played through ``moves``: a choice id, an int price, or (price, counterpart)."""
    from simulator.engine.session import ChoiceInput, PriceInput, Session

    session = Session.start(scenario, seed)
    for m in moves:
        if isinstance(m, str):
            session.step(ChoiceInput(m))
        elif isinstance(m, tuple):
            session.step(PriceInput(m[0], m[1]))
        else:
            session.step(PriceInput(m))
    return session
