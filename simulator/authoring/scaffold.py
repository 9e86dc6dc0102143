"""``negosim new``: a small, valid, commented scenario and its playtest, for a trainer to grow from.

The templates are plain YAML files in ``templates/`` (one per kind and language), so a trainer reading
them sees exactly what will be written. Only three placeholders are filled in: ``__ID__``, ``__FILE__``
and ``__SCHEMA__`` (the schema modeline, as a path relative to the new file so editors find it).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..content.bundled import schemas_dir
from ..errors import NegosimError

TEMPLATES = Path(__file__).resolve().parent / "templates"
KINDS = {"prospection": "prospection", "negotiation": "negociation", "negociation": "negociation"}
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class ScaffoldError(NegosimError):
    """A scenario cannot be created as asked (bad id, file already there...)."""

    code = "scaffold"


@dataclass(frozen=True)
class Scaffold:
    scenario: Path
    playtest: Path


def schema_ref(schema: Path, written_in: Path) -> str:
    """The modeline target: relative to the file's folder when possible, else a file:// URI."""
    try:
        return Path(os.path.relpath(schema, written_in)).as_posix()
    except ValueError:  # another drive on Windows
        return schema.as_uri()


def render(kind: str, scenario_id: str, lang: str, folder: Path) -> tuple[str, str]:
    """The scenario text and its playtest text, placeholders filled."""
    base = KINDS[kind]
    scenario_file = folder / f"{scenario_id}.yaml"
    test_file = folder / "tests" / f"{scenario_id}.yaml"
    texts = []
    for template, target, schema in ((f"{base}.{lang}.yaml", scenario_file, "scenario"),
                                     (f"{base}.{lang}.test.yaml", test_file, "playtest")):
        text = (TEMPLATES / template).read_text(encoding="utf-8")
        ref = schema_ref(schemas_dir() / f"{schema}.schema.json", target.parent.resolve())
        text = text.replace("__SCHEMA__", ref).replace("__FILE__", str(target)).replace("__ID__", scenario_id)
        texts.append(text)
    return texts[0], texts[1]


def check_id(scenario_id: str) -> None:
    if not SLUG.match(scenario_id) or len(scenario_id) > 80:
        raise ScaffoldError(key="cli.new.bad_id", id=scenario_id)


def create(kind: str, scenario_id: str, lang: str = "fr", folder: Path | None = None) -> Scaffold:
    """Write the scenario and its playtest; refuse to overwrite anything."""
    if kind not in KINDS:
        raise ScaffoldError(key="cli.new.unknown_kind", kind=kind)
    if lang not in ("fr", "en"):
        raise ScaffoldError(key="cli.new.unknown_lang", lang=lang)
    check_id(scenario_id)
    if folder is None:
        from ..store.paths import user_scenarios_dir

        folder = user_scenarios_dir()
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(key="cli.new.not_folder", folder=folder)
    out = Scaffold(folder / f"{scenario_id}.yaml", folder / "tests" / f"{scenario_id}.yaml")
    existing = [p for p in (out.scenario, out.playtest) if p.exists()]
    if existing:
        raise ScaffoldError(key="cli.new.exists" if len(existing) == 1 else "cli.new.both_exist",
                            files=", ".join(map(str, existing)))
    scenario_text, test_text = render(kind, scenario_id, lang, folder)
    try:
        out.playtest.parent.mkdir(parents=True, exist_ok=True)
        with out.scenario.open("x", encoding="utf-8") as f:  # "x": never overwrite, even in a race
            f.write(scenario_text)
        with out.playtest.open("x", encoding="utf-8") as f:
            f.write(test_text)
    except OSError as exc:
        raise ScaffoldError(key="cli.new.write_failed", folder=folder, error=exc.strerror or exc) from None
    return out
