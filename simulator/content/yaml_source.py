"""Safe, strict YAML reading that keeps where every value came from.

Only the safe loader is used (the C one when available). We compose the node graph rather than
constructing Python objects, then build plain values ourselves so that we can:
- refuse duplicate keys, unknown tags (python/*), cycles and alias bombs before they expand;
- resolve plain scalars with YAML 1.2 core rules (``no`` stays the string "no");
- remember the line and column of every key and value for located error messages.
"""

from __future__ import annotations

import dataclasses
import gc
import operator
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import yaml

from .diagnostics import ContentError, Diagnostic

MAX_BYTES = 16 * 1024 * 1024  # a 10,000-state scenario is about 4 MiB
MAX_NODES = 2_000_000  # values after alias expansion
MAX_ALIASES = 1_000
MAX_DEPTH = 64  # a scenario nests about 8 levels; deeper is a mistake or an attack on the recursion
MAX_ERRORS = 50  # past this, reading stops: a file with 100,000 errors must still answer at once

PathKey = tuple[str | int, ...]

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# We only ever compose (never construct), so with libyaml the parser alone is enough: CSafeLoader adds a
# constructor and a resolver we never call, and their Python classes give each loader an instance __dict__.
_Composer = getattr(getattr(yaml, "cyaml", None), "CParser", _BaseLoader)


class _StrictLoader(_Composer):  # type: ignore[misc, valid-type]  # PyYAML's loaders are untyped (Any) classes
    """Safe loader whose implicit typing follows YAML 1.2 core, not YAML 1.1, decided after composing.

    The composer calls three hooks for each of the ~600,000 nodes of a 10,000-state file; as Python
    methods they cost a third of the composing time. Here they are C builtins that do nothing useful:
    we register no path resolvers (so nothing to track while descending), and a node without an
    explicit tag gets ``slice(kind, value, implicit)`` as its tag, i.e. the resolver's own arguments,
    kept for ``resolved_tag`` to decide later. The builder, which visits every scalar anyway, decides
    at once (most scalars are text, settled by their first character). Each hook is looked up on the loader
    at each call: without an instance ``__dict__`` (libyaml's parser has none, and ``__slots__`` adds none), a
    lookup goes straight to the class (~4 % of composing a large file)."""

    __slots__ = ()
    descend_resolver = operator.is_  # called as (parent, index): a no-op
    ascend_resolver = tuple  # called with no argument: a no-op
    resolve = slice  # called as (kind, value, implicit): packs them for resolved_tag


_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null")}
_STR, _SEQ, _MAP = _TAG + "str", _TAG + "seq", _TAG + "map"

# YAML 1.2 core schema: which plain scalars are not text, by their first character.
_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _tag, _regexp, _first in [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     "-+.0123456789"),
]:
    for _char in _first:
        _IMPLICIT.setdefault(_char, []).append((_TAG + _tag, re.compile(_regexp)))


def plain_tag(value: str) -> str:
    """The tag YAML 1.2 core gives a plain (unquoted, untagged) scalar: bool, null, int, float or str."""
    for tag, regexp in _IMPLICIT.get(value[:1], ()):
        if regexp.match(value):
            return tag
    return _STR


_DEFAULT_TAGS = {yaml.ScalarNode: _STR, yaml.SequenceNode: _SEQ, yaml.MappingNode: _MAP}


def resolved_tag(node: yaml.Node) -> str:
    """A node's tag: the one written in the file, else the one YAML 1.2 core gives it."""
    tag = node.tag
    if tag.__class__ is not slice:
        return cast(str, tag)
    if tag.start is yaml.ScalarNode and tag.step[0]:  # a plain scalar
        return plain_tag(tag.stop)
    return _DEFAULT_TAGS[tag.start]



