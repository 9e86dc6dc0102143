"""Playtests: scripted paths through a scenario and what each must give (like ink's and Yarn's tests).

A playtest file lives in ``scenarios/tests/`` and names its scenario by id. Each path lists the learner's
inputs (choice ids, or price offers) and the expected ending, and optionally the level of named
criteria and bounds on the mark.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, Union

from pydantic import Discriminator, Field, Tag

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


class FreeTextStep(Strict):
    say: str = Field(min_length=1, max_length=2000, description=(
        "Réplique tapée en texte libre (docs/free-text.md), lue comme en jeu. — A line typed in free text."))
    option: Slug | None = Field(None, description="Option attendue. — Expected option.")
    acts: list[Ident] = Field(default_factory=list, description="Actes qui doivent être reconnus. — Acts to recognise.")


def _step_kind(value: object) -> str:
    """Which kind of step a value is, so that a mistake is explained for that kind only (not once per kind)."""
    if isinstance(value, FreeTextStep) or (isinstance(value, dict) and "say" in value):
        return "free-text-step"
    if isinstance(value, (dict, PriceStep)):
        return "price-step"
    return "choice-id"


Step = Annotated[Union[Annotated[Slug, Tag("choice-id")], Annotated[PriceStep, Tag("price-step")],
                       Annotated[FreeTextStep, Tag("free-text-step")]], Discriminator(_step_kind)]


def step_input(step: str | PriceStep) -> Input:
    """The engine input a playtest step stands for: a choice id, or a price with its counterpart.
    (A free-text step depends on the moment of the interview: ``run_path`` reads it.)"""
    from .engine.session import ChoiceInput, PriceInput

    if isinstance(step, FreeTextStep):
        raise ValueError("une étape en texte libre se lit dans la partie (run_path), pas hors contexte")
    return ChoiceInput(step) if isinstance(step, str) else PriceInput(step.price, step.counterpart)


def free_text_input(session, step: FreeTextStep) -> tuple[Input | None, list[str]]:
    """The move a free-text step makes at this point of the session, and what differs from its expectations."""
    from .understanding.turns import FreeTextTurns

    turns = FreeTextTurns(lambda: session, practice=True)
    reading = turns.read(step.say)
    trouble = []
    found = [a.act for a in reading.understanding.acts]
    missing = [a for a in step.acts if a not in found]
    if missing:
        trouble.append(f"« {step.say[:60]} » : actes attendus {', '.join(missing)} non reconnus (reconnus : {', '.join(found)})")
    if turns.is_offer(reading):
        if step.option is not None:
            trouble.append(f"« {step.say[:60]} » lu comme une offre de prix, pas comme l'option « {step.option} »")
        return turns.offer(reading).input, trouble
    best = reading.match.best if reading.match else None
    if best is None:
        return None, trouble + [f"« {step.say[:60]} » : aucune option proposée ici"]
    if step.option is not None and best.id != step.option:
        runner = reading.match.runner_up.id if reading.match and reading.match.runner_up else "aucune"
        trouble.append(f"« {step.say[:60]} » compris comme l'option « {best.id} » au lieu de « {step.option} » "
                       f"(ensuite : « {runner} ») ; ajoutez un exemple (examples:) à l'option attendue")
    from .engine.session import ChoiceInput

    return ChoiceInput(best.id), trouble


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
    inputs: list[Step] = Field(min_length=1)
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
    # where each problem is in the playtest file (same order as problems): the failing step, the expectation
    spots: list[tuple[str | int, ...]] = field(default_factory=list)
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

    spec = load_playtest(test_file)
    scenario = load_scenario(scenario_for(test_file, spec))
    return PlaytestResult(str(test_file), spec.scenario,
                          [run_path(scenario, tp, ("paths", n)) for n, tp in enumerate(spec.paths)])


def run_path(scenario, tp: PlaytestPath, where: tuple[str | int, ...] = ()) -> PathResult:
    """Play one path; each problem is one line saying why, at the step or expectation it is about."""
    from .engine.session import EngineError, Session

    res = PathResult(tp.name, True)

    def problem(text: str, spot: tuple[str | int, ...]) -> None:
        res.problems.append(text)
        res.spots.append(where + spot)

    session = Session.start(scenario, tp.seed)
    stuck = False
    for i, step in enumerate(tp.inputs, 1):
        if session.ended:
            problem(f"étape {i} : la partie est déjà finie (fin « {session.state} », {session.outcome}) ; "
                    f"{_why_here(session)}", ("inputs", i - 1))
            stuck = True
            break
        if isinstance(step, FreeTextStep):
            move, trouble = free_text_input(session, step)
            for text in trouble:
                problem(f"étape {i} : {text}", ("inputs", i - 1))
            if move is None or trouble:  # a different move would only cascade into more differences
                stuck = True
                break
        try:
            session.step(move if isinstance(step, FreeTextStep) else step_input(step))
        except EngineError as exc:
            why = str(exc) if isinstance(step, FreeTextStep) else _explain_refusal(session, step, exc)
            problem(f"étape {i} : {why}", ("inputs", i - 1))
            stuck = True
            break
    res.outcome = session.outcome
    res.ending = session.state if session.ended else None
    exp = tp.expect
    if not stuck:  # a path stopped by a refused step would only repeat it below: one line per failure
        if session.outcome != exp.outcome:
            got = session.outcome or "partie non terminée"
            problem(f"issue {got} au lieu de {exp.outcome} (état « {session.state} » ; {_why_here(session)})",
                    ("expect", "outcome"))
        elif exp.ending and session.state != exp.ending:
            problem(f"fin « {session.state} » au lieu de « {exp.ending} » ({_why_here(session)})", ("expect", "ending"))
        if exp.levels or exp.mark_min is not None or exp.mark_max is not None:
            _check_scores(session, exp, res, problem)
    res.ok = not res.problems
    return res


def _explain_refusal(session, step, exc: Exception) -> str:
    """Why a step was refused: the cause (redirect, guard, blocking objection), not only the symptom."""
    from .content.diagnostics import did_you_mean
    from .engine.session import ChoiceInput

    state = session.scenario.states[session.state]
    inp = step_input(step)
    why = _why_here(session)
    if isinstance(inp, ChoiceInput):
        choice = state.by_id.get(inp.choice)
        if choice is None:
            elsewhere = [sid for sid, st in session.scenario.states.items() if inp.choice in st.by_id]
            where = (f" (c'est un choix de l'état « {elsewhere[0]} »)" if elsewhere else "")
            offered = ", ".join(c.id for c in session.choices()) or "aucun"
            near = did_you_mean(inp.choice, [c.id for c in state.choices]) if not elsewhere else ""
            return (f"le choix « {inp.choice} » n'existe pas dans l'état « {state.id} »{where} ; {why}"
                    + (f" ; {near}" if near and near.startswith("vouliez") else "") + f" ; choix proposés : {offered}")
        if choice.once and choice.event in session.used_once:
            return f"le choix « {inp.choice} » a déjà été pris (once: true) ; {why}"
        cond = choice.spec.if_ or ""
        return (f"le choix « {inp.choice} » n'est pas proposé : sa condition « {cond} » est fausse"
                f"{_values_in(cond, session.env)} ; {why}")
    if not session.accepts_price:
        return f"un prix n'est pas accepté dans l'état « {state.id} » (ce n'est pas un état de négociation) ; {why}"
    price = session.scenario.spec.price
    if inp.counterpart and price is not None and inp.counterpart not in {c.id for c in price.counterparts}:
        return (f"contrepartie inconnue « {inp.counterpart} » — "
                + did_you_mean(inp.counterpart, [c.id for c in price.counterparts]))
    return f"{exc} ; {why}"


def _values_in(condition: str, env) -> str:
    import re

    names = [n for n in dict.fromkeys(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", condition)) if n in env]
    if not names:
        return ""

    def show(v) -> str:
        return "{" + ", ".join(sorted(v)) + "}" if isinstance(v, frozenset) else str(v).lower() if isinstance(v, bool) \
            else str(v)

    return " (" + ", ".join(f"{n} = {show(env[n])}" for n in names) + ")"


def _why_here(session) -> str:
    """How the last move brought the session where it is: a redirect, an interrupt, an automatic transition."""
    if not session.turns:
        return f"c'est l'état de départ « {session.state} »"
    t = session.turns[-1]
    objections = session.scenario.spec.objections
    move = f"« {t.choice_id} »" if t.choice_id else "le prix proposé"
    if t.close_blocked_by:
        oid = t.close_blocked_by[0]
        since = next((u.number for u in session.turns if oid in u.raised), None)
        return (f"l'objection bloquante « {oid} » ({objections[oid].label}), soulevée à l'étape {since} et non "
                f"traitée, a renvoyé la conclusion vers « {t.next_state} »" if since else
                f"l'objection bloquante « {oid} », non traitée, a renvoyé la conclusion vers « {t.next_state} »")
    if t.interrupted:
        return f"une interruption (interrupts) a mené de « {t.state} » à « {t.next_state} » après {move}"
    if t.diverted_to:
        oid = next((o for o in t.raised if objections[o].state == t.diverted_to), None)
        what = f"l'objection « {oid} » soulevée par {move}" if oid else "une objection ouverte"
        return f"{what} a conduit à « {t.next_state} »"
    if len(t.visited) > 1:
        return f"{move} a mené à « {t.visited[0]} », puis une transition auto à « {t.next_state} »"
    return f"{move} (étape {t.number}) a mené à « {t.next_state} »"


def _check_scores(session, exp: Expect, res: PathResult, problem) -> None:
    try:
        from .scoring import default_rubric, score
    except ImportError:
        problem("la grille de notation n'est pas disponible pour vérifier les niveaux", ("expect",))
        return
    from .content.diagnostics import did_you_mean

    debrief = score(session.scenario, default_rubric(), session.turns)
    res.mark = debrief.mark
    for crit, level in exp.levels.items():
        got = debrief.criteria.get(crit)
        if got is None:
            problem(f"critère inconnu « {crit} » — {did_you_mean(crit, debrief.criteria)} "
                    "(« negosim playtest --criteria » les liste)", ("expect", "levels", crit))
        elif got.level != level:
            problem(f"critère {crit} : {got.level} au lieu de {level}", ("expect", "levels", crit))
    if exp.mark_min is not None and (debrief.mark is None or debrief.mark < exp.mark_min):
        problem(f"note {debrief.mark} inférieure au minimum {exp.mark_min}", ("expect", "mark_min"))
    if exp.mark_max is not None and debrief.mark is not None and debrief.mark > exp.mark_max:
        problem(f"note {debrief.mark} supérieure au maximum {exp.mark_max}", ("expect", "mark_max"))


def _check_playtest_doc(doc: Document) -> list[Diagnostic]:
    """``negosim validate`` on a playtest: structure, then does every path do what it says?"""
    validate_document(doc, PlaytestSpec, "NS040")
    result = run_playtest(Path(doc.source.file))
    diags = []
    for i, p in enumerate(result.paths):
        for problem, spot in zip(p.problems, p.spots or [("paths", i)] * len(p.problems)):
            diags.append(doc.source.diagnostic("NS041", spot, f"parcours « {p.name} » : {problem}",
                                               "corrigez le parcours ou le scénario", key=spot[-2:-1] == ("levels",)))
    if diags:
        raise ContentError(diags)
    return []


register(Kind("playtest", lambda d: "paths" in d and "scenario" in d, _check_playtest_doc))
