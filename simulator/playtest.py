"""Playtests: scripted paths through a scenario and what each must give (like ink's and Yarn's tests).

A playtest file lives in ``scenarios/tests/`` and names its scenario by id. Each path lists the learner's
inputs (choice ids, or price offers) and the expected ending, and optionally the level of named
criteria and bounds on the mark.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Union

from pydantic import Field

from .content.diagnostics import ContentError, Diagnostic
from .content.kinds import Kind, register
from .content.schema import register_schema
from .content.spec import Ident, Outcome, Slug, Strict
from .content.validation import validate_document
from .content.yaml_source import Document, load_document

if TYPE_CHECKING:
    from .engine.session import Input

Level = Literal["acquis", "en_cours", "non_acquis", "non_evalue"]


class PriceStep(Strict):
    price: int = Field(gt=0)
    counterpart: Ident | None = None


def step_input(step: str | PriceStep) -> Input:
    """The engine input a playtest step stands for: a choice id, or a price with its counterpart."""
    from .engine.session import ChoiceInput, PriceInput

    return ChoiceInput(step) if isinstance(step, str) else PriceInput(step.price, step.counterpart)


class Expect(Strict):
    outcome: Outcome
    ending: Slug | None = Field(None, description="L'état de fin attendu.")
    levels: dict[Ident, Level] = Field(default_factory=dict, description="Niveau attendu de critères de la grille.")
    mark_min: float | None = Field(None, ge=0, le=20)
    mark_max: float | None = Field(None, ge=0, le=20)


class PlaytestPath(Strict):
    name: Slug
    description: str | None = None
    seed: int = 0
    inputs: list[Union[Slug, PriceStep]] = Field(min_length=1)
    expect: Expect


class PlaytestSpec(Strict):
    format: Literal[1]
    scenario: Slug
    paths: list[PlaytestPath] = Field(min_length=1)


register_schema("playtest", lambda: PlaytestSpec)


@dataclass
class PathResult:
    name: str
    ok: bool
    problems: list[str] = field(default_factory=list)
    outcome: str | None = None
    ending: str | None = None
    mark: float | None = None


@dataclass
class PlaytestResult:
    file: str
    scenario: str
    paths: list[PathResult]

    @property
    def ok(self) -> bool:
        return all(p.ok for p in self.paths)


def load_playtest(path: Path) -> PlaytestSpec:
    return validate_document(load_document(path), PlaytestSpec, "NS040")


def scenario_for(test_file: Path, spec: PlaytestSpec) -> Path:
    """The scenario a playtest names: next to the tests folder first, then the library."""
    from .content.library import resolve_scenario

    sibling = test_file.resolve().parent.parent / f"{spec.scenario}.yaml"
    if sibling.is_file():
        return sibling
    return resolve_scenario(spec.scenario)


def run_playtest(test_file: Path) -> PlaytestResult:
    from .content.loader import load_scenario
    from .engine.session import EngineError, Session

    spec = load_playtest(test_file)
    scenario = load_scenario(scenario_for(test_file, spec))
    results = []
    for tp in spec.paths:
        res = PathResult(tp.name, True)
        session = Session.start(scenario, tp.seed)
        for i, step in enumerate(tp.inputs, 1):
            if session.ended:
                res.problems.append(f"étape {i} : la session est déjà terminée ({session.outcome})")
                break
            try:
                session.step(step_input(step))
            except EngineError as exc:
                offered = ", ".join(c.id for c in session.choices()) or "aucun"
                res.problems.append(f"étape {i} ({session.state}) : {exc} ; choix proposés : {offered}")
                break
        res.outcome = session.outcome
        res.ending = session.state if session.ended else None
        exp = tp.expect
        if session.outcome != exp.outcome:
            res.problems.append(f"issue {session.outcome or 'non terminée'} au lieu de {exp.outcome}"
                                f" (état {session.state})")
        if exp.ending and session.state != exp.ending:
            res.problems.append(f"fin « {session.state} » au lieu de « {exp.ending} »")
        if exp.levels or exp.mark_min is not None or exp.mark_max is not None:
            _check_scores(session, exp, res)
        res.ok = not res.problems
        results.append(res)
    return PlaytestResult(str(test_file), spec.scenario, results)


def _check_scores(session, exp: Expect, res: PathResult) -> None:
    try:
        from .scoring import default_rubric, score
    except ImportError:
        res.problems.append("la grille de notation n'est pas disponible pour vérifier les niveaux")
        return
    debrief = score(session.scenario, default_rubric(), session.turns)
    res.mark = debrief.mark
    for crit, level in exp.levels.items():
        got = debrief.criteria.get(crit)
        if got is None:
            res.problems.append(f"critère inconnu « {crit} »")
        elif got.level != level:
            res.problems.append(f"critère {crit} : {got.level} au lieu de {level}")
    if exp.mark_min is not None and (debrief.mark is None or debrief.mark < exp.mark_min):
        res.problems.append(f"note {debrief.mark} inférieure au minimum {exp.mark_min}")
    if exp.mark_max is not None and debrief.mark is not None and debrief.mark > exp.mark_max:
        res.problems.append(f"note {debrief.mark} supérieure au maximum {exp.mark_max}")


def _check_playtest_doc(doc: Document) -> list[Diagnostic]:
    """``negosim validate`` on a playtest: structure, then does every path do what it says?"""
    validate_document(doc, PlaytestSpec, "NS040")
    result = run_playtest(Path(doc.source.file))
    diags = []
    for i, p in enumerate(result.paths):
        for problem in p.problems:
            line, col = doc.source.locate(("paths", i))
            diags.append(Diagnostic("NS041", "error", f"parcours « {p.name} » : {problem}", doc.source.file, line, col,
                                    f"paths[{i}]", "corrigez le parcours ou le scénario"))
    if diags:
        raise ContentError(diags)
    return []


register(Kind("playtest", lambda d: "paths" in d and "scenario" in d, _check_playtest_doc))
