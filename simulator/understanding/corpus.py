"""The labelled corpus of learner lines (``corpus/*.txt``) and its fixed held-out split.

Format (see ``corpus/GUIDE.md``): ``@act_id`` opens a block (``@act_a act_b`` for a line doing both);
each line ``fr: text`` or ``en: text`` is one learner sentence labelled with that act; `` || client line``
after it gives the client's previous line. The held-out split is decided by a hash of the sentence, never
by a model's results, so no model selection can touch it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import NegosimError

CORPUS_DIR = Path(__file__).parent / "corpus"
HELD_OUT_ONE_IN = 5  # one sentence in five is held out


class CorpusError(NegosimError, ValueError):
    """A malformed corpus line; the message says file:line and what to write."""

    code = "corpus"


@dataclass(frozen=True)
class Example:
    text: str
    act: str
    lang: str
    context: str | None
    source: str  # file:line
    acts: tuple[str, ...] = ()  # every act of the block (``@a b``); the first is ``act``

    @property
    def held_out(self) -> bool:
        digest = hashlib.sha1(self.text.encode("utf-8")).digest()
        return digest[0] % HELD_OUT_ONE_IN == 0


def corpus_files(directory: Path = CORPUS_DIR) -> list[Path]:
    return sorted(directory.glob("*.txt"))


def parse_file(path: Path) -> list[Example]:
    examples: list[Example] = []
    acts: tuple[str, ...] = ()
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        where = f"{path.name}:{number}"
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            acts = tuple(line[1:].split())
            continue
        lang, sep, rest = line.partition(":")
        if not sep or lang not in ("fr", "en"):
            raise CorpusError(f"{where}: une phrase commence par « fr: » ou « en: » (lu : {line[:40]!r})")
        if not acts:
            raise CorpusError(f"{where}: phrase avant tout « @acte » : ouvrez un bloc avec « @question_ouverte » par exemple")
        text, _, context = rest.partition("||")
        if not text.strip():
            raise CorpusError(f"{where}: phrase vide")
        examples.append(Example(text.strip(), acts[0], lang, context.strip() or None, where, acts))
    return examples


def load_corpus(directory: Path = CORPUS_DIR) -> list[Example]:
    examples: list[Example] = []
    for path in corpus_files(directory):
        examples.extend(parse_file(path))
    return examples


def corpus_digest(directory: Path = CORPUS_DIR) -> str:
    """Hash of every corpus file, by name and content: what the weights were trained from."""
    h = hashlib.sha256()
    for path in corpus_files(directory):
        h.update(path.relative_to(directory).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()
