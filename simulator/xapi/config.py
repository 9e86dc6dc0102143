"""Where statements go: the ``xapi`` section of the settings file, overridden by the environment.

Nothing here is required: with no endpoint, negosim sends nothing and behaves as before (``negosim
export xapi`` still writes statements to a file). A damaged section is reported, never fatal.

Settings file (``settings.json`` in the data folder)::

    {"xapi": {"endpoint": "http://127.0.0.1:8100/xAPI/", "username": "negosim", "password": "…",
              "homepage": "https://ecole.example", "group": "ndrc-2026-a", "turns": false}}

Environment: ``NEGOSIM_LRS_ENDPOINT``, ``NEGOSIM_LRS_USERNAME``, ``NEGOSIM_LRS_PASSWORD``,
``NEGOSIM_LRS_HOMEPAGE``, ``NEGOSIM_GROUP``, ``NEGOSIM_XAPI_TURNS`` (1 or 0).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import nt, t
from ..store.paths import data_dir

SETTINGS_FILE = "settings.json"
DEFAULT_HOMEPAGE = "https://negosim.invalid"  # reserved name: a school sets its own (docs/xapi.md)
ENV = {"endpoint": "NEGOSIM_LRS_ENDPOINT", "username": "NEGOSIM_LRS_USERNAME", "password": "NEGOSIM_LRS_PASSWORD",
       "homepage": "NEGOSIM_LRS_HOMEPAGE", "group": "NEGOSIM_GROUP", "turns": "NEGOSIM_XAPI_TURNS"}


@dataclass(frozen=True)
class ConfigProblem:
    """Something wrong in the settings, said in the reader's language (``str()``: French, for logs)."""

    key: str  # cli.xapi.* in simulator/i18n/cli_*.py
    fields: tuple[tuple[str, str], ...] = ()
    count: int | None = None  # for a sentence that agrees with a number

    def message(self, lang: str = "fr") -> str:
        fields = dict(self.fields)
        return t(self.key, lang, **fields) if self.count is None else nt(self.key, self.count, lang, **fields)

    def __str__(self) -> str:
        return self.message("fr")


def _problem(key: str, count: int | None = None, **fields: object) -> ConfigProblem:
    return ConfigProblem(key, tuple((k, str(v)) for k, v in fields.items()), count)


@dataclass(frozen=True)
class XapiConfig:
    endpoint: str | None = None  # the LRS's xAPI base, e.g. http://127.0.0.1:8100/xAPI/
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    homepage: str = DEFAULT_HOMEPAGE  # the learners' accounts are named on this site
    group: str | None = None  # the class: a grouping activity, what a trainer queries
    turns: bool = False  # one statement per turn besides the session's
    problems: tuple[ConfigProblem, ...] = ()

    @property
    def sends(self) -> bool:
        return bool(self.endpoint)

    @property
    def statements_url(self) -> str:
        assert self.endpoint
        return self.endpoint.rstrip("/") + "/statements"


def _truthy(value: object) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes", "oui", "on"}


def load_config(folder: Path | None = None) -> XapiConfig:
    """The settings file's ``xapi`` section, each value overridden by its environment variable."""
    values: dict[str, object] = {}
    problems: list[ConfigProblem] = []
    path = (folder or data_dir()) / SETTINGS_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        section = raw.get("xapi", {}) if isinstance(raw, dict) else {}
        if not isinstance(section, dict):
            problems.append(_problem("cli.xapi.not_object", path=path))
            section = {}
        values.update({k: v for k, v in section.items() if k in ENV and v not in (None, "")})
        unknown = sorted(set(section) - set(ENV))
        if unknown:
            problems.append(_problem("cli.xapi.unknown_keys", len(unknown), path=path, keys=", ".join(unknown),
                                     expected=", ".join(ENV)))
    except FileNotFoundError:
        pass
    except (OSError, ValueError) as exc:
        problems.append(_problem("cli.xapi.unreadable", path=path, error=exc))
    for key, var in ENV.items():
        if os.environ.get(var):
            values[key] = os.environ[var]
    endpoint = values.get("endpoint")
    if endpoint is not None and not str(endpoint).startswith(("http://", "https://")):
        problems.append(_problem("cli.xapi.bad_endpoint", endpoint=endpoint))
        endpoint = None
    return XapiConfig(endpoint=str(endpoint) if endpoint else None,
                      username=str(values["username"]) if values.get("username") else None,
                      password=str(values["password"]) if values.get("password") else None,
                      homepage=str(values.get("homepage") or DEFAULT_HOMEPAGE),
                      group=str(values["group"]) if values.get("group") else None,
                      turns=_truthy(values.get("turns", False)), problems=tuple(problems))
