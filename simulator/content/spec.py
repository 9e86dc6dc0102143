"""The scenario format, version 1, as typed models.

These models are the single source of truth for the structure of a scenario: the loader validates
against them and the published JSON Schema is generated from them. Semantic rules (references,
expressions, reachability) are checked afterwards in ``checks.py``.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)]
Ident = Annotated[str, StringConstraints(pattern=r"^[a-z_][a-z0-9_]*$", max_length=60)]
Expr = Annotated[str, StringConstraints(min_length=1, max_length=500)]
Line = Annotated[str, StringConstraints(min_length=1, max_length=2000)]

PHASES = ("barrage", "contact", "decouverte", "reformulation", "argumentation", "objection", "prix",
          "conclusion", "reclamation", "fin")
Phase = Literal["barrage", "contact", "decouverte", "reformulation", "argumentation", "objection", "prix",
                "conclusion", "reclamation", "fin"]
Outcome = Literal["success", "partial", "failure"]  # how a scenario's ending ends
Speaker = Literal["client", "gatekeeper"]
Block = Literal["prospection", "negociation"]
Sector = Literal["banque", "assurance", "distribution", "btp", "immobilier", "services", "biens_equipement",
                 "logiciel", "formation", "telecom_informatique", "autre"]
ObjectionType = Literal["sincere_fondee", "sincere_non_fondee", "reflexe", "tactique", "test"]
Motive = Literal["securite", "orgueil", "nouveaute", "confort", "argent", "sympathie"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Variant(Strict):
    """One client line among variants, optionally only when a condition holds (mood-dependent lines)."""

    text: Line
    if_: Expr | None = Field(None, alias="if", description="Condition pour que cette variante soit possible.")


Lines = Union[Line, list[Union[Line, Variant]]]


class IntVariable(Strict):
    type: Literal["int"]
    min: int
    max: int
    initial: int
    label: str | None = Field(None, description="Nom affiché (ex. « Patience »).")
    cue: bool = Field(False, description="Montré à l'apprenant en mode entraînement comme une humeur, jamais en chiffre.")


class BoolVariable(Strict):
    type: Literal["bool"]
    initial: bool = False
    label: str | None = None


class SetVariable(Strict):
    type: Literal["set"]
    items: list[Ident] = Field(min_length=1)
    initial: list[Ident] = Field(default_factory=list)
    label: str | None = None


Variable = Annotated[Union[IntVariable, BoolVariable, SetVariable], Field(discriminator="type")]


class Need(Strict):
    id: Ident
    label: Line
    motive: Motive | None = None


class Person(Strict):
    name: Line
    role: Line
    company: Line | None = None
    temperament: Line | None = None
    motives: list[Motive] = Field(default_factory=list, description="Mobiles d'achat SONCAS (cachés).")
    needs: list[Need] = Field(default_factory=list, description="Besoins cachés à découvrir.")
    portrait: str | None = Field(None, description="Ce que le jury sait de la personne.")


class Persona(Strict):
    client: Person
    gatekeeper: Person | None = None


class LearnerBriefing(Strict):
    context: str
    company: str | None = Field(None, description="Votre entreprise.")
    offer: str | None = None
    objective: str
    notes: list[str] = Field(default_factory=list)


class JuryBriefing(Strict):
    expectations: str
    traps: list[str] = Field(default_factory=list)


class Briefing(Strict):
    learner: LearnerBriefing
    jury: JuryBriefing


class Objection(Strict):
    type: ObjectionType
    label: Line = Field(description="L'objection en quelques mots (pour le débriefing).")
    state: Slug = Field(description="État où le client formule l'objection et où l'apprenant la traite.")
    raise_when: Expr | None = Field(None, description="Condition qui fait surgir l'objection.")
    blocks_close: bool = Field(True, description="Tant qu'elle n'est pas traitée, elle revient à la conclusion.")


class Counterpart(Strict):
    id: Ident
    label: Line
    client_accepts: bool = Field(True, description="Caché : le client accepte-t-il cette contrepartie ?")


class ClientPrice(Strict):
    # (0 is not a figure a client opens with: {contre} would read « 0 € » and every concession would count from it)
    opening: int = Field(gt=0, description="Première contre-proposition du client.")
    reservation: int = Field(ge=0, description="Le plus que le client acceptera de payer (caché).")
    concession_rate: float = Field(0.5, gt=0, le=1, description="Part de l'écart restant cédée à chaque tour.")
    max_rounds: int = Field(5, ge=1, le=20)
    step: float | None = Field(None, gt=0, description=(
        "Pas auquel le client arrondit ses contre-propositions (ex. 50 : 8 750, pas 8 742) ; par défaut, "
        "un pas rond d'environ 3 % du prix catalogue."))
    firm_after_free_concession: bool = Field(False, description=(
        "Caché : après une concession sans contrepartie, le client ne bouge pas (il attend davantage) ; "
        "ce tour compte quand même dans max_rounds."))


class PriceLines(Strict):
    counter: Lines = Field(description="Contre-proposition ; {offre} et {contre} sont remplacés.")
    accept: Lines
    walkaway: Lines
    counterpart_accepted: Lines | None = None
    counterpart_refused: Lines | None = None
    counterpart_repeated: Lines | None = None  # described in schema_docs, like its neighbours
    raised: Lines | None = Field(None, description="Quand l'apprenant remonte son prix.")
    held: Lines | None = Field(None, description=(
        "Quand le client ne bouge pas après une concession sans contrepartie (firm_after_free_concession) ; "
        "{offre} et {contre} sont remplacés. Sans elle, la réplique counter."))
    implausible: Lines | None = Field(None, description=(
        "Quand l'offre sort de toute plage plausible (plus du double du prix catalogue, moins de la moitié du "
        "plancher) : le client ne la prend pas au sérieux ; {offre} est remplacé. Sans elle, une réplique par défaut."))


class Price(Strict):
    currency: Literal["EUR", "USD", "GBP", "CHF"] = "EUR"
    unit: Line = Field(description="Ce que couvre le prix (ex. « HT par an »).")
    list_price: int = Field(gt=0, alias="list", description="Prix catalogue.")
    target: int = Field(gt=0, description="Prix objectif.")
    floor: int = Field(gt=0, description="Prix plancher : ne pas descendre en dessous.")
    counterparts: list[Counterpart] = Field(default_factory=list)
    client: ClientPrice
    lines: PriceLines


class Choice(Strict):
    id: Slug
    text: Line = Field(description="Ce que dit l'apprenant.")
    acts: list[Ident] = Field(default_factory=list, description="Actes de dialogue (catalogue rubrics/acts.yaml).")
    if_: Expr | None = Field(None, alias="if")
    effects: list[Expr] = Field(default_factory=list)
    next: Slug
    reply: Lines | None = Field(None, description="Réaction immédiate du client à ce choix.")
    raises: list[Ident] = Field(default_factory=list)
    handles: list[Ident] = Field(default_factory=list)
    discovers: list[Ident] = Field(default_factory=list, description="Besoins que ce choix fait découvrir.")
    argues: list[Ident] = Field(default_factory=list, description="Besoins auxquels cet argument répond.")
    once: bool = False
    order: Literal["first", "last"] | None = Field(
        None, description="Place fixe dans la liste (« last » pour raccrocher, par exemple) ; sinon l'ordre est "
                          "tiré au hasard à chaque session. À réserver aux options dont la place a un sens.")
    note: str | None = Field(None, description="Commentaire du formateur, montré au débriefing.")
    examples: list[Line] = Field(default_factory=list, max_length=30, description=(
        "Paraphrases de la réplique (mode texte libre, docs/free-text.md) : d'autres façons de dire la même "
        "chose, pour reconnaître l'option quand l'apprenant tape sa propre phrase. — Paraphrases of the line, "
        "to recognise the option in free-text mode."))


class AutoTransition(Strict):
    if_: Expr = Field(alias="if")
    next: Slug
    reply: Lines | None = None


class Ending(Strict):
    outcome: Outcome
    summary: Line


class Negotiation(Strict):
    accept: Slug = Field(description="État atteint quand le client accepte un prix.")
    walkaway: Slug = Field(description="État atteint quand le client rompt.")


class State(Strict):
    phase: Phase = "contact"
    speaker: Speaker = "client"
    say: Lines | None = None
    choices: list[Choice] = Field(default_factory=list)
    auto: list[AutoTransition] = Field(default_factory=list)
    negotiation: Negotiation | None = None
    end: Ending | None = None
    note: str | None = None


class PreparationActor(Strict):
    """Someone the learner may plan to meet; the sheet lists every actor, the learner picks who decides."""
    id: Ident
    label: Line = Field(description="Qui (ex. « Mme Roux, gérante »), tel que l'apprenant le lit sur sa fiche.")
    role: Literal["decideur", "prescripteur", "utilisateur", "influenceur", "barrage", "autre"] = Field(
        description="Rôle réel dans la décision (caché) : un seul « decideur ».")
    meet: bool = Field(True, description="Caché : vaut-il la peine de le rencontrer ou de le contacter ?")
    why: Line | None = Field(None, description="Pourquoi (montré au débriefing de la fiche).")


class PreparationPrice(Strict):
    """What a sound price plan looks like for this negotiation (defaults: list price, target, floor)."""
    opening_min: int | None = Field(None, gt=0, description="Prix d'annonce raisonnable, au moins (défaut : l'objectif).")
    walk_away_min: int | None = Field(None, gt=0, description="Prix de rupture, au moins (défaut : le plancher).")


class Preparation(Strict):
    """What a good preparation sheet contains for this scenario (hidden from the learner; graded, docs/scoring.md)."""
    actors: list[PreparationActor] = Field(min_length=2, description=(
        "Les acteurs proposés sur la fiche, dont un seul décideur ; d'autres pour que le choix ait un sens."))
    motives: list[Motive] | None = Field(None, description="Mobiles SONCAS à pressentir (défaut : ceux du client).")
    needs: list[Ident] | None = Field(None, description="Besoins qui valent d'être explorés (défaut : tous ceux du client).")
    lead: list[Ident] = Field(default_factory=list, description=(
        "Besoins ou mobiles auxquels le premier argument devrait répondre (vide : n'importe quel besoin du client)."))
    price: PreparationPrice | None = None
    counterparts: list[Ident] | None = Field(None, description=(
        "Contreparties à prévoir, dans l'ordre conseillé (défaut : celles que le client accepte)."))
    advice: str | None = Field(None, description="Conseil du formateur, montré au débriefing de la fiche.")


# ---------------------------------------------------------------- jury questions (content/questions.py)

QuestionKind = Literal["turn", "knowledge", "reflection"]
TurnPick = Literal["weakest", "strongest", "any"]
Form = Union[Annotated[str, StringConstraints(min_length=1, max_length=200)], Annotated[int, Field(ge=0)]]


class AutoSpec(Strict):
    """What a correct answer contains, for the automatic pre-grading shown to the jury (never a mark)."""

    groups: list[Annotated[list[Form], Field(min_length=1)]] = Field(min_length=1, description=(
        "Ce qu'une bonne réponse contient : chaque groupe est trouvé si la réponse contient l'une de ses formes, "
        "un mot ou une expression (sans tenir compte des majuscules ni des accents ; « penalit* » pour un début "
        "de mot) ou un nombre (écrit en chiffres ou en lettres). Tous les groupes trouvés : réponse correcte."))
    partial: int = Field(1, ge=1, description=(
        "Nombre de groupes trouvés à partir duquel la réponse est « partielle » (défaut 1) ; moins : « fausse »."))


class JuryQuestionSpec(Strict):
    id: Ident = Field(description="Identifiant unique (cité dans le relevé et le rapport du jury).")
    kind: QuestionKind = Field(description=(
        "turn : sur un tour de l'entretien ({n}, {line}) ; knowledge : connaissance juridique ou commerciale ; "
        "reflection : justifier un choix, analyser sa prestation."))
    text_fr: Line
    text_en: Line
    expected_fr: Line = Field(description="Ce que le jury attend (montré au jury seulement).")
    expected_en: Line
    blocks: list[Block] = Field(default_factory=list, description=(
        "Les blocs où la question a sa place (vide : ceux de ses critères, ou tous)."))
    criteria: list[Ident] = Field(default_factory=list, description="Les critères de la grille qu'elle éprouve.")
    sectors: list[Sector] = Field(default_factory=list, description="Seulement pour ces secteurs (vide : tous).")
    turn: TurnPick | None = Field(None, description=(
        "Question de tour : posée sur le tour le plus faible (weakest), le plus fort (strongest) ou l'un ou "
        "l'autre (any, défaut)."))
    auto: AutoSpec | None = Field(None, description="Pré-correction automatique d'une question factuelle.")


class Timing(Strict):
    preparation_minutes: int = Field(30, ge=0, le=240)
    interview_minutes: int = Field(20, ge=1, le=240)


class ScenarioSpec(Strict):
    format: Literal[1]
    id: Slug
    title: Line
    language: Literal["fr", "en"] = "fr"
    blocks: list[Block] = Field(min_length=1)
    sector: Sector
    sector_label: Line | None = Field(None, description="Secteur en clair quand sector vaut « autre » (ex. « Hôtellerie »).")
    difficulty: int = Field(ge=1, le=3)
    duration_minutes: int = Field(ge=1, le=180)
    summary: Line
    exam: Timing = Field(default_factory=Timing)
    briefing: Briefing
    persona: Persona
    variables: dict[Ident, Variable] = Field(default_factory=dict)
    reactions: dict[Ident, list[Expr]] = Field(default_factory=dict,
                                               description="Effets automatiques d'un acte de dialogue.")
    interrupts: list[AutoTransition] = Field(default_factory=list,
                                             description="Transitions testées après chaque tour, partout.")
    objections: dict[Ident, Objection] = Field(default_factory=dict)
    price: Price | None = None
    preparation: Preparation | None = Field(None, description=(
        "Ce que contient une bonne fiche de préparation (caché ; docs/authoring.md)."))
    jury_questions: list[JuryQuestionSpec] = Field(default_factory=list, description=(
        "Questions du jury propres à ce scénario, tirées avec celles de la banque (rubrics/jury-questions.yaml)."))
    start: Slug
    states: dict[Slug, State] = Field(min_length=1)


# ---------------------------------------------------------------- act catalogue

class Act(Strict):
    id: Ident
    family: Literal["contact", "questionnement", "reformulation", "argumentation", "objection", "prix",
                    "conclusion", "reclamation", "attitude"]
    label_fr: Line
    label_en: Line
    definition: Line
    example: Line
    block: list[Block] = Field(min_length=1)
    quality: Literal["good", "neutral", "weak"] = "neutral"


class ActCatalogue(Strict):
    format: Literal[1]
    acts: list[Act] = Field(min_length=1)
