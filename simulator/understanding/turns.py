"""What a free-text line does at this point of an interview, for any player (plain, terminal UI, exam).

``FreeTextTurns.decide(line)`` reads the line against the options offered now and returns a ``Decision``:
a move (an option, or a price offer with its counterpart) with the record to journal beside it; or a
clarification (the client asks what the learner means: first unsure line, no move, no penalty); or the menu
(second unsure line in training: the options are shown, the learner picks one or rephrases). In an exam, or
once the menu is shown, an unsure line is taken as the closest option and flagged ``low_confidence``.
Unsure lines are kept (``unclear_record``) so that nothing the learner typed is lost."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from ..content.acts import ENGINE_ACTS
from ..engine.price import amount_value
from ..engine.session import ArrivalLine, ChoiceInput, ClientLine, Input, PriceInput, offer_acts
from .amounts import AmountMention
from .explain import Reader, Reading
from .figures import FigureChoice, Names, scenario_names
from .matching import MIN_SCORE, Candidate, candidates_from

Kind = Literal["move", "clarify", "menu", "none"]


@dataclass
class Decision:
    kind: Kind
    input: Input | None = None
    record: dict[str, Any] = field(default_factory=dict)  # journaled with the move (``free_text``)
    understood: str = ""        # « question ouverte (82 %) » or the offer, for the discreet line
    reading: Reading | None = None
    implausible: bool = False   # a price offer out of any plausible range: the player confirms first
    ask: str = ""               # a clarification with its own words (which figure is the offer), said by the client


class FreeTextTurns:
    def __init__(self, session_of: Any, practice: bool, lang: str = "fr"):
        """``session_of``: a callable giving the engine session now (players may swap sessions on undo)."""
        self._session_of = session_of
        self.practice = practice
        self.lang = lang
        self.reader = Reader.for_scenario(session_of().scenario.spec)
        self.unsure = 0        # unsure lines in a row at this point of the interview
        self.menu = False      # options shown after unsure lines (training)

    @cached_property
    def names(self) -> Names:
        """The scenario's proper names: whose figure a party named before it is (``figures.py``); read once, the
        first time a line is read where the client takes offers (a session that never gets there never pays)."""
        return scenario_names(self._session_of().scenario.spec)

    def moved(self) -> None:
        """A move was played: the next line starts afresh."""
        self.unsure, self.menu = 0, False

    def client_line(self) -> str | None:
        session = self._session_of()
        replies = session.turns[-1].replies if session.turns else session.opening
        return replies[-1].text if replies else None

    def read(self, line: str) -> Reading:
        """The line read against the options offered now, after the client's last line."""
        session = self._session_of()
        candidates = candidates_from(session.offered(), session.option_text)
        if session.negotiation is None or not session.env.get("deal"):
            return self.reader.read(line, self.client_line(), candidates)
        # after a deal, « pour récapituler… » recaps what was agreed (not the needs): complete or not, by its words
        complete = self._states_the_deal(line)
        recap = "recapitulatif_engagements" if complete else "recapitulatif_incomplet"
        return self.reader.read(line, self.client_line(), self._recap_told_apart(complete, candidates),
                                counts_as={"resume_validation": recap})

    def _recap_told_apart(self, complete: bool, candidates: list[Candidate]) -> list[Candidate]:
        """After a deal, a recap that states the agreed price and every counterpart obtained is the complete one,
        whatever its wording is closest to; one that leaves any out is the incomplete one (the jury's rule:
        ``scoring.judgement.conformity``). Only where an incomplete option does nothing a complete one does not
        (« recap-oubli » beside « recap », « recap-short » beside a recap that also dates the next step): an option
        incomplete for another reason (a recap without a date, with a vague follow-up) stays itself."""
        whole, part = "recapitulatif_engagements", "recapitulatif_incomplet"

        def rest(c: Candidate, act: str) -> frozenset[str]:
            return frozenset(c.acts) - {act}

        completes = [c for c in candidates if whole in c.acts]
        pairs = [(i, c) for i in candidates if part in i.acts for c in completes if rest(i, part) <= rest(c, whole)]
        if not pairs:
            return candidates
        drop = {i.id for i, _ in pairs} if complete else {c.id for _, c in pairs}
        return [c for c in candidates if c.id not in drop]

    def _states_the_deal(self, line: str) -> bool:
        """The agreed price and every counterpart obtained are in the line."""
        from .amounts import find_amounts
        from .counterparts import names_counterpart

        session = self._session_of()
        said_in = session.scenario.spec.language  # the learner speaks the scenario's language, whatever the UI's
        labels = {c.id: c.label for c in session.negotiation.price.counterparts}
        figures = {a.value for a in find_amounts(line, said_in) if a.kind == "money"}
        return session.env["deal_price"] in figures and all(
            names_counterpart(line, labels[c], said_in) for c in session.negotiation.obtained if c in labels)

    def is_offer(self, reading: Reading) -> bool:
        """A price said during a negotiation is an offer, whatever else the line does, except the client's own
        figure asked back (« 8 100 € aujourd'hui ? »: an echo, not an offer at the client's price)."""
        return self._offered_figure(reading) is not None

    def _offered_figure(self, reading: Reading) -> AmountMention | None:
        """The figure a line offers: the learner's own, not one the client said that it quotes; None outside a
        negotiation that takes offers now, without a price, for the client's figure asked back, or when the line
        hesitates between figures (``figure_choice``)."""
        choice = self.figure_choice(reading)
        mention = choice.offer if choice is not None else None
        if mention is None:
            return None
        u = reading.understanding
        if mention.value in u.client_figures(self._session_of().negotiation.counters) and u.asks_back(mention):
            return None
        return mention

    def figure_choice(self, reading: Reading) -> FigureChoice | None:
        """Which figure of the line is the offer (``Understanding.price_choice``), where the negotiation takes offers
        now; None elsewhere. Between figures as likely as each other, one out of any plausible range for this
        scenario is not the offer (« 40 000 € » beside « 9 600 € » for a 9 600 € contract)."""
        session = self._session_of()
        if not session.accepts_price or session.negotiation is None:
            return None
        choice = reading.understanding.price_choice(session.negotiation.counters, self.names)
        plausible = [a for a in choice.tied if session.plausible(amount_value(a.value))]
        if choice.tied and len(plausible) == 1:
            return FigureChoice(plausible[0])
        if choice.tied and plausible:
            return FigureChoice(None, tuple(plausible))
        return choice

    def ask_figure(self, reading: Reading, record: dict[str, Any], tied: tuple[AmountMention, ...]) -> Decision:
        """The client asks which figure the learner proposes (« vous me proposez 9 600 € ou 9 200 € ? »): no move,
        and the line is kept with the figures it hesitated between. Not counted as an unsure line: the words
        were understood, only the figure was not."""
        from ..engine.price import format_money
        from ..i18n import t

        session = self._session_of()
        said_in = session.scenario.spec.language  # the client speaks the scenario's language
        shown = [format_money(amount_value(a.value), session.negotiation.price.currency, said_in) for a in tied]
        either = " or " if said_in == "en" else " ou "
        figures = ", ".join(shown[:-1]) + either + shown[-1]
        record["figures_asked"] = [amount_value(a.value) for a in tied]
        return Decision("clarify", record=record, reading=reading, ask=t("free.clarify_figure", said_in, figures=figures))

    def decide(self, line: str) -> Decision:
        reading = self.read(line)
        u = reading.understanding
        record: dict[str, Any] = {
            "text": line, "acts": [a.as_dict() for a in u.acts], "family": u.family,
            "confidence": round(u.confidence, 3), "cues": [c.as_dict() for c in u.cues], "clarifications": self.unsure,
        }
        choice = self.figure_choice(reading)
        if choice is not None and choice.tied:
            return self.ask_figure(reading, record, choice.tied)
        if self.is_offer(reading):
            return self.offer(reading, record)
        if reading.match is None or reading.match.best is None:
            return Decision("none", record=record, reading=reading)
        sure = reading.sure
        if not sure:
            self.unsure += 1
            if self.unsure == 1:
                return Decision("clarify", record=record, reading=reading)
            # in training, a line that fits none of the options (under MIN_SCORE) is not played even after the
            # options were shown: a good question graded as the closest weak option teaches the wrong lesson
            if self.practice and (not self.menu or reading.match.best.score < MIN_SCORE):
                self.menu = True
                return Decision("menu", record=record, reading=reading)
        best = reading.match.best
        record.update({"option": best.id, "runner_up": reading.match.runner_up.id if reading.match.runner_up else None,
                       "why": best.as_dict(), "low_confidence": not sure})
        return Decision("move", ChoiceInput(best.id), record, reading.summary(self.lang), reading)

    def offer(self, reading: Reading, record: dict[str, Any] | None = None) -> Decision:
        """The price offer a line makes, with the counterpart it names."""
        from ..engine.price import format_money

        session = self._session_of()
        record = {} if record is None else record
        price = session.negotiation.price
        mention = self._offered_figure(reading)
        assert mention is not None, "offer() reads a line is_offer() accepted"
        amount = amount_value(mention.value)
        counterpart = reading.counterpart.id if reading.counterpart else None
        label = next((c.label for c in price.counterparts if c.id == counterpart), None)
        implausible = not session.plausible(amount)
        record.update({"offer": amount, "counterpart": counterpart, "low_confidence": False})
        if "acts" in record:
            read = record["acts"]
            record["model_acts"] = read
            # the acts the engine gives an offer (content.acts.ENGINE_ACTS) depend on the offers before and on the
            # scenario's prices, which the words do not say: the record carries the engine's, marked ``source:
            # engine``, and the model's reading of the words under ``model_acts``
            record["acts"] = [{"act": act, "family": "prix", "confidence": 1.0, "source": "engine"}
                              for act in engine_offer_acts(session, amount, counterpart, implausible)] + [
                a for a in read if a.get("act") not in ENGINE_ACTS]
        money = format_money(amount, price.currency, self.lang)
        understood = (f"offre de prix : {money}" + (f" contre « {label} »" if label else "")) if self.lang == "fr" else \
            (f"price offer: {money}" + (f" against \u201c{label}\u201d" if label else ""))
        if implausible:
            understood += " (hors de toute plage plausible)" if self.lang == "fr" else " (outside any plausible range)"
        return Decision("move", PriceInput(amount, counterpart), record, understood, reading, implausible=implausible)

    def carried_offer(self, move: Decision) -> Decision | None:
        """The figure of a line that has just announced the price, played as the offer it is.

        « Pour l'ensemble, c'est 1 450 € par an » picks the option announcing the price, which leads into the
        negotiation: the client must then answer 1 450 €, not ask « combien ? » as if no figure had been said.
        Only after an option of the price family (a figure in an argument is the client's cost, not an offer),
        only the first offer (later, « vos 8 100 € ne couvrent pas… » quotes a figure to argue, it offers nothing),
        only the learner's own figure, within the plausible range (an absurd one is confirmed first: the learner
        types it again), and only where the negotiation now takes offers. Call it once ``move`` has been played;
        its turn is then shown ``before_carried`` (the client does not ask for the figure it is about to answer)."""
        from ..content.acts import default_catalogue

        if type(move.input) is not ChoiceInput or move.reading is None:
            return None
        mention = self._offered_figure(move.reading)
        session = self._session_of()
        if mention is None or session.negotiation.offers or \
                mention.value in move.reading.understanding.client_figures(session.negotiation.counters):
            return None
        played = session.turns[-1] if session.turns else None
        catalogue = default_catalogue()
        if played is None or not any(catalogue.acts[a].family == "prix" for a in played.acts if a in catalogue.acts):
            return None
        record = {k: move.record[k] for k in ("text", "acts", "family", "confidence", "cues") if k in move.record}
        offer = self.offer(move.reading, record | {"carried": True})
        offer.understood += " (le chiffre de votre phrase)" if self.lang == "fr" else " (the figure in your line)"
        return None if offer.implausible else offer

    def unclear_record(self, decision: Decision) -> dict[str, Any]:
        """The journal record of an unsure line that made no move (kept: nothing typed is lost)."""
        best = decision.reading.match.best if decision.reading and decision.reading.match else None
        return {"type": "free_text_unclear", "before_turn": len(self._session_of().turns) + 1, **decision.record,
                "closest": best.id if best else None}


def before_carried(replies: tuple[ClientLine, ...]) -> tuple[ClientLine, ...]:
    """A turn's replies as shown when a carried offer is played right after it: without the line of the state it
    entered (« Je vous écoute : combien pour tout ça ? »), which the learner's line has just answered with its
    figure. Only shown so: the session keeps every line (a replay, the journal and the reports are unchanged)."""
    return tuple(line for line in replies if not isinstance(line, ArrivalLine))


def engine_offer_acts(session: Any, amount: float, counterpart: str | None, implausible: bool) -> tuple[str, ...]:
    """The acts the engine will grade this offer with: ``prix_aberrant`` out of any plausible range (the engine
    does not take it as an offer), otherwise those of the offer played on a copy of the negotiation record (the
    session itself is untouched until the move is made)."""
    if implausible:
        return ("prix_aberrant",)
    return offer_acts(session.negotiation.copy().offer(amount, counterpart))  # the engine's own rule
