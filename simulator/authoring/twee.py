"""Import a Twine story (Twee 3 source) as a negosim scenario.

Twine 2 HTML files (published stories, library archives) are read by ``twine_html.py`` into the same
``TweeStory``, then imported by ``import_story`` here: one mapping for both formats.

Mapping, documented for trainers in docs/authoring.md:
- each passage becomes a state (id: the passage name, slugified and made unique); its text, links
  removed, is what the client says;
- each link ``[[text->target]]``, ``[[target<-text]]``, ``[[text|target]]``, ``[[target]]`` becomes a
  choice of that state: the link text is the learner's line, the target passage the next state;
- a passage's tags describe it: ``act:question_ouverte`` (the acts of every choice that leads to it),
  ``phase:decouverte``, ``speaker:gatekeeper``, and on passages without links (the endings)
  ``success`` / ``partial`` / ``failure`` or ``outcome:success`` (default partial). Passage metadata
  ``{"acts": "question_ouverte empathie"}`` is read too;
- StoryTitle gives the title, StoryData's ``start`` the first state.
Everything negosim cannot map (story-format macros, hooks, variables, HTML, scripts, stylesheets,
special passages, link setters, unknown tags) is reported as a located warning naming the passage,
never dropped silently: text is kept, logic is reported. A link to a missing passage gets a
placeholder ending so the trainer's draft keeps its shape.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..content.acts import suggest_act
from ..content.diagnostics import ContentError, Diagnostic, did_you_mean
from ..content.spec import PHASES
from ..i18n import nt

MAX_LINE = 2000  # the format's limit for one line of dialogue
OUTCOMES = ("success", "partial", "failure")
# What French authors write on their endings in Twine (any case, with or without accents); « fin » marks an
# ending without saying how it went (partial, to be refined in the YAML).
OUTCOME_TAGS = {"success": "success", "partial": "partial", "failure": "failure", "succes": "success",
                "reussite": "success", "echec": "failure", "partiel": "partial", "partielle": "partial",
                "fin": "", "end": ""}


def outcome_tag(tag: str) -> str | None:
    """The outcome a tag gives (\"\" for an ending that does not say), or None when it is not an outcome tag."""
    key, sep, value = tag.partition(":")
    word = value if sep and key.lower() in ("outcome", "issue", "fin") else tag if not sep else ""
    plain = unicodedata.normalize("NFKD", word.strip().lower()).encode("ascii", "ignore").decode("ascii")
    return OUTCOME_TAGS.get(plain)
SKIPPED_TAGS = {"script", "stylesheet", "widget", "Twine.private", "header", "footer", "startup", "debug-header",
                "debug-footer", "debug-startup", "init"}
SPECIAL_PASSAGES = {"StoryInit", "StoryCaption", "StoryMenu", "StoryBanner", "StoryAuthor", "StorySubtitle",
                    "StoryInterface", "StoryShare", "PassageReady", "PassageDone", "PassageHeader", "PassageFooter",
                    "StoryDisplayTitle", "StoryTitle", "StoryData"}


@dataclass
class Passage:
    name: str
    tags: list[str]
    metadata: dict[str, Any]
    text: str
    line: int  # 1-based line of the header
    column: int = 1  # of the header (an HTML file puts many passages on one line)
    text_at: tuple[int, int] | None = None  # (line, column) of the text's first character; None: the line after the header


@dataclass
class Link:
    text: str
    target: str
    setter: str | None
    line: int
    column: int = 1


@dataclass
class TweeStory:
    file: str
    passages: list[Passage]
    title: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    data_error: tuple[str, int] | None = None  # StoryData that is not a JSON object: (why, line)
    warnings: list[Diagnostic] = field(default_factory=list)  # found while reading, reported with the import's


@dataclass
class ImportResult:
    scenario_id: str
    text: str  # the scenario YAML, modeline included
    data: dict[str, Any]
    warnings: list[Diagnostic]
    block_note: str = ""  # how the block was chosen when --block was not given (guessed, or the default)


# ---------------------------------------------------------------- reading Twee 3

def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _scan_until(s: str, i: int, stops: str) -> int:
    """Index of the first unescaped character of ``stops`` from ``i`` (len(s) if none)."""
    while i < len(s):
        if s[i] == "\\":
            i += 2
            continue
        if s[i] in stops:
            return i
        i += 1
    return len(s)


def parse_header(rest: str, file: str, line: int, diags: list[Diagnostic]) -> tuple[str, list[str], dict[str, Any]] | None:
    """``Name [tag tag] {"json": "metadata"}`` after the ``::``; None when malformed (error added)."""
    def error(message: str, col: int, hint: str) -> None:
        diags.append(Diagnostic("NS602", "error", message, file, line, col + 3, "en-tête de passage", hint))

    i = _scan_until(rest, 0, "[]{}")
    name = _unescape(rest[:i]).strip()
    if i < len(rest) and rest[i] in "]}":
        error(f"« {rest[i]} » inattendu dans le nom du passage", i + 1, f"échappez-le : \\{rest[i]}")
        return None
    if not name:
        error("passage sans nom", 1, "écrivez « :: Nom du passage »")
        return None
    tags: list[str] = []
    metadata: dict[str, Any] = {}
    rest_i = i
    if rest_i < len(rest) and rest[rest_i] == "[":
        end = _scan_until(rest, rest_i + 1, "]")
        if end >= len(rest):
            error(f"crochet de tags non fermé dans l'en-tête « {name} »", rest_i + 1,
                  "fermez la liste des tags par « ] », ou échappez le crochet du nom : \\[")
            return None
        tags = [_unescape(t) for t in rest[rest_i + 1:end].split()]
        rest_i = end + 1
    tail = rest[rest_i:].strip()
    if tail.startswith("{"):
        try:
            value = json.loads(tail)
        except json.JSONDecodeError as exc:
            diags.append(Diagnostic("NS619", "warning", f"métadonnées illisibles pour « {name} » ({exc.msg})",
                                    file, line, 1, f"passage « {name} »", "elles sont ignorées ; écrivez du JSON"))
        else:
            if isinstance(value, dict):
                metadata = value
    elif tail:
        error(f"texte inattendu après le nom et les tags de « {name} » : {tail[:30]}", rest_i + 1,
              "les tags vont entre [ ], les métadonnées entre { } ; échappez les crochets du nom : \\[ \\]")
        return None
    return name, tags, metadata


def read_twee(text: str, file: str = "<twee>") -> TweeStory:
    """Split a Twee 3 source into passages; raises ContentError when the file is not Twee at all."""
    diags: list[Diagnostic] = []
    passages: list[Passage] = []
    current: tuple[int, str, list[str], dict[str, Any]] | None = None
    body: list[str] = []

    def flush() -> None:
        if current is not None:
            lineno, name, tags, metadata = current
            # only trailing blank lines go: line numbers of links are counted from the header
            passages.append(Passage(name, tags, metadata, "\n".join(body).rstrip(), lineno))

    for lineno, raw in enumerate(text.splitlines(), 1):
        if raw.startswith("::"):
            flush()
            body = []
            header = parse_header(raw[2:], file, lineno, diags)
            current = (lineno, *header) if header else None
            continue
        if current is None:
            continue  # text before the first passage (Twee allows it and ignores it)
        body.append("::" + raw[3:] if raw.startswith("\\::") else raw)
    flush()
    if not passages and not diags:
        diags.append(Diagnostic("NS601", "error", "aucun passage Twee dans ce fichier", file, 1, 1, "",
                                "un passage commence par une ligne « :: Nom » (format Twee 3, export de Twine)"))
    if diags:
        raise ContentError(diags)
    story = TweeStory(file, passages)
    for p in passages:
        if p.name == "StoryTitle" and p.text.strip():
            story.title = " ".join(p.text.split())
        elif p.name == "StoryData":
            try:
                data = json.loads(p.text or "{}")
            except json.JSONDecodeError as exc:
                story.data_error = (exc.msg, p.line)
                continue
            if isinstance(data, dict):
                story.data = data
            else:
                story.data_error = ("un objet JSON { … } est attendu", p.line)
    return story


_LINK = re.compile(r"\[\[([^\n]*?)\]\](?!\])")


def parse_link(inner: str, line: int, column: int = 1) -> Link:
    """Twine 2's rules: the rightmost ``->``, else the leftmost ``<-``, else ``|``, else the whole."""
    setter = None
    if "][" in inner:
        inner, setter = inner.split("][", 1)
    if "->" in inner:
        text, target = inner.rsplit("->", 1)
    elif "<-" in inner:
        target, text = inner.split("<-", 1)
    elif "|" in inner:
        text, target = inner.split("|", 1)
    else:
        text = target = inner
    return Link(text.strip(), target.strip(), setter, line, column)


# ---------------------------------------------------------------- what negosim cannot map

_MARKUP = [
    ("macro SugarCube", re.compile(r"<<.*?>>", re.S)),
    ("script Snowman", re.compile(r"<%.*?%>", re.S)),
    ("commentaire", re.compile(r"/\*.*?\*/|<!--.*?-->", re.S)),
    ("balise HTML", re.compile(r"</?[A-Za-z][^<>]*>")),
    ("insertion Chapbook", re.compile(r"\{[^{}\n]*\}")),
]
_HARLOWE = re.compile(r"\((?:[A-Za-z][\w-]*):")
_VARIABLE = re.compile(r"(?<![\w$])[$_][A-Za-z]\w*")


def _harlowe_macros(text: str) -> tuple[str, list[str]]:
    """Remove Harlowe macro calls ``(name: ...)``; keep the text of the hook ``[...]`` they control."""
    found: list[str] = []
    out: list[str] = []
    i = 0
    while (m := _HARLOWE.search(text, i)) is not None:
        out.append(text[i:m.start()])
        depth, j = 0, m.start()
        while j < len(text):
            depth += {"(": 1, ")": -1}.get(text[j], 0)
            j += 1
            if depth == 0:
                break
        macro = text[m.start():j]
        if j < len(text) and text[j] == "[":  # the hook it controls: keep its words, drop the brackets
            end = text.find("]", j)
            end = len(text) if end < 0 else end
            out.append(text[j + 1:end])
            macro += "[…]"
            j = end + 1
        found.append(macro)
        i = j
    out.append(text[i:])
    return "".join(out), found


def clean_text(text: str) -> tuple[str, dict[str, list[str]]]:
    """The words of a passage without story-format markup, and what was taken out, by kind."""
    removed: dict[str, list[str]] = {}
    text, harlowe = _harlowe_macros(text)
    if harlowe:
        removed["macro Harlowe"] = harlowe
    for kind, pattern in _MARKUP:
        hits = pattern.findall(text)
        if hits:
            removed[kind] = hits
            text = pattern.sub(" ", text)
    variables = _VARIABLE.findall(text)
    if variables:
        removed["variable"] = variables
    # what nested or unclosed braces leave behind: a « { » in a line would read as a value to fill in
    stray = re.findall(r"[{}]", text)
    if stray:
        removed.setdefault("insertion Chapbook", []).extend(stray)
        text = re.sub(r"[{}]", " ", text)
    text = " ".join(text.split())
    return text, removed


# ---------------------------------------------------------------- names

def slugify(name: str, max_len: int = 60) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")
    if len(slug) > max_len:  # cut between words when one ends late enough
        cut = slug.rfind("-", 0, max_len + 1)
        slug = slug[:cut] if cut >= max_len // 2 else slug[:max_len]
    return slug.rstrip("-")


def _unique(base: str, taken: set[str], fallback: str) -> str:
    base = base or fallback
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


# ---------------------------------------------------------------- the import

class _Importer:
    def __init__(self, story: TweeStory, lang: str, block: str | None, scenario_id: str | None):
        from ..content.acts import ENGINE_ACTS, default_catalogue

        self.story = story
        self.file = story.file
        self.lang = lang
        self.block = block  # None: guessed from the story (see _guess_block)
        self.block_note = ""
        self.start_name = ""
        self.wanted_id = scenario_id
        self.acts = default_catalogue().acts
        self.engine_acts = set(ENGINE_ACTS)
        self.warnings: list[Diagnostic] = list(story.warnings)

    def warn(self, code: str, line: int, passage: str, message: str, hint: str = "", column: int = 1) -> None:
        where = f"passage « {passage} »" if passage else ""
        self.warnings.append(Diagnostic(code, "warning", message, self.file, line, column if line else 0, where, hint))

    def run(self) -> dict[str, Any]:
        story = self.story
        if story.data_error:
            why, line = story.data_error
            self.warn("NS619", line, "StoryData", f"StoryData illisible ({why})",
                      "le passage de départ est choisi autrement ; corrigez le JSON de StoryData")
        # which passages become states
        kept: dict[str, Passage] = {}
        for p in story.passages:
            if p.name in ("StoryTitle", "StoryData"):
                continue
            skipped_by = sorted(set(p.tags) & SKIPPED_TAGS)
            if skipped_by or p.name in SPECIAL_PASSAGES:
                why = f"tag « {skipped_by[0]} »" if skipped_by else "passage spécial du format d'histoire"
                self.warn("NS614", p.line, p.name, f"passage non importé ({why})",
                          "negosim n'exécute ni script ni style : reportez la logique dans les variables et conditions",
                          p.column)
                continue
            if p.name in kept:
                self.warn("NS611", p.line, p.name,
                          f"passage « {p.name} » défini deux fois (déjà ligne {kept[p.name].line}) : ce second passage "
                          "est ignoré", "renommez l'un des deux dans Twine puis réimportez", p.column)
                continue
            kept[p.name] = p
        if not kept:
            raise ContentError([Diagnostic("NS601", "error", "aucun passage d'histoire à importer", self.file, 1, 1, "",
                                           "le fichier ne contient que des passages spéciaux, scripts ou styles")])
        taken: set[str] = set()
        ids = {name: _unique(slugify(name), taken, "passage") for name in kept}
        start = self._start(kept)
        self.start_name = start
        states: dict[str, Any] = {}
        missing: dict[str, str] = {}
        incoming_acts = {name: self._passage_acts(p) for name, p in kept.items()}
        for name, p in kept.items():
            states[ids[name]] = self._state(p, kept, ids, incoming_acts, missing, taken)
        for target, sid in missing.items():
            states[sid] = {"phase": "fin", "end": {"outcome": "partial",
                                                   "summary": f"Passage « {target} » absent du fichier Twine : à écrire."}}
        if self.block is None:
            self.block = self._guess_block(kept, incoming_acts)
        if not any(st.get("end", {}).get("outcome") == "success" for st in states.values()):
            self.warn("NS618", 0, "", "aucune fin n'est marquée « success » : le scénario ne passera pas la validation",
                      "ajoutez le tag success au passage final réussi dans Twine, ou « outcome: success » dans le YAML")
        return self._document(ids[start], states)

    _PROSPECTION_WORDS = re.compile(r"rendez-vous|\brdv\b|standard|rappel|prospect|appointment|receptionist", re.I)
    _NEGOTIATION_WORDS = re.compile(r"\bprix\b|remise|rabais|€|\beuros?\b|tarif|\bprice\b|discount", re.I)

    def _guess_block(self, kept: dict[str, Passage], acts: dict[str, list[str]]) -> str:
        """Prospection or negotiation, from the story's phases, acts and words; said in a warning either way."""
        from ..content.acts import default_catalogue

        catalogue = default_catalogue().acts
        score = {"prospection": 0, "negociation": 0}
        why: dict[str, list[str]] = {"prospection": [], "negociation": []}
        for p in kept.values():
            for tag in p.tags:
                if tag == "phase:barrage":
                    score["prospection"] += 3
                    why["prospection"].append("phase:barrage")
                elif tag in ("phase:prix", "phase:reclamation"):
                    score["negociation"] += 3
                    why["negociation"].append(tag)
            for act in acts.get(p.name, []):
                blocks = catalogue[act].block if act in catalogue else []
                if len(blocks) == 1:
                    score[blocks[0]] += 2
                    why[blocks[0]].append(f"act:{act}")
            score["prospection"] += len(self._PROSPECTION_WORDS.findall(p.text))
            score["negociation"] += len(self._NEGOTIATION_WORDS.findall(p.text))
        if score["prospection"] == score["negociation"]:
            self.block_note = ("Bloc : negociation, par défaut (rien dans l'histoire ne permet de le deviner) ; "
                               "pour un appel de prospection, réimportez avec --block prospection --force.")
            return "negociation"
        block = max(score, key=score.__getitem__)
        other = "negociation" if block == "prospection" else "prospection"
        clues = ", ".join(list(dict.fromkeys(why[block]))[:3]) or "le vocabulaire des passages"
        self.block_note = (f"Bloc : {block}, deviné d'après {clues} ; si c'est faux, réimportez avec "
                           f"--block {other} --force.")
        return block

    def _start(self, kept: dict[str, Passage]) -> str:
        wanted = self.story.data.get("start")
        if isinstance(wanted, str) and wanted in kept:
            return wanted
        first = next(iter(kept))
        chosen = "Start" if "Start" in kept else first
        at = kept[chosen]
        if isinstance(wanted, str):
            self.warn("NS617", at.line, chosen, f"le passage de départ « {wanted} » n'existe pas : "
                      f"départ sur « {chosen} »", did_you_mean(wanted, kept), at.column)
        elif chosen != "Start":
            # worded for both formats: an HTML file has no StoryData, its start is Twine's « Start Story Here »
            self.warn("NS617", at.line, chosen, f"l'histoire n'indique pas de départ : départ sur « {chosen} », "
                      "le premier passage", "choisissez le passage de départ dans Twine (en Twee : StoryData avec "
                      "« start »), ou nommez un passage Start", at.column)
        return chosen

    def _passage_acts(self, p: Passage) -> list[str]:
        raw = [t[4:] for t in p.tags if t.startswith("act:")]
        meta = p.metadata.get("acts")
        if isinstance(meta, str):
            raw += meta.replace(",", " ").split()
        elif isinstance(meta, list):
            raw += [str(a) for a in meta]
        acts: list[str] = []
        for act in raw:
            if act in self.engine_acts:
                self.warn("NS616", p.line, p.name, f"l'acte « {act} » est attribué par le moteur, pas par un choix",
                          "retirez ce tag : le moteur le note quand l'apprenant propose un prix", p.column)
            elif act not in self.acts:
                self.warn("NS616", p.line, p.name, f"acte inconnu « {act} » (ignoré)", suggest_act(act, self.acts),
                          p.column)
            elif act not in acts:
                acts.append(act)
        return acts

    def _tags(self, p: Passage, has_links: bool) -> dict[str, Any]:
        out: dict[str, Any] = {}
        unknown = []
        for tag in p.tags:
            key, _, value = tag.partition(":")
            if tag.startswith("act:"):
                continue
            if key == "phase" and value in PHASES:
                out["phase"] = value
            elif key == "speaker" and value in ("client", "gatekeeper"):
                out["speaker"] = value
            elif outcome_tag(tag) is not None:
                out["ending"] = True
                if outcome_tag(tag):
                    out["outcome"] = outcome_tag(tag)
                if has_links:
                    out["ending_tag"] = tag
            elif key in ("phase", "speaker", "outcome", "issue"):
                choices = {"phase": PHASES, "speaker": ("client", "gatekeeper"), "outcome": OUTCOMES,
                           "issue": OUTCOMES}[key]
                self.warn("NS616", p.line, p.name, f"tag « {tag} » : valeur inconnue (ignoré)",
                          did_you_mean(value, choices), p.column)
            else:
                unknown.append(tag)
        if unknown:
            close = [f"« {t} » : vouliez-vous dire « {m[0]} » ? " for t in unknown
                     if (m := difflib.get_close_matches(t, OUTCOMES, 1, 0.7))]
            # in French, like every diagnostic (content/diagnostics.py): validate and import print them as they are
            self.warn("NS616", p.line, p.name, nt("cli.twee.unknown_tags", len(unknown), "fr", tags=", ".join(unknown)),
                      "".join(close) + "conventions : act:…, phase:…, speaker:gatekeeper, succès / partiel / échec "
                      "(ou success / partial / failure, fin)",
                      p.column)
        return out

    def _state(self, p: Passage, kept: dict[str, Passage], ids: dict[str, str], incoming_acts: dict[str, list[str]],
               missing: dict[str, str], taken: set[str]) -> dict[str, Any]:
        links: list[Link] = []
        lines_out: list[str] = []
        first_line, first_column = p.text_at or (p.line + 1, 1)
        for offset, line in enumerate(p.text.splitlines()):
            # a link is located at the start of its line of text (in HTML, the first one starts after the tag)
            here = [parse_link(m.group(1), first_line + offset, first_column if offset == 0 else 1)
                    for m in _LINK.finditer(line)]
            links += here
            rest = _LINK.sub("", line).strip(" \t*-•")
            if here and not rest:
                continue  # a line of links only: the choices, not the client's words
            lines_out.append(_LINK.sub(lambda m: parse_link(m.group(1), 0).text, line))
        say, removed = clean_text("\n".join(lines_out))
        for kind, hits in removed.items():
            shown = ", ".join(h.strip()[:40] for h in hits[:3]) + (" …" if len(hits) > 3 else "")
            self.warn("NS613", p.line, p.name, f"{kind} non reprise ({len(hits)}) : {shown}",
                      "le texte est gardé ; la logique est à réécrire avec les variables, conditions et effets negosim",
                      p.column)
        if len(say) > MAX_LINE:
            self.warn("NS620", p.line, p.name, f"texte de {len(say)} caractères raccourci à {MAX_LINE}",
                      "découpez ce passage en plusieurs", p.column)
            say = say[:MAX_LINE - 1] + "…"
        tags = self._tags(p, has_links=bool(links))
        if links and tags.get("ending"):
            if all(link.target == self.start_name for link in links) and p.name != self.start_name:
                # « [[Recommencer->Accueil]] » on an ending: navigation, not a line the learner says
                shown = ", ".join(f"« {link.text or link.target} »" for link in links[:3])
                self.warn("NS621", p.line, p.name, nt("cli.twee.ending_links", len(links), "fr", links=shown),
                          "une fin n'a pas de suite ; pour rejouer, l'apprenant relance la partie", p.column)
                links = []
            else:
                tags.pop("outcome", None)
                self.warn("NS621", p.line, p.name, f"tag « {tags['ending_tag']} » ignoré : ce passage a des liens, "
                          "ce n'est pas une fin", "seuls les passages sans lien (ou dont les liens ramènent au départ) "
                          "deviennent des fins", p.column)
        state: dict[str, Any] = {"phase": tags.get("phase", "fin" if not links else "contact")}
        if "speaker" in tags:
            state["speaker"] = tags["speaker"]
        if say:
            state["say"] = say
        if not links:
            summary = say[:200] if say else f"Fin : {p.name}"
            state["end"] = {"outcome": tags.get("outcome", "partial"), "summary": summary}
            return state
        choices = []
        choice_ids: set[str] = set()
        for link in links:
            if link.setter is not None:
                self.warn("NS615", link.line, p.name, f"lien « {link.text} » : affectation « {link.setter} » non reprise",
                          "écrivez-la dans « effects » du choix", link.column)
            target = link.target
            if target in kept:
                nxt = ids[target]
                acts = incoming_acts[target]
            else:
                if target not in missing:
                    missing[target] = _unique(slugify(target), taken, "passage")
                    self.warn("NS612", link.line, p.name, f"lien vers « {target} », passage qui n'existe pas : "
                              f"une fin provisoire « {missing[target]} » est créée", did_you_mean(target, kept),
                              link.column)
                nxt, acts = missing[target], []
            choice: dict[str, Any] = {"id": _unique(slugify(link.text or target, 40), choice_ids, "choix"),
                                      "text": link.text or target}
            if acts:
                choice["acts"] = list(acts)
            choice["next"] = nxt
            choices.append(choice)
        state["choices"] = choices
        return state

    def _document(self, start: str, states: dict[str, Any]) -> dict[str, Any]:
        title = self.story.title or Path(self.file).stem or "Histoire Twine"
        scenario_id = self.wanted_id or slugify(title) or "histoire-twine"
        todo = "À compléter" if self.lang == "fr" else "To be written"
        return {
            "format": 1,
            "id": scenario_id,
            "title": title,
            "language": self.lang,
            "blocks": [self.block],
            "sector": "autre",
            "difficulty": 1,
            "duration_minutes": 15,
            "summary": f"Importé de Twine ({Path(self.file).name}). {todo}.",
            "briefing": {
                "learner": {"context": f"{todo} : le contexte donné à l'apprenant.",
                            "objective": f"{todo} : l'objectif de l'entretien."},
                "jury": {"expectations": f"{todo} : ce que le jury attend."},
            },
            "persona": {"client": {"name": f"{todo} (nom du client)", "role": f"{todo} (fonction)"}},
            "start": start,
            "states": states,
        }


def import_twee(text: str, file: str = "<twee>", *, lang: str = "fr", block: str | None = None,
                scenario_id: str | None = None, schema: str | None = None, target: str | None = None) -> ImportResult:
    """Convert Twee 3 source to scenario YAML. Raises ContentError when the file is not usable Twee."""
    return import_story(read_twee(text, file), lang=lang, block=block, scenario_id=scenario_id, schema=schema,
                        target=target)


def import_story(story: TweeStory, *, lang: str = "fr", block: str | None = None, scenario_id: str | None = None,
                 schema: str | None = None, target: str | None = None) -> ImportResult:
    """Convert a story already read (from Twee, or from Twine HTML by twine_html.py) to scenario YAML."""
    file = story.file
    importer = _Importer(story, lang, block, scenario_id)
    data = importer.run()
    header = []
    if schema:
        header.append(f"# yaml-language-server: $schema={schema}")
    header += [f"# Importé de Twine par « negosim import twee » depuis {Path(file).name}.",
               "# Complétez le briefing et le persona, ajoutez des actes aux choix, puis vérifiez :",
               f"#   negosim validate {target or 'CE_FICHIER.yaml'}",
               ""]
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    return ImportResult(data["id"], "\n".join(header) + body, data, importer.warnings, importer.block_note)
