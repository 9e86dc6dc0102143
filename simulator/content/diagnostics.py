"""Located diagnostics: every problem in authored content says where and what to do.

A diagnostic renders as ``file:LINE:COL: where.in.document: what is wrong — how to fix [CODE]``,
the shape compilers use, so editors and CI logs can jump to the spot.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from ..errors import NegosimError

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    severity: Severity
    message: str
    file: str = "<texte>"
    line: int = 0  # 1-based; 0 when the whole file is concerned
    column: int = 0
    where: str = ""  # dotted path in the document, e.g. states.accueil.choices[0].next
    hint: str = ""

    def render(self) -> str:
        loc = self.file
        if self.line:
            loc += f":{self.line}:{self.column}"
        parts = [f"{loc}: "]
        if self.where:
            parts.append(f"{self.where}: ")
        parts.append(self.message)
        if self.hint:
            parts.append(f" — {self.hint}")
        parts.append(f" [{self.code}]")
        if self.severity == "warning":
            parts.insert(1, "avertissement: ")
        return "".join(parts)

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "where": self.where,
            "message": self.message,
            "hint": self.hint,
        }


class ContentError(NegosimError):
    """Raised when a file cannot be loaded; carries every error found, not just the first."""

    code = "content"
    title_key = "error.content.title"
    hint_key = "error.content.hint"

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics: list[Diagnostic] = list(diagnostics)
        super().__init__("\n".join(d.render() for d in self.diagnostics))

    def lines(self, lang: str | None = None) -> list[str]:  # noqa: ARG002 - diagnostics are written in French
        return [d.render() for d in self.diagnostics]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


@dataclass
class DiagnosticSink:
    """Collects diagnostics for one file while checks run."""

    file: str
    items: list[Diagnostic] = field(default_factory=list)

    def add(self, code: str, message: str, *, line: int = 0, column: int = 0, where: str = "",
            hint: str = "", severity: Severity = "error") -> None:
        self.items.append(Diagnostic(code, severity, message, self.file, line, column, where, hint))

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.items)

    def raise_if_errors(self) -> None:
        if self.has_errors:
            raise ContentError(sorted(self.items, key=_order))


def _order(d: Diagnostic) -> tuple[int, int, int]:
    return (0 if d.severity == "error" else 1, d.line, d.column)


def sort_diagnostics(items: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(items, key=_order)


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """A 'did you mean' hint with the nearest valid name, or a list of valid names when few."""
    pool = sorted(set(candidates))
    close = difflib.get_close_matches(name, pool, n=1, cutoff=0.6)
    if close:
        return f"vouliez-vous dire '{close[0]}' ?"
    if not pool:
        return "aucun nom n'est déclaré à cet endroit"
    if len(pool) <= 8:
        return "noms possibles : " + ", ".join(pool)
    return f"{len(pool)} noms possibles, dont " + ", ".join(pool[:6]) + ", …"
