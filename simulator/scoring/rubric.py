"""The competency rubric: a YAML file (``rubrics/rncp-27413.yaml``) validated like a scenario.

A rubric names blocks of the certification, their criteria (quoting the fiche), the levels and
their thresholds, and for each criterion the *rules* that turn a learner's move in context into
evidence: ``acts`` the move must carry (any of them), an optional condition in the scenarios'
expression language, and signed points with a French and an English explanation.
Conditions are type-checked when the rubric loads (see ``context.py`` for the names they read).
An optional ``objective`` section grades how the interview ended (success, partial, failure; time up,
abandoned) beside the criteria, with a weight relative to each block's criteria weights.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field

from ..content.acts import Catalogue, default_catalogue, load_catalogue
from ..content.diagnostics import ContentError, Diagnostic, DiagnosticSink, did_you_mean, sort_diagnostics
from ..content.expressions import Compiled, ExprError, compile_condition
from ..content.kinds import Kind, register
from ..content.schema import register_schema
from ..content.spec import Block, Expr, Ident, Line, Phase, Slug, Strict
from ..content.validation import validate_document
from ..content.yaml_source import Document, PathKey, load_document, parse_document
from .context import rule_scope

LEVELS = ("acquis", "en_cours", "non_acquis", "non_evalue")
Level = Literal["acquis", "en_cours", "non_acquis", "non_evalue"]
# How a session can end: the scenario's end states (success, partial, failure), or stopped from outside
# (an exam's clock: time_up; the learner or the jury: abandoned).
OUTCOMES = ("success", "partial", "failure", "time_up", "abandoned")
DEFAULT_RUBRIC = "rncp-27413.yaml"


# ---------------------------------------------------------------- the format (version 1)

class RuleSpec(Strict):
    id: Ident = Field(description="Identifiant unique dans la grille (cité dans le débriefing).")
    acts: list[Ident] = Field(min_length=1, description="Le coup doit porter au moins un de ces actes.")
    if_: Expr | None = Field(None, alias="if", description="Condition sur le contexte du coup (docs/scoring.md).")
    points: int = Field(ge=-10, le=10, description="Positif : point fort ; négatif : erreur.")
    missable: bool = Field(True, description="false : la règle crédite le coup joué mais ne compte jamais comme "
                           "occasion manquée (coups de repli, attitudes : message, relance, écoute, empathie).")
    explain_fr: Line
    explain_en: Line


class CriterionSpec(Strict):
    id: Ident
    title_fr: Line
    title_en: Line
    descriptor_fr: Line = Field(description="Ce que le critère évalue, en une phrase.")
    descriptor_en: Line
    fiche: list[Line] = Field(min_length=1, description="Descripteurs de la fiche RNCP cités mot pour mot.")
    techniques: list[Line] = Field(default_factory=list, description="Techniques de référence (CROC, CAP, CRAC...).")
    indicators_fr: list[Line] = Field(min_length=1, description="Indicateurs observables.")
    indicators_en: list[Line] = Field(min_length=1)
    weight: int = Field(ge=1, le=10, description="Poids du critère dans la note du bloc.")
    rules: list[RuleSpec] = Field(min_length=1)


class WrittenCheckSpec(Strict):
    id: Ident = Field(description="Une vérification de simulator/written/checks.py (docs/scoring.md, « Les écrits »).")
    points: int = Field(ge=1, le=10, description="Points de la vérification dans le critère.")


class WrittenCriterionSpec(Strict):
    """A criterion graded from the written work (preparation sheet, CRM note, email), not from the moves: "non
    évalué" when the work it reads was not written."""

    id: Ident
    title_fr: Line
    title_en: Line
    descriptor_fr: Line = Field(description="Ce que le critère évalue, en une phrase.")
    descriptor_en: Line
    fiche: list[Line] = Field(min_length=1, description="Descripteurs de la fiche RNCP cités mot pour mot.")
    techniques: list[Line] = Field(default_factory=list)
    indicators_fr: list[Line] = Field(min_length=1, description="Indicateurs observables.")
    indicators_en: list[Line] = Field(min_length=1)
    weight: int = Field(ge=1, le=10, description="Poids du critère dans la note du bloc.")
    checks: list[WrittenCheckSpec] = Field(min_length=1, description="Les vérifications qui le composent, avec leurs points.")


