"""The checks a written criterion of the rubric is made of: their ids, the work each reads, their labels.

A rubric's written criterion lists checks by id with their points (``rubrics/rncp-27413.yaml``, ``written:``
in a block); the rubric loader refuses an id not listed here. What each check looks at is in
``preparation_grading`` and ``followup_grading``, and told to trainers in docs/scoring.md (« Les écrits »).
Textual-free, import-free: the rubric loader reads it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CheckInfo:
    work: str  # the kind of work (model.WORK_KINDS) it reads
    label_fr: str
    label_en: str
    price_only: bool = False  # applies only to a scenario with a price negotiation


CHECKS: dict[str, CheckInfo] = {
    # the preparation sheet, against the scenario's hidden ``preparation:`` section
    "decideur": CheckInfo("preparation", "Décideur identifié", "Decision maker identified"),
    "acteurs": CheckInfo("preparation", "Acteurs à rencontrer", "Actors worth meeting"),
    "mobiles": CheckInfo("preparation", "Hypothèses SONCAS", "SONCAS hypotheses"),
    "questions": CheckInfo("preparation", "Questions ouvertes prévues", "Open questions planned"),
    "besoins": CheckInfo("preparation", "Besoins à explorer couverts par les questions",
                         "Needs worth probing covered by the questions"),
    "argument": CheckInfo("preparation", "Argument d'ouverture en lien avec les besoins",
                          "Lead argument linked to the needs"),
    "plan_prix": CheckInfo("preparation", "Plan de prix (annonce, objectif, rupture)",
                           "Price plan (opening, target, walk-away)", price_only=True),
    "contreparties": CheckInfo("preparation", "Contreparties prévues, dans l'ordre",
                               "Counterparts planned, in order", price_only=True),
    # the CRM note and the follow-up email, against the session's own record
    "crm_issue": CheckInfo("crm_note", "Issue de l'entretien fidèle", "Interview outcome recorded faithfully"),
    "crm_conditions": CheckInfo("crm_note", "Prix et contreparties conformes à l'accord",
                                "Price and counterparts as agreed"),
    "crm_objections": CheckInfo("crm_note", "Objections consignées", "Objections recorded"),
    "crm_besoins": CheckInfo("crm_note", "Besoins découverts consignés", "Needs found recorded"),
    "crm_suite": CheckInfo("crm_note", "Prochaine étape datée", "Next step with a date"),
    "email_forme": CheckInfo("email", "Forme d'un courriel professionnel", "Form of a business email"),
    "email_contenu": CheckInfo("email", "Récapitulatif fidèle et prochaine étape",
                               "Faithful recap and next step"),
}


__all__ = ["CHECKS", "CheckInfo"]