class SourceMap:
    """Where each value (and each mapping key) of a document stands in its file.

    Locations are looked up on demand in the composed node tree, so loading a large file pays
    nothing for them unless a diagnostic is written."""

    def __init__(self, file: str, root: yaml.Node | None = None, text: str | None = None):
        self.file = file
        self._root = root
        self._text = text
        self._index: dict[int, dict[Any, tuple[yaml.Node, yaml.Node]]] = {}  # id(mapping node) -> key -> pair
        self._odd_breaks: bool | None = None  # does the text break lines where editors do not? Asked once

    def release(self) -> None:
        """Drop the node tree once a file is loaded (it is rebuilt from the text if ever needed again):
        a large tree kept alive makes every later garbage collection slow."""
        if self._text is not None:
            self._root = None
            self._index = {}

    @property
    def root(self) -> yaml.Node | None:
        if self._root is None and self._text is not None:
            try:
                self._root = yaml.compose(self._text, Loader=_StrictLoader)
            except yaml.YAMLError:
                self._text = None
        return self._root

    def node(self, path: PathKey, *, key: bool = False) -> yaml.Node | None:
        """The node at ``path`` (or, with ``key``, the key node naming its last step), else the nearest ancestor."""
        node = self.root
        if node is None:
            return None
        for i, step in enumerate(path):
            last = i == len(path) - 1
            if isinstance(node, yaml.MappingNode):
                found = self._entry(node, step)
                if found is None:
                    return node
                node = found[0] if (key and last) else found[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                node = node.value[step]
            else:
                return node
        return node

    def _entry(self, node: yaml.MappingNode, step: str | int) -> tuple[yaml.Node, yaml.Node] | None:
        """The first (key, value) pair of a mapping whose key is ``step``; the pairs of a large mapping are
        indexed once (300 warnings about states of a 10,000-state file each scanned the states)."""
        if len(node.value) < 32:
            return next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == step), None)
        index = self._index.get(id(node))
        if index is None:
            index = self._index[id(node)] = {}
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode):
                    index.setdefault(k.value, (k, v))
        return index.get(step)

    def position(self, mark: Any) -> tuple[int, int]:
        """1-based (line, column) as an editor shows them, of a YAML mark of this file (see ``true_position``)."""
        if self._odd_breaks is None:
            self._odd_breaks = has_odd_breaks(self._text or "")
        return true_position(self._text, mark.line, mark.column, self._odd_breaks)

    def locate(self, path: PathKey, *, key: bool = False) -> tuple[int, int]:
        node = self.node(path, key=key)
        if node is None:
            return (1, 1)
        line, col = self.position(node.start_mark)
        if isinstance(node, yaml.ScalarNode) and node.style in ("'", '"'):
            col += 1  # point at the text, past the quote
        return line, col

    def line_text(self, line: int) -> str:
        """The text of a 1-based line as editors count lines (only \\n), or "" when unknown."""
        if not self._text or line < 1:
            return ""
        lines = self._text.split("\n")
        return lines[line - 1] if line <= len(lines) else ""

    def raw(self, path: PathKey) -> str | None:
        """The text the author wrote for a scalar read as something else than text (a number, true...)."""
        node = self.node(path)
        if isinstance(node, yaml.ScalarNode) and resolved_tag(node) != _STR and self.node(path[:-1]) is not node:
            return cast(str, node.value)  # a scalar node's value is its text
        return None

    def diagnostic(self, code: str, path: PathKey, message: str, hint: str = "", *,
                   key: bool = False, severity: str = "error") -> Diagnostic:
        line, col = self.locate(path, key=key)
        return Diagnostic(code, severity, message, self.file, line, col, dotted(path), hint)  # type: ignore[arg-type]  # severity is 'error' or 'warning', as the callers pass it

    def diagnostic_in_text(self, code: str, path: PathKey, index: int, message: str, hint: str = "", *,
                           severity: str = "error") -> Diagnostic:
        """A diagnostic about a word inside a one-line text: point at the word (``index`` in the text), not at
        the start of the text; at the text itself when its line does not show it as written (escapes, folds)."""
        diag = self.diagnostic(code, path, message, hint, severity=severity)
        node = self.node(path)
        raw = self.line_text(diag.line)
        value = getattr(node, "value", None)
        if (node is not None and node.start_mark.line == node.end_mark.line and isinstance(value, str)
                and raw[diag.column - 1: diag.column - 1 + index] == value[:index]):
            diag = dataclasses.replace(diag, column=diag.column + index)
        return diag


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
    utf8: bytes  # the text in UTF-8, as composed: whoever hashes the content need not encode it again