class LevelSpec(Strict):
    min: float = Field(ge=0, le=1, description="Part des points possibles à atteindre pour ce niveau.")
    label_fr: Line
    label_en: Line
    description_fr: Line | None = None
    description_en: Line | None = None


class LabelSpec(Strict):
    label_fr: Line
    label_en: Line
    description_fr: Line | None = None
    description_en: Line | None = None


class Levels(Strict):
    acquis: LevelSpec
    en_cours: LevelSpec
    non_acquis: LevelSpec
    non_evalue: LabelSpec


class BlockSpec(Strict):
    id: Block = Field(description="Le bloc tel que les scénarios le nomment (champ blocks).")
    number: int = Field(ge=1, le=9, description="Numéro affiché (« Bloc 2 »).")
    title_fr: Line
    title_en: Line
    references: list[Line] = Field(min_length=1, description="Les intitulés et numérotations de la fiche.")
    criteria: list[CriterionSpec] = Field(min_length=1)
    written: list[WrittenCriterionSpec] = Field(default_factory=list, description=(
        "Critères notés sur les écrits (fiche de préparation, note CRM, courriel de suivi) ; « non évalué » quand "
        "l'écrit n'a pas été rédigé."))


class OutcomeSpec(Strict):
    ratio: float = Field(ge=0, le=1, description="Part de l'objectif atteinte pour cette issue (1 : atteint, 0 : manqué).")
    label_fr: Line
    label_en: Line


class Outcomes(Strict):
    success: OutcomeSpec = Field(description="Fin de scénario « success » : l'objectif est atteint.")
    partial: OutcomeSpec = Field(description="Fin « partial » : l'objectif est en partie atteint.")
    failure: OutcomeSpec = Field(description="Fin « failure » : l'objectif n'est pas atteint.")
    time_up: OutcomeSpec = Field(description="Épreuve arrêtée par le temps avant la fin du scénario.")
    abandoned: OutcomeSpec = Field(description="Session arrêtée (ou annulée) avant la fin du scénario.")


class ObjectiveBlockSpec(Strict):
    descriptor_fr: Line = Field(description="L'objectif de l'entretien pour ce bloc, en une phrase.")
    descriptor_en: Line
    fiche: list[Line] = Field(min_length=1, description="Descripteurs de la fiche RNCP cités mot pour mot.")


class ObjectiveBlocks(Strict):
    """One entry per block (the ids of ``Block``): a model rather than a dict, so that a misspelt block is
    reported as an unknown key with a suggestion."""

    prospection: ObjectiveBlockSpec | None = None
    negociation: ObjectiveBlockSpec | None = None

    def get(self, block: str) -> ObjectiveBlockSpec | None:
        return getattr(self, block, None)


class ObjectiveSpec(Strict):
    """How the interview ended, graded beside the criteria (docs/scoring.md, « L'objectif de l'entretien »)."""

    title_fr: Line
    title_en: Line
    descriptor_fr: Line
    descriptor_en: Line
    weight: float = Field(gt=0, le=5, description="Poids de l'objectif rapporté au poids total des critères d'un bloc "
                          "(0.5 : l'objectif pèse la moitié des critères du bloc réunis).")
    blocks: ObjectiveBlocks = Field(default_factory=ObjectiveBlocks,
                                    description="Ce qu'est l'objectif dans chaque bloc, avec la fiche.")
    outcomes: Outcomes


class Certification(Strict):
    code: Line
    title: Line
    authority: Line | None = None
    source: Line | None = None


