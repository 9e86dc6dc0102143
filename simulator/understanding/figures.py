"""Which figure of a line is the learner's price, when the line holds several.

« Une panne vous coûte 40 000 € par an ; notre contrat est à 9 600 € TTC » offers 9 600 €: a trainer hears the
first figure as the client's cost and the second as the price. Each money figure is weighed by the words of its
own clause, as a listener would: what comes just before it (« je vous propose », « le prix est », « the
subscription is », « à », « for ») and just after it (« HT », « TTC », « par an », « per year »), against what
marks a figure quoted for another reason: the client's cost, loss or saving (« vous coûte », « vous perdez »,
« worth », « saves »), a competitor's or the client's own price (« leur offre », « vos 8 100 € »), a reference
(« au lieu de », « prix catalogue », « soit »), an estimate (« environ », « around ») or a difference (« 400 € de
remise », « €5,000 off »), or the same price restated (« soit 6 830 € par mois »). A party named by its proper name
right before a figure (« prendre Routevia à 64 000 € », « la MAAF est à 8 100 € », « Routevia's €64,000 ») is
quoting its own price (``_named_party``): a word with a capital inside a sentence, or at its start if the scenario
uses it as a name (``Names``); never the learner's side's (``Names.ours``), a place (« livré à Lyon pour 9 600 € »)
or a product the line calls its offer (« notre formule Sérénité à 9 600 € »). A cue counts less
the further it is from the figure, half as much from an earlier clause of the sentence, and not at all beyond the
sentence or the figure before (a cue belongs to the figure it introduces). A figure the client said counts as
quoted.

The best figure is the offer when it leads clearly. When two remain about as likely, ``FigureChoice.tied`` names
them and nobody guesses: the client asks which one the learner proposes. When every figure is clearly quoted
(« a breakdown costs you 40 000 €, you lose 12 000 € ») the line offers nothing. A line with a single figure
never comes here: that figure is the offer, as it always was."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache

from .amounts import AmountMention, _words_to_figures
from .normalize import fold

NAMED = -3.0        # a figure right after a party named by its proper name: that party's price
MARGIN = 1.0        # the best figure is the offer when it leads the next by this much
QUOTED = -2.0       # at or under this, a figure is quoted (a cost, a saving, a competitor's price), never offered
CLIENTS = -2.5      # a figure the client said, quoted back (« 7 200 € ? je peux faire 9 300 € »)
AFTER_WORDS = 5     # words read after a figure (« 9 600 € TTC par an », « 400 € de remise »)
ADJACENT = 0        # cues that only count right before the figure (« à », « for », « c'est »)


Cue = tuple[float, str, bool]  # weight, pattern on the folded line, whether it only counts right before the figure


def _cues(weight: float, *patterns: str, adjacent: bool = False) -> list[Cue]:
    return [(weight, p, adjacent) for p in patterns]


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """Compiled on first use: most lines have one figure and never need the cues (start-up stays as it was)."""
    return re.compile(rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])")


_SEP = r"\s+"
_W = r"[a-z]+\s+"  # any one word

# Read in this order; a cue overlapping one already found is not read again (« notre contrat vous coûte » is the
# price of the offer, not « vous coûte »; « votre proposition » is the client's, not « proposition »).
_BEFORE = [
    *_cues(-3, rf"(?:votre|vos|leur|leurs|your|their)\s+(?:{_W})?(?:proposition|offre|offer|prix|price|tarif|devis|"
               r"quote|budget|contrat\s+actuel|current\s+contract|assureur|insurer|supplier|fournisseur|provider)"),
    *_cues(-2, r"chez\s+(?!nous)[a-z]+", r"(?:votre|vos|your)\s+(?:assureur|insurer|supplier|fournisseur|provider)"),
    *_cues(3, r"(?:notre|nos|our|mon|ma|my|le contrat|ce contrat|l abonnement|cet abonnement|la prime|la cotisation|"
              r"la formule|the subscription|this subscription|the contract|the licen[cs]e|the plan|the package|"
              rf"the solution|la solution)\s+(?:{_W}){{0,3}}?(?:vous\s+)?(?:coute\w*|reviendr\w*|revient|"
              r"costs?|will\s+cost|would\s+cost|comes?\s+to)"),
    # « ça vous coûtera 9 600 € », « it costs you €1,500 »: the pronoun may stand for the offer or for a problem
    *_cues(0, r"(?:ca|cela|il|elle|it|this|that)\s+(?:vous\s+)?(?:coute\w*|reviendr\w*|revient|"
              r"(?:ll\s+|will\s+|would\s+|d\s+)?costs?)(?:\s+you)?"),
    # the client's cost, loss or saving; a competitor; the client's current spending
    *_cues(-3, r"vous\s+(?:a|ont|aurait|auraient|auront)?\s*coute\w*", r"vous\s+coute\w*", r"coute\w*\s+a\s+(?:votre|vos)",
           r"perd\w*", r"pertes?", r"manque\s+a\s+gagner", r"econom\w*", r"gagn\w*", r"rapport\w*", r"concurren\w*",
           r"vaut|valent|valait", r"sinistres?", r"degats?", r"dommages?", r"chiffre\s+d\s+affaires", r"pannes?",
           r"amendes?|penalites?", r"vols?|theft|stolen",
           r"costs?\s+you|costing\s+you|cost\s+you|cost\s+(?:the\s+)?(?:business|company)",
           r"los[et]s?|losing|loss(?:es)?", r"sav(?:e|es|ed|ing|ings)", r"earn\w*|gains?", r"worth",
           r"competit\w*|rivals?", r"quot(?:ed|es)", r"downtime|damages?|penalt\w*|revenue|turnover"),
    *_cues(-2, r"vous\s+(?:payez|depensez|avez\s+paye|versez)", r"you\s+(?:currently\s+)?(?:pay|spend|re\s+paying|"
               r"are\s+paying)", r"catalogue|prix\s+public|normalement|habituellement|d\s+habitude|au\s+lieu\s+de|"
               r"plutot\s+que|initialement|au\s+depart|list\s+price|usually|normally|instead\s+of|rather\s+than|"
               r"originally|soit|i\s*e|arret\w*|stopped|idle"),
    *_cues(-2, r"from|depuis", adjacent=True),  # « down to €92,000 from €96,000 »
    *_cues(-1.5, r"actuel\w*|aujourd\s*hui|en\s+ce\s+moment|current\w*|today|at\s+the\s+moment"),
    *_cues(-2, r"contre|against|compared\s+(?:with|to)|versus|vs|compare\s+a|par\s+rapport\s+a|risques?|risk|exposure"),
    *_cues(-1.5, r"environ|autour\s+de|pres\s+de|a\s+peu\s+pres|quelque|plus\s+de|moins\s+de|around|about|roughly|"
               r"approximately|nearly|almost|some|over|more\s+than|less\s+than|up\s+to"),
    # what the learner proposes
    *_cues(3, r"je\s+(?:vous\s+)?(?:le\s+|la\s+|les\s+|l\s+)?(?:propose|proposerais|fais|ferais|ferai|laisse|"
              r"laisserais|accorde|cede|mets)",
           r"je\s+(?:peux|pourrais|vais)\s+(?:vous\s+)?(?:le\s+|la\s+|l\s+)?(?:faire|descendre|aller|proposer|"
           r"consentir|accorder|monter|laisser)",
           r"je\s+descends|on\s+(?:peut|pourrait)\s+faire|nous\s+(?:pouvons|pourrions)\s+(?:faire|descendre|proposer)|"
           r"on\s+part\s+sur|partons\s+sur|restons\s+(?:a|sur)|je\s+reste\s+(?:a|sur)|je\s+maintiens|"
           r"(?:ma|notre)\s+proposition|(?:mon|notre)\s+(?:offre|prix|tarif)|le\s+prix|le\s+tarif|la\s+prime|"
           r"la\s+cotisation|l\s+abonnement|l\s+investissement|le\s+forfait|on\s+(?:est|serait)\s+a|"
           r"nous\s+(?:sommes|serions)\s+a|je\s+(?:serais|suis)\s+a|d\s+accord\s+pour|va\s+pour|ok\s+pour|"
           r"marche\s+pour|topons\s+la|chez\s+nous|avec\s+nous|with\s+us|from\s+us",
           r"(?:we|i)\s+(?:are|re|am|m|would\s+be|d\s+be|can\s+be|could\s+be)\s+at",
           r"(?:we|i)\s+(?:ll\s+|will\s+|would\s+|d\s+)?(?:charge|ask|bill|invoice)|nous\s+(?:facturons|demandons)|"
           r"je\s+(?:vous\s+)?(?:facture|demande)|mettons|disons|say",
           r"ne\s+(?:peux|peut|pourrai|pourrais|vais|pouvons)\s+pas\s+(?:descendre|aller|faire\s+moins)\s+(?:sous|en\s+dessous\s+de|"
           r"plus\s+bas\s+que)|(?:can\s*t|cannot|can\s+not|won\s*t|couldn\s*t)\s+go\s+(?:below|under|lower\s+than)",
           r"(?:agreed|settled|agree|settle)\s+(?:on|at)|d\s+accord\s+sur|on\s+s\s+est\s+(?:dit|entendu)\s+sur",
           r"(?:au|un|le|in|a|the)\s+total(?:\s+de|\s+of)?|total\s+of",
           r"(?:i|we)\s+(?:can\s+|could\s+|will\s+|ll\s+|would\s+|d\s+|am\s+|m\s+|are\s+|re\s+)?(?:offer\w*|propos\w*|"
           r"do|go|come|drop|give|suggest\w*|settle|let\s+you\s+have|meet\s+you)",
           r"let\s*(?:s|us)\s+(?:say|settle|agree|go|make\s+it)|make\s+it|meet\s+(?:you\s+)?(?:at|in)|"
           r"(?:deal|agreed)\s+at|(?:my|our)\s+(?:offer|price|proposal|rate|fee)|the\s+(?:price|subscription|fee|"
           r"licen[cs]e|contract|rate|investment|total|premium)|(?:ok|okay|agreed|fine|deal)\s+(?:for|at)"),
    *_cues(2, r"contrat|abonnement|licence|formule|offre|proposition|tarif|prix|devis|prime|cotisation|investissement|"
              r"price|subscription|fee|licen[cs]e|contract|investment|pricing|package|premium|notre|nos|our|mes|my"),
    *_cues(1, r"c\s+est|c\s+serait|ce\s+sera|est\s+(?:a|de)|sont\s+(?:a|de)|serait\s+(?:a|de)|fait|font|revient\s+a|"
              r"reviendrait\s+a|comes?\s+to|it\s*s|that\s*s|that\s+is|this\s+is|it\s+is|is|are|would\s+be|will\s+be|au\s+total|en\s+tout|"
              r"tout\s+compris|all\s+in|pour|a|at|for|sur", adjacent=True),
    *_cues(-1.5, r"vos|votre|your|ses|leurs?|their", adjacent=True),  # « vos 8 100 € », « your €90,000 »
]
_AFTER = [
    *_cues(-3, r"de\s+(?:pertes?|manque|chiffre|ca|degats|dommages|marchandises?|outils|stock|sinistres?|economies?|"
               r"gains?|remise|reduction|rabais|ristourne|moins|plus|difference|ecart|penalites?|amendes?|materiel)",
           r"d\s+(?:economies?|outils|ecart|amende|amendes|avantage)", r"(?:in|of)\s+(?:losses|loss|savings|revenue|"
           r"damages?|turnover|penalties|fines|lost|stock|goods|tools)",
           r"off|discount|less|more|cheaper|lower|higher|worth\s+of|saved|lost|perdus?|economises?|offerts?|gratuit\w*|"
           r"free|en\s+moins|en\s+plus|below|under|above|en\s+dessous|au\s+dessus",
           r"(?:c\s+est\s+|is\s+|was\s+)?(?:votre|your|leur|their)\s+(?:budget|prix|price|offre|offer|proposition|proposal)",
           r"(?:que\s+|qu\s+)?(?:vous|ils|elle|il)\s+(?:perdez|economisez|gaspillez|perdent|perd)|"
           r"(?:that\s+|which\s+)?(?:you|they)\s+(?:lose|save|waste|lost|saved|wasted)"),
    *_cues(-1.5, r"par\s+jour|a\s+day|per\s+day|each\s+day|every\s+day|par\s+heure|an\s+hour|per\s+hour|"
                 r"par\s+livraison|per\s+delivery"),
    *_cues(-2, r"chez\s+(?!nous)[a-z]+|from\s+(?!us(?![a-z]))[a-z]+"),  # « 64 000 € chez Routevia »
    # the price with its counterpart: « 9 200 € si vous signez sur trois ans »
    *_cues(2, r"si\s+vous|s\s+il|if\s+you|provided|a\s+condition|en\s+echange|in\s+exchange|contre\s+(?:un|une|l|le|la|votre)|"
              r"against\s+(?:a|an|the|your)|for\s+(?:a|an)\s+(?:[a-z-]+\s+)?(?:year|term|commitment)"),
    *_cues(1.5, r"ht|ttc|hors\s+taxes?|toutes\s+taxes|excl\w*\s+vat|ex\s+vat|incl\w*\s+vat|plus\s+vat|net"),
    *_cues(0.5, r"par\s+an|annuel\w*|l\s+an|per\s+(?:year|annum|month|seat|user|licen[cs]e)|a\s+year|a\s+month|"
                r"par\s+(?:mois|poste|utilisateur|licence)|le\s+colis|l\s+unite|cles\s+en\s+main|all\s+in|"
                r"tout\s+compris"),
]
# « 9 600 € de cotisation » is the price; « 8 000 € d'outils » is what something is worth
_MEASURE = re.compile(r"^(?:de|d|of)\s+([a-z]+)")
_PRICE_NOUNS = {"cotisation", "prime", "abonnement", "investissement", "loyer", "licence", "license", "subscription",
                "forfait", "contrat", "premium", "fees", "fee", "rent", "mensualite", "mensualites", "budget"}
# the end of a sentence: a cue on the other side of it speaks of something else
_SENTENCE = re.compile(r"[;!?\n]|\.(?=\s|$)|\s[-–—]\s")
# the end of a clause: a cue on the other side of it, in the same sentence, counts half
_BOUNDARY = re.compile(r"[;!?\n]|[.,](?=\s|$)|\s[-–—]\s|(?<![a-z])(?:mais|alors\s+que|tandis\s+que|but|whereas|while|"
                       r"et|and|so|donc|parce\s+que|because|car|puisque|since)(?![a-z])")
EARLIER_CLAUSE = 0.5
# « 9 600 €, ou 9 200 € », « €92,000 or €90,000 »: the second is offered as much as the first
_ALTERNATIVE = re.compile(r"^\s*(?:ou(?:\s+bien)?|voire|sinon|or(?:\s+else|\s+even)?|otherwise|/)(?![a-z])")
# « 9 200 € si vous signez sur trois ans ; 9 600 € sinon »: the alternative said after the figure
_OTHERWISE = re.compile(r"^\s*,?\s*(?:sinon|autrement|otherwise|or\s+else|else)(?![a-z])")
# « 362 000 € HT, soit 6 830 € par mois »: the figure after restates the one before, it is not another offer
_RESTATED = re.compile(r"^\s*(?:soit|c\s+est\s+a\s+dire|autrement\s+dit|i\s*e|that\s+is|in\s+other\s+words)(?![a-z])")
# « de 9 600 € à 9 200 € », « from €96,000 down to €92,000 »: the figure before is where the price was
_FROM_TO = re.compile(r"^\s*(?:a|au|jusqu\s+a|to|down\s+to|up\s+to|->|→|=>)\s*$")


@dataclass(frozen=True)
class Names:
    """The proper names a scenario uses, folded: ``ours``, the learner's side's (its company, its products: never a
    competitor), and ``known``, every other (a competitor, the client, a town), read as a name even where its capital
    proves nothing (the first word of a sentence)."""
    ours: frozenset[str] = frozenset()
    known: frozenset[str] = frozenset()


NO_NAMES = Names()
# a word (« Routevia », « AXA », « Tallis-Pro ») or a mark, on the folded line
_TOKEN = re.compile(r"[a-z0-9](?:[a-z0-9&+-]*[a-z0-9+])?|[^\sa-z0-9]")
_NAME_LINKS = {"a", "au", "at", "pour", "for", ":"}                       # « Routevia à », « Routevia at »
_NAME_VERBS = {"est", "sont", "serait", "sera", "etait", "is", "are", "was", "were", "s"}  # « Routevia est à », « Routevia's »
_NOT_NAMES = {"ht", "ttc", "tva", "vat", "eur", "euros", "k", "i",       # capitals that name no one: units, « I »,
              "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
# what a name right after is not a party quoting its price: a place (« à Lyon »), the one the price is for (« pour
# Brinkhorst à 92 000 € »), a product the line calls its offer (« notre formule Sérénité », « the FieldOps plan »)
_PLACES = {"a", "au", "aux", "en", "dans", "vers", "jusqu", "in", "to", "near", "into", "around", "outside", "across"}
_COMPARED = {"compare", "comparee", "compares", "comparees", "compared", "next", "relative", "face", "rapport",
             "contrairement", "contrary", "opposed"}
_PRODUCTS = {"contrat", "formule", "offre", "abonnement", "licence", "pack", "plan", "subscription", "package", "option",
             "gamme", "edition", "tier", "version", "solution", "logiciel", "software", "produit", "product", "range"}
_NOT_A_PARTY_AFTER = _PLACES | _PRODUCTS | {"pour", "for", "notre", "nos", "mon", "ma", "mes", "our", "my"}
# what a sentence, a quotation or an item starts after: its first word takes a capital whatever it is
_OPENERS = r"[.!?:;…\n«»\"“”‘(\[—–•*-]"
_SENTENCE_START = re.compile(rf"(?:^|{_OPENERS})[\s«»\"“”‘'(\[]*$")
_STARTS = re.compile(rf"(?:^|{_OPENERS})[\s«»\"“”‘'(\[]*")


def scenario_names(spec: object) -> Names:
    """The proper names of a scenario's texts, the words it never writes in lower case: those of the learner's
    company and offer are ``ours``; one written with a capital inside a sentence anywhere else (« A competitor,
    Routevia, is known… ») is ``known``."""
    learner = getattr(getattr(spec, "briefing", None), "learner", None)
    dump = getattr(spec, "model_dump", None)
    common: set[str] = set()
    known: set[str] = set()
    for text in _strings(dump() if callable(dump) else {}):
        lower, inside = _words(text)
        common |= lower
        known |= inside
    ours = {w for text in (getattr(learner, "company", None), getattr(learner, "offer", None)) if text
            for w in _words(text, first_too=True)[1]}
    return Names(frozenset(ours - common), frozenset(known - ours - common))


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def _words(text: str, first_too: bool = False) -> tuple[set[str], set[str]]:
    """The folded words ``text`` writes in lower case, and those it writes with a capital inside a sentence
    (``first_too``: the first word of a sentence too)."""
    flat = _flat(text)
    starts = set() if first_too else {m.end() for m in _STARTS.finditer(text)}
    lower: set[str] = set()
    capitalised: set[str] = set()
    for m in _TOKEN.finditer(flat):
        first = text[m.start()]
        if first.islower():
            lower.add(m.group())
        elif first.isupper() and m.start() not in starts and len(m.group()) > 1 and m.group() not in _NOT_NAMES:
            capitalised.add(m.group())
    return lower, capitalised


def _named_party(flat: str, spelled: str, start: int, end: int, names: Names) -> bool:
    """Whether the words from ``start`` to a figure at ``end`` end with a party named by its proper name, right
    before the figure or its link (« Routevia à », « AXA pour », « Routevia est à », « Routevia's »): a word written
    with a capital inside a sentence (the first word of one may be any word: « Donc à 9 300 € »), or one the scenario
    uses as a name; neither the learner's side's, nor a place, nor a product the line calls its offer."""
    tokens = [(m.group(), start + m.start()) for m in _TOKEN.finditer(flat[start:end])]
    i = len(tokens)
    if i and tokens[i - 1][0] in _NAME_LINKS:
        i -= 1
    if i and tokens[i - 1][0] in _NAME_VERBS:
        i -= 2 if i > 1 and tokens[i - 1][0] == "est" and tokens[i - 2][0] == "c" else 1  # « Routevia c'est »
    j = i
    while j and _names_someone(tokens[j - 1], spelled, names):
        j -= 1
    if j == i or any(word in names.ours or word in _PRODUCTS for word, _ in tokens[j:i]):
        return False  # none, the learner's side, or a product by its name (« the Premium Plan at €96,000 »)
    if j > 1 and tokens[j - 1][0] in _PLACES and tokens[j - 2][0] in _COMPARED:
        return True  # « comparé à Routevia pour 64 000 € », « next to Routevia's €64,000 »: a party, not a place
    return not (j and tokens[j - 1][0] in _NOT_A_PARTY_AFTER)


def _names_someone(token: tuple[str, int], spelled: str, names: Names) -> bool:
    """A word with a capital inside a sentence, or at its start when the scenario uses it as a name (« Routevia at
    €64,000… »). Typed in lower case it is not read as a name: the scenario writes a name of its own with
    ordinary words too (« Guérin Thermique »: « la caméra thermique à 1 200 € » names no one)."""
    word, at = token
    if word in _NOT_NAMES or not spelled[at].isupper():
        return False
    return word in names.known or not _SENTENCE_START.search(spelled[:at])


@dataclass(frozen=True)
class _Placed:
    """A money figure and where it is in the line once numbers in words became figures."""
    mention: AmountMention
    start: int
    end: int


def _place(spelled: str, money: Sequence[AmountMention]) -> list[_Placed] | None:
    """Each figure's place, found in order (``find_amounts`` reads them left to right); None if one is not found."""
    placed: list[_Placed] = []
    cursor = 0
    for mention in money:
        found = re.compile(rf"(?<![\w.,]){re.escape(mention.text)}").search(spelled, cursor)
        if found is None:
            return None
        placed.append(_Placed(mention, found.start(), found.end()))
        cursor = found.end()
    return placed


@dataclass(frozen=True)
class FigureChoice:
    """The figure a line offers, or the figures it hesitates between (``tied``), or neither."""
    offer: AmountMention | None
    tied: tuple[AmountMention, ...] = ()


def _flat(text: str) -> str:
    """Lower case, no accents, apostrophes as spaces, character for character (positions stay those of ``text``)."""
    return "".join(map(_flat_char, text))


@cache
def _flat_char(c: str) -> str:
    return " " if c in "'’`" else (fold(c)[:1] or c)


def _weigh(window: str, cues: Sequence[Cue], before: bool, extra_gap: int = 0) -> float:
    """The cues of ``window``; before a figure, a cue weighs less the more words lie between it and the figure."""
    taken: list[tuple[int, int]] = []
    total = 0.0
    for weight, pattern, adjacent in cues:
        for m in _compiled(pattern).finditer(window):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            gap = extra_gap + (len(window[m.end():].split()) if before else len(window[:m.start()].split()))
            if adjacent and gap > ADJACENT:
                continue
            taken.append((m.start(), m.end()))
            total += weight / (1 + gap / 3)
    return total


def _clause_before(flat: str, money: Sequence[_Placed], i: int) -> str:
    """The words before figure ``i`` in its clause, from the figure before it at most."""
    before = flat[money[i - 1].end if i > 0 else 0:money[i].start]
    cut = list(_BOUNDARY.finditer(before))
    return before[cut[-1].end():] if cut else before


def _score(flat: str, money: Sequence[_Placed], i: int, spelled: str = "", names: Names = NO_NAMES) -> float:
    """How much the words around figure ``i`` say it is the learner's price (negative: quoted for another reason);
    ``spelled``: the line as written (capitals tell a name), ``flat`` is its folded copy."""
    m = money[i]
    sentence = flat[money[i - 1].end if i > 0 else 0:m.start]
    cut = list(_SENTENCE.finditer(sentence))
    sentence = sentence[cut[-1].end():] if cut else sentence
    before = _clause_before(flat, money, i)
    earlier = sentence[:len(sentence) - len(before)]
    end = money[i + 1].start if i + 1 < len(money) else len(flat)
    after = flat[m.end:end]
    stop = _BOUNDARY.search(after)
    after = " ".join((after[:stop.start()] if stop else after).split()[:AFTER_WORDS])
    score = _weigh(before, _BEFORE, True) + _weigh(after, _AFTER, False)
    if earlier.strip():  # « un sinistre moyen chez un artisan, c'est 30 000 € »: the clause's subject said before
        score += EARLIER_CLAUSE * _weigh(earlier, _BEFORE, True, extra_gap=len(before.split()))
    if spelled and _named_party(flat, spelled, m.start - len(before), m.start, names):
        score += NAMED  # « Routevia à 64 000 € »: that party's price
    if flat[m.end:].lstrip().startswith("?"):
        score -= 1  # « 9 600 € ? Allez, 9 300 € »: a figure asked about is less an offer than one stated
    measured = _MEASURE.match(after)
    if measured:  # « 8 000 € d'outils », « €190,000 of failed deliveries »: an amount of something, unless of the price
        score += 1 if measured.group(1) in _PRICE_NOUNS else -2
    if i + 1 < len(money) and _FROM_TO.match(flat[m.end:money[i + 1].start]):
        score -= 3  # « de 9 600 € à 9 200 € »: the price it came down from
    if i > 0 and _FROM_TO.match(flat[money[i - 1].end:m.start]):
        score += 1
    return score


def choose(text: str, lang: str, mentions: Sequence[AmountMention], theirs: Collection[float] = (),
           names: Names = NO_NAMES) -> FigureChoice:
    """The learner's price among the money figures of a line (``theirs``: the figures the client said; ``names``:
    the scenario's proper names, ``scenario_names``)."""
    money = [a for a in mentions if a.kind == "money"]
    if len({a.value for a in money}) < 2:
        return FigureChoice(money[0] if money else None)
    scores = _scores(text, lang, money, theirs, names)
    if scores is None:  # mentions that are not this line's: read as before, the first one
        return FigureChoice(money[0])
    best: dict[float, tuple[float, AmountMention]] = {}
    for score, mention in scores:
        if mention.value not in best or score > best[mention.value][0]:
            best[mention.value] = (score, mention)
    ranked = sorted(best.values(), key=lambda pair: -pair[0])
    top = ranked[0][0]
    if top <= QUOTED:
        return FigureChoice(None)
    close = [mention for score, mention in ranked if top - score < MARGIN]
    if len(close) > 1:
        return FigureChoice(None, tuple(m for _, m in scores if m in close and m is best[m.value][1]))
    return FigureChoice(ranked[0][1])


def _scores(text: str, lang: str, money: Sequence[AmountMention], theirs: Collection[float],
            names: Names = NO_NAMES) -> list[tuple[float, AmountMention]] | None:
    """Each money figure of the line with its score, in the line's order."""
    spelled = _words_to_figures(text, lang)
    placed = _place(spelled, money)
    if placed is None:
        return None
    flat = _flat(spelled)
    scores: list[tuple[float, AmountMention]] = []
    for i, figure in enumerate(placed):
        score = _score(flat, placed, i, spelled, names) + (CLIENTS if figure.mention.value in theirs else 0.0)
        clause = _clause_before(flat, placed, i) if i > 0 else ""
        trailing = flat[figure.end:placed[i + 1].start if i + 1 < len(placed) else len(flat)]
        if i > 0 and (_ALTERNATIVE.match(clause) or _OTHERWISE.match(trailing)):
            score = max(score, scores[-1][0])  # « 9 600 €, ou 9 200 € … »: offered as much as the one before
        elif i > 0 and _RESTATED.match(clause):
            score = min(score, scores[-1][0] - MARGIN)  # « 362 000 €, soit 6 830 € par mois »: the same price again
        scores.append((score, figure.mention))
    return scores


def explain_scores(text: str, lang: str, mentions: Sequence[AmountMention], theirs: Collection[float] = (),
                   names: Names = NO_NAMES) -> list[tuple[str, float]]:
    """Each money figure with its score: what a trainer or a test looks at when a choice surprises."""
    scores = _scores(text, lang, [a for a in mentions if a.kind == "money"], theirs, names) or []
    return [(a.text, round(score, 2)) for score, a in scores]
