"""The checks a written criterion of the rubric is made of: their ids and the work each reads.

A rubric's written criterion lists checks by id with their points (``rubrics/rncp-27413.yaml``, ``written:``
in a block); the rubric loader refuses an id not listed here. What each check looks at is in
``preparation_grading`` and ``followup_grading``, and told to trainers in docs/scoring.md (« Les écrits »);
each check's name is in the catalogs (``written.check.<id>``, simulator/i18n/written_*.py).
Textual-free, import-free: the rubric loader reads it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CheckInfo:
    work: str  # the kind of work (model.WORK_KINDS) it reads
    price_only: bool = False  # applies only to a scenario with a price negotiation


CHECKS: dict[str, CheckInfo] = {
    # the preparation sheet, against the scenario's hidden ``preparation:`` section
    "decideur": CheckInfo("preparation"),
    "acteurs": CheckInfo("preparation"),
    "mobiles": CheckInfo("preparation"),
    "questions": CheckInfo("preparation"),
    "besoins": CheckInfo("preparation"),
    "argument": CheckInfo("preparation"),
    "plan_prix": CheckInfo("preparation", price_only=True),
    "contreparties": CheckInfo("preparation", price_only=True),
    # the CRM note and the follow-up email, against the session's own record
    "crm_issue": CheckInfo("crm_note"),
    "crm_conditions": CheckInfo("crm_note"),
    "crm_objections": CheckInfo("crm_note"),
    "crm_besoins": CheckInfo("crm_note"),
    "crm_suite": CheckInfo("crm_note"),
    "email_forme": CheckInfo("email"),
    "email_contenu": CheckInfo("email"),
}


__all__ = ["CHECKS", "CheckInfo"]