class JudgementSpec(Strict):
    """How a jury weighs the evidence a path gives (docs/scoring.md § « Juger comme un jury »)."""

    min_opportunities: int = Field(2, ge=1, le=10, description=(
        "En dessous de ce nombre d'occasions, un critère ne peut être ni « acquis » ni « non acquis » : il est "
        "« en cours » avec la mention « peu d'occasions »."))
    thin_below: int = Field(2, ge=1, le=10, description=(
        "En dessous de ce nombre d'occasions, la note du critère est ramenée vers le milieu (voir prior) : "
        "une seule occasion ne fait ni un 0 ni un 20."))
    prior: float = Field(1.0, ge=0, le=10, description=(
        "Occasions fictives au milieu de l'échelle ajoutées quand les occasions sont rares : la note se "
        "resserre vers le milieu tant que les preuves sont minces."))
    floor: float = Field(0.0, ge=0, lt=0.4, description=(
        "Part plancher d'un critère évalué « non acquis » : un jury ne met pas 0 à une compétence que le candidat a "
        "tentée ; la part non acquise [0 ; seuil en cours[ est ramenée sur [plancher ; seuil en cours[."))
    flawless_ceiling: float = Field(0.925, gt=0, le=1, description=(
        "Part maximale d'un critère qui porte au moins une erreur ou une occasion manquée (19–20 sont réservés "
        "à un critère sans faiblesse) ; chaque faiblesse de plus retire 0,05."))
    partly_shown: float = Field(0.0, ge=0, lt=0.4, description=(
        "Une compétence montrée au moins une fois (un bon coup) et qui garde au moins cette part des points n'est "
        "pas « non acquis » mais « en cours » : elle est en partie démontrée, comme le dit la définition des "
        "niveaux. 0 : pas de relèvement."))
    interview_ceiling: float = Field(1.0, gt=0, le=1, description=(
        "Part maximale de la note d'un bloc et de la note globale dès qu'une faiblesse est relevée dans l'entretien "
        "(une erreur ou une occasion manquée, sur n'importe quel critère) : 19–20 sont réservés à un entretien "
        "sans faiblesse. 1 : pas de plafond."))
    interview_flaw_step: float = Field(0.0, ge=0, le=0.1, description=(
        "Ce que chaque faiblesse de plus retire à ce plafond ; il ne descend jamais sous le seuil « acquis » : "
        "le nombre de faiblesses pèse sur la note, pas sur le niveau."))


class FaultSpec(Strict):
    """A fault a jury names whatever else the interview did: it caps criteria, an ethical one caps the block."""

    id: Ident
    label_fr: Line
    label_en: Line
    acts: list[Ident] = Field(min_length=1, description="Le coup porte au moins un de ces actes.")
    if_: Expr | None = Field(None, alias="if", description="Condition sur le contexte du coup (comme pour une règle).")
    criteria: list[Ident] = Field(default_factory=list, description="Critères plafonnés quand la faute est commise.")
    cap: Literal["en_cours", "non_acquis"] = Field("en_cours", description="Niveau au plus, dès la première fois.")
    min_count: int = Field(1, ge=1, le=10, description="Nombre d'occurrences à partir duquel c'est une faute.")
    repeated_cap: Literal["en_cours", "non_acquis"] | None = Field(
        None, description="Niveau au plus quand la faute est répétée (une de plus que min_count ; une faute d'un "
                          "seul acte reprise dès le tour suivant reste un seul écart).")
    ethical: bool = Field(False, description="Faute déontologique : plafonne aussi le bloc (au plus « en cours »).")
    explain_fr: Line
    explain_en: Line


class NeedsCoverageSpec(Strict):
    """The jury holds the offer against the client's needs (the criterion's indicator « couvre l'ensemble des
    besoins découverts »): a need found but never answered by an argument (and, with ``undiscovered``, one never
    found) caps the criteria that grade the fit of the offer, once the interview has ended."""

    criteria: list[Ident] = Field(min_length=1, description="Critères plafonnés quand un besoin reste sans réponse.")
    cap: Literal["en_cours", "non_acquis"] = Field("en_cours", description="Niveau au plus.")
    undiscovered: bool = Field(False, description=(
        "Un besoin jamais découvert compte aussi (la proposition ne peut pas y répondre). Non par défaut : "
        "l'indicateur porte sur les besoins découverts, et un besoin manqué pèse déjà sur le questionnement."))


