"""The debrief as a versioned JSON document, for trainers' tools and cohort reports.

The structure is defined once, by the models below: the renderer fills them (so an output that
does not match the schema cannot be produced) and ``negosim schema --write`` publishes them as
``simulator/schemas/debrief.schema.json``. ``version`` changes whenever a field is removed or changes
meaning; new optional fields keep the version. Documented in docs/scoring.md.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..content.schema import register_schema
from ..scoring.debrief import Better, Debrief, Evidence, ObjectiveResult, Point

SCHEMA_ID = "negosim-debrief"
# 2: the marks (``mark``, ``blocks[].mark``) weigh the objective of the interview beside the criteria, and
#    the document gains ``objective``. Version 1 marks were the criteria alone.
VERSION = 2

LevelId = Literal["acquis", "en_cours", "non_acquis", "non_evalue"]


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EvidenceDoc(_M):
    turn: int = Field(ge=1, description="Numéro du tour (1 = premier coup de l'apprenant).")
    criterion: str
    kind: Literal["strength", "weakness", "missed"]
    points: int = Field(description="Points comptés (signés ; 0 pour une occasion manquée).")
    rule: str | None = Field(description="Règle de la grille ; null pour une occasion manquée.")
    learner: str
    client: str
    explain_fr: str
    explain_en: str


class BetterDoc(_M):
    turn: int = Field(ge=1)
    criterion: str | None = Field(description="Critère concerné ; null : meilleur coup toutes compétences confondues.")
    chosen: str = Field(description="Ce que l'apprenant a dit.")
    chosen_points: int
    text: str = Field(description="Ce qu'il pouvait dire à la place.")
    input: dict[str, Any] = Field(description="L'entrée du moteur : {choice} ou {price, counterpart}.")
    points: int
    reasons_fr: list[str]
    reasons_en: list[str]


class CriterionDoc(_M):
    id: str
    block: str
    title_fr: str
    title_en: str
    weight: int
    level: LevelId
    points: int = Field(description="Points retenus, entre 0 et max.")
    max: int = Field(description="Points que le parcours rendait possibles.")
    earned: int = Field(description="Somme des points positifs.")
    penalties: int = Field(description="Somme des points négatifs (≤ 0).")
    opportunities: int = Field(description="Tours où le choix comptait pour ce critère.")
    ratio: float | None = Field(description="Part retenue après la lecture du jury (points / max, puis preuves minces, "
                                            "échelle, plafonds) ; null si non évalué.")
    mark: float | None = Field(description="Note sur 20 ; null si non évalué.")
    evidence: list[EvidenceDoc]
    better: list[BetterDoc]
    notes_fr: list[str] = Field(default_factory=list, description="Ce que la lecture du jury a changé, et pourquoi.")
    notes_en: list[str] = Field(default_factory=list)


class BlockDoc(_M):
    id: str
    number: int
    title_fr: str
    title_en: str
    assessed: bool = Field(description="Le scénario porte sur ce bloc.")
    mark: float | None
    level: LevelId
    criteria: list[str]


class PointDoc(_M):
    criterion: str
    title_fr: str
    title_en: str
    text_fr: str
    text_en: str
    turn: int | None
    better: BetterDoc | None


class OfferDoc(_M):
    amount: int | float  # a float only for cents
    kind: Literal["first", "hold", "concession", "raise"]
    concession: int | float
    counterpart: str | None
    counterpart_accepted: bool
    response: Literal["counter", "accept", "walkaway"]
    counter: int | float | None
    held: bool = Field(False, description="Le client a contre-proposé sans bouger (concession sans contrepartie "
                                          "face à un client ferme).")
    repeated: bool = Field(False, description="La contrepartie demandée était déjà obtenue : rien de nouveau en "
                                              "échange de cette offre.")


class NegotiationDoc(_M):
    currency: str
    unit: str
    list_price: int
    target: int
    floor: int
    offers: list[OfferDoc]
    deal: bool
    final: int | float | None
    walked_away: bool
    concessions: int
    with_counterpart: int
    without_counterpart: int
    counterparts: list[str]
    discount_pct: float | None
    vs_target: int | float | None
    vs_floor: int | float | None
    normalised: float | None = Field(description="1 au prix catalogue, 0 au plancher, négatif en dessous.")


class OutcomeDoc(_M):
    status: Literal["success", "partial", "failure"] | None
    ending: str | None
    summary: str | None
    turns: int


class ObjectiveDoc(_M):
    title_fr: str
    title_en: str
    descriptor_fr: str = Field(description="Ce qu'est l'objectif pour le ou les blocs du scénario.")
    descriptor_en: str
    fiche: list[str] = Field(description="Les descripteurs de la fiche RNCP sur lesquels il repose.")
    status: Literal["success", "partial", "failure", "time_up", "abandoned"] | None = Field(
        description="Comment la session s'est terminée ; null si elle n'est pas terminée.")
    label_fr: str = Field(description="L'issue telle que la grille la nomme (« Objectif en partie atteint »).")
    label_en: str
    ending: str | None = Field(description="L'état de fin atteint ; null si la session a été arrêtée avant.")
    summary: str | None = Field(description="Le résumé de cette fin dans le scénario : l'élément de preuve.")
    turn: int | None = Field(description="Le tour où la session s'est terminée.")
    ratio: float | None = Field(ge=0, le=1, description="Part de l'objectif atteinte ; null si non évalué.")
    mark: float | None = Field(description="Note sur 20 ; null si non évalué.")
    level: LevelId
    weight: float = Field(description="Poids dans la note globale, à côté des poids des critères.")
    block_weights: dict[str, float] = Field(description="Poids dans la note de chaque bloc évalué.")
    share: float = Field(description="Poids relatif de la grille : poids = share × poids total des critères du bloc.")
    ratios: dict[str, float] = Field(description="Part que la grille donne à chaque issue.")


class LineDoc(_M):
    speaker: str
    text: str


class TurnEvidenceDoc(_M):
    criterion: str
    kind: Literal["strength", "weakness", "missed"]
    points: int
    rule: str | None


class TurnDoc(_M):
    number: int
    state: str
    phase: str
    speaker: str
    learner: str
    replies: list[LineDoc]
    acts: list[str]
    evidence: list[TurnEvidenceDoc]
    better: BetterDoc | None
    offer: OfferDoc | None
    shown: list[str] | None = Field(None, description="Les options affichées avant ce tour, dans l'ordre vu par l'apprenant "
                                                      "(identifiants, tirés du journal).")


class ScenarioRef(_M):
    id: str
    title: str
    hash: str
    blocks: list[str]


class RubricRef(_M):
    id: str
    hash: str
    thresholds: dict[str, float]
    levels: dict[str, dict[str, str]] = Field(description="Libellés des niveaux : {niveau: {fr, en}}.")


class SessionRef(_M):
    learner: str | None = None
    mode: str | None = None
    seed: int | None = None
    started_at: str | None = None
    journal: str | None = None
    notices: list[str] = Field(default_factory=list)


class TechniqueDoc(_M):
    id: str
    label_fr: str
    label_en: str
    criterion: str
    complete: bool
    turns: list[int]
    steps_done: int
    steps: int
    points: int


class FaultDoc(_M):
    id: str
    label_fr: str
    label_en: str
    turns: list[int]
    cap: Literal["en_cours", "non_acquis"]
    ethical: bool
    criteria: list[str]


class ConformityDoc(_M):
    turn: int
    missing: list[str]
    invented: list[str]


class NeedsLeftDoc(_M):
    unanswered: list[str] = Field(description="Besoins découverts auxquels aucun argument n'a répondu (libellés).")
    undiscovered: list[str] = Field(description="Besoins jamais découverts (libellés).")
    cap: Literal["en_cours", "non_acquis"]
    criteria: list[str]
    turn: int = Field(description="Dernier tour de l'entretien : où la proposition est relue en entier.")


class FindingDoc(_M):
    work: str = Field(description="L'écrit concerné : preparation, crm_note, email, self_assessment, jury_answers.")
    severity: Literal["strength", "warning", "fault"]
    text_fr: str
    text_en: str
    field: str | None = Field(description="Rubrique du formulaire concernée ; null : l'écrit entier.")
    check: str | None = Field(description="Contrôle de la grille auquel il compte ; null : affiché seulement.")
    turn: int | None = Field(description="Tour de l'entretien visé (prévu et réalisé, meilleur moment...).")


class SelfRowDoc(_M):
    criterion: str
    title_fr: str
    title_en: str
    self_level: LevelId | None = Field(description="Niveau que l'apprenant s'est donné ; null : non noté.")
    grid_level: LevelId


class JuryAnswerDoc(_M):
    question_id: str
    question: str = Field(description="La question telle qu'elle a été posée.")
    answer: str
    auto: Literal["correct", "partial", "wrong"] | None = Field(
        description="Pré-correction automatique d'une question factuelle ; null : au jury seul.")
    expected_fr: str
    expected_en: str
    found: list[str]
    missing: list[str]


class WrittenMarkDoc(_M):
    criterion: str
    block: str
    points: int
    max: int
    ratio: float | None
    works: list[str]


class WrittenDoc(_M):
    works: list[str] = Field(description="Écrits rédigés, dans l'ordre preparation, crm_note, email, self_assessment, "
                                         "jury_answers.")
    drafts: list[str] = Field(description="Parmi eux, ceux jamais validés (dernier enregistrement : un brouillon).")
    findings: list[FindingDoc]
    plan_vs_actual: list[FindingDoc]
    self_vs_grid: list[SelfRowDoc]
    jury: list[JuryAnswerDoc]
    marks: list[WrittenMarkDoc]


class DebriefDocument(_M):
    schema_: Literal["negosim-debrief"] = Field(alias="schema")
    version: Literal[2]
    language: str = Field(description="Langue du scénario.")
    scenario: ScenarioRef
    rubric: RubricRef
    session: SessionRef | None
    mark: float = Field(ge=0, le=20, description="Moyenne pondérée des critères évalués et de l'objectif, sur 20.")
    evaluated: bool
    blocks: list[BlockDoc]
    objective: ObjectiveDoc | None = Field(description="L'atteinte de l'objectif ; null si la grille n'en a pas.")
    criteria: list[CriterionDoc]
    strengths: list[PointDoc]
    priorities: list[PointDoc]
    negotiation: NegotiationDoc | None
    outcome: OutcomeDoc
    opening: list[LineDoc]
    transcript: list[TurnDoc]
    hints: list[int] = Field(default_factory=list, description=(
        "Tours avant lesquels l'apprenant a demandé un indice (entraînement ; une entrée par demande). "
        "Affichés à côté de la note, jamais comptés dedans."))
    headline: dict[str, str] | None = Field(None, description=(
        "Première ligne du débriefing quand la note demande une explication (fr, en) : faute déontologique, "
        "objectif manqué malgré des critères acquis."))
    techniques: list[TechniqueDoc] = Field(default_factory=list,
                                           description="Techniques sur plusieurs tours appelées par le parcours.")
    faults: list[FaultDoc] = Field(default_factory=list, description="Fautes relevées et ce qu'elles plafonnent.")
    conformity: list[ConformityDoc] = Field(default_factory=list, description=(
        "Récapitulatifs qui ne correspondent pas au dossier de la négociation."))
    needs_left: NeedsLeftDoc | None = Field(None, description=(
        "Besoins du client laissés sans réponse par la proposition à la fin de l'entretien, et ce qu'ils "
        "plafonnent ; null : tous traités, ou non vérifié (entretien inachevé, grille ou scénario sans objet)."))
    written: WrittenDoc | None = Field(None, description=(
        "Les écrits autour de l'entretien (fiche de préparation, note CRM, courriel, auto-évaluation, réponses au "
        "jury) et leur correction ; null : aucun écrit."))


register_schema("debrief", lambda: DebriefDocument)


def _evidence(e: Evidence) -> dict[str, Any]:
    return {"turn": e.turn, "criterion": e.criterion, "kind": e.kind, "points": e.points, "rule": e.rule,
            "learner": e.learner, "client": e.client, "explain_fr": e.explain("fr"), "explain_en": e.explain("en")}


def _better(b: Better | None) -> dict[str, Any] | None:
    if b is None:
        return None
    return {"turn": b.turn, "criterion": b.criterion, "chosen": b.chosen, "chosen_points": b.chosen_points,
            "text": b.text, "input": dict(b.input), "points": b.points, "reasons_fr": list(b.reasons_fr),
            "reasons_en": list(b.reasons_en)}


def _point(p: Point) -> dict[str, Any]:
    return {"criterion": p.criterion, "title_fr": p.title_fr, "title_en": p.title_en, "text_fr": p.text("fr"),
            "text_en": p.text("en"), "turn": p.turn, "better": _better(p.better)}


def _objective(o: ObjectiveResult | None) -> dict[str, Any] | None:
    if o is None:
        return None
    return {"title_fr": o.title_fr, "title_en": o.title_en, "descriptor_fr": o.descriptor_fr, "descriptor_en": o.descriptor_en,
            "fiche": list(o.fiche), "status": o.status, "label_fr": o.label("fr"), "label_en": o.label("en"), "ending": o.ending,
            "summary": o.summary, "turn": o.turn, "ratio": o.ratio, "mark": o.mark, "level": o.level, "weight": o.weight,
            "block_weights": dict(o.block_weights), "share": o.share, "ratios": dict(o.ratios)}


def _session(header: dict[str, Any] | None, journal: str | None, notices: list[str]) -> dict[str, Any] | None:
    if header is None and journal is None:
        return None
    h = header or {}
    seed = h.get("seed")
    return {"learner": h.get("learner"), "mode": h.get("mode"), "seed": seed if isinstance(seed, int) else None,
            "started_at": h.get("started_at"), "journal": journal, "notices": list(notices)}


def debrief_document(debrief: Debrief, *, header: dict[str, Any] | None = None, opening: Any = (),
                     journal: str | None = None, notices: list[str] | None = None,
                     shown: list[list[str] | None] | None = None) -> dict[str, Any]:
    """The JSON-ready dictionary of a debrief (validated against the published schema)."""
    n = debrief.negotiation
    doc = {
        "schema": SCHEMA_ID,
        "version": VERSION,
        "language": debrief.language,
        "scenario": {"id": debrief.scenario_id, "title": debrief.scenario_title, "hash": debrief.scenario_hash,
                     "blocks": list(debrief.scenario_blocks)},
        "rubric": {"id": debrief.rubric_id, "hash": debrief.rubric_hash, "thresholds": dict(debrief.thresholds),
                   "levels": {k: {"fr": fr, "en": en} for k, (fr, en) in debrief.level_labels.items()}},
        "session": _session(header, journal, notices or []),
        "mark": debrief.mark,
        "evaluated": debrief.evaluated,
        "blocks": [{"id": b.id, "number": b.number, "title_fr": b.title_fr, "title_en": b.title_en, "assessed": b.assessed,
                    "mark": b.mark, "level": b.level, "criteria": list(b.criteria)} for b in debrief.block_results],
        "objective": _objective(debrief.objective),
        "criteria": [{"id": c.id, "block": c.block, "title_fr": c.title_fr, "title_en": c.title_en, "weight": c.weight,
                      "level": c.level, "points": c.points, "max": c.max, "earned": c.earned, "penalties": c.penalties,
                      "opportunities": c.opportunities, "ratio": c.ratio, "mark": c.mark,
                      "evidence": [_evidence(e) for e in c.evidence], "better": [_better(b) for b in c.better],
                      "notes_fr": list(c.notes("fr")), "notes_en": list(c.notes("en"))}
                     for c in debrief.criteria.values()],
        "strengths": [_point(p) for p in debrief.strengths],
        "priorities": [_point(p) for p in debrief.priorities],
        "negotiation": None if n is None else {
            "currency": n.currency, "unit": n.unit, "list_price": n.list_price, "target": n.target, "floor": n.floor,
            "offers": [dict(o) for o in n.offers], "deal": n.deal, "final": n.final, "walked_away": n.walked_away,
            "concessions": n.concessions, "with_counterpart": n.with_counterpart,
            "without_counterpart": n.without_counterpart, "counterparts": list(n.counterparts),
            "discount_pct": n.discount_pct, "vs_target": n.vs_target, "vs_floor": n.vs_floor,
            "normalised": n.normalised},
        "outcome": {"status": debrief.outcome.status, "ending": debrief.outcome.ending,
                    "summary": debrief.outcome.summary, "turns": debrief.outcome.turns},
        "opening": [{"speaker": getattr(line, "speaker", "client"), "text": getattr(line, "text", str(line))}
                    for line in opening or ()],
        "transcript": [{"number": t.number, "state": t.state, "phase": t.phase, "speaker": t.speaker,
                        "learner": t.learner, "replies": [{"speaker": s, "text": x} for s, x in t.replies],
                        "acts": list(t.acts),
                        "evidence": [{"criterion": e.criterion, "kind": e.kind, "points": e.points, "rule": e.rule}
                                     for e in t.evidence],
                        "better": _better(t.better), "offer": dict(t.offer) if t.offer else None,
                        "shown": shown[t.number - 1] if shown and t.number <= len(shown) else None}
                       for t in debrief.turns],
        "hints": list(debrief.hints),
        "headline": {"fr": debrief.headline("fr"), "en": debrief.headline("en") or ""} if debrief.headline("fr") else None,
        "techniques": [{"id": t.id, "label_fr": t.label_fr, "label_en": t.label_en, "criterion": t.criterion,
                        "complete": t.complete, "turns": list(t.turns), "steps_done": t.steps_done, "steps": t.steps,
                        "points": t.points} for t in debrief.techniques],
        "faults": [{"id": f.id, "label_fr": f.label_fr, "label_en": f.label_en, "turns": list(f.turns), "cap": f.cap,
                    "ethical": f.ethical, "criteria": list(f.criteria)} for f in debrief.faults],
        "conformity": [{"turn": c.turn, "missing": list(c.missing), "invented": list(c.invented)}
                       for c in debrief.conformity],
        "needs_left": None if (left := debrief.needs_left) is None else {
            "unanswered": list(left.unanswered), "undiscovered": list(left.undiscovered), "cap": left.cap,
            "criteria": list(left.criteria), "turn": left.turn},
        "written": _written(debrief.written),
    }
    DebriefDocument.model_validate(doc)  # the schema we publish is the one we write
    return doc


def _written(w: Any) -> dict[str, Any] | None:
    if w is None:
        return None

    def finding(f: Any) -> dict[str, Any]:
        return {"work": f.work, "severity": f.severity, "text_fr": f.text("fr"), "text_en": f.text("en"), "field": f.field,
                "check": f.check, "turn": f.turn}

    return {"works": list(w.works), "drafts": list(w.drafts), "findings": [finding(f) for f in w.findings],
            "plan_vs_actual": [finding(f) for f in w.plan_vs_actual],
            "self_vs_grid": [{"criterion": r.criterion, "title_fr": r.title_fr, "title_en": r.title_en,
                              "self_level": r.self_level, "grid_level": r.grid_level} for r in w.self_vs_grid],
            "jury": [{"question_id": a.question_id, "question": a.question, "answer": a.answer, "auto": a.auto,
                      "expected_fr": a.expected_fr, "expected_en": a.expected_en, "found": list(a.found),
                      "missing": list(a.missing)} for a in w.jury],
            "marks": [{"criterion": m.criterion, "block": m.block, "points": m.points, "max": m.max, "ratio": m.ratio,
                       "works": list(m.works)} for m in w.marks]}


def render_json(debrief: Debrief, **context: Any) -> str:
    return json.dumps(debrief_document(debrief, **context), ensure_ascii=False, indent=2) + "\n"