def read_text(path: Path, *, max_bytes: int = MAX_BYTES) -> str:
    """Read a file as strict UTF-8 text, refusing what is not a readable YAML text file."""
    return decode_text(read_bytes(path, max_bytes=max_bytes), str(path))


def read_bytes(path: Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """A file's bytes, refusing what cannot be read or is too large (``read_text`` without the decoding)."""
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
        return fh.read(max_bytes + 1)


_BOM = b"\xef\xbb\xbf"


def decode_text(blob: bytes, name: str) -> str:
    blob = blob.removeprefix(_BOM)
    if b"\x00" in blob:
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
    if may_hold_forbidden(blob):  # the bytes say first whether the text needs its character-by-character search
        check_characters(text, name)
    return text


# Bidirectional overrides and isolates (U+202A-202E, U+2066-2069) reorder what a terminal or a report shows
# ("Trojan Source"); C1 controls (U+0080-009F, but U+0085, a YAML line break) drive terminals like C0 ones.
_BIDI = "\u202a-\u202e\u2066-\u2069"
_FORBIDDEN = re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x84\\x86-\\x9f\\ud800-\\udfff\\ufffe\\uffff{_BIDI}]")
# In a value, after YAML's escapes ("\\e[2J", "\\u202E"): only tab and line feed may remain.
_FORBIDDEN_IN_VALUE = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\ud800-\\udfff\\ufffe\\uffff{_BIDI}]")
_CHARACTER_HINT = "supprimez ce caractère invisible (copier-coller depuis un traitement de texte ?)"
# The same characters as they stand in valid UTF-8 (where no surrogate can): single bytes, then the sequences
# of the others, each searched for by its first bytes (a regular expression with a literal prefix skips ahead
# to it; a character class is tried at every position: 30 ms for a 6 MB file, against 15 ms this way).
_FORBIDDEN_BYTES = bytes([*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0x7f])
_FORBIDDEN_UTF8 = tuple(re.compile(p) for p in (
    rb"\xc2[\x80-\x84\x86-\x9f]",  # C1 controls U+0080-0084, U+0086-009F
    rb"\xe2\x80[\xaa-\xae]",  # U+202A-202E
    rb"\xe2\x81[\xa6-\xa9]",  # U+2066-2069
    rb"\xef\xbf[\xbe\xbf]",  # U+FFFE, U+FFFF
))


def may_hold_forbidden(blob: bytes) -> bool:
    """Does UTF-8 ``blob`` hold a character ``check_characters`` refuses? False only when it holds none."""
    return (len(blob.translate(None, _FORBIDDEN_BYTES)) != len(blob)
            or any(pattern.search(blob) for pattern in _FORBIDDEN_UTF8))


def forbidden_character(char: str) -> str:
    """What is wrong with a character refused in content, in French."""
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return f"caractère de contrôle de direction du texte U+{ord(char):04X} interdit"
    return f"caractère de contrôle U+{ord(char):04X} interdit"


def check_characters(text: str, name: str) -> None:
    """Refuse invisible control characters, with their place (YAML would refuse them without one)."""
    bad = _FORBIDDEN.search(text)
    if bad:
        raise ContentError([Diagnostic("NS003", "error", forbidden_character(bad.group()),
                                       name, *_text_line_col(text, bad.start()), hint=_CHARACTER_HINT)])


def _line_col(blob: bytes, offset: int) -> tuple[int, int]:
    line = blob.count(b"\n", 0, offset) + 1
    start = blob.rfind(b"\n", 0, offset) + 1
    return line, offset - start + 1


def _text_line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building large acyclic trees.

    Loading creates hundreds of thousands of small objects and no cycles; left on, the collector
    rescans the growing heap again and again, which makes large files load in quadratic time.

    When it is switched back on, everything made meanwhile is still "young": the first collection would
    scan the whole new tree (0.3-0.8 s for 10,000 states), then again one generation up. Freezing and
    unfreezing moves it straight to the oldest generation instead, without a scan: cycles among it are
    still collected, by the next full collection. A process that keeps its long-lived heap frozen (the
    terminal app, see ``simulator.tui.collector``) keeps it so: the new tree joins it frozen."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            kept_frozen = gc.get_freeze_count() > 0
            gc.freeze()
            if not kept_frozen:
                gc.unfreeze()
            gc.enable()