class TechniqueSpec(Strict):
    """A technique that spans turns (CRAC, CROC, the price sandwich, the discovery funnel)."""

    id: Ident
    label_fr: Line
    label_en: Line
    criteria: list[Ident] = Field(min_length=1, description="Critère crédité (celui du bloc du scénario).")
    steps: list[list[Ident]] = Field(min_length=2, description="Les étapes, dans l'ordre : chacune est un ensemble d'actes.")
    phases: list[Phase] = Field(default_factory=list, description="Phases où les étapes comptent (vide : toutes).")
    window: int = Field(6, ge=2, le=40, description="Nombre maximal de tours entre la première et la dernière étape.")
    points: int = Field(ge=1, le=10, description="Points de la technique complète, en plus de ceux des coups.")
    explain_fr: Line
    explain_en: Line


class RubricSpec(Strict):
    format: Literal[1]
    id: Slug
    title_fr: Line
    title_en: Line
    certification: Certification
    levels: Levels
    objective: ObjectiveSpec | None = Field(None, description="L'atteinte de l'objectif de l'entretien, notée à côté des "
                                            "critères quand la session est terminée ; sans elle, seuls les critères comptent.")
    blocks: list[BlockSpec] = Field(min_length=1)
    judgement: JudgementSpec = Field(default_factory=JudgementSpec)
    faults: list[FaultSpec] = Field(default_factory=list, description="Fautes nommées, avec leur plafond.")
    techniques: list[TechniqueSpec] = Field(default_factory=list, description="Techniques sur plusieurs tours.")
    needs_coverage: NeedsCoverageSpec | None = Field(None, description=(
        "L'offre confrontée aux besoins du client (scénarios dont les arguments disent à quels besoins ils "
        "répondent, « argues ») : sans cette section, aucun plafond."))
    required: dict[Block, list[Ident]] = Field(default_factory=dict, description=(
        "Par bloc, les critères que tout entretien terminé doit avoir montrés : un parcours fini avant eux est "
        "« non acquis » sur ce qu'il n'a jamais fait (« non évalué » reste pour ce que le scénario n'offre pas)."))


register_schema("rubric", lambda: RubricSpec)
# The debrief's JSON document is defined by the report package; named here (imported only when the schema is
# built) so that ``negosim schema`` publishes it with the other schemas.
register_schema("debrief", lambda: __import__("simulator.report.json_report", fromlist=["x"]).DebriefDocument)


# ---------------------------------------------------------------- compiled form

@dataclass(frozen=True, eq=False)
class Rule:
    spec: RuleSpec
    criterion: str
    acts: frozenset[str]
    condition: Compiled | None

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def points(self) -> int:
        return self.spec.points

    @property
    def missable(self) -> bool:
        return self.spec.missable

    def explain(self, lang: str) -> str:
        return self.spec.explain_en if lang == "en" else self.spec.explain_fr


class _Titled:
    """What every graded criterion shows from its spec: its id, weight and title."""

    spec: CriterionSpec | WrittenCriterionSpec

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def weight(self) -> int:
        return self.spec.weight

    def title(self, lang: str) -> str:
        return self.spec.title_en if lang == "en" else self.spec.title_fr


@dataclass(frozen=True, eq=False)
class Criterion(_Titled):
    spec: CriterionSpec
    block: Block
    rules: tuple[Rule, ...]

    @property
    def acts(self) -> frozenset[str]:
        return frozenset().union(*(r.acts for r in self.rules))


@dataclass(frozen=True, eq=False)
class WrittenCriterion(_Titled):
    """A criterion graded from the written work (``simulator/written``), beside the block's criteria."""

    spec: WrittenCriterionSpec
    block: str

    @property
    def works(self) -> tuple[str, ...]:
        """The kinds of written work it reads, in the order of its checks."""
        from ..written.checks import CHECKS

        return tuple(dict.fromkeys(CHECKS[c.id].work for c in self.spec.checks if c.id in CHECKS))


@dataclass(frozen=True, eq=False)
class Fault:
    spec: FaultSpec
    acts: frozenset[str]
    condition: Compiled | None

    @property
    def id(self) -> str:
        return self.spec.id


