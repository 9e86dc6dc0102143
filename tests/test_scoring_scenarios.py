"""Small scenarios written to exercise the rubric's rules one by one (shared by the scoring and report tests)."""

from __future__ import annotations

import textwrap

from factories import play_moves

from simulator.content.loader import load_scenario_text

NEGO = textwrap.dedent("""\
    format: 1
    id: test-nego
    title: "Négociation de test"
    blocks: [negociation]
    sector: autre
    difficulty: 1
    duration_minutes: 10
    summary: "Un entretien de vente complet, en miniature."
    briefing:
      learner: {context: "Vous vendez des livraisons.", objective: "Signer au prix objectif."}
      jury: {expectations: "Découverte, reformulation, CAP, CRAC, prix contre contrepartie, récapitulatif."}
    persona:
      client:
        name: Client
        role: Acheteur
        needs:
          - {id: delai, label: "Être livré sous 48 h."}
          - {id: cout, label: "Maîtriser le coût."}
    objections:
      cher:
        type: tactique
        label: "C'est cher."
        state: objection-cher
    price:
      unit: "HT par mois"
      list: 1000
      target: 900
      floor: 800
      counterparts:
        - {id: duree, label: "Engagement de 24 mois"}
        - {id: volume, label: "Volume doublé"}
        - {id: paiement, label: "Paiement à la commande", client_accepts: false}
      client: {opening: 600, reservation: 950, concession_rate: 0.5, max_rounds: 4}
      lines: {counter: "Plutôt {contre}.", accept: "D'accord pour {offre}.", walkaway: "Non, j'arrête là."}
    start: accueil
    states:
      accueil:
        phase: contact
        say: "Bonjour, je vous écoute."
        choices:
          - id: ouvrir
            text: "Comment organisez-vous vos livraisons aujourd'hui ?"
            acts: [question_ouverte]
            discovers: [delai]
            next: besoin
          - id: pitcher
            text: "Nos camions sont les plus rapides de la région."
            acts: [argument_cap]
            argues: [delai]
            next: besoin
          - id: fermer
            text: "Vous êtes satisfait de votre transporteur ?"
            acts: [question_fermee]
            next: besoin
      besoin:
        phase: decouverte
        say: "Les délais, c'est mon souci."
        choices:
          - id: reflet
            text: "Si je vous comprends bien, les retards vous mettent en difficulté."
            acts: [reformulation_reflet]
            next: synthese
          - id: enchainer
            text: "Et côté budget, comment cela se passe-t-il ?"
            acts: [question_ouverte]
            discovers: [cout]
            next: synthese
      synthese:
        phase: decouverte
        say: "Voilà, vous savez tout."
        choices:
          - id: resumer
            text: "Si je résume : des livraisons sous 48 h, à coût maîtrisé. C'est bien cela ?"
            acts: [resume_validation]
            next: argument
          - id: argumenter
            text: "Notre tournée quotidienne vous livre sous 48 h."
            acts: [argument_cap]
            argues: [delai]
            next: argument
      argument:
        phase: argumentation
        say: "Et alors, qu'est-ce que vous proposez ?"
        choices:
          - id: cap
            text: "Notre tournée quotidienne vous livre sous 48 h : la pharmacie Leroy l'utilise depuis deux ans."
            acts: [argument_cap, preuve]
            argues: [delai]
            raises: [cher]
            next: negociation
          - id: liste
            text: "Nous avons 40 camions, un entrepôt, une application, un service client."
            acts: [argument_caracteristiques]
            raises: [cher]
            next: negociation
      objection-cher:
        phase: objection
        say: "Tout ça doit coûter cher."
        choices:
          - id: creuser
            text: "Cher par rapport à quoi ?"
            acts: [objection_creuser]
            next: objection-cher-2
          - id: nier
            text: "Non, ce n'est pas cher du tout."
            acts: [deni_objection]
            next: negociation
          - id: conclure
            text: "On signe aujourd'hui ?"
            acts: [proposition_conclusion]
            next: conclusion
      objection-cher-2:
        phase: objection
        say: "Par rapport à mon transporteur actuel."
        choices:
          - id: repondre
            text: "Un retard vous coûte plus qu'une tournée : cela répond-il à votre inquiétude ?"
            acts: [objection_argumenter, objection_controler]
            handles: [cher]
            next: negociation
      negociation:
        phase: prix
        say: "Alors, combien ?"
        negotiation: {accept: conclusion, walkaway: perdu}
        choices:
          - id: justifier
            text: "Ce prix comprend la livraison sous 48 h dont vous avez besoin."
            acts: [justification_prix]
            once: true
            next: negociation
          - id: partir
            text: "Bon, tant pis."
            acts: [abandon]
            next: perdu
      conclusion:
        phase: conclusion
        say: "Bien. On fait comment ?"
        choices:
          - id: recap
            text: "Je récapitule : {deal_price}, en échange de : {counterparts_obtained}, un démarrage lundi. Merci !"
            acts: [recapitulatif_engagements, remerciement]
            next: gagne
          - id: merci
            text: "Merci, à bientôt."
            acts: [remerciement]
            next: gagne
      gagne:
        phase: fin
        say: "À lundi."
        end: {outcome: success, summary: "Contrat signé."}
      perdu:
        phase: fin
        say: "Au revoir."
        end: {outcome: failure, summary: "Pas d'accord."}
    """)

