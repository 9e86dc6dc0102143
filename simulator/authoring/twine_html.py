"""Read a Twine 2 HTML file (a published story or a library archive) as the story twee.py imports.

What Twine 2 writes (Twine 2 HTML output specification; ``publishStory`` in Twine 2.6)::

    <tw-storydata name="…" startnode="1" format="Harlowe" ifid="…" … hidden>
      <style role="stylesheet" id="twine-user-stylesheet" type="text/twine-css">…</style>
      <script role="script" id="twine-user-script" type="text/twine-javascript">…</script>
      <tw-tag name="…" color="…"></tw-tag>
      <tw-passagedata pid="1" name="…" tags="a b" position="x,y" size="w,h">escaped text</tw-passagedata>…
    </tw-storydata>

A published story wraps this in the story format's page; an archive (« Library > Archive ») holds one
``tw-storydata`` per story. The stdlib HTML tokenizer reads it: nothing is executed or fetched.

The chosen story becomes the ``TweeStory`` that Twine's own « Export as Twee » would give (title,
start passage, passages, and the user stylesheet and script as the UserStylesheet and UserScript
passages), so ``twee.import_story`` maps it exactly as a Twee file: one mapping, not two. Positions
are the HTML file's: the passage's start tag, and each line of its text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ..content.diagnostics import ContentError, Diagnostic, did_you_mean
from .twee import ImportResult, Passage, TweeStory, import_story

HTML_SUFFIXES = (".html", ".htm")
RESERVED = ("StoryTitle", "StoryData")  # Twee's special passages: a Twine passage of that name would vanish
_USER_CODE = {"stylesheet": ("UserStylesheet", "stylesheet"), "script": ("UserScript", "script")}
_EXPORT_HINT = ("exportez en Twee ou en HTML depuis Twine : « Construire » → « Exporter en Twee » ou « Publier vers "
                "un fichier », ou « Bibliothèque » → « Archiver »")


@dataclass
class _Element:
    """A passage, stylesheet or script being read: where it starts, and its text so far."""

    attrs: dict[str, str]
    line: int
    column: int
    text_at: tuple[int, int]  # where its text starts: just after the start tag
    chunks: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        # HTML reads CR LF and CR as LF; trailing blank lines go, as in a Twee file
        return "".join(self.chunks).replace("\r\n", "\n").replace("\r", "\n").rstrip()


@dataclass
class HtmlStory:
    """One ``tw-storydata`` element as found in the file."""

    attrs: dict[str, str]
    line: int
    column: int
    passages: list[_Element] = field(default_factory=list)
    code: list[tuple[str, _Element]] = field(default_factory=list)  # ("stylesheet" | "script", element)

    @property
    def name(self) -> str:
        return self.attrs.get("name", "")


class _TwineParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # entities in text and attributes arrive unescaped
        self.stories: list[HtmlStory] = []
        self.twine1 = False  # Twine 1 stores passages as <div tiddler="…">
        self._story: HtmlStory | None = None
        self._passage: _Element | None = None
        self._code: _Element | None = None

    def _element(self, attrs: list[tuple[str, str | None]]) -> _Element:
        line, offset = self.getpos()
        raw = self.get_starttag_text() or ""
        # the text starts right after the start tag, which may span lines
        if "\n" in raw:
            text_at = (line + raw.count("\n"), len(raw) - raw.rfind("\n"))
        else:
            text_at = (line, offset + len(raw) + 1)
        return _Element({k: v or "" for k, v in attrs}, line, offset + 1, text_at)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tw-storydata":
            self._passage = self._code = None  # an unclosed element ends where the next story starts
            el = self._element(attrs)
            self._story = HtmlStory(el.attrs, el.line, el.column)
            self.stories.append(self._story)
        elif self._story is None:
            self.twine1 = self.twine1 or (tag == "div" and any(k == "tiddler" for k, _ in attrs))
        elif tag == "tw-passagedata":
            self._passage = self._element(attrs)
            self._story.passages.append(self._passage)
        elif self._passage is not None:
            # Twine escapes passage text; raw markup means a hand-edited file: keep it as text, the import reports it
            self._passage.chunks.append(self.get_starttag_text() or "")
        elif tag in ("style", "script"):
            el = self._element(attrs)
            kind = "stylesheet" if tag == "style" else "script"
            if el.attrs.get("role") == kind or el.attrs.get("id") == f"twine-user-{kind}":
                self._code = el
                self._story.code.append((kind, el))

    def handle_endtag(self, tag: str) -> None:
        if tag == "tw-storydata":
            self._story = self._passage = self._code = None
        elif tag == "tw-passagedata":
            self._passage = None
        elif self._passage is not None:
            self._passage.chunks.append(f"</{tag}>")
        elif tag in ("style", "script"):
            self._code = None

    def handle_data(self, data: str) -> None:
        target = self._passage or self._code
        if target is not None:
            target.chunks.append(data)

    def handle_comment(self, data: str) -> None:
        if self._passage is not None:
            self._passage.chunks.append(f"<!--{data}-->")


def is_twine_html(text: str, file: str = "") -> bool:
    """A Twine 2 HTML file rather than Twee: by its extension, or by content (markup holding tw-storydata)."""
    if Path(file).suffix.lower() in HTML_SUFFIXES:
        return True
    return text.lstrip().startswith("<") and "tw-storydata" in text


def find_stories(text: str, file: str = "<html>") -> list[HtmlStory]:
    """Every ``tw-storydata`` of the file; ContentError when there is none."""
    parser = _TwineParser()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError) as exc:  # the tokenizer is lenient; this is only a guard against a traceback
        raise ContentError([Diagnostic("NS601", "error", f"fichier HTML illisible ({exc})", file, 1, 1, "",
                                       _EXPORT_HINT)]) from None
    if not parser.stories:
        hint = ("c'est un fichier de Twine 1 : ouvrez-le dans Twine 2 (« Bibliothèque » → « Importer »), puis "
                + _EXPORT_HINT) if parser.twine1 else _EXPORT_HINT
        raise ContentError([Diagnostic("NS601", "error", "aucune histoire Twine trouvée dans ce fichier HTML "
                                       "(pas d'élément tw-storydata)", file, 0, 0, "", hint)])
    return parser.stories


def _label(story: HtmlStory) -> str:
    return f"« {story.name} »" if story.name else "(histoire sans nom)"


def choose_story(stories: list[HtmlStory], wanted: str | None, file: str) -> HtmlStory:
    """The story named ``wanted`` (exact name), or the only one; ContentError (NS603) otherwise."""
    names = [s.name for s in stories]
    if wanted is None:
        if len(stories) == 1:
            return stories[0]
        example = next((n for n in names if n), "Nom de l'histoire")
        raise ContentError([Diagnostic(
            "NS603", "error", f"ce fichier contient {len(stories)} histoires Twine : "
            + ", ".join(_label(s) for s in stories), file, 0, 0, "",
            f"choisissez celle à importer avec --story NOM, par exemple : --story \"{example}\"")])
    found = [s for s in stories if s.name == wanted]
    if not found:
        raise ContentError([Diagnostic(
            "NS603", "error", f"aucune histoire nommée « {wanted} » dans ce fichier "
            f"(histoires : {', '.join(_label(s) for s in stories)})", file, 0, 0, "",
            did_you_mean(wanted, [n for n in names if n]) + " (--story attend le nom exact, majuscules comprises)")])
    if len(found) > 1:
        raise ContentError([Diagnostic(
            "NS603", "error", f"{len(found)} histoires s'appellent « {wanted} » dans ce fichier", file, found[1].line,
            found[1].column, "", "renommez l'une d'elles dans Twine, puis archivez de nouveau la bibliothèque")])
    return found[0]


def to_twee_story(raw: HtmlStory, file: str) -> TweeStory:
    """The story as Twine's « Export as Twee » would give it, positions in the HTML file."""
    warnings: list[Diagnostic] = []
    errors: list[Diagnostic] = []
    passages: list[Passage] = []
    for kind, el in raw.code:
        if el.text.strip():  # an empty stylesheet or script is what Twine always writes: nothing to report
            name, tag = _USER_CODE[kind]
            passages.append(Passage(name, [tag], {}, el.text, el.line, el.column, el.text_at))
    by_pid: dict[str, str] = {}
    for el in raw.passages:
        name = el.attrs.get("name", "").strip()  # as a Twee header, and as link targets are read
        if not name:
            errors.append(Diagnostic("NS602", "error", f"passage sans nom (pid {el.attrs.get('pid', '?')})", file,
                                     el.line, el.column, "tw-passagedata", "donnez-lui un nom dans Twine, puis réexportez"))
            continue
        if name in RESERVED:
            warnings.append(Diagnostic("NS614", "warning", f"passage non importé (le nom « {name} » est réservé en Twee)",
                                       file, el.line, el.column, f"passage « {name} »",
                                       "renommez ce passage dans Twine, puis réimportez"))
            continue
        by_pid.setdefault(el.attrs.get("pid", ""), name)
        metadata = {key: el.attrs[key] for key in ("position", "size") if el.attrs.get(key)}
        passages.append(Passage(name, el.attrs.get("tags", "").split(), metadata, el.text, el.line, el.column,
                                el.text_at))
    if errors:
        raise ContentError(errors)
    if not raw.passages:
        raise ContentError([Diagnostic("NS601", "error", f"l'histoire {_label(raw)} n'a aucun passage", file, raw.line,
                                       raw.column, "tw-storydata", "écrivez-la dans Twine, puis exportez-la de nouveau")])
    data: dict[str, str] = {key: raw.attrs[key] for key in ("ifid", "format", "format-version") if raw.attrs.get(key)}
    startnode = raw.attrs.get("startnode", "").strip()
    if startnode in by_pid:
        data["start"] = by_pid[startnode]
    elif startnode:
        # the import then says which passage it starts on
        warnings.append(Diagnostic("NS617", "warning", f"startnode « {startnode} » ne désigne aucun passage de l'histoire",
                                   file, raw.line, raw.column, "tw-storydata",
                                   "choisissez le passage de départ dans Twine (« Démarrer l'histoire ici », "
                                   "Start Story Here), puis réexportez"))
    title = " ".join(raw.name.split()) or None
    return TweeStory(file, passages, title=title, data=data, warnings=warnings)


def read_twine_html(text: str, file: str = "<html>", story: str | None = None) -> TweeStory:
    """Read a Twine 2 HTML file; ``story`` names the story to take from an archive of several."""
    return to_twee_story(choose_story(find_stories(text, file), story, file), file)


def import_twine_html(text: str, file: str = "<html>", *, story: str | None = None, lang: str = "fr",
                      block: str | None = None, scenario_id: str | None = None, schema: str | None = None,
                      target: str | None = None) -> ImportResult:
    """Convert a Twine 2 HTML file to scenario YAML, as ``import_twee`` does for Twee source."""
    return import_story(read_twine_html(text, file, story), lang=lang, block=block, scenario_id=scenario_id,
                        schema=schema, target=target)