@dataclass(frozen=True, eq=False)
class Rubric:
    spec: RubricSpec
    file: str
    content_hash: str
    criteria: dict[str, Criterion]  # in rubric order
    warnings: tuple[Diagnostic, ...] = ()
    faults: tuple[Fault, ...] = ()
    # criteria graded from the written work, apart from ``criteria`` (graded from the moves): a session without
    # written work is graded on ``criteria`` alone, exactly as before they existed
    written: dict[str, WrittenCriterion] = field(default_factory=dict)

    @property
    def techniques(self) -> list[TechniqueSpec]:
        return list(self.spec.techniques)

    def cap_ratio(self, level: str) -> float:
        """The highest ratio a criterion capped at ``level`` may keep: just under the next level up, by the mark's
        last shown digit (0.695, 13.9/20; 0.699 was shown 14.0/20 beside « en cours », the level 14/20 starts)."""
        lv = self.spec.levels
        return (lv.acquis.min if level == "en_cours" else lv.en_cours.min) - 0.005

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def blocks(self) -> list[BlockSpec]:
        return list(self.spec.blocks)

    def block(self, block_id: str) -> BlockSpec | None:
        return next((b for b in self.spec.blocks if b.id == block_id), None)

    def criteria_of(self, block_id: str) -> list[Criterion]:
        return [c for c in self.criteria.values() if c.block == block_id]

    def written_of(self, block_id: str) -> list[WrittenCriterion]:
        return [c for c in self.written.values() if c.block == block_id]

    def level_for(self, ratio: float) -> str:
        lv = self.spec.levels
        if ratio >= lv.acquis.min:
            return "acquis"
        if ratio >= lv.en_cours.min:
            return "en_cours"
        return "non_acquis"

    def level_label(self, level: str, lang: str = "fr") -> str:
        spec = getattr(self.spec.levels, level)
        return str(spec.label_en if lang == "en" else spec.label_fr)

    def objective_weight(self, block_id: str) -> float:
        """The objective's weight in a block's mark: its relative weight times the block's criteria weights."""
        objective = self.spec.objective
        if objective is None:
            return 0.0
        return objective.weight * sum(c.weight for c in self.criteria_of(block_id))

    @property
    def acts(self) -> frozenset[str]:
        return frozenset().union(*(c.acts for c in self.criteria.values()))


# ---------------------------------------------------------------- loading

def load_rubric(path: Path | str, catalogue: Catalogue | None = None) -> Rubric:
    return compile_rubric(load_document(path), catalogue)


def load_rubric_text(text: str, name: str = "<texte>", catalogue: Catalogue | None = None) -> Rubric:
    return compile_rubric(parse_document(text, name), catalogue)


@cache
def default_rubric() -> Rubric:
    from ..content.bundled import rubrics_dir

    return load_rubric(rubrics_dir() / DEFAULT_RUBRIC)


