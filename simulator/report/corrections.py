"""A trainer's correction of how a free-text line was understood: « at turn 4 the learner meant option X ».

Corrections are appended to the journal (``free_text_correction`` records): the learner's words and
negosim's reading stay on record, the correction says who changed what. The debrief is then recomputed by
replaying the journal's moves with the corrected ones, through the same scenario and rubric; a correction
after which the rest of the interview no longer replays (it leads elsewhere) is refused, saying where."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import NegosimError


class CorrectionError(NegosimError, ValueError):
    """A correction that cannot be applied; the message says which turn and why."""

    code = "correction"


@dataclass(frozen=True)
class Correction:
    turn: int
    option: str
    by: str = ""


def parse_corrections(items: tuple[str, ...] | list[str], by: str = "") -> list[Correction]:
    out = []
    for item in items:
        turn, sep, option = item.partition("=")
        if not sep or not turn.strip().isdecimal() or not option.strip():  # int() refuses « ² »
            raise CorrectionError(f"« {item} » : écrivez TOUR=OPTION, par exemple 4=question-ouverte-frais")
        out.append(Correction(int(turn), option.strip(), by))
    return out


def recorded_corrections(records: list[dict[str, Any]]) -> dict[int, Correction]:
    """The corrections already in a journal, the latest one for each turn."""
    out: dict[int, Correction] = {}
    for r in records:
        if r.get("type") == "free_text_correction" and isinstance(r.get("turn"), int) and isinstance(r.get("option"), str):
            out[r["turn"]] = Correction(r["turn"], r["option"], str(r.get("by", "")))
    return out


def corrected_inputs(inputs: list[Any], corrections: dict[int, Correction]) -> list[Any]:
    from ..engine.session import ChoiceInput

    return [ChoiceInput(corrections[n].option) if n in corrections else inp for n, inp in enumerate(inputs, 1)]


def replay_corrected(scenario: Any, seed: int, inputs: list[Any], corrections: dict[int, Correction]) -> Any:
    """The session replayed with the corrected moves; CorrectionError when it no longer replays."""
    from ..engine.session import EngineError, Session

    session = Session.start(scenario, seed)
    for n, inp in enumerate(corrected_inputs(inputs, corrections), 1):
        try:
            session.step(inp)
        except EngineError as exc:
            changed = ", ".join(str(c) for c in sorted(corrections))
            raise CorrectionError(f"avec la correction du tour {changed}, le tour {n} ne se rejoue plus ({exc}) : "
                                  "corrigez aussi les tours suivants, ou choisissez une option qui mène au même état"
                                  ) from None
    return session


def add_corrections(path: Path, records: list[dict[str, Any]], new: list[Correction], inputs: list[Any],
                    scenario: Any, seed: int) -> dict[int, Correction]:
    """Check the corrections replay, then append them to the journal; returns every correction in force."""
    from ..store.journal import Journal, now_iso

    free_turns = {r.get("n") for r in records if r.get("type") == "input" and isinstance(r.get("free_text"), dict)}
    for c in new:
        if c.turn not in free_turns:
            listed = ", ".join(str(t) for t in sorted(t for t in free_turns if isinstance(t, int))) or "aucun"
            raise CorrectionError(f"tour {c.turn} : ce n'est pas un tour tapé en texte libre (tours libres : {listed})")
    merged = {**recorded_corrections(records), **{c.turn: c for c in new}}
    replay_corrected(scenario, seed, inputs, merged)
    journal = Journal.reopen(path)
    for c in new:
        journal.append_record({"type": "free_text_correction", "turn": c.turn, "option": c.option, "by": c.by,
                               "at": now_iso()})
    return merged
