"""Text normalisation for free-text lines: what a learner types becomes comparable to the corpus.

Lower case, no accents, no apostrophes, SMS abbreviations expanded, numbers and currencies turned into
placeholder words (``num eur``, ``num pct``) so that « 9 200 € » and « douze cents euros » look alike to the
model. Punctuation is dropped except the question mark, which callers may keep or remove."""

from __future__ import annotations

import re
import unicodedata

# SMS-style abbreviations, read after accents and apostrophes are removed (« c » is « c'est »).
_SMS = {
    "fr": {
        "c": "cest", "jvous": "je vous", "jpeux": "je peux", "jsuis": "je suis", "chui": "je suis", "jfais": "je fais",
        "jai": "jai", "pk": "pourquoi", "pq": "pourquoi", "pcq": "parce que", "pcke": "parce que", "qd": "quand",
        "svp": "sil vous plait", "stp": "sil te plait", "bjr": "bonjour", "bsr": "bonsoir", "slt": "salut",
        "vs": "vous", "ajd": "aujourdhui", "auj": "aujourdhui", "dsl": "desole", "cmt": "comment", "tt": "tout",
        "bcp": "beaucoup", "pr": "pour", "ds": "dans", "rdv": "rendez vous", "mr": "monsieur", "mme": "madame",
        "qqch": "quelque chose", "qqn": "quelquun", "dispo": "disponible", "ke": "que", "koi": "quoi", "kel": "quel",
        "kelle": "quelle", "sij": "si je", "jcomprends": "je comprends", "jcomprend": "je comprends", "mdr": "",
        "ptet": "peut etre", "ya": "il y a", "tjs": "toujours", "jamai": "jamais", "ok": "ok", "oki": "ok",
    },
    "en": {
        "u": "you", "ur": "your", "pls": "please", "plz": "please", "thx": "thanks", "ty": "thank you",
        "im": "i am", "r": "are", "y": "why", "cuz": "because", "coz": "because", "b4": "before", "gr8": "great",
        "asap": "as soon as possible", "btw": "by the way", "wanna": "want to", "gonna": "going to", "k": "ok",
        "tmrw": "tomorrow", "tho": "though", "bc": "because", "mins": "minutes",
    },
}

# Words the cues hang on: a typo in one of them (« coment », « comprens ») is put right, so that the cue
# still fires. Only words of five letters or more, one letter off, are corrected.
_KEYWORDS = {
    "fr": ("comment pourquoi combien quelle quelles expliquez racontez decrivez comprends comprend resume resumer "
           "recapitule recapitulons condition echange contrepartie excusez desole desolee merci bonjour bonsoir "
           "rappelle garantis garanti justement exactement precisement preferez plutot reformule entendez autrement "
           "parce lundi mardi mercredi jeudi vendredi demain semaine vraiment rassure repond inquiete craignez"),
    "en": ("understand summarise summarize exchange provided apologise apologize sorry thanks tomorrow monday "
           "tuesday wednesday thursday friday because exactly guarantee prefer rather concern reassure answer"),
}


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _typo_index(words: str) -> dict[str, str]:
    index: dict[str, str] = {}
    for keyword in words.split():
        for variant in _deletions(keyword) | {keyword}:
            index.setdefault(variant, keyword)
    return index


_TYPO_INDEX = {lang: _typo_index(words) for lang, words in _KEYWORDS.items()}


def fix_typo(word: str, lang: str = "fr") -> str:
    """``word``, or the cue keyword it is one letter away from (missing, extra, wrong or swapped letter)."""
    index = _TYPO_INDEX.get(lang, _TYPO_INDEX["fr"])
    if len(word) < 5 or index.get(word) == word:
        return word
    if word in index:  # a letter missing: « coment »
        return index[word]
    for variant in _deletions(word):  # a letter too many, wrong or swapped: « commment », « comprens »
        if variant in index and abs(len(index[variant]) - len(word)) <= 1:
            return index[variant]
    return word


_APOSTROPHES = re.compile(r"[’'`´]")
_CURRENCY = re.compile(r"(€|\$|£|\beur(?:os?)?\b|\busd\b|\bgbp\b|\bchf\b|\bdollars?\b|\bballes\b)")
_PERCENT = re.compile(r"(%|\bpour ?cent\b|\bpercent\b|\bper cent\b|\bpour 100\b)")
_NUMBER = re.compile(r"\d[\d\s\u00a0\u202f.,]*\d|\d")
_NON_WORD = re.compile(r"[^a-z0-9?]+")
_QMARK = re.compile(r"\?+")


def fold(text: str) -> str:
    """Lower case without accents, ligatures spelled out (« cœur » -> « coeur »)."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def normalize(text: str, lang: str = "fr", keep_question_mark: bool = True) -> str:
    """The comparable form of a line: folded, placeholders for figures, SMS words spelled out."""
    s = _APOSTROPHES.sub("", fold(text))
    s = _PERCENT.sub(" pct ", s)
    s = _CURRENCY.sub(" eur ", s)
    s = _NUMBER.sub(" num ", s)
    s = _QMARK.sub(" ? ", s)
    s = _NON_WORD.sub(" ", s)
    sms = _SMS.get(lang, {})
    words = [fix_typo(sms.get(w, w), lang) for w in s.split()]
    if not keep_question_mark:
        words = [w for w in words if w != "?"]
    return " ".join(w for w in words if w)


def strip_punctuation(text: str) -> str:
    """The line as typed without any punctuation (how the robustness bar is measured)."""
    return re.sub(r"[^\w\s€$£%]", " ", text).strip()