def compile_rubric(doc: Document, catalogue: Catalogue | None = None) -> Rubric:
    spec = validate_document(doc, RubricSpec, "NS050")
    catalogue = catalogue or default_catalogue()
    src = doc.source
    sink = DiagnosticSink(src.file)
    scope = rule_scope(catalogue.acts)

    def add(code: str, path: PathKey, message: str, hint: str = "", *, key: bool = False, severity: str = "error",
            column_offset: int = 0) -> None:
        d = src.diagnostic(code, path, message, hint, key=key, severity=severity)
        sink.items.append(Diagnostic(d.code, d.severity, d.message, d.file, d.line, d.column + column_offset,
                                     d.where, d.hint))

    lv = spec.levels
    if not (lv.acquis.min > lv.en_cours.min > lv.non_acquis.min):
        add("NS054", ("levels",), f"seuils incohérents : il faut acquis ({lv.acquis.min}) > en_cours "
            f"({lv.en_cours.min}) > non_acquis ({lv.non_acquis.min})", "ordonnez les seuils du plus exigeant au moins")
    if lv.non_acquis.min != 0:
        add("NS054", ("levels", "non_acquis", "min"), "le seuil de « non_acquis » doit être 0",
            "tout résultat évalué a un niveau : mettez min: 0")
    objective = spec.objective
    if objective is not None:
        oc = objective.outcomes
        if not (oc.success.ratio > oc.failure.ratio and oc.success.ratio >= oc.partial.ratio >= oc.failure.ratio):
            add("NS056", ("objective", "outcomes"), f"parts incohérentes : il faut success ({oc.success.ratio}) ≥ partial "
                f"({oc.partial.ratio}) ≥ failure ({oc.failure.ratio}), et success > failure",
                "un résultat partiel vaut au plus un succès et au moins un échec")
        for name in ("time_up", "abandoned"):
            if getattr(oc, name).ratio > oc.partial.ratio:
                add("NS056", ("objective", "outcomes", name, "ratio"), f"« {name} » vaut plus qu'un résultat partiel "
                    f"({getattr(oc, name).ratio} > {oc.partial.ratio})",
                    "une session arrêtée avant la fin n'a pas atteint l'objectif : comptez-la au plus comme un résultat partiel")
    seen_blocks: set[str] = set()
    criteria: dict[str, Criterion] = {}
    written: dict[str, WrittenCriterion] = {}
    rule_ids: dict[str, str] = {}
    for b, block in enumerate(spec.blocks):
        bpath = ("blocks", b)
        if block.id in seen_blocks:
            add("NS051", bpath + ("id",), f"bloc « {block.id} » déclaré deux fois", "un bloc par identifiant")
        seen_blocks.add(block.id)
        for c, crit in enumerate(block.criteria):
            cpath = bpath + ("criteria", c)
            if crit.id in criteria:
                add("NS051", cpath + ("id",), f"critère « {crit.id} » déclaré deux fois",
                    "chaque critère a un identifiant unique")
            rules = []
            for r, rule in enumerate(crit.rules):
                rpath = cpath + ("rules", r)
                if rule.id in rule_ids:
                    add("NS051", rpath + ("id",), f"règle « {rule.id} » déjà déclarée (critère {rule_ids[rule.id]})",
                        "chaque règle a un identifiant unique dans la grille")
                rule_ids[rule.id] = crit.id
                if rule.points == 0:
                    add("NS055", rpath + ("points",), "une règle à 0 point ne compte pas",
                        "donnez des points positifs (point fort) ou négatifs (erreur)")
                for j, act in enumerate(rule.acts):
                    if act not in catalogue.acts:
                        add("NS052", rpath + ("acts", j), f"acte inconnu « {act} »", did_you_mean(act, catalogue.acts))
                    elif block.id not in catalogue.acts[act].block:
                        add("NS253", rpath + ("acts", j), f"l'acte « {act} » n'est pas rattaché au bloc « {block.id} » "
                            "dans le catalogue", "vérifiez le critère ou le champ block de l'acte", severity="warning")
                cond = None
                if rule.if_ is not None:
                    try:
                        cond = compile_condition(rule.if_, scope)
                    except ExprError as exc:
                        add("NS053", rpath + ("if",), exc.message, exc.hint or "voir les noms utilisables dans docs/scoring.md",
                            column_offset=exc.column - 1)
                rules.append(Rule(rule, crit.id, frozenset(rule.acts), cond))
            criteria[crit.id] = Criterion(crit, block.id, tuple(rules))
        for c, wcrit in enumerate(block.written):
            _check_written(add, bpath + ("written", c), wcrit, criteria, written)
            written[wcrit.id] = WrittenCriterion(wcrit, block.id)
    faults = []
    for f, fault in enumerate(spec.faults):
        fpath = ("faults", f)
        for j, act in enumerate(fault.acts):
            if act not in catalogue.acts:
                add("NS052", fpath + ("acts", j), f"acte inconnu « {act} »", did_you_mean(act, catalogue.acts))
        for j, cid in enumerate(fault.criteria):
            if cid not in criteria:
                add("NS057", fpath + ("criteria", j), f"critère inconnu « {cid} »", did_you_mean(cid, criteria))
        cond = None
        if fault.if_ is not None:
            try:
                cond = compile_condition(fault.if_, scope)
            except ExprError as exc:
                add("NS053", fpath + ("if",), exc.message, exc.hint or "voir les noms utilisables dans docs/scoring.md",
                    column_offset=exc.column - 1)
        faults.append(Fault(fault, frozenset(fault.acts), cond))
    for t, tech in enumerate(spec.techniques):
        for j, cid in enumerate(tech.criteria):
            if cid not in criteria:
                add("NS057", ("techniques", t, "criteria", j), f"critère inconnu « {cid} »", did_you_mean(cid, criteria))
        for i, step in enumerate(tech.steps):
            for j, act in enumerate(step):
                if act not in catalogue.acts:
                    add("NS052", ("techniques", t, "steps", i, j), f"acte inconnu « {act} »",
                        did_you_mean(act, catalogue.acts))
    if spec.needs_coverage is not None:
        for j, cid in enumerate(spec.needs_coverage.criteria):
            if cid not in criteria:
                add("NS057", ("needs_coverage", "criteria", j), f"critère inconnu « {cid} »", did_you_mean(cid, criteria))
    for block_id, required in spec.required.items():
        for j, cid in enumerate(required):
            if cid not in criteria or criteria[cid].block != block_id:
                add("NS057", ("required", block_id, j), f"« {cid} » n'est pas un critère du bloc « {block_id} »",
                    did_you_mean(cid, [c for c in criteria if criteria[c].block == block_id]))
    used = frozenset().union(*(c.acts for c in criteria.values())) if criteria else frozenset()
    for act_id in catalogue.acts:
        if act_id not in used:
            add("NS250", ("blocks",), f"l'acte « {act_id} » n'est noté par aucun critère",
                "ajoutez une règle qui l'utilise, ou acceptez qu'il ne compte pas", key=True, severity="warning")
    sink.raise_if_errors()
    return Rubric(spec, src.file, hashlib.sha256(doc.text.encode("utf-8")).hexdigest(), criteria,
                  tuple(sort_diagnostics(sink.items)), tuple(faults), written)


