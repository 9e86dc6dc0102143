"""NS211: the client would say the same sentence twice in a row.

A choice's ``reply`` is said, then the next state's arrival line (``say``). When the reply ends with a sentence
that line starts or ends with (« … par an, en tout. Autre chose ? » then « Autre chose ? »; « Jeudi. Au revoir. »
then « C'est ça. Au revoir. »), the learner reads the client repeat itself: an authoring slip that the playtests
do not see, since every move still goes where it should."""

from __future__ import annotations

import re
from typing import Any

from .diagnostics import Diagnostic
from .scenario import Scenario, lines_of
from .yaml_source import PathKey

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def line_items(value: Any, base: PathKey) -> list[tuple[str, PathKey]]:
    """Each text of a ``Lines`` field with its path (a variant's text is under ``text``)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [(value, base)]
    return [(item, base + (i,)) if isinstance(item, str) else (item.text, base + (i, "text"))
            for i, item in enumerate(value)]


def _plain(sentence: str) -> str:
    """A sentence as a reader hears it: case, no-break spaces and runs of spaces aside."""
    return " ".join(sentence.replace("\u00a0", " ").replace("\u202f", " ").split()).casefold()


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def repeated_line_checks(scenario: Scenario) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    states = scenario.spec.states
    for sid, state in states.items():
        for i, choice in enumerate(state.choices):
            if choice.reply is None:  # most choices: nothing said before the next state's line
                continue
            arriving = states.get(choice.next)
            if arriving is None:
                continue
            said_on_arrival: dict[str, str] = {}
            for text, _ in lines_of(arriving.say):
                sentences = _sentences(text)
                if sentences:
                    said_on_arrival.setdefault(_plain(sentences[0]), text)
                    said_on_arrival.setdefault(_plain(sentences[-1]), text)
            for text, path in line_items(choice.reply, ("states", sid, "choices", i, "reply")):
                sentences = _sentences(text)
                again = said_on_arrival.get(_plain(sentences[-1])) if sentences else None
                if again is None:
                    continue
                last = sentences[-1]
                out.append(scenario.source.diagnostic_in_text(
                    "NS211", path, text.rfind(last),
                    f"la réplique du choix « {choice.id} » finit par « {last} », et l'état « {choice.next} » peut "
                    f"dire juste après « {again} » : le client se répéterait",
                    "retirez cette phrase de la réplique (ou de la phrase d'arrivée de l'état)",
                    severity="warning"))
    return out
