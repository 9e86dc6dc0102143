"""JSON Schema (draft-07, the dialect editors' YAML servers support best) generated from the models.

The committed copies under ``simulator/schemas/`` are what the modelines of YAML files point to;
a test fails when they are stale (regenerate with ``negosim schema --write``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
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
    for module in ("simulator.scoring.rubric", "simulator.playtest"):
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
        "$id": f"https://negosim.invalid/schemas/{name}.schema.json",
    }
    out.update(schema)
    if defs:
        out["definitions"] = defs
    return _draft07(out)


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


def path_of(name: str):
    return schemas_dir() / f"{name}.schema.json"


def write_all() -> list[str]:
    written = []
    for name in names():
        path = path_of(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(name), encoding="utf-8")
        written.append(str(path))
    return written