def _check_written(add: Callable[..., None], path: PathKey, crit: WrittenCriterionSpec, criteria: dict[str, Criterion],
                   written: dict[str, WrittenCriterion]) -> None:
    """A written criterion: a new id, checks that exist (simulator/written/checks.py), each listed once."""
    from ..written.checks import CHECKS

    if crit.id in criteria or crit.id in written:
        add("NS051", path + ("id",), f"critère « {crit.id} » déclaré deux fois", "chaque critère a un identifiant unique")
    seen: set[str] = set()
    for j, check in enumerate(crit.checks):
        if check.id not in CHECKS:
            add("NS058", path + ("checks", j, "id"), f"vérification inconnue « {check.id} »",
                did_you_mean(check.id, CHECKS) or "voir la liste dans docs/scoring.md, « Les écrits »")
        elif check.id in seen:
            add("NS058", path + ("checks", j, "id"), f"vérification « {check.id} » listée deux fois dans le critère",
                "une vérification compte une fois par critère : ajustez plutôt ses points")
        seen.add(check.id)


# ---------------------------------------------------------------- negosim validate

def _check_rubric_doc(doc: Document) -> list[Diagnostic]:
    from ..content.bundled import acts_file

    # a rubric next to its own act catalogue uses it (a trainer's copy of rubrics/)
    sibling = Path(doc.source.file).resolve().parent / "acts.yaml"
    catalogue = load_catalogue(sibling) if sibling.is_file() and sibling != acts_file().resolve() else None
    rubric = compile_rubric(doc, catalogue)
    from .crosscheck import rubric_crosscheck

    return list(rubric.warnings) + rubric_crosscheck(rubric, doc)


register(Kind("rubric", lambda d: "levels" in d and "blocks" in d, _check_rubric_doc))


def _scenario_hook() -> None:
    try:
        from ..content.checks import VALIDATE_HOOKS
    except ImportError:  # the hook is not there yet: nothing to add
        return
    from .crosscheck import scenario_crosscheck

    if scenario_crosscheck not in VALIDATE_HOOKS:
        VALIDATE_HOOKS.append(scenario_crosscheck)


_scenario_hook()


__all__ = ["LEVELS", "Level", "OUTCOMES", "Rubric", "Criterion", "Rule", "WrittenCriterion",
           "RubricSpec", "load_rubric", "load_rubric_text",
           "default_rubric", "compile_rubric", "ContentError"]