def load_document(path: Path | str, *, max_bytes: int = MAX_BYTES) -> Document:
    path = Path(path)
    blob = read_bytes(path, max_bytes=max_bytes)
    text = decode_text(blob, str(path))  # its characters checked already (40 ms for 6 MB)
    with gc_paused():  # strict UTF-8 read back as it was written: the same bytes, not encoded again
        return _parse_document(text, str(path), blob.removeprefix(_BOM))


def parse_document(text: str, name: str = "<texte>") -> Document:
    check_characters(text, name)
    with gc_paused():
        return _parse_document(text, name)


def _parse_document(text: str, name: str, utf8: bytes | None = None) -> Document:
    if utf8 is None:  # what libyaml reads (given text, PyYAML encodes it itself), kept for the loader's hash
        utf8 = text.encode("utf-8")
    try:
        node = yaml.compose(utf8, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as exc:
        raise ContentError([syntax_diagnostic(text, name, exc)]) from None
    except yaml.YAMLError as exc:  # reader errors carry a position instead of a mark
        position = getattr(exc, "position", 0) or 0
        line, col = _text_line_col(text, min(position, len(text)))
        raise ContentError([Diagnostic("NS004", "error", "YAML invalide : caractère non autorisé", name, line, col,
                                       hint="supprimez ce caractère")]) from None
    if node is None:
        raise ContentError([Diagnostic("NS005", "error", "fichier vide", name,
                                       hint="partez de « negosim new » ou de l'exemple du guide d'auteur")])
    source = SourceMap(name, node, text)
    builder = _Builder(source)
    data = builder.build(node, ())
    builder.sink_raise()
    return Document(data, source, text, utf8)


_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_ODD_BREAKS = ("\x85", "\u2028", "\u2029")


def has_odd_breaks(text: str) -> bool:
    """Does ``text`` break lines where YAML does and editors do not? (A scan of the text: callers that place
    many diagnostics in one file ask once, see ``SourceMap.position``.)"""
    return any(c in text for c in _ODD_BREAKS)


def true_position(text: str | None, line0: int, col0: int, odd_breaks: bool | None = None) -> tuple[int, int]:
    """1-based (line, column) as an editor shows them, from a 0-based YAML mark.

    YAML also breaks lines at U+0085, U+2028 and U+2029, which editors show inside a line: without
    this correction every later line number would be off by one per such character. ``odd_breaks`` is
    ``has_odd_breaks(text)`` when the caller knows it already."""
    if not text or not (has_odd_breaks(text) if odd_breaks is None else odd_breaks):
        return line0 + 1, col0 + 1
    offset = 0
    for n, m in enumerate(_BREAKS.finditer(text)):
        if n == line0:
            break
        offset = m.end()
    offset += col0
    start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    return text.count("\n", 0, offset) + 1, offset - start + 1


_OPEN_QUOTE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s:#'"][^:#]*:\s+)?(["'])""")


def _unclosed_quote(lines: list[str], upto: int) -> tuple[int, int] | None:
    """The nearest line above ``upto`` (0-based) that opens a quoted text and does not close it."""
    for i in range(min(upto, len(lines) - 1), -1, -1):
        line = lines[i]
        m = _OPEN_QUOTE.match(line)
        if not m:
            continue
        quote = m.group(1)
        rest = line[m.end():]
        closed = (re.search(r'(?<!\\)"', rest) is not None) if quote == '"' else \
            (re.search(r"'(?!')", rest.replace("''", "")) is not None)
        if not closed:
            return i, m.start(1)
    return None


def syntax_diagnostic(text: str, name: str, exc: yaml.MarkedYAMLError) -> Diagnostic:
    """A YAML syntax error in French, placed where the author has to act (not where the parser gave up)."""
    mark = exc.problem_mark or exc.context_mark
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    line0, col0 = (mark.line, mark.column) if mark else (0, 0)
    lines = re.split("\r\n|[\r\n]", text)
    line, col = true_position(text, line0, col0)
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    char = here[col - 1] if 0 < col <= len(here) else ""

    def diag(message: str, hint: str, at: tuple[int, int] | None = None) -> Diagnostic:
        ln, cl = at or (line, col)
        return Diagnostic("NS004", "error", f"YAML invalide : {message}", name, ln, cl, hint=hint)

    if "tab" in problem or char == "\t":
        return diag("tabulation interdite ici (YAML n'accepte que des espaces pour l'indentation)",
                    "remplacez les tabulations par des espaces (réglage « indenter avec des espaces » de l'éditeur)")
    if "quoted scalar" in context or problem in ("did not find expected key", "could not find expected ':'",
                                                  "found unexpected end of stream") \
            or problem.startswith("expected <block end>"):
        opened = _unclosed_quote(lines, line - 1) if "quoted scalar" in context or line > 1 else None
        if opened is not None and (opened[0] < line - 1 or "quoted scalar" in context):
            q = lines[opened[0]][opened[1]]
            return diag(f"guillemet {q} ouvert et jamais refermé",
                        f"refermez le texte par {q} à la fin de la ligne",
                        (opened[0] + 1, opened[1] + 1))
    if "mapping values are not allowed" in problem:
        previous = next((ln for ln in reversed(lines[: line - 1]) if ln.strip() and not ln.lstrip().startswith("#")),
                        "")
        indent = len(here) - len(here.lstrip(" "))
        prev_indent = len(previous) - len(previous.lstrip(" -"))
        key = here.strip().split(":", 1)[0]
        if indent > prev_indent and ":" in previous and not previous.rstrip().endswith(":"):
            return diag(f"« {key}: » est plus indenté que la ligne précédente, qui a déjà sa valeur",
                        f"alignez « {key}: » sur la ligne du dessus ({prev_indent} espaces)",
                        (line, indent + 1))
        return diag("« : » inattendu dans une valeur",
                    "mettez le texte entre guillemets s'il contient « : » (ex. say: \"Bonjour : oui\")")
    if "expected a single document" in problem:
        return diag("un seul document par fichier", "retirez le second « --- »")
    if problem.startswith("expected <block end>") or problem == "did not find expected key":
        return diag("ligne mal alignée", "vérifiez l'indentation : les clés d'un même bloc commencent à la même colonne")
    if problem == "did not find expected '-' indicator":
        return diag("élément de liste attendu", "alignez les « - » d'une même liste")
    if problem == "could not find expected ':'":
        return diag("« : » manquant après une clé", "écrivez « clé: valeur » (deux-points puis espace)")
    if problem == "found unexpected end of stream":
        return diag("fin de fichier inattendue", "un guillemet, un crochet ou une accolade n'est pas refermé")
    if "undefined alias" in problem:
        return diag("alias « * » inconnu", "déclarez l'ancre « & » avant de l'utiliser, ou mettez le texte entre guillemets")
    if "cannot start any token" in problem:
        return diag(f"caractère « {char} » interdit en début de valeur",
                    f"mettez le texte entre guillemets (\"{char}…\")")
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        return diag("liste ou dictionnaire entre crochets mal fermé",
                    "vérifiez les virgules et le crochet fermant ; mettez entre guillemets un texte qui contient « , »")
    return diag(f"syntaxe incorrecte ({problem or context or 'inconnue'})",
                "vérifiez l'indentation et les guillemets autour de cette ligne")


_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.DOTALL)
_NAMED_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
                  "r": "\r", "e": "\x1b", "N": "\x85"}


