"""The jury's questions, as typed models: the bank (``rubrics/jury-questions.yaml``) and a scenario's own.

A question is put to the candidate after an exam's interview (issue 18). Three kinds:
``turn`` (templated on the candidate's own session: ``{n}`` the turn, ``{line}`` what they said there),
``knowledge`` (legal and commercial facts, pre-graded from ``auto``) and ``reflection`` (justify a choice,
analyse one's performance). ``check_questions`` gives the located semantic problems of a list of them, for
the bank's loader (``simulator/written/bank.py``) and the scenario's loader alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Literal, get_args

from pydantic import Field

from .spec import AutoSpec, JuryQuestionSpec, QuestionKind, Slug, Strict, TurnPick

QUESTION_KINDS: tuple[str, ...] = get_args(QuestionKind)
# What a turn question's text may quote from the session; other kinds quote nothing.
TURN_VALUES = ("n", "line")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_WORDY = re.compile(r"[^\W_]")  # a letter or a digit

class JuryBankSpec(Strict):
    format: Literal[1]
    id: Slug
    rubric: Slug | None = Field(None, description="La grille dont les critères sont cités (criteria).")
    questions: list[JuryQuestionSpec] = Field(min_length=1)


DocPath = tuple[str | int, ...]  # where in the document: keys and list indexes
Report = Callable[[str, DocPath, str, str], None]  # (code, path, message, hint)


def check_questions(questions: Sequence[JuryQuestionSpec], path: DocPath, report: Report, code: str,
                    duplicate_code: str | None = None) -> None:
    """Report what the models cannot see: duplicate ids, placeholders, fields that do not fit the kind."""
    seen: dict[str, int] = {}
    for i, q in enumerate(questions):
        qpath = path + (i,)
        if q.id in seen:
            report(duplicate_code or code, qpath + ("id",), f"question « {q.id} » déjà déclarée (question n°{seen[q.id] + 1})",
                   "chaque question a un identifiant unique")
        seen.setdefault(q.id, i)
        for name in ("text_fr", "text_en"):
            _check_placeholders(q, name, qpath, report, code)
        if q.kind != "turn" and q.turn is not None:
            report(code, qpath + ("turn",), "« turn » ne vaut que pour une question de tour (kind: turn)",
                   "retirez « turn » ou mettez « kind: turn »")
        if q.kind == "turn" and q.auto is not None:
            report(code, qpath + ("auto",), "une question de tour ne se pré-corrige pas : la réponse est personnelle",
                   "retirez « auto » ; seules les questions factuelles (knowledge) en ont un")
        if q.auto is not None:
            _check_auto(q.auto, qpath + ("auto",), report, code)


def _check_placeholders(q: JuryQuestionSpec, name: str, qpath: DocPath, report: Report, code: str) -> None:
    text = getattr(q, name)
    found = [m.group(1) for m in PLACEHOLDER.finditer(text)]
    if q.kind != "turn":
        if found:
            report(code, qpath + (name,), f"valeur « {{{found[0]}}} » dans une question qui ne porte pas sur un tour",
                   "seules les questions de tour (kind: turn) citent {n} et {line}")
        return
    for value in found:
        if value not in TURN_VALUES:
            report(code, qpath + (name,), f"valeur inconnue « {{{value}}} » dans la question",
                   "valeurs possibles : {n} (le numéro du tour), {line} (ce que le candidat y a dit)")
    if "n" not in found:
        report(code, qpath + (name,), "une question de tour doit citer son tour : {n}",
               "par exemple « Au tour {n}, vous avez dit « {line} » : pourquoi ? »")


def _check_auto(auto: AutoSpec, apath: DocPath, report: Report, code: str) -> None:
    if auto.partial > len(auto.groups):
        report(code, apath + ("partial",), f"partial ({auto.partial}) dépasse le nombre de groupes ({len(auto.groups)})",
               "une réponse partielle contient au plus tous les groupes : baissez partial")
    for g, group in enumerate(auto.groups):
        for f, form in enumerate(group):
            if isinstance(form, str) and not _WORDY.search(form):
                report(code, apath + ("groups", g, f), f"la forme « {form} » ne contient ni lettre ni chiffre",
                       "écrivez un mot, une expression ou un nombre")


__all__ = ["AutoSpec", "JuryBankSpec", "JuryQuestionSpec", "PLACEHOLDER", "QUESTION_KINDS", "QuestionKind",
           "TURN_VALUES", "TurnPick", "check_questions"]
