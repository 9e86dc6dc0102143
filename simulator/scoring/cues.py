"""What practice mode lets the learner see of the client, and the hint (no Textual here).

Cues: the scenario's integer variables marked ``cue: true`` (patience, trust...) shown as a word and a
five-step gauge, with the direction of the last change — never the number, which would turn the
conversation into a score to game. Hint: which competency is at stake at this point of the interview
(from the phase, the scenario's blocks and the open objections) and the technique that applies —
never which answer to pick.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

GAUGE_STEPS = 5
LEVEL_KEYS = ("cue.level.0", "cue.level.1", "cue.level.2", "cue.level.3", "cue.level.4")


@dataclass(frozen=True)
class Cue:
    name: str
    label: str
    step: int  # 0..4, from the variable's position between its bounds
    trend: int  # -1, 0, +1 since the previous turn

    @property
    def level_key(self) -> str:
        return LEVEL_KEYS[self.step]

    @property
    def gauge(self) -> str:
        return "▰" * (self.step + 1) + "▱" * (GAUGE_STEPS - self.step - 1)


def cues(spec: Any, env: Mapping[str, Any], before: Mapping[str, Any] | None = None) -> list[Cue]:
    out: list[Cue] = []
    for name, var in spec.variables.items():
        if getattr(var, "type", None) != "int" or not getattr(var, "cue", False):
            continue
        value = env.get(name, var.initial)
        span = max(1, var.max - var.min)
        fraction = (value - var.min) / span
        step = min(GAUGE_STEPS - 1, max(0, int(fraction * GAUGE_STEPS)))
        trend = 0
        if before is not None and name in before:
            trend = (value > before[name]) - (value < before[name])
        out.append(Cue(name, var.label or name.replace("_", " ").capitalize(), step, trend))
    return out


# phase -> competency at stake, by block (prospection: Bloc 2 criteria; négociation: Bloc 4 criteria)
PHASE_CRITERIA: dict[str, dict[str, str]] = {
    "barrage": {"prospection": "p_interlocuteur", "negociation": "p_interlocuteur"},
    "contact": {"prospection": "p_structure", "negociation": "n_questionnement"},
    "decouverte": {"prospection": "p_interet", "negociation": "n_questionnement"},
    "reformulation": {"prospection": "n_reformulation", "negociation": "n_reformulation"},
    "argumentation": {"prospection": "p_interet", "negociation": "n_argumentation"},
    "objection": {"prospection": "p_objections", "negociation": "n_objections"},
    "prix": {"prospection": "n_prix", "negociation": "n_prix"},
    "conclusion": {"prospection": "p_engagement", "negociation": "n_conclusion"},
    "reclamation": {"prospection": "n_reclamation", "negociation": "n_reclamation"},
}


@dataclass(frozen=True)
class Hint:
    criterion: str  # rubric criterion id; its title and technique are in the catalogs
    objection_open: bool  # an objection is still open (it will come back at the close)


def hint_for(blocks: tuple[str, ...] | list[str], phase: str, open_objections: frozenset[str] | set[str],
             negotiating: bool) -> Hint | None:
    if negotiating:
        phase = "prix"
    by_block = PHASE_CRITERIA.get(phase)
    if by_block is None:
        return None
    if "prospection" in blocks and "negociation" in blocks:
        block = "prospection" if phase in ("barrage", "contact") else "negociation"
    else:
        block = "prospection" if "prospection" in blocks else "negociation"
    return Hint(by_block[block], bool(open_objections) and phase != "objection")


def session_hint(session: Any) -> Hint | None:
    """The hint for the situation a session is in (both players ask here)."""
    return hint_for(session.scenario.spec.blocks, session.current.phase,
                    session.env.get("open_objections", frozenset()), session.accepts_price)


def hint_lines(hint: Hint, lang: str) -> list[str]:
    """The hint in words: the competency at stake, the technique that applies, an open objection's warning."""
    from ..i18n import catalog

    words = catalog(lang)
    lines = [words["hint.at_stake"].format(criterion=words["criterion." + hint.criterion]),
             words["technique." + hint.criterion]]
    if hint.objection_open:
        lines.append(words["hint.objection_open"])
    return lines
