"""The learner's UI settings (name, language, theme, remapped keys), kept as JSON in the data dir.

A damaged or hand-edited file never stops the app: unreadable values are ignored and reported.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .paths import data_dir

FILE_NAME = "settings.json"


class Settings:
    """A plain class, not a dataclass: read at every start of the app, and a dataclass compiles its generated
    methods when its module loads (about half a percent of the start)."""

    def __init__(self, lang: str | None = None, theme: str | None = None, keymap: dict[str, str] | None = None,
                 free_text: bool = False, learner: str | None = None, problems: list[str] | None = None) -> None:
        self.lang = lang
        self.theme = theme
        self.keymap: dict[str, str] = keymap if keymap is not None else {}  # binding id -> keys, e.g. {"negosim.hint": "f5"}
        self.free_text = free_text  # type one's own lines instead of picking options (docs/free-text.md)
        self.learner = learner  # the name given at the first start, in the journals and reports
        self.problems: list[str] = problems if problems is not None else []

    @property
    def path(self) -> Path:
        return data_dir() / FILE_NAME

    @classmethod
    def load(cls) -> Settings:
        out = cls()
        path = out.path
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return out
        except json.JSONDecodeError as exc:  # a hand edit gone wrong: where, and what to do
            out.problems.append(_notice("err.settings.json", path=str(path), line=exc.lineno, column=exc.colno))
            return out
        except UnicodeDecodeError:
            out.problems.append(_notice("err.settings.encoding", path=str(path)))
            return out
        except OSError as exc:
            out.problems.append(f"{path} : {exc.strerror or exc}")
            return out
        if not isinstance(raw, dict):
            out.problems.append(_notice("err.settings.not_object", path=str(path)))
            return out
        if isinstance(raw.get("lang"), str):
            out.lang = raw["lang"]
        if isinstance(raw.get("theme"), str):
            out.theme = raw["theme"]
        if isinstance(raw.get("learner"), str) and raw["learner"].strip():
            out.learner = raw["learner"]
        if isinstance(raw.get("free_text"), bool):
            out.free_text = raw["free_text"]
        keymap = raw.get("keymap", {})
        if isinstance(keymap, dict):
            out.keymap = {str(k): v for k, v in keymap.items() if isinstance(v, str) and v.strip()}
        return out

    def save(self) -> None:
        data = {"lang": self.lang, "theme": self.theme, "keymap": self.keymap, "free_text": self.free_text,
                "learner": self.learner}
        try:  # other sections of the file (``xapi``: the LRS, docs/xapi.md) are kept as they are
            kept = json.loads(self.path.read_text(encoding="utf-8"))
            data = {**kept, **data} if isinstance(kept, dict) else data
        except (OSError, ValueError):
            pass
        tmp = self.path.with_suffix(".tmp")
        try:
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass  # a read-only data dir must not break the UI; the setting just lasts this session


def _notice(key: str, **values: str | int) -> str:
    """A problem with the settings file, worded in the learner's language when it is shown."""
    from ..i18n.phrase import phrase  # only for these notices: the app's start-up reads settings, rarely bad ones
    from .notice import Notice

    return Notice(phrase(key, **values))