def _escape_of(text: str, node: yaml.ScalarNode, char: str) -> tuple[int, str]:
    """Where in ``text`` the double-quoted ``node`` writes ``char`` with an escape, and that escape."""
    start, end = node.start_mark.index, node.end_mark.index
    for m in _ESCAPE.finditer(text, start, end):
        code = m.group(1)
        value = chr(int(code[1:], 16)) if len(code) > 1 else _NAMED_ESCAPES.get(code, code)
        if value == char:
            return m.start(), m.group()
    return start, char.encode("unicode_escape").decode()


class _Names(dict[str, str]):
    """The first str met with each value: ``names[s]`` is that one, ``s`` itself the first time."""

    def __missing__(self, name: str) -> str:
        self[name] = name
        return name


class _Builder:
    """Turns the node graph into plain values, refusing what a scenario must never contain.

    It visits each of the ~600,000 nodes of a 10,000-state file, so the common case is kept short: a
    text value is taken as it is, inline, without a call or a step added to the path."""

    def __init__(self, source: SourceMap):
        self.source = source
        self.nodes = 0
        self.aliases = 0
        self.seen: set[int] = set()
        self.stack: set[int] = set()
        self.path: list[str | int] = []  # where we are; turned into a tuple only for an error
        self.errors: list[Diagnostic] = []
        text = source._text
        # the raw text is checked already; only a double-quoted escape ("\\e", "\\u202E") can add a control
        # character, and there is none to look for in a file without a backslash
        self.escapes = text is None or "\\" in text
        # a node is met twice only through an alias (« *nom »): without a "*", no cycle and no alias bomb
        self.aliased = text is None or "*" in text
        self.plain_tags: dict[str, str] = {}  # plain scalars that may be typed ("true", "12", "next"...) repeat
        # Keys and plain text values are names that come back all over a file (« id », « next », « besoin »,
        # each state's id as a key and in every « next » leading to it): one str object for each, instead of
        # one per occurrence, so that dict and set lookups on them (pydantic's fields, the compiler's and the
        # checks' state and act tables) meet the same object and memory they already read. Quoted texts, the
        # lines, are mostly said once: taken as they are.
        self.names = _Names()

    def sink_raise(self) -> None:
        if self.errors:
            raise ContentError(self.errors)

    def _fail(self, code: str, node: yaml.Node, message: str, hint: str, extra: tuple[str | int, ...] = ()) -> None:
        line, col = self.source.position(node.start_mark)
        self.errors.append(Diagnostic(code, "error", message, self.source.file, line, col,
                                      dotted(tuple(self.path) + extra), hint))
        if len(self.errors) >= MAX_ERRORS:
            self.errors.append(Diagnostic("NS006", "error", f"plus de {MAX_ERRORS} erreurs : lecture arrêtée",
                                          self.source.file, node.start_mark.line + 1, node.start_mark.column + 1,
                                          "", "corrigez les premières erreurs puis relancez"))
            raise ContentError(self.errors)

    def build(self, node: yaml.Node, path: PathKey = ()) -> Any:
        self.path = list(path)
        self.nodes += 1
        return self._scalar(node) if node.__class__ is yaml.ScalarNode else self._collection(node)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag.__class__ is slice:  # no tag written: YAML 1.2 core decides from the text
            value = node.value
            if not tag.step[0] or value[:1] not in _IMPLICIT:
                tag = _STR
            else:
                tag = self.plain_tags.get(value) or self.plain_tags.setdefault(value, plain_tag(value))
        if tag == _STR:
            if self.escapes and node.style == '"':
                self._check_escaped(node)
            return node.value
        return self._typed(node, tag)

    def _collection(self, node: yaml.Node) -> Any:
        if len(self.path) > MAX_DEPTH:
            self._fail("NS006", node, f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)",
                       "un scénario n'a jamais besoin d'autant de niveaux : vérifiez l'indentation")
            raise ContentError(self.errors)
        self.nodes += len(node.value)  # its values, counted once per time it is met (aliases expand)
        if self.nodes > MAX_NODES:
            self._fail("NS006", node, f"document trop grand (plus de {MAX_NODES} valeurs après développement des alias)",
                       "évitez les alias imbriqués (« bombe d'alias »)")
            raise ContentError(self.errors)
        if not self.aliased:
            return self._sequence(node) if node.__class__ is yaml.SequenceNode else self._mapping(node)
        key = id(node)
        if key in self.stack:
            self._fail("NS006", node, "alias récursif (une valeur se contient elle-même)", "supprimez cet alias")
            raise ContentError(self.errors)
        if key in self.seen:
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                self._fail("NS006", node, f"trop d'alias (plus de {MAX_ALIASES})",
                           "recopiez le contenu au lieu d'empiler des alias")
                raise ContentError(self.errors)
        self.seen.add(key)
        self.stack.add(key)
        try:
            return self._sequence(node) if node.__class__ is yaml.SequenceNode else self._mapping(node)
        finally:
            self.stack.discard(key)

    def _sequence(self, node: yaml.SequenceNode) -> list[Any]:
        if node.tag.__class__ is not slice and node.tag != _SEQ:
            self._bad_tag(node)
        path, implicit, escapes, scalar, names = self.path, _IMPLICIT, self.escapes, yaml.ScalarNode, self.names
        items: list[Any] = []
        for i, item in enumerate(node.value):
            if item.__class__ is scalar:
                tag = item.tag  # text needing no check, taken inline: see _text_as_is
                if (tag.__class__ is slice and not (tag.step[0] and item.value[:1] in implicit)
                        and not (escapes and item.style == '"')):
                    items.append(names[item.value] if tag.step[0] else item.value)  # plain: a name, shared
                    continue
                path.append(i)
                items.append(self._scalar(item))
            else:
                path.append(i)
                items.append(self._collection(item))
            path.pop()
        return items

    def _mapping(self, node: yaml.MappingNode) -> dict[str, Any]:
        if node.tag.__class__ is not slice and node.tag != _MAP:
            self._bad_tag(node)
        path, implicit, escapes, scalar, names = self.path, _IMPLICIT, self.escapes, yaml.ScalarNode, self.names
        out: dict[str, Any] = {}
        firsts: dict[str, int] | None = None  # first line of each key, computed at the first duplicate
        for knode, vnode in node.value:
            ktag = knode.tag  # a key with no tag written is always a scalar of the core schema
            if knode.__class__ is not scalar or (ktag.__class__ is not slice and ktag not in _SCALAR_TAGS):
                self._fail("NS007", knode, "clé complexe non autorisée", "une clé est un simple mot")
                continue
            k = names[knode.value]
            if escapes and knode.style == '"':
                self._check_escaped(knode)
            if k in out:
                if firsts is None:
                    firsts = {}
                    for kn, _ in node.value:
                        if kn.__class__ is scalar:
                            firsts.setdefault(kn.value, kn.start_mark.line + 1)
                self._fail("NS008", knode, f"clé « {k} » en double (déjà à la ligne {firsts[k]})",
                           "gardez une seule de ces deux clés", (k,))
                continue
            if vnode.__class__ is scalar:
                tag = vnode.tag  # text needing no check, taken inline: see _text_as_is
                if (tag.__class__ is slice and not (tag.step[0] and vnode.value[:1] in implicit)
                        and not (escapes and vnode.style == '"')):
                    out[k] = names[vnode.value] if tag.step[0] else vnode.value  # plain: a name, shared
                    continue
                path.append(k)
                out[k] = self._scalar(vnode)
            else:
                path.append(k)
                out[k] = self._collection(vnode)
            path.pop()
        return out

    def _check_escaped(self, node: yaml.ScalarNode) -> None:
        bad = _FORBIDDEN_IN_VALUE.search(node.value)
        if bad is None:
            return
        at, escape = _escape_of(self.source._text or "", node, bad.group())
        self.errors.append(Diagnostic(
            "NS003", "error", f"{forbidden_character(bad.group())} (écrit « {escape} »)", self.source.file,
            *_text_line_col(self.source._text or "", at), dotted(tuple(self.path)),
            "retirez cet échappement : un texte de scénario ne pilote pas le terminal"))
        if len(self.errors) >= MAX_ERRORS:
            raise ContentError(self.errors)

    def _bad_tag(self, node: yaml.Node, extra: tuple[str | int, ...] = ()) -> None:
        self._fail("NS009", node, f"étiquette YAML « {node.tag} » interdite",
                   "le contenu d'un scénario n'exécute jamais de code : retirez l'étiquette « !… »", extra)

    def _typed(self, node: yaml.ScalarNode, tag: str) -> Any:
        """The value of a scalar that is not text: null, bool, int, float, or a refused tag."""
        value = node.value
        if tag not in _SCALAR_TAGS:
            self._bad_tag(node)
            return value
        if tag == _TAG + "str":
            return value
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
                self._fail("NS010", node, f"nombre entier invalide « {value} »", "écrivez un nombre comme 1200")
                return value
        try:
            return float(value)
        except ValueError:
            self._fail("NS010", node, f"nombre invalide « {value} »", "écrivez un nombre comme 12.5")
            return value
