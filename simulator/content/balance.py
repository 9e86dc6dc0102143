"""Content balance: can a learner pass by reading the *shape* of the options instead of their meaning?

A menu is an answer key when the right option gives itself away: it is always the longest, the wrong
ones carry tell-tale words (« Franchement… », « Oui, mais », « désolé »), or one option is three times
as long as the others. These checks give warnings (``negosim validate --strict`` fails on them):

- NS301: the best-graded option of a decision state is also its longest in more than half of the
  scenario's decision states;
- NS302: a word or mark appears in ``TELLTALE_MIN`` or more poorly graded options, in at least three
  different states, and in no other option of the scenario;
- NS303: within a state, the longest option is more than ``MAX_LENGTH_RATIO`` times the shortest.

An option's grade comes from the act catalogue: +1 per good act, -2 per weak act (a weak act is a
fault whatever else the line does). Options pinned with ``order:`` (hang up, end the call) are left out:
their place and shape are meant to be recognisable.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .acts import Catalogue
from .diagnostics import Diagnostic
from .scenario import CompiledChoice, Scenario

MAX_LENGTH_RATIO = 2.5
LONGEST_BEST_SHARE = 0.5
TELLTALE_MIN = 5
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|…|\.\.\.|!", re.UNICODE)
# Function words carry no tell: they are everywhere, in good and bad options alike.
_STOP_WORDS = """
le la les l un une des de du d au aux à a et ou en y ne n pas que qu qui ce c cet cette ces se s
je j me m moi tu te vous votre vos nous notre nos il elle ils elles on lui leur leurs son sa ses mon ma mes
est sont être avoir ai as avez avons ont sur pour par dans avec sans chez plus très bien
the a an of to and or in on at for with you your we our i it is are be this that
"""
_STOP = frozenset(_STOP_WORDS.split())


def option_grade(choice: CompiledChoice, catalogue: Catalogue) -> int:
    grade = 0
    for act in choice.spec.acts:
        quality = catalogue.acts[act].quality if act in catalogue.acts else "neutral"
        grade += 1 if quality == "good" else -2 if quality == "weak" else 0
    return grade


def _words(text: str) -> set[str]:
    words = set(map(_tell, _WORD.findall(text)))
    words.discard(None)
    return words  # type: ignore[return-value]  # None, the only non-str, discarded


def _words_among(texts: list[str], wanted: set[str]) -> set[str]:
    """Which of the ``wanted`` words the texts use: read until all are found (a suspect word is usually
    cleared by the first good options)."""
    found: set[str] = set()
    for text in texts:
        if len(found) == len(wanted):
            break
        found.update(wanted.intersection(_words(text)))
    return found


@lru_cache(maxsize=16384)  # 30,000 options of a large file say the same few hundred words
def _tell(token: str) -> str | None:
    """The word a token may give away (folded), or None for a function word or a short one."""
    word = "…" if token == "..." else token.lower().replace("’", "'")
    if word not in _STOP and (len(word) > 2 or word in ("…", "!")):
        return _fold(word)
    return None


@lru_cache(maxsize=8192)  # a scenario's vocabulary is small and its words come back in every state
def _fold(word: str) -> str:
    """« Désolé » and « desole » are the same tell."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


def balance_checks(scenario: Scenario, catalogue: Catalogue) -> list[Diagnostic]:
    src = scenario.source
    out: list[Diagnostic] = []
    decisions = longest_best = 0
    weak_uses: dict[str, list[tuple[str, int]]] = {}  # word -> (state, choice index) of weak options using it
    other_texts: list[str] = []  # the other options' texts: their words are read only if a word is suspect
    weak_acts = frozenset(a for a, act in catalogue.acts.items() if act.quality == "weak")
    # By acts, (grade, whether weak): 30,000 options of a large file use a few sets of acts, each asked once.
    by_acts: dict[tuple[str, ...], tuple[int, bool]] = {}
    for sid, state in scenario.states.items():
        options = []
        lengths: list[int] = []
        option_grades: list[int] = []
        for i, choice in enumerate(state.choices):
            if choice.spec.order is not None:
                continue  # pinned with order: its place and shape are meant to be recognisable
            known = by_acts.get(choice.acts)
            if known is None:
                known = by_acts[choice.acts] = (option_grade(choice, catalogue), not weak_acts.isdisjoint(choice.acts))
            text = choice.text
            if known[1]:
                for word in _words(text):
                    uses = weak_uses.get(word)
                    if uses is None:
                        weak_uses[word] = [(sid, i)]
                    else:
                        uses.append((sid, i))
            else:
                other_texts.append(text)
            options.append(choice)
            lengths.append(len(text))
            option_grades.append(known[0])
        if len(options) < 2:
            continue
        longest, shortest = max(lengths), min(lengths)
        if longest > MAX_LENGTH_RATIO * shortest:
            long_c = options[lengths.index(longest)]
            short_c = options[lengths.index(shortest)]
            out.append(src.diagnostic(
                "NS303", ("states", sid, "choices"),
                f"dans « {sid} », l'option « {long_c.id} » ({longest} caractères) est plus de "
                f"{MAX_LENGTH_RATIO:g} fois plus longue que « {short_c.id} » ({shortest})",
                "la longueur trahit la bonne réponse : équilibrez les options "
                "(docs/authoring.md, « Des options équilibrées »)",
                key=True, severity="warning"))
        if len(set(option_grades)) < 2:
            continue  # no option is better than another here: nothing to give away
        decisions += 1
        best = max(option_grades)
        if any(g == best and n == longest for g, n in zip(option_grades, lengths)):
            longest_best += 1
    if decisions and longest_best > LONGEST_BEST_SHARE * decisions:
        out.append(src.diagnostic(
            "NS301", ("states",),
            f"la meilleure option est aussi la plus longue dans {longest_best} états de décision sur {decisions}",
            f"au plus {LONGEST_BEST_SHARE:.0%} : raccourcissez des bonnes réponses ou étoffez les erreurs plausibles",
            key=True, severity="warning"))
    suspects = {word for word, uses in weak_uses.items() if len(uses) >= TELLTALE_MIN and len({u[0] for u in uses}) >= 3}
    other_words = _words_among(other_texts, suspects)
    for word, uses in sorted(weak_uses.items()):
        if word in suspects and word not in other_words:
            sid, i = uses[0]
            shown = "« … »" if word == "…" else f"« {word} »"
            out.append(src.diagnostic(
                "NS302", ("states", sid, "choices", i, "text"),
                f"{shown} n'apparaît que dans des options notées comme des erreurs ({len(uses)} options)",
                "un apprenant l'évitera sans réfléchir : retirez-le des erreurs ou employez-le aussi dans de bonnes options",
                severity="warning"))
    return out
