"""Safe, strict YAML reading that keeps where every value came from.

Only the safe loader is used (the C one when available). We compose the node graph rather than
constructing Python objects, then build plain values ourselves so that we can:
- refuse duplicate keys, unknown tags (python/*), cycles and alias bombs before they expand;
- resolve plain scalars with YAML 1.2 core rules (``no`` stays the string "no");
- remember the line and column of every key and value for located error messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import ContentError, Diagnostic

MAX_BYTES = 16 * 1024 * 1024  # a 10,000-state scenario is about 4 MiB
MAX_NODES = 2_000_000  # values after alias expansion
MAX_ALIASES = 1_000

PathKey = tuple[str | int, ...]

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader whose implicit typing follows YAML 1.2 core, not YAML 1.1."""


_StrictLoader.yaml_implicit_resolvers = {}
for _tag, _regexp, _first in [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
]:
    _StrictLoader.add_implicit_resolver(_tag, re.compile(_regexp), _first)

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null")}


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of a document stands in its file."""

    file: str
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    # For scalars read as something else than text: the text the author wrote.
    raw: dict[PathKey, str] = field(default_factory=dict)

    def locate(self, path: PathKey, *, key: bool = False) -> tuple[int, int]:
        """Line and column of a path, falling back to its nearest located ancestor."""
        table = self.keys if key else self.values
        p = tuple(path)
        while p:
            if p in table:
                return table[p]
            if p in self.values:
                return self.values[p]
            p = p[:-1]
        return self.values.get((), (1, 1))

    def diagnostic(self, code: str, path: PathKey, message: str, hint: str = "", *,
                   key: bool = False, severity: str = "error") -> Diagnostic:
        line, col = self.locate(path, key=key)
        return Diagnostic(code, severity, message, self.file, line, col, dotted(path), hint)  # type: ignore[arg-type]


def dotted(path: PathKey) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@dataclass(frozen=True)
class Document:
    data: Any
    source: SourceMap
    text: str


def read_text(path: Path, *, max_bytes: int = MAX_BYTES) -> str:
    """Read a file as strict UTF-8 text, refusing what is not a readable YAML text file."""
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ContentError([Diagnostic("NS001", "error", f"fichier illisible : {exc.strerror}", name,
                                       hint="vérifiez le chemin et les droits du fichier")]) from None
    if path.is_dir():
        raise ContentError([Diagnostic("NS001", "error", "c'est un dossier, pas un fichier", name)])
    if size > max_bytes:
        raise ContentError([Diagnostic(
            "NS002", "error", f"fichier trop gros ({size // 1024} Kio, au plus {max_bytes // 1024} Kio)",
            name, hint="découpez le scénario ou vérifiez qu'il s'agit du bon fichier")])
    with path.open("rb") as fh:
        blob = fh.read(max_bytes + 1)
    return decode_text(blob, name)


def decode_text(blob: bytes, name: str) -> str:
    if blob.startswith(b"\xef\xbb\xbf"):
        blob = blob[3:]
    if b"\x00" in blob[:8192] or b"\x00" in blob:
        line, col = _line_col(blob, blob.index(b"\x00"))
        raise ContentError([Diagnostic("NS003", "error", "fichier binaire (octet nul), pas du texte YAML",
                                       name, line, col, hint="ouvrez un fichier .yaml enregistré en texte")])
    try:
        text = blob.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(blob, exc.start)
        raise ContentError([Diagnostic(
            "NS003", "error", f"texte qui n'est pas en UTF-8 (octet 0x{blob[exc.start]:02x})", name, line, col,
            hint="enregistrez le fichier en UTF-8 (menu « Encodage » de votre éditeur)")]) from None
    bad = re.search(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    if bad:
        raise ContentError([Diagnostic("NS003", "error", f"caractère de contrôle U+{ord(bad.group()):04X} interdit",
                                       name, *_text_line_col(text, bad.start()),
                                       hint="supprimez ce caractère invisible (copier-coller depuis un traitement de texte ?)")])
    return text


def _line_col(blob: bytes, offset: int) -> tuple[int, int]:
    line = blob.count(b"\n", 0, offset) + 1
    start = blob.rfind(b"\n", 0, offset) + 1
    return line, offset - start + 1


def _text_line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def load_document(path: Path | str, *, max_bytes: int = MAX_BYTES) -> Document:
    path = Path(path)
    return parse_document(read_text(path, max_bytes=max_bytes), str(path))


def parse_document(text: str, name: str = "<texte>") -> Document:
    source = SourceMap(name)
    try:
        node = yaml.compose(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = (exc.problem or "syntaxe YAML invalide").strip()
        context = f" ({exc.context})" if exc.context else ""
        raise ContentError([Diagnostic("NS004", "error", f"YAML invalide : {what}{context}", name, line, col,
                                       hint=_syntax_hint(what))]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors without marks
        raise ContentError([Diagnostic("NS004", "error", f"YAML invalide : {exc}", name)]) from None
    if node is None:
        raise ContentError([Diagnostic("NS005", "error", "fichier vide", name,
                                       hint="partez de « negosim new » ou de l'exemple du guide d'auteur")])
    builder = _Builder(source)
    data = builder.build(node, ())
    builder.sink_raise()
    return Document(data, source, text)


def _syntax_hint(problem: str) -> str:
    if "tab" in problem:
        return "remplacez les tabulations par des espaces"
    if "mapping values are not allowed" in problem:
        return "mettez le texte entre guillemets s'il contient « : »"
    if "expected a single document" in problem:
        return "un seul document par fichier : retirez le second « --- »"
    if "could not find expected ':'" in problem:
        return "vérifiez l'indentation et le « : » après chaque clé"
    return "vérifiez l'indentation et les guillemets autour de cette ligne"


class _Builder:
    def __init__(self, source: SourceMap):
        self.source = source
        self.nodes = 0
        self.aliases = 0
        self.seen: set[int] = set()
        self.stack: set[int] = set()
        self.errors: list[Diagnostic] = []

    def sink_raise(self) -> None:
        if self.errors:
            raise ContentError(self.errors)

    def _fail(self, code: str, node: yaml.Node, message: str, hint: str, path: PathKey) -> None:
        self.errors.append(Diagnostic(code, "error", message, self.source.file, node.start_mark.line + 1,
                                      node.start_mark.column + 1, dotted(path), hint))

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self._fail("NS006", node, f"document trop grand (plus de {MAX_NODES} valeurs une fois les alias développés)",
                       "évitez les alias imbriqués (« bombe d'alias »)", path)
            raise ContentError(self.errors)
        key = id(node)
        if key in self.stack:
            self._fail("NS006", node, "alias récursif (une valeur se contient elle-même)", "supprimez cet alias", path)
            raise ContentError(self.errors)
        if key in self.seen and not isinstance(node, yaml.ScalarNode):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                self._fail("NS006", node, f"trop d'alias (plus de {MAX_ALIASES})",
                           "recopiez le contenu au lieu d'empiler des alias", path)
                raise ContentError(self.errors)
        self.seen.add(key)
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        self.source.values[path] = (line, col)
        tag = node.tag or ""
        if isinstance(node, yaml.ScalarNode):
            if node.style in ("'", '"'):
                self.source.values[path] = (line, col + 1)  # point at the text, past the quote
            return self._scalar(node, path)
        self.stack.add(key)
        try:
            if isinstance(node, yaml.SequenceNode):
                if tag != _TAG + "seq":
                    self._bad_tag(node, path)
                return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
            if tag != _TAG + "map":
                self._bad_tag(node, path)
            out: dict[str, Any] = {}
            for knode, vnode in node.value:
                if not isinstance(knode, yaml.ScalarNode) or knode.tag not in _SCALAR_TAGS:
                    self._fail("NS007", knode, "clé complexe non autorisée", "une clé est un simple mot", path)
                    continue
                k = knode.value if knode.tag == _TAG + "str" else str(knode.value)
                kpath = path + (k,)
                if k in out:
                    first = self.source.keys.get(kpath, (0, 0))
                    self._fail("NS008", knode, f"clé « {k} » en double (déjà à la ligne {first[0]})",
                               "gardez une seule de ces deux clés", kpath)
                    continue
                self.source.keys[kpath] = (knode.start_mark.line + 1, knode.start_mark.column + 1)
                out[k] = self.build(vnode, kpath)
            return out
        finally:
            self.stack.discard(key)

    def _bad_tag(self, node: yaml.Node, path: PathKey) -> None:
        self._fail("NS009", node, f"étiquette YAML « {node.tag} » interdite",
                   "le contenu d'un scénario n'exécute jamais de code : retirez l'étiquette « !… »", path)

    def _scalar(self, node: yaml.ScalarNode, path: PathKey) -> Any:
        tag, value = node.tag, node.value
        if tag not in _SCALAR_TAGS:
            self._bad_tag(node, path)
            return value
        if tag == _TAG + "str":
            return value
        self.source.raw[path] = value
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            return value.lower() == "true"
        if tag == _TAG + "int":
            try:
                if value.startswith("0o"):
                    return int(value[2:], 8)
                if value.startswith("0x"):
                    return int(value[2:], 16)
                return int(value)
            except ValueError:
                self._fail("NS010", node, f"nombre entier invalide « {value} »", "écrivez un nombre comme 1200", path)
                return value
        try:
            return float(value)
        except ValueError:
            self._fail("NS010", node, f"nombre invalide « {value} »", "écrivez un nombre comme 12.5", path)
            return value
