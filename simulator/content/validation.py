"""Structural validation of a YAML document against a model, with located French messages.

Shared by every kind of authored file (scenario, act catalogue, rubric, playtest): the model says what
is allowed, this module turns pydantic's errors into diagnostics at the exact line and column.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .diagnostics import ContentError, Diagnostic, did_you_mean
from .yaml_source import Document, PathKey, SourceMap

M = TypeVar("M", bound=BaseModel)


def validate_document(doc: Document, model: type[M], code: str = "NS020") -> M:
    """Validate ``doc`` against ``model`` or raise ContentError with every problem located."""
    if not isinstance(doc.data, dict):
        raise ContentError([doc.source.diagnostic(code, (), "le fichier doit être un dictionnaire de clés",
                                                  "commencez par « format: 1 » puis les clés du guide")])
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise ContentError(translate_errors(exc, doc.data, doc.source, model, code)) from None


def translate_errors(exc: ValidationError, data: Any, source: SourceMap, model: type[BaseModel],
                     code: str) -> list[Diagnostic]:
    best: dict[PathKey, tuple[int, Diagnostic, PathKey]] = {}
    for err in exc.errors(include_url=False):
        path, depth = _resolve(err["loc"], data, err["type"])
        diag = _describe(err, path, data, source, model, code)
        key = path if err["type"] not in ("missing", "extra_forbidden") else path + ("#" + err["type"],)
        # Unions report one error per branch: keep the one that went deepest into the data.
        parent = key[:-1] if err["type"] in ("missing", "extra_forbidden") else key
        previous = best.get(parent)
        if previous is None or depth > previous[0]:
            best[parent] = (depth, diag, key)
    # Drop an error about a whole value when a deeper one explains it.
    paths = set(best)
    # A missing key next to a misspelt one is one mistake, not two: keep the "did you mean".
    misspelt = {k[:-2] + (d.message,) for _, d, k in best.values() if k[-1] == "#extra_forbidden"}
    out = []
    for parent, (_, diag, key) in best.items():
        if any(len(other) > len(parent) and other[: len(parent)] == parent for other in paths):
            continue
        if key[-1] == "#missing" and any(
                m[:-1] == key[:-2] and difflib.get_close_matches(str(key[-2]), [str(m[-1]).split("« ")[-1].rstrip(" »")],
                                                                 n=1, cutoff=0.6) for m in misspelt):
            continue
        out.append(diag)
    return sorted(out, key=lambda d: (d.line, d.column))


def _resolve(loc: tuple[Any, ...], data: Any, kind: str = "missing") -> tuple[PathKey, int]:
    """Map a pydantic location to a path in the data, skipping union branch labels."""
    path: list[str | int] = []
    node = data
    depth = 0
    for seg in loc:
        in_dict = isinstance(node, dict) and isinstance(seg, str) and seg in node
        in_list = isinstance(node, list) and isinstance(seg, int) and 0 <= seg < len(node)
        if in_dict or in_list:
            path.append(seg)
            node = node[seg]
            depth += 1
        elif isinstance(node, dict) and isinstance(seg, str) and seg == loc[-1] and kind == "missing":
            path.append(seg)  # a missing key: name it
        # otherwise a union branch label such as 'str' or 'list[...]': skip it
    return tuple(path), depth


def _value_at(data: Any, path: PathKey) -> Any:
    for seg in path:
        try:
            data = data[seg]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _fields_at(model: type[BaseModel], path: PathKey) -> list[str]:
    """Names allowed at ``path`` (for 'did you mean'), found by walking the model's types along the path:
    through fields, list items and the values of free-form dictionaries (states, variables...)."""
    current: Any = model
    for seg in path:
        current = _step_type(current, seg)
        if current is None:
            return []
    model_at = _inner_model(current)
    fields = getattr(model_at, "model_fields", {}) if model_at is not None else {}
    return [f.alias or n for n, f in fields.items()]


def _step_type(annotation: Any, seg: str | int) -> Any:
    """The type found one step further along a path, from a model, a list or a dictionary type."""
    import typing

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        match = next((f for n, f in annotation.model_fields.items() if (f.alias or n) == seg), None)
        return match.annotation if match is not None else None
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is list and isinstance(seg, int):
        return args[0] if args else None
    if origin is dict and isinstance(seg, str):
        return args[1] if len(args) == 2 else None
    if origin is typing.Annotated:
        return _step_type(args[0], seg)
    # a union (X | None, or alternatives): the first branch that knows this step
    for arg in args:
        found = _step_type(arg, seg)
        if found is not None:
            return found
    return None


def _inner_model(annotation: Any) -> Any:
    import typing

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


_TYPE_WORDS = {
    "string_type": "un texte",
    "int_type": "un nombre entier",
    "int_from_float": "un nombre entier",
    "float_type": "un nombre",
    "bool_type": "true ou false",
    "list_type": "une liste (lignes commençant par « - »)",
    "dict_type": "un dictionnaire de clés",
    "model_type": "un dictionnaire de clés",
    "model_attributes_type": "un dictionnaire de clés",
}


def _describe(err: Mapping[str, Any], path: PathKey, data: Any, source: SourceMap, model: type[BaseModel],
              code: str) -> Diagnostic:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = _value_at(data, path)
    raw = source.raw(path)
    if kind == "missing":
        name = path[-1] if path else "?"
        return source.diagnostic(code, path[:-1], f"clé obligatoire « {name} » manquante",
                                 f"ajoutez « {name}: … » (voir docs/authoring.md)")
    if kind == "extra_forbidden":
        name = str(path[-1])
        allowed = _fields_at(model, path[:-1])
        return source.diagnostic(code, path, f"clé inconnue « {name} »", did_you_mean(name, allowed), key=True)
    if kind in _TYPE_WORDS:
        want = _TYPE_WORDS[kind]
        got = _describe_value(value, raw)
        hint = ""
        if kind == "string_type" and raw is not None:
            hint = f"mettez-le entre guillemets : \"{raw}\""
        elif kind == "bool_type" and isinstance(value, str):
            hint = "écrivez true ou false"
        elif kind in ("int_type", "int_from_float") and isinstance(value, str):
            hint = "écrivez le nombre sans guillemets ni unité (ex. 1200)"
        return source.diagnostic(code, path, f"{want} attendu, trouvé {got}", hint)
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        return source.diagnostic(code, path, f"valeur « {value} » non reconnue",
                                 did_you_mean(str(value), _literal_options(expected)) if value is not None
                                 else f"valeurs possibles : {expected}")
    if kind == "union_tag_invalid" or kind == "union_tag_not_found":
        return source.diagnostic(code, path, "type de variable inconnu ou absent",
                                 "type: int, bool ou set")
    if kind == "string_pattern_mismatch":
        return source.diagnostic(code, path, f"identifiant « {value} » mal formé",
                                 "minuscules, chiffres et _ (et - pour les états et les choix), sans accent ni espace")
    if kind in ("too_short", "string_too_short"):
        return source.diagnostic(code, path, "valeur vide", "donnez au moins un élément")
    if kind in ("too_long", "string_too_long"):
        return source.diagnostic(code, path, "valeur trop longue", "raccourcissez-la")
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = next(iter(ctx.values()), "")
        words = {"greater_than": "supérieur à", "greater_than_equal": "au moins", "less_than": "inférieur à",
                 "less_than_equal": "au plus"}[kind]
        return source.diagnostic(code, path, f"valeur {value} hors limites : {words} {bound} attendu", "")
    return source.diagnostic(code, path, err.get("msg", "valeur invalide"), "")


def _literal_options(expected: str) -> list[str]:
    return [part.strip().strip("'") for part in expected.replace(" or ", ",").split(",") if part.strip()]


def _describe_value(value: Any, raw: str | None) -> str:
    if raw is not None and isinstance(value, bool):
        return f"« {raw} » (lu comme un booléen)"
    if raw is not None and value is None:
        return "une valeur vide"
    if raw is not None:
        return f"« {raw} » (lu comme un nombre)"
    if isinstance(value, dict):
        return "un dictionnaire"
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, str):
        short = value if len(value) < 30 else value[:27] + "…"
        return f"le texte « {short} »"
    return f"« {value} »"


# ---------------------------------------------------------------- salvage: keep checking past structural errors

_GIVE_UP = object()


def validate_salvaged(doc: Document, model: type[M], code: str = "NS020",
                      rounds: int = 8) -> tuple[M | None, list[Diagnostic], list[PathKey]]:
    """Validate ``doc``; on structural errors, also return a repaired model so the meaning can be checked too.

    Returns (model or None, structural diagnostics, repaired paths). A faulty value is replaced by a neutral
    one of the right type, or removed where the format has a default for it; the caller must ignore what it
    finds at the repaired paths (their real content is already reported). When no safe repair exists (a
    whole state of the wrong shape, say), the model is None: only the structural errors are reported."""
    if not isinstance(doc.data, dict):
        validate_document(doc, model, code)  # raises the located "must be a dictionary" error
    try:
        return model.model_validate(doc.data), [], []
    except ValidationError as exc:
        first = translate_errors(exc, doc.data, doc.source, model, code)
        error = exc
    import copy

    data = copy.deepcopy(doc.data)
    repaired: list[PathKey] = []
    for _ in range(rounds):
        for err in error.errors(include_url=False):
            path, _depth = _resolve(err["loc"], data, err["type"])
            if err["type"] == "missing":
                target = _repair_missing(model, data, path)
            else:
                target = _repair(model, data, path)
            if target is _GIVE_UP:
                return None, first, repaired
            repaired.append(target)
        data = _drop_removed(data)
        try:
            return model.model_validate(data), first, repaired
        except ValidationError as exc:
            error = exc
    return None, first, repaired


_REMOVED = object()


def _drop_removed(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _drop_removed(v) for k, v in node.items() if v is not _REMOVED}
    if isinstance(node, list):
        return [_drop_removed(v) for v in node if v is not _REMOVED]
    return node


def _field_at(model: type[BaseModel], path: PathKey) -> Any:
    """The pydantic FieldInfo naming the last step of ``path`` when it is a model field, else None."""
    current: Any = model
    for seg in path[:-1]:
        current = _step_type(current, seg)
        if current is None:
            return None
    owner = _inner_model(current) if not (isinstance(current, type) and issubclass(current, BaseModel)) else current
    if owner is None or not isinstance(path[-1], str):
        return None
    # the owner must be the model itself, not a dict of models (a state id is not a field)
    import typing

    if typing.get_origin(current) is dict:
        return None
    return next((f for n, f in owner.model_fields.items() if (f.alias or n) == path[-1]), None)


def _placeholder(field: Any) -> Any:
    """A neutral value the field accepts, or _GIVE_UP."""
    from typing import Annotated, get_args, get_origin

    from pydantic import TypeAdapter

    candidates: list[Any] = []

    def literals(t: Any) -> None:
        if get_origin(t) is Literal:
            candidates.extend(get_args(t))
        for a in get_args(t):
            literals(a)

    from typing import Literal

    literals(field.annotation)
    candidates += ["x", "texte", 1, 2, 100, 1000, True, 0.5, [], {}]
    # the field's constraints (bounds, lengths, patterns) without its alias, which only a model field may carry
    adapter = TypeAdapter(Annotated[(field.annotation, *field.metadata)] if field.metadata  # type: ignore[arg-type]  # a type built at run time
                          else field.annotation)
    for value in candidates:
        try:
            adapter.validate_python(value, strict=True)
            return value
        except (ValidationError, TypeError, ValueError):
            continue
    return _GIVE_UP


def _set(data: Any, path: PathKey, value: Any) -> None:
    node = data
    for seg in path[:-1]:
        node = node[seg]
    node[path[-1]] = value


def _repair(model: type[BaseModel], data: Any, path: PathKey) -> Any:
    """Repair the value at ``path``: remove it where allowed, else put a neutral value; return the path."""
    for end in range(len(path), 0, -1):
        sub = path[:end]
        if _value_at(data, sub[:-1]) is None:
            continue
        parent = _value_at(data, sub[:-1])
        if isinstance(sub[-1], int):
            if isinstance(parent, list) and sub[-1] < len(parent):
                parent[sub[-1]] = _REMOVED  # an item of a list (a choice, a line): drop it
                return sub
            continue
        field = _field_at(model, sub)
        if field is None:
            owner = _type_at(model, sub[:-1])
            import typing

            if typing.get_origin(owner) is dict:
                if _inner_model(owner) is not None:
                    return _GIVE_UP  # a whole state, variable or objection: others refer to it
                parent.pop(sub[-1], None)  # a free entry nobody refers to (a reaction...)
                return sub
            if end == len(path) and isinstance(parent, dict):
                parent.pop(sub[-1], None)  # an unknown key: drop it
                return sub
            return _GIVE_UP
        if not field.is_required():
            if isinstance(parent, dict):
                parent.pop(sub[-1], None)
            return sub
        value = _placeholder(field)
        if value is not _GIVE_UP:
            _set(data, sub, value)
            return sub
    return _GIVE_UP


def _type_at(model: type[BaseModel], path: PathKey) -> Any:
    current: Any = model
    for seg in path:
        current = _step_type(current, seg)
        if current is None:
            return None
    return current


def _repair_missing(model: type[BaseModel], data: Any, path: PathKey) -> Any:
    field = _field_at(model, path)
    if field is None:
        return _GIVE_UP
    value = _placeholder(field)
    if value is _GIVE_UP:
        return _GIVE_UP
    parent = _value_at(data, path[:-1])
    if not isinstance(parent, dict):
        return _GIVE_UP
    parent[path[-1]] = value
    return path