PROSPECT = textwrap.dedent("""\
    format: 1
    id: test-prospect
    title: "Prospection de test"
    blocks: [prospection]
    sector: autre
    difficulty: 1
    duration_minutes: 5
    summary: "Un appel de prospection en miniature."
    briefing:
      learner: {context: "Vous appelez un prospect.", objective: "Obtenir un rendez-vous."}
      jury: {expectations: "Barrage loyal, CROC, deux créneaux, récapitulatif."}
    persona:
      client: {name: "Mme Roux", role: Gérante, needs: [{id: frais, label: "Réduire ses frais."}]}
      gatekeeper: {name: Karim, role: Assistant}
    start: standard
    states:
      standard:
        phase: barrage
        speaker: gatekeeper
        say: "Société Roux, bonjour."
        choices:
          - id: presenter
            text: "Bonjour, Léa Martin, de la banque Azur. Je souhaiterais parler à Mme Roux."
            acts: [salutation_presentation]
            next: qui
          - id: mentir
            text: "C'est personnel, elle attend mon appel."
            acts: [mensonge_barrage]
            next: contact
      qui:
        phase: barrage
        speaker: gatekeeper
        say: "C'est à quel sujet ?"
        choices:
          - id: allie
            text: "Ses frais d'encaissement ; quand puis-je la joindre sans la déranger ?"
            acts: [raison_appel, allie_barrage]
            next: contact
          - id: pitch
            text: "Nous avons un compte pro, un terminal, une assurance…"
            acts: [pitch_au_barrage]
            next: contact
      contact:
        phase: contact
        say: "Mme Roux, oui ?"
        choices:
          - id: croc
            text: "Bonjour Madame, Léa Martin, banque Azur : j'aide les commerçants du quartier à réduire leurs frais de carte."
            acts: [salutation_presentation, raison_appel, accroche_benefice]
            next: transition
          - id: offre
            text: "Je vous appelle pour notre compte pro, avec terminal et assurance."
            acts: [argument_caracteristiques]
            next: transition
      transition:
        phase: contact
        say: "Ah oui ? Dites-m'en plus."
        choices:
          - id: seul-choix
            text: "Volontiers : je vous propose d'en parler de vive voix."
            acts: [proposition_conclusion]
            next: rdv
      rdv:
        phase: conclusion
        say: "Pourquoi pas."
        choices:
          - id: creneaux
            text: "Mardi 9 h ou jeudi 14 h, qu'est-ce qui vous arrange ?"
            acts: [prise_rdv_creneaux, question_alternative]
            next: recap
          - id: vague
            text: "Je passe un de ces jours ?"
            acts: [question_fermee]
            next: fin-vague
      recap:
        phase: conclusion
        say: "Jeudi."
        choices:
          - id: recapituler
            text: "Jeudi 14 h à la boutique, 30 minutes, sur vos frais de carte. Merci !"
            acts: [recapitulatif_engagements, remerciement]
            next: fin-ok
          - id: merci
            text: "Merci, à jeudi."
            acts: [remerciement]
            next: fin-ok
      fin-ok:
        phase: fin
        end: {outcome: success, summary: "Rendez-vous pris."}
      fin-vague:
        phase: fin
        end: {outcome: partial, summary: "Rendez-vous flou."}
    """)

_CACHE: dict[str, object] = {}


def nego():
    if "nego" not in _CACHE:
        _CACHE["nego"] = load_scenario_text(NEGO, "test-nego.yaml")
    return _CACHE["nego"]


def prospect():
    if "prospect" not in _CACHE:
        _CACHE["prospect"] = load_scenario_text(PROSPECT, "test-prospect.yaml")
    return _CACHE["prospect"]


play = play_moves


NEGO_EXPERT = ("ouvrir", "reflet", "resumer", "cap", "creuser", "repondre", "justifier", 1000, 1000,
               (900, "duree"), (900, "volume"), "recap")
PROSPECT_EXPERT = ("presenter", "allie", "croc", "seul-choix", "creneaux", "recapituler")
