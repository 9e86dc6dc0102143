"""Cues a trainer recognises in a line: interrogative forms, alternatives, conditional concessions,
reformulation markers, greetings with a name, amounts. They are features of the model and what the
explanation quotes (« question : « comment » ; montant : 9 200 € »).

Every pattern runs on the normalised text (lower case, no accents, no apostrophes, SMS words spelled out),
so « cmt vs faites » and « Comment vous faites ? » give the same cues."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .amounts import AmountMention, find_amounts
from .normalize import normalize


@dataclass(frozen=True)
class Cue:
    id: str
    found: str  # the words that triggered it, as normalised

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "found": self.found}


LABELS: dict[str, tuple[str, str]] = {
    "question_mark": ("point d'interrogation", "question mark"),
    "open_word": ("mot interrogatif ouvert", "open question word"),
    "closed_form": ("question appelant oui ou non", "yes/no question form"),
    "inversion": ("inversion du sujet (question)", "subject-verb inversion (question)"),
    "tag_question": ("demande d'acquiescement", "tag question"),
    "alternative": ("alternative « ou »", "alternative « or »"),
    "conditional": ("condition « si vous… » / « en échange »", "condition « if you… » / « in exchange »"),
    "reformulation": ("marqueur de reformulation", "reformulation marker"),
    "summary": ("marqueur de résumé", "summary marker"),
    "check": ("demande de validation", "checking question"),
    "greeting": ("salutation", "greeting"),
    "self_intro": ("présentation de soi", "self-introduction"),
    "name": ("nom propre", "proper name"),
    "amount": ("montant", "amount"),
    "percent": ("pourcentage", "percentage"),
    "slot": ("date ou horaire", "date or time"),
    "apology": ("excuse", "apology"),
    "thanks": ("remerciement", "thanks"),
    "yes_but": ("« oui, mais »", "« yes, but »"),
    "empathy": ("marque de compréhension", "empathy marker"),
    "contradiction": ("contradiction", "contradiction"),
    "echo": ("reprise des mots du client", "client's words picked up"),
    "client_figure": ("chiffre du client repris", "the client's figure quoted back"),
    "client_objection": ("le client vient d'objecter", "the client has just objected"),
    "client_gatekeeper": ("un barrage vient de répondre", "a gatekeeper has just answered"),
    "client_complaint": ("le client vient de se plaindre", "the client has just complained"),
    "because": ("lien de cause ou de conséquence", "cause or consequence link"),
    "absolute": ("promesse absolue", "absolute promise"),
    "price_word": ("vocabulaire du prix", "price vocabulary"),
    "exchange": ("demande de contrepartie", "asking for something in return"),
    "precisely": ("« justement »", "« precisely »"),
    "lifted": ("vérifie que le doute est levé", "checks the doubt is lifted"),
    "meaning": ("demande de précision", "asks what a word means"),
    "callback": ("rappel ou prochaine étape", "call back or next step"),
    "decider": ("vérification du décideur", "checking who decides"),
    "peers": ("résultat d'entreprises comparables", "peers' results"),
    "client_need": ("reprise d'un besoin exprimé", "picks up a stated need"),
    "proof": ("preuve, référence, essai", "proof, reference, trial"),
    "blame": ("renvoi de la faute", "shifting the fault"),
    "minimise": ("minimisation", "playing down"),
    "reproach": ("reproche ou condescendance", "reproach or condescension"),
}

# what a learner may type before the question itself: « et », « alors », « du coup », « so », « ok »
_LEAD = r"^(?:(?:et|alors|donc|du coup|bon|ok|daccord|mais|euh|so|and|ok so|well|right|but|just|also|then) )*"
_P = lambda words: re.compile(r"(?:^|\b)(?:" + words + r")(?:\b|$)")  # noqa: E731 - a compact table builder

_PATTERNS: dict[str, re.Pattern[str]] = {
    "open_word": _P(r"comment|pourquoi|quels?|quelles?|que se passe|quest ce (?:qui|que)|qui (?:sont|est|decide|soccupe)|combien|"
                    r"en quoi|de quelle|dans quelle|a quel|de quoi|parlez moi|racontez moi|decrivez|expliquez moi|quattendez|"
                    r"quentendez|how|what|why|which|who|where|tell me|walk me|describe|ou en etes|ou est ce"),
    # yes/no questions typed as they are said: after a filler (« et », « alors », « so »), with or without « ? »
    "closed_form": re.compile(_LEAD + r"(?:est ce que?|est ce quil|vous (?:etes|avez|utilisez|travaillez|connaissez|payez|voulez|"
                              r"preferez|pensez|comptez|souhaitez|aimeriez|seriez|auriez|gerez|faites|prenez|trouvez|"
                              r"accepteriez|pourriez|allez|etiez|aviez|arrivez)|"
                              r"(?:avez|etes|utilisez|connaissez|seriez|accepteriez|pourriez|voulez|auriez|aimeriez) vous|"
                              r"ca vous (?:va|convient|interesse|dit|arrange|parle|arrive)|cest (?:bien )?vous qui|"
                              r"il y a|tu (?:as|es|veux)|"
                              r"(?:do|does|did|are|is|am|was|were|have|has|can|could|would|will|shall|should|may|"
                              r"dont|doesnt|arent|isnt|wouldnt|wont|cant) (?:you|we|i|they|it|your|the|there|that|this|he|she)|"
                              r"you (?:have|use|are|got|want|know|need|think|do))\b"),
    # « gérez-vous », « sont-elles », « peut-on » once the hyphen is gone: a question whatever the punctuation
    "inversion": re.compile(r"\b(?:(?!chez\b)\w+ez vous|\w+(?:ent|ont) (?:ils|elles)|"
                            r"(?:est|peut|faut|doit|fait|vaut|sait|serait|aurait|pourrait|devrait|a t|va t|sont|ont) "
                            r"(?:il|elle|on|ils|elles)|(?:pouvons|devons|allons|sommes|avons) nous|etes vous)\b"),
    # « non ? », « n'est-ce pas », « don't they »: asking for agreement
    "tag_question": re.compile(r"\b(?:non|nest ce pas|hein|si|pas vous|on est daccord|right|isnt it|dont they|"
                               r"wouldnt you|dont you|do you|arent you|wouldnt it|dont we|isnt that|yeah)\s*\??\s*$"),
    "alternative": re.compile(r"\w \b(?:ou|or|ou bien|plutot)\b \w"),
    "conditional": _P(r"si vous|si on|si tu|a condition|en echange|en contrepartie|contre (?:un|une|le|la)|"
                      r"moyennant|pour peu que|"
                      r"if you|provided|in exchange|in return|as long as|on condition"),
    "reformulation": _P(r"si je (?:vous )?(?:comprends?|suis) bien|si je vous suis|si jai bien compris|autrement dit|"
                        r"en dautres termes|si je reformule|ce que jentends|vous me dites que|vous voulez dire|en somme|"
                        r"donc (?:votre|vous|au fond)|if i (?:understand|follow|get)|what (?:youre|you are) saying|"
                        r"in other words|what im hearing|what i am hearing|so basically|you mean|your concern|votre crainte|"
                        r"ce qui vous (?:inquiete|gene|preoccupe)|vous craignez|vous avez peur"),
    "summary": _P(r"si je resume|pour resumer|en resume|je recapitule|recapitulons|pour recapituler|je reprends|je note|"
                  r"si je fais la synthese|to sum up|to recap|let me recap|let me summari[sz]e|to summari[sz]e|to confirm|"
                  r"so we agree|donc nous sommes daccord|pour etre sur"),
    "check": re.compile(r"(?:cest bien (?:ca|cela)|jai bien (?:compris|tout note)|exact|ai je oublie|je nai rien oublie|"
                        r"is that (?:right|it)|correct|did i miss|have i missed|cest ca|non)\s*\??\s*$"),
    "greeting": _P(r"bonjour|bonsoir|salut|enchantee?|ravie? de|hello|hi|good (?:morning|afternoon|evening)|"
                   r"nice to meet|pleased to meet"),
    "self_intro": _P(r"je suis|je mappelle|de la societe|de chez|i am|my name is|je represente|here from|from tallis"),
    "slot": _P(r"lundi|mardi|mercredi|jeudi|vendredi|samedi|demain|semaine prochaine|num h|monday|tuesday|wednesday|"
               r"thursday|friday|tomorrow|next week|le num|num (?:am|pm)|at num|a num h"),
    "apology": _P(r"excusez|excuse moi|desolee?|pardon|je mexcuse|navree?|veuillez mexcuser|sorry|apologi[sz]e|"
                  r"my apologies|nos excuses|mes excuses"),
    "thanks": _P(r"merci|remercie|thanks?|thank you"),
    "yes_but": re.compile(r"\b(?:oui|je comprends|daccord|certes|je vous entends|yes|i understand|i hear you|"
                          r"sure|ok)\b[^.]{0,30}?\b(?:mais|but)\b"),
    "empathy": _P(r"je (?:vous )?comprends|ca doit|normal detre|je mesure|a votre place|i understand|i can imagine|must be|"
                  r"i get it|that sounds|cest comprehensible|i completely understand|cest normal"),
    "contradiction": _P(r"vous vous trompez|cest faux|pas du tout|mais non|vous faites erreur|rien a voir|"
                        r"youre wrong|you are wrong|not true|mistaken|simply not"),
    "because": _P(r"parce que|car|grace a|donc|ce qui veut dire|puisque|comme vous|vu que|because|so your|"
                  r"which means|since|so that"),
    "absolute": _P(r"garanti|je vous garantis|promis|plus jamais|jamais une|aucune?|zero|cest sur|je men?gage|guarantee[d]?|"
                   r"i promise|never|ever again|all your|absolument rien|nothing at all"),
    "price_word": _P(r"prix|tarif|remise|cher|chere|cout|budget|montant|honoraires|euros?|eur|price|discount|"
                     r"cost|expensive|quote"),
    "exchange": _P(r"en echange|en contrepartie|de votre cote|in return|in exchange|on your side|qu(?:e|"
                   r"est ce que) vous (?:pouvez|etes pret)"),
    "precisely": _P(r"justement|precisement|cest pour (?:ca|cela)|exactly why|precisely why|thats why|actually"),
    "lifted": _P(r"(?:cela|ca) (?:repond|vous rassure|leve)|repond a votre|vous (?:etes )?rassure|leve votre|"
                 r"does that (?:answer|address|put)|"
                 r"reassur|is that clearer|plus clair|ce point est il regle|have i answered"),
    "meaning": _P(r"quand vous dites|quentendez vous|quest ce que vous entendez|par .{1,25} vous entendez|cest a dire|preciser|"
                  r"when you say|what (?:exactly )?do you mean|more specific|vous parlez de quel"),
    # « c'est bien vous qui décidez », « in charge of »: checking that this is the person who decides
    "decider": _P(r"(?:cest|est ce) (?:bien )?vous qui|je (?:parle|suis) bien|vous etes bien|qui (?:decide|signe)|en charge|"
                  r"(?:le|la) (?:responsable|gerante?|directeure?|decideur)|in charge|the one who|who decides|signs? off|"
                  r"decision maker|am i speaking|am i talking|speaking (?:with|to) (?:the|whoever)|responsible for"),
    # « des boulangeries comme la vôtre ont… », « companies like yours »: a peer's result as an opening hook
    "peers": _P(r"comme (?:la|le|les) (?:votre|votres|vos)|de votre (?:taille|secteur|rue|quartier|enseigne|zone)|"
                r"(?:plusieurs|beaucoup de|nos|des) (?:clients|entreprises|commerces|commercants|boulang\w*|agences|artisans|"
                r"magasins|societes|garages|ateliers|pharmacies|confreres)|like (?:yours|you)|your (?:peers|size|sector|street)|"
                r"(?:several|many|other|our) (?:customers|companies|firms|retailers|shops|distributors|3pls)"),
    # « vous m'avez dit que… », « you mentioned… »: the learner picks up a need the client expressed
    "client_need": _P(r"vous mavez (?:dit|parle)|vous me (?:disiez|parliez)|comme vous (?:mavez dit|le disiez|me disiez)|"
                      r"vu que vous|puisque vous|you (?:mentioned|said|told me)|as you (?:said|mentioned|told)|since you"),
    "callback": _P(r"je vous rappelle|je (?:la|le) rappelle|je rappelle|rappelez moi|on se rappelle|"
                   r"point telephonique|je reviens vers vous|"
                   r"call (?:you|back)|ring you|follow up|get back to|book a call|check in"),
    "proof": _P(r"reference|temoignage|tester|essai|pilote|chiffres|mis en relation|mettre en relation|audit|case study|pilot|"
                r"figures|put you in touch|reference call|results"),
    "blame": _P(r"transporteur|pas de notre faute|cest la faute|nous ny sommes pour rien|on ny peut rien|vous auriez du|"
                r"mon collegue|carrier|not our fault|your side|should have checked|my colleague"),
    # « vous m'écoutez, au moins ? », « how many times… »: a question that reproaches is an attitude, not discovery
    "reproach": _P(r"au moins|deja (?:dit|explique|repete)|(?:dit|explique) (?:deux|trois|plusieurs) fois|"
                   r"combien de fois (?:faut il|je dois|dois je|il faut)|"
                   r"(?:le|la) faites expres|vous (?:mecoutez|ecoutez) (?:au moins|ou pas|pas)|vous (?:ne )?comprenez "
                   r"(?:rien|vraiment rien|pas)|pas (?:sorcier|complique)|nimporte quoi|(?:vous )?reveiller|"
                   r"vous devriez (?:quand meme |mieux |vraiment )?(?:savoir|connaitre)|cest (?:quand meme )?la base|"
                   r"si vous aviez (?:ecoute|lu)|vous plaisantez|"
                   r"at least|already (?:told|explained|said)|how many times (?:do|must|should|have) i|rocket science|"
                   r"pay attention|"
                   r"you should (?:really )?know|wake up|keep interrupting|you dont get it|even (?:listening|read|bother)|"
                   r"clearly dont|how can you not|silly question|are you even|werent you"),
    "minimise": _P(r"ce nest que|pas (?:si )?grave|pas dramatique|petit incident|un detail|pas la fin du monde|marginal|"
                   r"only|not a big deal|not that bad|minor|these things happen"),
}

# Words too common to make an echo (« les », « vous ») or a name.
_STOP = {
    "le", "la", "les", "de", "des", "du", "un", "une", "vous", "votre", "vos", "et", "a", "en", "est", "cest", "ce", "que",
    "qui", "on", "nous", "je", "il", "elle", "pas", "ne", "the", "an", "your", "you", "of", "to", "and", "is", "it",
    "in", "for", "my", "our", "we", "?", "num", "eur", "pct", "trop", "so", "mes", "ses", "leur", "sur", "au", "aux",
}
# What makes the client's previous line an objection: a refusal or a doubt (negation), a price, a delay, a risk,
# a comparison, what they already have. Read on the normalised client line (« n'ai pas » -> « nai pas »).
_OBJECTION_WORDS = _P(r"trop|cher|chere|eleve|pas le temps|deja|peur|crain\w*|inquiet\w*|doute\w*|pas convaincu|pas sur|"
                      r"jamais|echec|moins cher|reflechir|pas le moment|probleme|un an|des mois|hors budget|budget|risque|"
                      r"ne veux pas|nai pas|na pas|ne (?:\w+ ){0,2}(?:pas|plus|jamais)|ny crois|fiasco|gener|"
                      r"ca na pas marche|compliqu\w*|interesse|"
                      r"content de|satisfait|deborde\w*|on verra|after the summer|too|expensive|already|risk\w*|failed|"
                      r"cheaper|less|over budget|wont|not sure|not convinced|not interested|never|no time|months|"
                      r"a year|paper|dont|doesnt|cant|isnt|afraid|worried|doubt|happy with|overloaded|complicated|"
                      r"we will see|think about it|disaster|known us")
# The client's line is a gatekeeper's (assistant, switchboard): what the learner says next is a barrage move.
_GATEKEEPER_WORDS = _P(r"cest a quel sujet|cest pour quoi|cest de la part|de la part de qui|vous etes qui|"
                       r"(?:il|elle) (?:est|nest) (?:en reunion|absente?|occupee?|pas disponible|pas la|en rendez vous)|"
                       r"je peux prendre un message|(?:un|le) message|je (?:lui )?transmet\w*|"
                       r"je ne peux pas vous (?:la|le) passer|"
                       r"what is it about|whats it (?:about|regarding)|who is calling|whos calling|may i ask who|"
                       r"(?:shes|hes|she is|he is) (?:in a meeting|not available|busy|out|away)|take a message|"
                       r"pass it on|put you through")
# The client's line is a complaint about something that went wrong: what follows is handling a complaint.
_COMPLAINT_WORDS = _P(r"inadmissible|inacceptable|scandaleux|manqu\w*|en retard|retard\w*|abime\w*|casse\w*|en panne|panne|"
                      r"pas conforme|bacle\w*|erreur|plainte|encore une fois|pas livre|jamais recu|"
                      r"unacceptable|missing|late|damaged|broken|broke|crashed|mess|complain\w*|again|never arrived|"
                      r"wrong|mistake")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-ZÉÈ][a-zéèêëïîôûç]+(?:[- ][A-ZÉÈ][a-zéèêëïîôûç]+)?)")


def stem(word: str) -> str:
    """A crude stem so that « retard » echoes « retards » and « delay » echoes « delays »."""
    return word[:5] if len(word) > 5 else word.rstrip("s")


def content_words(normalised: str) -> list[str]:
    return [w for w in normalised.split() if w not in _STOP and len(w) > 2]


def find_cues(text: str, lang: str = "fr", context: str | None = None,
              amounts: list[AmountMention] | None = None, normalised: str | None = None) -> list[Cue]:
    """The cues present in ``text`` (a learner line), given the client's previous line ``context``."""
    norm = normalised if normalised is not None else normalize(text, lang)
    cues: list[Cue] = []
    if "?" in norm:
        cues.append(Cue("question_mark", "?"))
    for cue_id, pattern in _PATTERNS.items():
        m = pattern.search(norm)
        if m:
            cues.append(Cue(cue_id, m.group(0).strip()))
    names = [n for n in _NAME.findall(text) if n.lower() not in {"je", "i", "nous", "vous"}]
    if names:
        cues.append(Cue("name", names[0]))
    # a figure the client has just said, quoted back (« 8 000 € d'outils ? »), is the client's, not a price of the
    # learner's: it marks an echo or a question, and only the learner's own first figure is an amount
    theirs = {a.value for a in find_amounts(context, lang)} if context and amounts else set()
    own = [m for m in amounts or [] if m.value not in theirs]
    if len(own) < len(amounts or []):
        cues.append(Cue("client_figure", next(m.text for m in amounts or [] if m.value in theirs)))
    if own:
        cues.append(Cue("amount" if own[0].kind == "money" else "percent", own[0].text))
    if context:
        cues.extend(_context_cues(norm, normalize(context, lang)))
    return cues


def _context_cues(norm: str, ctx: str) -> list[Cue]:
    cues: list[Cue] = []
    mine = content_words(norm)
    theirs = {stem(w) for w in content_words(ctx)}
    picked = [w for w in mine if stem(w) in theirs]
    words = len(norm.replace("?", "").split())
    # a short line of the client's words is an echo; a longer one too when nearly all its words are the client's
    # (« Back on the phone and on spreadsheets? »: seven words, every content word picked up)
    if picked and (words <= 5 or (words <= 9 and len(picked) >= 2 and 3 * len(picked) >= 2 * len(mine))):
        cues.append(Cue("echo", " ".join(picked)))
    m = _OBJECTION_WORDS.search(ctx)
    if m:
        cues.append(Cue("client_objection", m.group(0)))
    m = _COMPLAINT_WORDS.search(ctx)
    if m:
        cues.append(Cue("client_complaint", m.group(0)))
    m = _GATEKEEPER_WORDS.search(ctx)
    if m:
        cues.append(Cue("client_gatekeeper", m.group(0)))
    return cues


def cue_label(cue_id: str, lang: str = "fr") -> str:
    fr, en = LABELS.get(cue_id, (cue_id, cue_id))
    return en if lang == "en" else fr
