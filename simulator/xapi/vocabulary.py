"""The IRIs of negosim's xAPI profile: ADL verbs and activity types, negosim's own extensions.

Verbs and activity types come from the published ADL vocabulary (http://adlnet.gov/expapi/verbs/…,
https://w3id.org/xapi/adl/verbs/…); what ADL does not name (a criterion's level, the seal of an exam
record) is an extension under ``PROFILE``. docs/xapi.md lists each with its meaning.
"""

from __future__ import annotations

import uuid

PROFILE = "https://w3id.org/xapi/negosim"
PROFILE_VERSION = "1.0"

VERBS = {
    "launched": ("http://adlnet.gov/expapi/verbs/launched", "a lancé", "launched"),
    "completed": ("http://adlnet.gov/expapi/verbs/completed", "a terminé", "completed"),
    "terminated": ("http://adlnet.gov/expapi/verbs/terminated", "a été arrêté", "terminated"),
    "abandoned": ("https://w3id.org/xapi/adl/verbs/abandoned", "a abandonné", "abandoned"),
    "responded": ("http://adlnet.gov/expapi/verbs/responded", "a répondu", "responded"),
}
# the verbs that close a session and carry its result
END_VERBS = ("completed", "terminated", "abandoned")

SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
INTERACTION = "http://adlnet.gov/expapi/activities/interaction"
PROFILE_TYPE = "http://adlnet.gov/expapi/activities/profile"
GROUP_TYPE = f"{PROFILE}/activity-types/group"


def ext(name: str) -> str:
    """The IRI of one of negosim's extensions (``criteria``, ``session``, ``exam``…)."""
    return f"{PROFILE}/extensions/{name}"


def scenario_iri(scenario_id: str) -> str:
    return f"{PROFILE}/scenarios/{scenario_id}"


def state_iri(scenario_id: str, state: str) -> str:
    return f"{PROFILE}/scenarios/{scenario_id}/states/{state}"


def group_iri(group: str) -> str:
    from urllib.parse import quote

    return f"{PROFILE}/groups/{quote(group, safe='')}"


# Statement ids and registrations are UUIDs derived from the journal (version 5 in this namespace): the
# same session always gives the same ids, so sending twice never stores twice.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, PROFILE)


def derived_id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))
