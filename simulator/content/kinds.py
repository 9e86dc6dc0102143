"""The kinds of authored file negosim reads, told apart by their top-level keys.

Each kind has a loader that raises ContentError (located diagnostics) or returns warnings.
Other modules (rubric, playtests) register their kind here so ``negosim validate`` knows them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .diagnostics import ContentError, Diagnostic
from .yaml_source import Document, load_document


@dataclass(frozen=True)
class Kind:
    name: str
    detect: Callable[[dict[str, Any]], bool]
    check: Callable[[Document], list[Diagnostic]]  # returns warnings, raises ContentError on errors


KINDS: list[Kind] = []


def register(kind: Kind) -> None:
    if all(k.name != kind.name for k in KINDS):
        KINDS.insert(0, kind)


def _check_scenario(doc: Document) -> list[Diagnostic]:
    from .checks import validate_hooks
    from .loader import compile_document

    scenario = compile_document(doc)
    return list(scenario.warnings) + validate_hooks(scenario)


def _check_acts(doc: Document) -> list[Diagnostic]:
    from .acts import load_catalogue

    load_catalogue(Path(doc.source.file))
    return []


def _builtin_kinds() -> None:
    KINDS.append(Kind("acts", lambda d: "acts" in d, _check_acts))
    KINDS.append(Kind("scenario", lambda d: True, _check_scenario))
    # Kinds from other modules register on import.
    for module in ("simulator.scoring.rubric", "simulator.playtest", "simulator.written.bank"):
        try:
            __import__(module)
        except ImportError:
            pass


def detect(doc: Document) -> Kind:
    if not any(k.name == "scenario" for k in KINDS):  # other modules may have registered first
        _builtin_kinds()
    data = doc.data if isinstance(doc.data, dict) else {}
    return next(k for k in KINDS if k.detect(data))


def check_file(path: Path) -> tuple[str, list[Diagnostic]]:
    """Load and check one file of any kind: (kind name, diagnostics)."""
    name = "?"
    try:
        doc = load_document(path)
        kind = detect(doc)
        name = kind.name
        return name, kind.check(doc)
    except ContentError as exc:
        return name, exc.diagnostics
