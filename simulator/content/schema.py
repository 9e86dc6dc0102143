"""JSON Schema (draft-07, the dialect editors' YAML servers support best) generated from the models.

The committed copies under ``simulator/schemas/`` are what the modelines of YAML files point to;
a test fails when they are stale (regenerate with ``negosim schema --write``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .bundled import schemas_dir

_MODELS: dict[str, Callable[[], type[BaseModel]]] = {}


def register_schema(name: str, model: Callable[[], type[BaseModel]]) -> None:
    _MODELS[name] = model


def _builtin() -> None:
    from .spec import ActCatalogue, ScenarioSpec

    _MODELS.setdefault("scenario", lambda: ScenarioSpec)
    _MODELS.setdefault("acts", lambda: ActCatalogue)
    for module in ("simulator.scoring.rubric", "simulator.playtest", "simulator.written.bank"):
        try:
            __import__(module)
        except ImportError:
            pass


def names() -> list[str]:
    _builtin()
    return sorted(_MODELS)


def build(name: str) -> dict[str, Any]:
    _builtin()
    model = _MODELS[name]()
    schema = model.model_json_schema(ref_template="#/definitions/{model}", by_alias=True, mode="validation")
    defs = schema.pop("$defs", {})
    out: dict[str, Any] = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        # A name, not an address: it stays the same wherever the file or the schema is (see SCHEMA_ID).
        "$id": schema_id(name),
    }
    out.update(schema)
    if defs:
        out["definitions"] = defs
    out = _draft07(out)
    _document(out, model.__name__)
    for hook in _ENUMS.get(name, ()):
        hook(out)
    return out


def schema_id(name: str) -> str:
    """The stable identity of a schema (a URN: it names the format version, not a place on a disk)."""
    return f"urn:negosim:schema:{name}:1"


def _document(schema: dict[str, Any], root: str) -> None:
    """French (and English) descriptions for every key an author writes; no English auto-titles."""
    from .schema_docs import DESCRIPTIONS

    def fill(node: dict[str, Any], model: str) -> None:
        node.pop("title", None)
        for key, prop in (node.get("properties") or {}).items():
            prop.pop("title", None)
            if "description" not in prop:
                text = DESCRIPTIONS.get(f"{model}.{key}") or DESCRIPTIONS.get(key)
                if text:
                    prop["description"] = text

    fill(schema, root)
    for name, definition in (schema.get("definitions") or {}).items():
        fill(definition, name)


def _scenario_enums(schema: dict[str, Any]) -> None:
    """Completion for the dialogue acts: the choices' acts and the reactions' keys list the catalogue."""
    from .acts import ENGINE_ACTS, default_catalogue

    acts = sorted(default_catalogue().acts)
    choice = schema["definitions"]["Choice"]["properties"]["acts"]
    choice["items"]["enum"] = [a for a in acts if a not in ENGINE_ACTS]
    schema["properties"]["reactions"]["propertyNames"]["enum"] = acts


def _playtest_enums(schema: dict[str, Any]) -> None:
    """Completion for the criterion ids a playtest may expect a level of."""
    try:
        from simulator.scoring import default_rubric
    except ImportError:
        return
    ids = list(default_rubric().criteria)
    schema["definitions"]["Expect"]["properties"]["levels"]["propertyNames"]["enum"] = ids


_ENUMS: dict[str, tuple[Callable[[dict[str, Any]], None], ...]] = {
    "scenario": (_scenario_enums,),
    "playtest": (_playtest_enums,),
}


def _draft07(node: Any) -> Any:
    """Pydantic writes a few 2020-12 idioms; rewrite them in draft-07 terms."""
    if isinstance(node, dict):
        node = {k: _draft07(v) for k, v in node.items()}
        if "const" in node and "enum" not in node:
            node["enum"] = [node["const"]]
        if "discriminator" in node:
            node.pop("discriminator")
        return node
    if isinstance(node, list):
        return [_draft07(v) for v in node]
    return node


def render(name: str) -> str:
    return json.dumps(build(name), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def path_of(name: str) -> Path:
    return schemas_dir() / f"{name}.schema.json"


def write_all() -> list[str]:
    written = []
    for name in names():
        path = path_of(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(name), encoding="utf-8")
        written.append(str(path))
    return written
